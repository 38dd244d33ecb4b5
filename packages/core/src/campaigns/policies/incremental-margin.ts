/**
 * Offer choice by expected incremental margin under a total budget.
 * For customer i and arm a, with P(buy | offer a) = p_ia and P(buy | no offer) = q_i from the propensity
 * models, margin m_i of a purchase, the arm's cost per offer c_a and cost per conversion d_a (a discount):
 *   increment_ia = p_ia (m_i - d_a) - q_i m_i - c_a,   spend_ia = c_a + p_ia d_a   (both expected values).
 * Without a budget every customer gets the arm with the largest positive increment (or none).
 * With a budget B on total expected spend this is a multiple-choice knapsack; we use the greedy of
 * Sinha & Zoltners (1979, "The multiple-choice knapsack problem", Operations Research 27(3)): for each
 * customer take the upper concave hull of {(0, 0)} and the arms' (spend, increment) points, so each
 * upgrade step along the hull has a falling increment per unit of spend; sort all customers' steps by
 * increment per unit spend, highest first, and take each step that still fits the budget (a customer
 * whose step does not fit keeps their current arm). It solves the LP relaxation up to the one split step,
 * so its value is at least the optimum minus one customer's largest increment.
 */
import type { AssignmentReason } from './reason.js';

export interface IncrementalMarginInput {
  /** Number of offer arms k (not counting "no offer"). */
  arms: number;
  /** P(buy | offer a), row-major n x k. */
  pOffer: Float64Array;
  /** P(buy | no offer), length n. */
  pControl: Float64Array;
  /** Margin of a purchase, per customer (length n) or one number for all. */
  margin: Float64Array | number;
  /** Cost of sending each arm, length k. */
  costPerOffer: readonly number[];
  /** Cost paid when a customer converts under each arm (a discount), length k; default 0. */
  costPerConversion?: readonly number[];
  /** Total expected spend allowed; default Infinity. */
  budget?: number;
  /**
   * 1 where a customer's spend counts against the budget (default: everyone's). A customer with 0 (a
   * holdout customer, whose offer is decided but not sent: the "ghost" of Johnson, Lewis & Nubbemeyer
   * 2017, "Ghost Ads", Journal of Marketing Research 54(6)) gets the arm the greedy would give them
   * where the budget still allows it, without spending it: the holdout customers the policy would have
   * offered arm a are then comparable with those it did.
   */
  charged?: Uint8Array;
}

export interface IncrementalMarginResult {
  /** Chosen arm per customer, -1 for no offer. */
  arm: Int32Array;
  /** Expected increment of the chosen arm per customer (0 for no offer). */
  increment: Float64Array;
  /** Expected spend of the chosen arm per customer. */
  spend: Float64Array;
  /** Of the charged customers. */
  totalIncrement: number;
  totalSpend: number;
  /** One reason per customer: scores are the increments of every arm. */
  reasons: AssignmentReason[];
}

/** Expected increments and spends, both n x k row-major; validates the input. */
export function expectedIncrements(input: IncrementalMarginInput): {
  increment: Float64Array;
  spend: Float64Array;
} {
  const k = input.arms;
  if (!Number.isInteger(k) || k < 1) throw new Error(`arms must be an integer >= 1, got ${k}`);
  const n = input.pControl.length;
  if (input.pOffer.length !== n * k) {
    throw new Error(`pOffer must have n x arms = ${n} x ${k} = ${n * k} entries, got ${input.pOffer.length}`);
  }
  const margin = input.margin;
  if (typeof margin !== 'number' && margin.length !== n) {
    throw new Error(`margin must have one entry per customer (${n}), got ${margin.length}`);
  }
  if (input.costPerOffer.length !== k) {
    throw new Error(`costPerOffer must have one entry per arm (${k}), got ${input.costPerOffer.length}`);
  }
  const perConversion = input.costPerConversion ?? new Array<number>(k).fill(0);
  if (perConversion.length !== k) {
    throw new Error(`costPerConversion must have one entry per arm (${k}), got ${perConversion.length}`);
  }
  for (let a = 0; a < k; a++) {
    if (!(input.costPerOffer[a]! >= 0))
      throw new Error(`costPerOffer[${a}] must be >= 0, got ${input.costPerOffer[a]}`);
    if (!(perConversion[a]! >= 0))
      throw new Error(`costPerConversion[${a}] must be >= 0, got ${perConversion[a]}`);
  }
  const increment = new Float64Array(n * k);
  const spend = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const q = input.pControl[i]!;
    if (!(q >= 0 && q <= 1)) throw new Error(`pControl[${i}] must be a probability, got ${q}`);
    const m = typeof margin === 'number' ? margin : margin[i]!;
    if (!Number.isFinite(m)) throw new Error(`margin[${i}] must be finite, got ${m}`);
    for (let a = 0; a < k; a++) {
      const p = input.pOffer[i * k + a]!;
      if (!(p >= 0 && p <= 1)) throw new Error(`pOffer[${i}, ${a}] must be a probability, got ${p}`);
      const d = perConversion[a]!;
      const c = input.costPerOffer[a]!;
      increment[i * k + a] = p * (m - d) - q * m - c;
      spend[i * k + a] = c + p * d;
    }
  }
  return { increment, spend };
}

/** Choose per customer the arm maximizing expected incremental margin under the budget (greedy above). */
export function assignIncrementalMargin(input: IncrementalMarginInput): IncrementalMarginResult {
  const budget = input.budget ?? Number.POSITIVE_INFINITY;
  if (!(budget >= 0)) throw new Error(`budget must be >= 0, got ${budget}`);
  const { increment, spend } = expectedIncrements(input);
  const k = input.arms;
  const n = input.pControl.length;
  const charged = input.charged;
  if (charged !== undefined && charged.length !== n)
    throw new Error(`charged must have one entry per customer (${n}), got ${charged.length}`);
  // Hull steps, flat: customer, target arm, delta spend, delta increment, slope.
  const stepCustomer: number[] = [];
  const stepArm: number[] = [];
  const stepSpend: number[] = [];
  const stepInc: number[] = [];
  const stepSlope: number[] = [];
  for (let i = 0; i < n; i++) {
    let curSpend = 0;
    let curInc = 0;
    for (;;) {
      let best = -1;
      let bestSlope = Number.NEGATIVE_INFINITY;
      let bestInc = 0;
      for (let a = 0; a < k; a++) {
        const inc = increment[i * k + a]!;
        const sp = spend[i * k + a]!;
        if (!(inc > curInc) || sp < curSpend) continue;
        const slope = sp === curSpend ? Number.POSITIVE_INFINITY : (inc - curInc) / (sp - curSpend);
        if (slope > bestSlope || (slope === bestSlope && inc > bestInc)) {
          best = a;
          bestSlope = slope;
          bestInc = inc;
        }
      }
      if (best < 0) break;
      const sp = spend[i * k + best]!;
      stepCustomer.push(i);
      stepArm.push(best);
      stepSpend.push(sp - curSpend);
      stepInc.push(bestInc - curInc);
      stepSlope.push(bestSlope);
      curSpend = sp;
      curInc = bestInc;
    }
  }
  const order = Array.from({ length: stepSlope.length }, (_, s) => s);
  // Array.prototype.sort is stable: equal slopes keep customer order, so the result is deterministic.
  order.sort((x, y) => (stepSlope[y]! > stepSlope[x]! ? 1 : stepSlope[y]! < stepSlope[x]! ? -1 : 0));
  const arm = new Int32Array(n).fill(-1);
  const blocked = new Uint8Array(n);
  const stepTaken = new Float64Array(n).fill(Number.NaN);
  const budgetLeftAt = new Float64Array(n).fill(Number.NaN);
  let left = budget;
  for (const s of order) {
    const i = stepCustomer[s]!;
    if (blocked[i]) continue;
    const ds = stepSpend[s]!;
    if (ds > left + 1e-12 * Math.max(1, budget === Number.POSITIVE_INFINITY ? 1 : budget)) {
      blocked[i] = 1;
      budgetLeftAt[i] = left;
      continue;
    }
    if (charged === undefined || charged[i] === 1) left -= ds;
    arm[i] = stepArm[s]!;
    stepTaken[i] = stepSlope[s]!;
  }
  const chosenInc = new Float64Array(n);
  const chosenSpend = new Float64Array(n);
  const reasons: AssignmentReason[] = new Array(n);
  let totalIncrement = 0;
  let totalSpend = 0;
  for (let i = 0; i < n; i++) {
    const a = arm[i]!;
    const scores = Array.from(increment.subarray(i * k, i * k + k));
    let hasPositive = false;
    for (const v of scores) if (v > 0) hasPositive = true;
    if (a >= 0) {
      chosenInc[i] = increment[i * k + a]!;
      chosenSpend[i] = spend[i * k + a]!;
      if (charged === undefined || charged[i] === 1) {
        totalIncrement += chosenInc[i]!;
        totalSpend += chosenSpend[i]!;
      }
    }
    const basis = blocked[i] ? 'budget' : hasPositive ? 'greedy' : 'no-positive-arm';
    const detail: Record<string, number> = { spend: chosenSpend[i]! };
    // A free arm has an infinite increment per spend; left out so that the reason stays valid JSON.
    if (a >= 0 && Number.isFinite(stepTaken[i]!)) detail.incrementPerSpend = stepTaken[i]!;
    if (blocked[i]) detail.budgetLeft = budgetLeftAt[i]!;
    reasons[i] = { policy: 'incremental-margin', arm: a, basis, scores, detail };
  }
  return { arm, increment: chosenInc, spend: chosenSpend, totalIncrement, totalSpend, reasons };
}
