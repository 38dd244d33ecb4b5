/**
 * A campaign's audience at an instant: its rule (or segment) evaluated by the store where it can (see
 * selectCustomers), then only the customers who existed at that instant (customersExistingAt: an event at
 * or before it, or a record stored by then), so that a replay on past data does not decide for customers
 * who came later. Segment memberships and scores are the stored ones (as of their own run).
 */
import { customersExistingAt, type SegmentFilter, type Storage } from '@storewise/storage';
import { selectCustomers } from '../customers/rule-segments.js';
import type { CampaignAudience } from './definition.js';

/** A segment audience is the rule "member of that segment" (its current members). */
export function audienceFilter(audience: CampaignAudience): SegmentFilter {
  return 'segment' in audience ? { field: 'segment', eq: audience.segment } : audience.filter;
}

export interface AudienceAt {
  /** The members who existed at the instant, sorted by id. */
  members: string[];
  /** Customers matching the audience who did not exist yet at the instant (left out). */
  notYetCustomers: number;
}

/** The audience's customers at `at`, sorted by id; only those among `among` when given. */
export async function audienceAt(
  storage: Storage,
  audience: CampaignAudience,
  at: Date,
  among?: readonly string[],
): Promise<AudienceAt> {
  const filter = audienceFilter(audience);
  if (among !== undefined && among.length === 0) return { members: [], notYetCustomers: 0 };
  const matched = await selectCustomers(
    storage,
    among === undefined ? filter : { and: [filter, { field: 'customerId', in: [...among] }] },
  );
  let members: string[];
  if (among === undefined) {
    // The whole audience: every customer existing then, in one read, kept where they match.
    const existing = new Set(await customersExistingAt(storage, at));
    members = matched.filter((id) => existing.has(id));
  } else members = await customersExistingAt(storage, at, matched);
  return { members, notYetCustomers: matched.length - members.length };
}
