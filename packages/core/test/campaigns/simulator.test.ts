import { describe, expect, it } from 'vitest';
import { accumulateGroups, campaignReport } from '../../src/campaigns/measurement.js';
import { ShopSimulator } from '../../src/campaigns/simulator.js';
import { createRng } from '../../src/random/rng.js';

const model = {
  segmentWeights: [3, 1],
  controlRates: [0.02, 0.1],
  offerRates: [0.05, 0.03, 0.11, 0.16],
  arms: 2,
  basketValue: [40, 80],
  marginRate: 0.3,
  costPerOffer: [0.1, 0.2],
  costPerConversion: [4, 0],
};

describe('ShopSimulator', () => {
  it('knows its population rates and expected increments', () => {
    const sim = new ShopSimulator(model);
    expect(sim.populationRate(-1)).toBeCloseTo(0.75 * 0.02 + 0.25 * 0.1, 15);
    expect(sim.populationRate(0)).toBeCloseTo(0.75 * 0.05 + 0.25 * 0.11, 15);
    // Segment 0, arm 0: 0.05 (12 - 4) - 0.02 x 12 - 0.1 = 0.06.
    expect(sim.expectedIncrement(0, 0)).toBeCloseTo(0.06, 15);
  });

  it('draws segments, conversions and baskets matching the truth (200k customers, within 4 sd)', () => {
    const sim = new ShopSimulator(model);
    const n = 200_000;
    const c = sim.customers(n, createRng(5));
    let seg1 = 0;
    let convControl = 0;
    let convArm1 = 0;
    let basket0 = 0;
    let n0 = 0;
    for (let i = 0; i < n; i++) {
      seg1 += c.segment[i]!;
      if (sim.converts(c, i, -1)) convControl++;
      if (sim.converts(c, i, 1)) convArm1++;
      if (c.segment[i] === 0) {
        basket0 += c.basket[i]!;
        n0++;
      }
    }
    const within = (count: number, p: number) =>
      expect(Math.abs(count - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    within(seg1, 0.25);
    within(convControl, sim.populationRate(-1));
    within(convArm1, sim.populationRate(1));
    // Log-normal sigma 0.5 keeps the mean: sd of the mean is 40 sqrt(e^0.25 - 1) / sqrt(n0).
    expect(Math.abs(basket0 / n0 - 40)).toBeLessThan(
      (4 * 40 * Math.sqrt(Math.exp(0.25) - 1)) / Math.sqrt(n0),
    );
  });

  it('is deterministic under a seed, and a measured lift interval covers the true lift', () => {
    const sim = new ShopSimulator(model);
    const a = sim.customers(1000, createRng(8));
    const b = sim.customers(1000, createRng(8));
    expect(a).toEqual(b);
    const n = 40_000;
    const c = sim.customers(n, createRng(12));
    const group = new Int32Array(n);
    const converted = new Uint8Array(n);
    const revenue = new Float64Array(n);
    const rng = createRng(13);
    for (let i = 0; i < n; i++) {
      group[i] = rng.next() < 0.5 ? 1 : 0;
      const arm = group[i] === 0 ? 0 : -1;
      converted[i] = sim.converts(c, i, arm) ? 1 : 0;
      revenue[i] = converted[i] ? c.basket[i]! : 0;
    }
    const [arm, holdout] = accumulateGroups(group, converted, revenue, 2);
    const lift = campaignReport([arm!], holdout!).arms[0]!.lift;
    const truth = sim.populationRate(0) - sim.populationRate(-1);
    expect(lift.absoluteInterval.lower).toBeLessThan(truth);
    expect(lift.absoluteInterval.upper).toBeGreaterThan(truth);
    expect(lift.pValue).toBeLessThan(1e-6);
  });

  it('names bad models', () => {
    expect(() => new ShopSimulator({ ...model, offerRates: [0.1] })).toThrow(
      'offerRates must have 4 entries, got 1',
    );
    expect(() => new ShopSimulator({ ...model, controlRates: [0.1, 1.5] })).toThrow(
      'rates must be probabilities',
    );
  });
});
