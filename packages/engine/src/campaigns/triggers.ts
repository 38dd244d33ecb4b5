/**
 * The trigger "added to cart, no purchase within <delay>": customers with an add_to_cart event at t, since
 * the campaign started, such that t + delay <= now and they bought nothing in [t, t + delay], are decided
 * for at `now` like at the start (audience, guardrails, holdout, policy). Assignments are sticky, so running
 * the triggers again never offers a customer twice.
 */
import type { Storage } from '@storewise/storage';
import { assignCustomers } from './assign.js';
import { audienceAt } from './audience.js';
import {
  type AssignmentSummary,
  CampaignError,
  describeRefusal,
  loadCampaign,
  summarize,
} from './lifecycle.js';

export interface TriggerSummary extends AssignmentSummary {
  /** Customers whose cart event matched the trigger. */
  triggered: number;
  /** Of them, not in the audience. */
  notInAudience: number;
}

/** Customers with a cart event in [since, now - delay] not followed by a purchase within the delay. */
async function abandonedCarts(storage: Storage, since: Date, delay: number, now: Date): Promise<string[]> {
  const last = now.getTime() - delay;
  if (last < since.getTime()) return [];
  const carts = new Map<string, number[]>();
  for await (const batch of storage.scanEvents({ types: ['add_to_cart'], since, until: new Date(last + 1) }))
    for (const e of batch)
      if (e.customerId !== null)
        carts.set(e.customerId, [...(carts.get(e.customerId) ?? []), e.timestamp.getTime()]);
  const out: string[] = [];
  for (const [customerId, times] of carts) {
    const purchases: number[] = [];
    const scan = storage.scanEvents({
      customerId,
      types: ['purchase'],
      since: new Date(times[0]!),
      // Through `now` itself (`until` is exclusive): a purchase at t + delay = now is within the delay.
      until: new Date(now.getTime() + 1),
    });
    for await (const batch of scan) for (const e of batch) purchases.push(e.timestamp.getTime());
    if (times.some((t) => !purchases.some((p) => p >= t && p <= t + delay))) out.push(customerId);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Runs the campaign's trigger at `now` (one transaction). */
export async function runTriggers(
  storage: Storage,
  campaignId: string,
  now: Date = new Date(),
): Promise<TriggerSummary> {
  return storage.transaction(async (tx) => {
    const { campaign, def } = await loadCampaign(tx, campaignId);
    if (!def.trigger) throw new CampaignError(`campaign "${campaignId}" has no trigger`);
    if (campaign.status !== 'running')
      throw new CampaignError(`campaign "${campaignId}" is ${campaign.status}, not running`);
    if (campaign.endsAt && now >= campaign.endsAt)
      throw new CampaignError(
        `campaign "${campaignId}": ${describeRefusal({ rule: 'ended', endsAt: campaign.endsAt })}`,
      );
    const since = campaign.startedAt ?? now;
    const triggered = await abandonedCarts(tx, since, def.trigger.noPurchaseWithinMinutes * 60_000, now);
    const audience = await audienceAt(tx, def.audience, now, triggered);
    const outcome = await assignCustomers(tx, campaign, def, audience.members, now);
    return {
      ...summarize(campaignId, now, outcome, audience),
      triggered: triggered.length,
      notInAudience: triggered.length - audience.members.length,
    };
  });
}
