/**
 * What a policy needs from the past, read from storage: a Thompson bandit rebuilt from the stored assignments
 * and the conversions observed so far, and P(buy | no offer) per customer for the incremental-margin policy.
 * Nothing is kept in the campaign row: the bandit's state is a function of the stored assignments and events.
 */
import {
  attributeConversions,
  createRng,
  KEY_SEPARATOR,
  type Rng,
  sha256Words,
  ThompsonBandit,
} from '@storewise/core';
import {
  type Campaign,
  customersExistingAt,
  modelScores,
  type Storage,
  scanCampaignOutcomes,
  scanOrders,
} from '@storewise/storage';
import { type CampaignDefinition, DAY_MS, PROPENSITY_MODEL } from './definition.js';

/**
 * The bandit of a Thompson campaign as of `now`: every stored offer is sticky; an offer counts as a success
 * when the customer bought within the attribution window and before `now`, as a failure when its window has
 * closed by `now` without a purchase, and not at all while its window is still open (not yet known).
 */
export async function restoreBandit(
  storage: Storage,
  campaign: Campaign,
  def: CampaignDefinition,
  now: Date,
): Promise<ThompsonBandit> {
  if (def.policy.type !== 'thompson')
    throw new Error(`campaign "${campaign.id}" does not use Thompson sampling`);
  const margin = def.policy.marginPerConversion ?? 0;
  const bandit = new ThompsonBandit({
    arms: def.arms.length,
    objective: def.policy.objective,
    margins: def.arms.map((a) => margin - a.costPerConversion),
    costs: def.arms.map((a) => a.costPerOffer),
    ...(def.policy.priorAlpha !== undefined ? { priorAlpha: def.policy.priorAlpha } : {}),
    ...(def.policy.priorBeta !== undefined ? { priorBeta: def.policy.priorBeta } : {}),
  });
  const armIndex = new Map(def.arms.map((a, i) => [a.id, i]));
  const window = def.attributionWindowDays * DAY_MS;
  const t = now.getTime();
  for await (const batch of scanCampaignOutcomes(storage, campaign.id, { window, until: now })) {
    const assignedAt = Float64Array.from(batch.assignments, (a) => a.assignedAt.getTime());
    const { converted } = attributeConversions(
      assignedAt,
      batch.purchaseOffsets,
      batch.purchaseTime,
      batch.purchaseValue,
      window,
    );
    batch.assignments.forEach((a, i) => {
      const arm = a.arm === null ? undefined : armIndex.get(a.arm);
      if (arm === undefined) return;
      bandit.recordAssignment(a.customerId, arm);
      if (assignedAt[i]! > t) return;
      if (converted[i]) bandit.update(arm, true);
      else if (assignedAt[i]! + window <= t) bandit.update(arm, false);
    });
  }
  return bandit;
}

/** The random stream of one customer's Thompson draw: seeded by SHA-256 of (campaign, customer), so auditable. */
export function thompsonRng(campaignId: string, customerId: string): Rng {
  return createRng(sha256Words(campaignId + KEY_SEPARATOR + 'thompson' + KEY_SEPARATOR + customerId)[0]!);
}

/**
 * The shop's base rate of buying within `days`: the share of the customers existing at `now` (an event at or
 * before it, or a record stored by then: customersExistingAt) with a purchase in [now - days, now). Used as
 * P(buy | no offer) for customers without a stored propensity score. Divided by every stored customer, a
 * replay's rate counted the customers who came later as not buying.
 */
export async function baseRate(storage: Storage, days: number, now: Date): Promise<number> {
  const customers = (await customersExistingAt(storage, now)).length;
  if (customers === 0) return 0;
  const from = now.getTime() - days * DAY_MS;
  const buyers = new Set<number>();
  for await (const batch of scanOrders(storage, { until: now }))
    for (let i = 0; i < batch.length; i++) if (batch.time[i]! >= from) buyers.add(batch.customerIndex[i]!);
  return buyers.size / customers;
}

/**
 * P(buy | no offer) per customer: the stored score named by the policy (p_purchase_<N>d) when the customer
 * has one, else the shop's base rate over N days; `fromBaseRate` flags the customers who got the base rate.
 */
export async function purchaseProbabilities(
  storage: Storage,
  model: string,
  customerIds: readonly string[],
  now: Date,
  /** Customers whose stored score is not used (they declined analytics since): they get the base rate. */
  notScored: ReadonlySet<string> = new Set(),
): Promise<{ p: Float64Array; baseRate: number; fromBaseRate: Uint8Array }> {
  const days = Number(PROPENSITY_MODEL.exec(model)![1]);
  const p = new Float64Array(customerIds.length);
  const missing: number[] = [];
  (await modelScores(storage, model, customerIds)).forEach((score, i) => {
    if (score === null || notScored.has(customerIds[i]!)) missing.push(i);
    else if (!(score >= 0 && score <= 1))
      throw new Error(`score ${model} of customer "${customerIds[i]}" must be a probability, got ${score}`);
    else p[i] = score;
  });
  const rate = missing.length > 0 ? await baseRate(storage, days, now) : Number.NaN;
  const fromBaseRate = new Uint8Array(customerIds.length);
  for (const i of missing) {
    p[i] = rate;
    fromBaseRate[i] = 1;
  }
  return { p, baseRate: rate, fromBaseRate };
}
