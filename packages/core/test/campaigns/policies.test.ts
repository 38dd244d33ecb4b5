import { describe, expect, it } from 'vitest';
import { holdoutMembership } from '../../src/campaigns/holdout.js';
import { sampleBeta, sampleGamma } from '../../src/campaigns/policies/beta-sampler.js';
import { assignFixedSplit } from '../../src/campaigns/policies/fixed-split.js';
import { ThompsonBandit } from '../../src/campaigns/policies/thompson.js';
import { createRng } from '../../src/random/rng.js';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('Gamma and Beta samplers', () => {
  it('Beta(a, b) has mean a/(a+b) and variance ab/((a+b)^2 (a+b+1))', () => {
    const rng = createRng(7);
    for (const [a, b] of [
      [2, 5],
      [0.5, 0.5],
      [30, 970],
    ] as const) {
      const { mean, variance } = moments(() => sampleBeta(rng, a, b), 100_000);
      const m = a / (a + b);
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(mean - m)).toBeLessThan(5 * Math.sqrt(v / 100_000));
      expect(Math.abs(variance / v - 1)).toBeLessThan(0.03);
    }
  });
  it('Gamma(k) has mean and variance k, also for k < 1', () => {
    const rng = createRng(3);
    for (const k of [0.3, 1, 4.5]) {
      const { mean, variance } = moments(() => sampleGamma(rng, k), 100_000);
      expect(Math.abs(mean - k)).toBeLessThan(5 * Math.sqrt(k / 100_000));
      expect(Math.abs(variance / k - 1)).toBeLessThan(0.05);
    }
  });
  it('is deterministic under a seed and names bad parameters', () => {
    const a = createRng(11);
    const b = createRng(11);
    expect([sampleBeta(a, 2, 3), sampleBeta(a, 0.2, 9)]).toEqual([
      sampleBeta(b, 2, 3),
      sampleBeta(b, 0.2, 9),
    ]);
    expect(() => sampleBeta(a, 0, 1)).toThrow('a must be finite and > 0, got 0');
    expect(() => sampleGamma(a, Number.NaN)).toThrow('shape must be finite and > 0, got NaN');
  });
});

describe('assignFixedSplit', () => {
  const ids = Array.from({ length: 30_000 }, (_, i) => `c${i}`);
  it('honours weights within binomial error, also inside the holdout', () => {
    const counts = [0, 0, 0];
    const heldCounts = [0, 0, 0];
    for (const id of ids) {
      const { arm } = assignFixedSplit(id, { campaignId: 'spring', arms: 3, weights: [1, 1, 2] });
      counts[arm]!++;
      if (holdoutMembership(id, { campaignId: 'spring', holdoutFraction: 0.2 }).inHoldout) heldCounts[arm]!++;
    }
    const expected = [0.25, 0.25, 0.5];
    for (let a = 0; a < 3; a++) {
      const sd = Math.sqrt(30_000 * expected[a]! * (1 - expected[a]!));
      expect(Math.abs(counts[a]! - 30_000 * expected[a]!)).toBeLessThan(4 * sd);
    }
    const held = heldCounts[0]! + heldCounts[1]! + heldCounts[2]!;
    expect(Math.abs(heldCounts[2]! / held - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / held));
  });
  it('is stable and explains itself', () => {
    const a = assignFixedSplit('c42', { campaignId: 'spring', arms: 2 });
    expect(a).toEqual(assignFixedSplit('c42', { campaignId: 'spring', arms: 2 }));
    expect(a.reason.policy).toBe('fixed-split');
    expect(a.reason.scores).toEqual([0.5, 1]);
    const u = a.reason.detail!.unit!;
    expect(a.arm).toBe(u < 0.5 ? 0 : 1);
    expect(() => assignFixedSplit('c1', { campaignId: 'x', arms: 2, weights: [1] })).toThrow(
      'weights must have one entry per arm (2), got 1',
    );
    expect(() => assignFixedSplit('c1', { campaignId: 'x', arms: 2, weights: [1, -1] })).toThrow(
      'weights[1]',
    );
  });
});

describe('ThompsonBandit', () => {
  function run(bandit: ThompsonBandit, rates: number[], rounds: number, seed: number): number[] {
    const rng = createRng(seed);
    const pulls = rates.map(() => 0);
    for (let t = 0; t < rounds; t++) {
      const { arm } = bandit.choose(rng);
      pulls[arm]!++;
      bandit.update(arm, rng.next() < rates[arm]!);
    }
    return pulls;
  }

  it('concentrates on the best arm by conversion', () => {
    const bandit = new ThompsonBandit({ arms: 3 });
    const pulls = run(bandit, [0.02, 0.05, 0.1], 5000, 1);
    expect(pulls[2]! / 5000).toBeGreaterThan(0.8);
    expect(bandit.posteriorMean(2)).toBeCloseTo(0.1, 1);
  });

  it('with objective margin prefers the arm with the larger expected margin', () => {
    // 0.10 x 10 = 1.0 per exposure against 0.05 x 30 = 1.5.
    const rates = [0.1, 0.05];
    const byMargin = run(
      new ThompsonBandit({ arms: 2, objective: 'margin', margins: [10, 30] }),
      rates,
      6000,
      2,
    );
    const byConversion = run(new ThompsonBandit({ arms: 2 }), rates, 6000, 2);
    expect(byMargin[1]!).toBeGreaterThan(byMargin[0]!);
    expect(byConversion[0]!).toBeGreaterThan(byConversion[1]!);
  });

  it('is deterministic under a seed, sticky, forgets, and round-trips through JSON', () => {
    const a = new ThompsonBandit({ arms: 3 });
    const b = new ThompsonBandit({ arms: 3 });
    expect(run(a, [0.1, 0.2, 0.3], 500, 5)).toEqual(run(b, [0.1, 0.2, 0.3], 500, 5));
    const rng = createRng(9);
    const first = a.assign('c1', rng);
    expect(first.reason.basis).toBe('sample');
    expect(first.reason.scores).toHaveLength(3);
    for (let i = 0; i < 20; i++) a.update(first.arm, false);
    const again = a.assign('c1', rng);
    expect(again.arm).toBe(first.arm);
    expect(again.reason.basis).toBe('sticky');
    const copy = ThompsonBandit.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(copy.assignedArm('c1')).toBe(first.arm);
    expect(Array.from(copy.successes)).toEqual(Array.from(a.successes));
    expect(copy.forget('c1')).toBe(true);
    expect(copy.assignedArm('c1')).toBeUndefined();
  });

  it('names bad arguments', () => {
    expect(() => new ThompsonBandit({ arms: 0 })).toThrow('arms must be an integer >= 1, got 0');
    expect(() => new ThompsonBandit({ arms: 2, objective: 'margin' })).toThrow('margins');
    expect(() => new ThompsonBandit({ arms: 2 }).update(2, true)).toThrow(
      'arm must be an integer in [0, 2), got 2',
    );
    expect(() => new ThompsonBandit({ arms: 2 }).updateCounts(0, 5, 3)).toThrow('exposures');
  });
});
