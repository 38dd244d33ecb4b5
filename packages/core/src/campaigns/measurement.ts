/**
 * Campaign measurement: per arm and for the holdout, exposures, conversions, conversion rate (Wilson
 * interval) and revenue; each arm's lift against the holdout: absolute difference of conversion rates with
 * Newcombe's hybrid score interval, relative lift p1/p2 - 1 with the Katz log interval, a two-sided
 * p-value (pooled z-test, or Fisher's exact test when an expected cell is under 5), and the revenue per
 * exposure difference with a Welch interval. See stats/ for the formulas and references.
 */
import {
  expectedCellsAtLeastFive,
  fisherExactTwoSided,
  type Interval,
  newcombeDifferenceInterval,
  relativeRiskInterval,
  twoProportionZTest,
  wilsonInterval,
} from './stats/proportions.js';
import { momentsFromSums, type WelchResult, welchDifference } from './stats/welch.js';

export interface GroupTotals {
  exposures: number;
  conversions: number;
  /** Attributed revenue, and its sum of squares over exposures (for the Welch interval). */
  revenue: number;
  revenueSumSquares: number;
}

export interface GroupMetrics extends GroupTotals {
  conversionRate: number;
  conversionRateInterval: Interval;
  revenuePerExposure: number;
}

export interface Lift {
  /** p_arm - p_holdout. */
  absolute: number;
  absoluteInterval: Interval;
  /** p_arm / p_holdout - 1. */
  relative: number;
  relativeInterval: Interval;
  pValue: number;
  test: 'z-pooled' | 'fisher-exact';
  /** Revenue per exposure, arm minus holdout, with Welch's interval and p-value. */
  revenuePerExposure: WelchResult;
}

export interface CampaignReport {
  confidence: number;
  arms: { metrics: GroupMetrics; lift: Lift }[];
  holdout: GroupMetrics;
}

/**
 * Attribution: exposure i converts when the customer buys within (assignedAt[i], assignedAt[i] + window];
 * its revenue is the value of those purchases. Purchases are in CSR per exposure: purchaseTimes[offsets[i]
 * .. offsets[i+1]) are exposure i's customer's purchases.
 */
export function attributeConversions(
  assignedAt: Float64Array,
  offsets: Int32Array,
  purchaseTimes: Float64Array,
  purchaseValues: Float64Array,
  window: number,
): { converted: Uint8Array; revenue: Float64Array } {
  const n = assignedAt.length;
  if (offsets.length !== n + 1)
    throw new Error(`offsets must have n + 1 = ${n + 1} entries, got ${offsets.length}`);
  if (purchaseValues.length !== purchaseTimes.length) {
    throw new Error(
      `purchaseValues must match purchaseTimes (${purchaseTimes.length}), got ${purchaseValues.length}`,
    );
  }
  if (offsets[n] !== purchaseTimes.length) throw new Error(`offsets[${n}] must equal purchaseTimes.length`);
  if (!(window > 0)) throw new Error(`window must be > 0, got ${window}`);
  const converted = new Uint8Array(n);
  const revenue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = assignedAt[i]!;
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      const t = purchaseTimes[j]!;
      if (t > t0 && t <= t0 + window) {
        converted[i] = 1;
        revenue[i] = revenue[i]! + purchaseValues[j]!;
      }
    }
  }
  return { converted, revenue };
}

/** Totals per group from one row per exposure: group index in [0, groups), converted flag, revenue. */
export function accumulateGroups(
  group: Int32Array,
  converted: Uint8Array,
  revenue: Float64Array,
  groups: number,
): GroupTotals[] {
  const n = group.length;
  if (converted.length !== n) throw new Error(`converted must have ${n} entries, got ${converted.length}`);
  if (revenue.length !== n) throw new Error(`revenue must have ${n} entries, got ${revenue.length}`);
  const totals: GroupTotals[] = Array.from({ length: groups }, () => ({
    exposures: 0,
    conversions: 0,
    revenue: 0,
    revenueSumSquares: 0,
  }));
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (!(g >= 0 && g < groups)) throw new Error(`group[${i}] must be in [0, ${groups}), got ${g}`);
    const r = revenue[i]!;
    if (!Number.isFinite(r)) throw new Error(`revenue[${i}] must be finite, got ${r}`);
    const t = totals[g]!;
    t.exposures++;
    t.conversions += converted[i]! ? 1 : 0;
    t.revenue += r;
    t.revenueSumSquares += r * r;
  }
  return totals;
}

export function groupMetrics(totals: GroupTotals, confidence = 0.95): GroupMetrics {
  const n = totals.exposures;
  return {
    ...totals,
    conversionRate: n > 0 ? totals.conversions / n : Number.NaN,
    conversionRateInterval: wilsonInterval(totals.conversions, n, confidence),
    revenuePerExposure: n > 0 ? totals.revenue / n : Number.NaN,
  };
}

/** Lift of one arm against the holdout. */
export function liftVersusHoldout(arm: GroupTotals, holdout: GroupTotals, confidence = 0.95): Lift {
  const x1 = arm.conversions;
  const n1 = arm.exposures;
  const x2 = holdout.conversions;
  const n2 = holdout.exposures;
  const p1 = n1 > 0 ? x1 / n1 : Number.NaN;
  const p2 = n2 > 0 ? x2 / n2 : Number.NaN;
  const rr = relativeRiskInterval(x1, n1, x2, n2, confidence);
  const useZ = expectedCellsAtLeastFive(x1, n1, x2, n2);
  return {
    absolute: p1 - p2,
    absoluteInterval: newcombeDifferenceInterval(x1, n1, x2, n2, confidence),
    relative: p1 / p2 - 1,
    relativeInterval: { lower: rr.lower - 1, upper: rr.upper - 1 },
    pValue:
      n1 === 0 || n2 === 0
        ? Number.NaN
        : useZ
          ? twoProportionZTest(x1, n1, x2, n2).pValue
          : fisherExactTwoSided(x1, n1, x2, n2),
    test: useZ ? 'z-pooled' : 'fisher-exact',
    revenuePerExposure: welchDifference(
      momentsFromSums(n1, arm.revenue, arm.revenueSumSquares),
      momentsFromSums(n2, holdout.revenue, holdout.revenueSumSquares),
      confidence,
    ),
  };
}

/** The report of a campaign: every arm's metrics and lift against the holdout. */
export function campaignReport(
  arms: readonly GroupTotals[],
  holdout: GroupTotals,
  confidence = 0.95,
): CampaignReport {
  return {
    confidence,
    arms: arms.map((t) => ({
      metrics: groupMetrics(t, confidence),
      lift: liftVersusHoldout(t, holdout, confidence),
    })),
    holdout: groupMetrics(holdout, confidence),
  };
}
