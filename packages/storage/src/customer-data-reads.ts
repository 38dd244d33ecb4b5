/**
 * Reads of everything stored about one customer, for a data export (the engine's `exportCustomerData`):
 * the segment snapshots and campaign assignments that hold them, and whether they are on the erasure list.
 * Served by the store when it offers the fast path (SQL: one query each), otherwise read here from the
 * required methods, with the same result. Together with `getCustomer`, `scanEvents({ customerId })`,
 * `getScores` and `getCustomerSegments` they cover each table `deleteCustomer` removes rows from.
 */
import type { CampaignAssignment } from './campaign-types.js';
import type { CustomerSnapshot } from './segment-types.js';
import type { Storage } from './types.js';
import { unstorableText } from './validate.js';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The refreshes (segment and as-of date) whose recorded members held the customer: one per row of
 * `segment_snapshots` that `deleteCustomer` removes. Ordered by as-of date, then segment id (code units);
 * empty for an unknown customer.
 */
export async function customerSnapshots(storage: Storage, customerId: string): Promise<CustomerSnapshot[]> {
  if (unstorableText(customerId)) return [];
  if (storage.bulk.customerSnapshots) return storage.bulk.customerSnapshots(customerId);
  const out: CustomerSnapshot[] = [];
  for (const segment of await storage.listSegments()) {
    // The last refresh is the latest as-of date (an earlier one leaves refreshedAt as it is); each step back
    // asks for the snapshot before the one found (dates are stored to the millisecond).
    let at = segment.refreshedAt;
    while (at !== null) {
      const snapshot = await storage.getSegmentSnapshot(segment.id, at);
      if (snapshot === null) break;
      if (snapshot.customerIds.includes(customerId)) out.push({ segmentId: segment.id, asOf: snapshot.asOf });
      at = new Date(snapshot.asOf.getTime() - 1);
    }
  }
  return out.sort((a, b) => a.asOf.getTime() - b.asOf.getTime() || byCodeUnit(a.segmentId, b.segmentId));
}

/**
 * The customer's assignments in every campaign (offer, holdout, reason, coupon, cost, time): one per row of
 * `campaign_assignments` that `deleteCustomer` removes. Ordered by assignment time, then campaign id (code
 * units); empty for an unknown customer.
 */
export async function customerAssignments(
  storage: Storage,
  customerId: string,
): Promise<CampaignAssignment[]> {
  if (unstorableText(customerId)) return [];
  if (storage.bulk.customerAssignments) return storage.bulk.customerAssignments(customerId);
  const out: CampaignAssignment[] = [];
  for (const campaign of await storage.listCampaigns()) {
    const a = await storage.getAssignment(campaign.id, customerId);
    if (a !== null) out.push(a);
  }
  return out.sort(
    (a, b) => a.assignedAt.getTime() - b.assignedAt.getTime() || byCodeUnit(a.campaignId, b.campaignId),
  );
}

/**
 * Whether `customerId` is on the erasure list (`deleteCustomer`); null when the adapter cannot tell (a
 * contributor's adapter without `isErased`).
 */
export async function isErased(storage: Storage, customerId: string): Promise<boolean | null> {
  if (unstorableText(customerId)) return false;
  return storage.isErased ? storage.isErased(customerId) : null;
}
