import type { CustomerOrderAggregate, CustomerScore } from '@storewise/storage';

/** The model name of stored purchase-propensity scores: `p_purchase_<N>d`. */
const PROPENSITY_MODEL = /^p_purchase_(\d+)d$/;
const EXPECTED_PURCHASES_MODEL = /^expected_purchases_(\d+)d$/;

export interface ProfileView {
  orders: number;
  revenue: number;
  averageOrderValue: number | null;
  units: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  returns: number;
  returnValue: number;
  rfm: { recency: number; frequency: number; monetary: number; computedAt: Date } | null;
}

/** A customer's purchase figures (zeros without purchases) and RFM scores (null until scored). */
export function profileView(
  orders: CustomerOrderAggregate | null,
  scores: readonly CustomerScore[],
): ProfileView {
  const byModel = new Map(scores.map((s) => [s.model, s]));
  const r = byModel.get('rfm_recency');
  const f = byModel.get('rfm_frequency');
  const m = byModel.get('rfm_monetary');
  return {
    orders: orders?.orders ?? 0,
    revenue: orders?.revenue ?? 0,
    averageOrderValue: orders && orders.orders > 0 ? orders.revenue / orders.orders : null,
    units: orders?.units ?? 0,
    firstPurchaseAt: orders?.firstPurchaseAt ?? null,
    lastPurchaseAt: orders?.lastPurchaseAt ?? null,
    returns: orders?.returnLines ?? 0,
    returnValue: orders?.returnValue ?? 0,
    rfm:
      r && f && m
        ? { recency: r.score, frequency: f.score, monetary: m.score, computedAt: r.computedAt }
        : null,
  };
}

/** Stored `p_purchase_<N>d` scores, shortest horizon first. */
export function propensityView(
  scores: readonly CustomerScore[],
): { horizonDays: number; probability: number; computedAt: Date }[] {
  const out: { horizonDays: number; probability: number; computedAt: Date }[] = [];
  for (const s of scores) {
    const match = PROPENSITY_MODEL.exec(s.model);
    if (match) out.push({ horizonDays: Number(match[1]), probability: s.score, computedAt: s.computedAt });
  }
  return out.sort((a, b) => a.horizonDays - b.horizonDays);
}

export interface LifetimeValueView {
  clv: number;
  probabilityAlive: number | null;
  expectedPurchases: number | null;
  horizonDays: number | null;
  computedAt: Date;
}

/**
 * The `clv` score with the `p_alive` and `expected_purchases_<h>d` of the same analysis (same computedAt;
 * of several horizons, the longest); null without a `clv` score.
 */
export function lifetimeValueView(scores: readonly CustomerScore[]): LifetimeValueView | null {
  const clv = scores.find((s) => s.model === 'clv');
  if (!clv) return null;
  const sameRun = (s: CustomerScore) => s.computedAt.getTime() === clv.computedAt.getTime();
  const alive = scores.find((s) => s.model === 'p_alive' && sameRun(s));
  let expected: { horizonDays: number; value: number } | null = null;
  for (const s of scores) {
    const match = EXPECTED_PURCHASES_MODEL.exec(s.model);
    if (!match || !sameRun(s)) continue;
    const horizonDays = Number(match[1]);
    if (expected === null || horizonDays > expected.horizonDays) expected = { horizonDays, value: s.score };
  }
  return {
    clv: clv.score,
    probabilityAlive: alive?.score ?? null,
    expectedPurchases: expected?.value ?? null,
    horizonDays: expected?.horizonDays ?? null,
    computedAt: clv.computedAt,
  };
}
