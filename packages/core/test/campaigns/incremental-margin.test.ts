import { describe, expect, it } from 'vitest';
import {
  assignIncrementalMargin,
  expectedIncrements,
} from '../../src/campaigns/policies/incremental-margin.js';
import { createRng } from '../../src/random/rng.js';

/** Exact optimum by enumeration of every (arm or none) per customer. */
function bruteForce(inc: Float64Array, spend: Float64Array, n: number, k: number, budget: number): number {
  let best = 0;
  const choice = new Int32Array(n).fill(-1);
  const total = (k + 1) ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let i = 0; i < n; i++) {
      choice[i] = (c % (k + 1)) - 1;
      c = Math.floor(c / (k + 1));
    }
    let v = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const a = choice[i]!;
      if (a >= 0) {
        v += inc[i * k + a]!;
        s += spend[i * k + a]!;
      }
    }
    if (s <= budget + 1e-12 && v > best) best = v;
  }
  return best;
}

describe('assignIncrementalMargin', () => {
  it('computes increments by the formula and, without a budget, takes the best positive arm', () => {
    // Customer 0: q = 0.1, p = [0.3, 0.2], margin 20, costs [1, 0.5], discount [5, 0]:
    // increments 0.3 x 15 - 2 - 1 = 1.5 and 0.2 x 20 - 2 - 0.5 = 1.5 -> tie broken to the first arm.
    // Customer 1: q = 0.5, offers barely help: 0.52 x 15 - 10 - 1 = -3.2, 0.51 x 20 - 10 - 0.5 = -0.3 -> none.
    const input = {
      arms: 2,
      pOffer: new Float64Array([0.3, 0.2, 0.52, 0.51]),
      pControl: new Float64Array([0.1, 0.5]),
      margin: 20,
      costPerOffer: [1, 0.5],
      costPerConversion: [5, 0],
    };
    const { increment, spend } = expectedIncrements(input);
    expect(Array.from(increment)).toEqual([
      expect.closeTo(1.5, 12),
      expect.closeTo(1.5, 12),
      expect.closeTo(-3.2, 12),
      expect.closeTo(-0.3, 12),
    ]);
    expect(spend[0]).toBeCloseTo(2.5, 12);
    const result = assignIncrementalMargin(input);
    // Both arms give 1.5; the hull takes the cheaper (spend 0.5) arm 1 first and arm 0 adds nothing.
    expect(Array.from(result.arm)).toEqual([1, -1]);
    expect(result.reasons[1]!.basis).toBe('no-positive-arm');
    expect(result.reasons[0]!.scores[0]).toBeCloseTo(1.5, 12);
    expect(result.totalIncrement).toBeCloseTo(1.5, 12);
  });

  it('stays within the budget and within one item of the exact optimum on random small cases', () => {
    const rng = createRng(21);
    const n = 6;
    const k = 3;
    let equal = 0;
    for (let trial = 0; trial < 40; trial++) {
      const pControl = new Float64Array(n);
      const pOffer = new Float64Array(n * k);
      const margin = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        pControl[i] = 0.05 + 0.2 * rng.next();
        margin[i] = 10 + 40 * rng.next();
        for (let a = 0; a < k; a++) pOffer[i * k + a] = Math.min(1, pControl[i]! + 0.25 * rng.next());
      }
      const input = {
        arms: k,
        pOffer,
        pControl,
        margin,
        costPerOffer: [0.5, 1, 0.2],
        costPerConversion: [2, 6, 0],
        budget: 1 + 6 * rng.next(),
      };
      const { increment, spend } = expectedIncrements(input);
      const result = assignIncrementalMargin(input);
      const optimum = bruteForce(increment, spend, n, k, input.budget);
      let maxItem = 0;
      for (const v of increment) maxItem = Math.max(maxItem, v);
      expect(result.totalSpend).toBeLessThanOrEqual(input.budget + 1e-9);
      expect(result.totalIncrement).toBeLessThanOrEqual(optimum + 1e-9);
      expect(result.totalIncrement).toBeGreaterThanOrEqual(optimum - maxItem - 1e-9);
      if (Math.abs(result.totalIncrement - optimum) < 1e-9) equal++;
    }
    // The greedy is exact in most small cases; a regression to a naive rule would lose this.
    expect(equal).toBeGreaterThanOrEqual(25);
  });

  it('decides for uncharged (holdout) customers without spending: the charged ones get what they get alone', () => {
    const rng = createRng(8);
    const n = 30;
    const k = 3;
    const pControl = new Float64Array(n).map(() => 0.05 + 0.2 * rng.next());
    const pOffer = new Float64Array(n * k).map((_, e) =>
      Math.min(1, pControl[Math.floor(e / k)]! + 0.3 * rng.next()),
    );
    const common = {
      arms: k,
      margin: 25,
      costPerOffer: [0.5, 1, 0.2],
      costPerConversion: [2, 6, 0],
      budget: 12,
    };
    const alone = assignIncrementalMargin({ ...common, pOffer, pControl });
    // Each customer's twin, uncharged, before them: twins see the budget their charged customer sees.
    const twins = (a: Float64Array, width: number) => {
      const out = new Float64Array(a.length * 2);
      for (let i = 0; i < n; i++) {
        out.set(a.subarray(i * width, (i + 1) * width), 2 * i * width);
        out.set(a.subarray(i * width, (i + 1) * width), (2 * i + 1) * width);
      }
      return out;
    };
    const charged = new Uint8Array(2 * n).map((_, j) => j % 2);
    const both = assignIncrementalMargin({
      ...common,
      pOffer: twins(pOffer, k),
      pControl: twins(pControl, 1),
      charged,
    });
    for (let i = 0; i < n; i++) {
      expect(both.arm[2 * i + 1], `customer ${i}`).toBe(alone.arm[i]);
      expect(both.arm[2 * i], `twin of ${i}`).toBe(alone.arm[i]);
    }
    expect(both.totalSpend).toBeCloseTo(alone.totalSpend, 12);
    expect(both.totalIncrement).toBeCloseTo(alone.totalIncrement, 12);
    expect(alone.totalSpend).toBeLessThanOrEqual(12 + 1e-9);
    expect(alone.reasons.some((r) => r.basis === 'budget')).toBe(true); // the budget binds
    expect(() =>
      assignIncrementalMargin({ ...common, pOffer, pControl, charged: new Uint8Array(2) }),
    ).toThrow('charged must have one entry per customer (30), got 2');
  });

  it('with an unbounded budget equals the per-customer optimum', () => {
    const rng = createRng(4);
    const n = 50;
    const k = 4;
    const pControl = new Float64Array(n).map(() => 0.1 * rng.next());
    const pOffer = new Float64Array(n * k).map(() => 0.3 * rng.next());
    const input = { arms: k, pOffer, pControl, margin: 30, costPerOffer: [0, 1, 2, 3] };
    const { increment } = expectedIncrements(input);
    const result = assignIncrementalMargin(input);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let a = 0; a < k; a++) best = Math.max(best, increment[i * k + a]!);
      expect(result.increment[i]).toBeCloseTo(best, 12);
    }
  });

  it('names bad input', () => {
    const base = {
      arms: 2,
      pOffer: new Float64Array(4),
      pControl: new Float64Array(2),
      margin: 1,
      costPerOffer: [0, 0],
    };
    expect(() => assignIncrementalMargin({ ...base, pOffer: new Float64Array(3) })).toThrow(
      'pOffer must have n x arms = 2 x 2 = 4 entries, got 3',
    );
    expect(() => assignIncrementalMargin({ ...base, pControl: new Float64Array([0, 1.2]) })).toThrow(
      'pControl[1] must be a probability, got 1.2',
    );
    expect(() => assignIncrementalMargin({ ...base, budget: -1 })).toThrow('budget must be >= 0, got -1');
  });
});
