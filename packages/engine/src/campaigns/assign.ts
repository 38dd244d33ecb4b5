/**
 * The decision for customers of a running campaign, in the order of docs/campaigns.md: guardrails (consent,
 * frequency caps across campaigns), then the holdout (hash of campaign and customer), then the policy, then the
 * budget; every decision is recorded with its reason and, where the arm needs one, a unique coupon code.
 * Customers who already have an assignment keep it (sticky) and are not decided again.
 *
 * The policy decides for holdout customers too, without sending anything: the arm it would have given
 * them (`reason.ghostArm`, after "ghost ads", Johnson, Lewis & Nubbemeyer 2017, Journal of Marketing
 * Research 54(6)), under the same budget. A holdout customer whose offer the budget would have refused is
 * refused as well (not recorded), so the holdout stays a random sample of the customers the campaign could
 * still treat, and each arm is measured against the holdout customers the policy would have given that
 * arm (report.ts), not against customers it would have treated otherwise. Customers are decided in a
 * random order (a hash of campaign and customer), so a budget that runs out does not favour low ids.
 */
import {
  assignFixedSplit,
  assignIncrementalMargin,
  checkGuardrails,
  customerUnit,
  type GuardrailRefusal,
  holdoutMembership,
  KEY_SEPARATOR,
} from '@storewise/core';
import {
  type Campaign,
  type CampaignAssignment,
  type CampaignAssignmentInput,
  type Customer,
  declines,
  type Storage,
} from '@storewise/storage';
import { couponCode } from './coupons.js';
import { type CampaignDefinition, DAY_MS } from './definition.js';
import { purchaseProbabilities, restoreBandit, thompsonRng } from './policy-state.js';

export type OfferRefusal =
  | GuardrailRefusal
  | { rule: 'budget'; budget: number; spent: number; cost: number }
  | { rule: 'unknown-customer' };

export interface AssignOutcome {
  /** The assignments recorded now. */
  assigned: CampaignAssignment[];
  /** Customers who already had an assignment (sticky), with it. */
  existing: CampaignAssignment[];
  /** Customers who got nothing and were not recorded, with every reason. */
  refused: Map<string, OfferRefusal[]>;
}

const CHUNK = 1000;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

async function existingAssignments(
  storage: Storage,
  campaignId: string,
  ids: readonly string[],
): Promise<Map<string, CampaignAssignment>> {
  const out = new Map<string, CampaignAssignment>();
  if (ids.length <= 20) {
    for (const id of ids) {
      const a = await storage.getAssignment(campaignId, id);
      if (a) out.set(id, a);
    }
  } else {
    const wanted = new Set(ids);
    for await (const batch of storage.scanAssignments(campaignId))
      for (const a of batch) if (wanted.has(a.customerId)) out.set(a.customerId, a);
  }
  return out;
}

/** Guardrails for each customer: the refusals of the refused ones. */
async function guardrails(
  storage: Storage,
  def: CampaignDefinition,
  customers: readonly Customer[],
  now: Date,
): Promise<Map<string, OfferRefusal[]>> {
  const refused = new Map<string, OfferRefusal[]>();
  const t = now.getTime();
  const cap = def.frequencyCap;
  const caps = cap ? [{ maxOffers: cap.maxOffers, window: cap.windowDays * DAY_MS }] : [];
  for (const part of chunks(customers)) {
    const times = cap
      ? await storage.offerTimes(
          part.map((c) => c.externalId),
          new Date(t - caps[0]!.window),
        )
      : part.map(() => []);
    part.forEach((c, i) => {
      // Offers recorded after `now` (a replay of the past) do not count at `now`.
      const past = times[i]!.map((d) => d.getTime()).filter((x) => x <= t);
      const d = checkGuardrails(
        { optedOut: declines(c.consent, 'marketing'), pastOfferTimes: past },
        t,
        caps,
      );
      if (!d.allowed) refused.set(c.externalId, d.refusals);
    });
  }
  return refused;
}

/**
 * Decides for `customerIds` (members of the audience) at `now` and records the decisions, in one
 * transaction holding the campaign's lock: what the campaign has spent and whom it has assigned are read
 * and added to by one decision at a time, so concurrent requests (a storefront asking for many customers at
 * once, or several gateways) never spend past the budget or assign a customer twice.
 */
export function assignCustomers(
  storage: Storage,
  campaign: Campaign,
  def: CampaignDefinition,
  customerIds: readonly string[],
  now: Date,
): Promise<AssignOutcome> {
  return storage.transaction(async (tx) => {
    await tx.lockCampaign?.(campaign.id);
    return decide(tx, campaign, def, customerIds, now);
  });
}

async function decide(
  storage: Storage,
  campaign: Campaign,
  def: CampaignDefinition,
  customerIds: readonly string[],
  now: Date,
): Promise<AssignOutcome> {
  const ids = [...new Set(customerIds)];
  const existingById = await existingAssignments(storage, campaign.id, ids);
  const fresh = ids.filter((id) => !existingById.has(id));
  const customers: Customer[] = [];
  const refused = new Map<string, OfferRefusal[]>();
  for (const part of chunks(fresh)) {
    (await storage.getCustomers(part)).forEach((c, i) => {
      if (c) customers.push(c);
      else refused.set(part[i]!, [{ rule: 'unknown-customer' }]);
    });
  }
  for (const [id, r] of await guardrails(storage, def, customers, now)) refused.set(id, r);
  // In a random order (fixed per campaign and customer), so that a budget running out favours no one.
  const order = new Map<string, number>();
  for (const c of customers)
    if (!refused.has(c.externalId))
      order.set(c.externalId, customerUnit(campaign.id + KEY_SEPARATOR + 'order', c.externalId));
  const eligible = [...order.keys()].sort((a, b) => order.get(a)! - order.get(b)! || (a < b ? -1 : 1));

  const rows: CampaignAssignmentInput[] = [];
  const base = { campaignId: campaign.id, assignedAt: now };
  const holdout = new Map<string, Record<string, unknown>>();
  for (const id of eligible) {
    const h = holdoutMembership(id, {
      campaignId: campaign.id,
      holdoutFraction: def.holdout.fraction,
      globalHoldoutFraction: def.holdout.global ? def.holdout.globalFraction : 0,
    });
    if (!h.inHoldout) continue;
    const reason: Record<string, unknown> = { holdout: h.scope, campaignUnit: h.campaignUnit };
    if (Number.isFinite(h.globalUnit)) reason.globalUnit = h.globalUnit;
    holdout.set(id, reason);
  }
  /** A holdout customer, recorded with the arm the policy would have given them (null: none) and its cost. */
  const holdoutRow = (id: string, arm: number, cost: number) =>
    rows.push({
      ...base,
      customerId: id,
      arm: null,
      holdout: true,
      reason: { ...holdout.get(id), ghostArm: arm >= 0 ? def.arms[arm]!.id : null, ghostCost: cost },
    });

  const spentBefore = def.budget === undefined ? 0 : await storage.campaignCost(campaign.id);
  const offer = (id: string, arm: number, reason: object, cost: number) => {
    const a = def.arms[arm]!;
    rows.push({
      ...base,
      customerId: id,
      arm: a.id,
      holdout: false,
      reason: { ...reason },
      cost,
      couponCode: a.coupon ? couponCode(campaign.id) : null,
    });
  };

  if (def.policy.type === 'incremental-margin') {
    const model = def.policy.propensityModel;
    // Propensity training leaves out customers who declined analytics: a score from before they declined
    // is not used, they get the base rate like any customer without a score.
    const declined = new Set(
      customers.filter((c) => declines(c.consent, 'analytics')).map((c) => c.externalId),
    );
    const { p, fromBaseRate } = await purchaseProbabilities(storage, model, eligible, now, declined);
    const k = def.arms.length;
    const pOffer = new Float64Array(eligible.length * k);
    for (let i = 0; i < eligible.length; i++)
      for (let a = 0; a < k; a++) pOffer[i * k + a] = Math.min(1, p[i]! * (1 + def.arms[a]!.assumedUplift!));
    const result = assignIncrementalMargin({
      arms: k,
      pOffer,
      pControl: p,
      margin: def.policy.marginPerConversion,
      costPerOffer: def.arms.map((a) => a.costPerOffer),
      costPerConversion: def.arms.map((a) => a.costPerConversion),
      ...(def.budget === undefined ? {} : { budget: Math.max(0, def.budget - spentBefore) }),
      // The holdout's decisions spend nothing (ghosts); the budget they see is the one the others see.
      charged: Uint8Array.from(eligible, (id) => (holdout.has(id) ? 0 : 1)),
    });
    eligible.forEach((id, i) => {
      const arm = result.arm[i]!;
      if (holdout.has(id)) {
        holdoutRow(id, arm, result.spend[i]!);
        return;
      }
      const reason = {
        ...result.reasons[i]!,
        pNoOffer: p[i]!,
        pNoOfferSource: fromBaseRate[i] ? 'base-rate' : model,
      };
      if (arm >= 0) offer(id, arm, reason, result.spend[i]!);
      else rows.push({ ...base, customerId: id, arm: null, holdout: false, reason });
    });
  } else {
    const bandit = def.policy.type === 'thompson' ? await restoreBandit(storage, campaign, def, now) : null;
    let spent = spentBefore;
    for (const id of eligible) {
      const ghost = holdout.has(id);
      const rng = () => thompsonRng(campaign.id, id);
      // A holdout customer's draw is not recorded: the bandit learns from offers only.
      const choice = bandit
        ? ghost
          ? bandit.choose(rng())
          : bandit.assign(id, rng())
        : assignFixedSplit(id, {
            campaignId: campaign.id,
            arms: def.arms.length,
            ...(def.policy.type === 'fixed-split' && def.policy.weights
              ? { weights: def.policy.weights }
              : {}),
          });
      const arm = def.arms[choice.arm]!;
      // Without an estimate of P(buy), the budget counts the worst case: every offered customer redeems.
      const cost = arm.costPerOffer + arm.costPerConversion;
      if (def.budget !== undefined && spent + cost > def.budget + 1e-9) {
        if (!ghost) bandit?.forget(id);
        refused.set(id, [{ rule: 'budget', budget: def.budget, spent, cost }]);
        continue;
      }
      if (ghost) {
        holdoutRow(id, choice.arm, cost);
        continue;
      }
      spent += cost;
      offer(id, choice.arm, choice.reason, cost);
    }
  }

  const assigned: CampaignAssignment[] = [];
  for (const part of chunks(rows)) assigned.push(...(await storage.recordAssignments(part)));
  return { assigned, existing: [...existingById.values()], refused };
}
