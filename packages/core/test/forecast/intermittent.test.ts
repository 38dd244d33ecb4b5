import { describe, expect, it } from 'vitest';
import { classifyDemand, fitForecast } from '../../src/index.js';
import { STATSMODELS } from './reference.js';

const { hand, interior } = STATSMODELS.intermittent;

const fittedOf = (values: readonly (number | null)[]): number[] =>
  values.map((v) => (v === null ? Number.NaN : v));
const mseOf = (y: readonly number[], fitted: Float64Array): number => {
  let s = 0;
  let k = 0;
  for (let t = 0; t < y.length; t++)
    if (!Number.isNaN(fitted[t]!)) {
      s += (y[t]! - fitted[t]!) ** 2;
      k++;
    }
  return s / k;
};

describe('Croston, SBA and TSB', () => {
  // Worked by hand, y = 0 0 3 0 0 0 5 0 2 ..., alpha = 0.1 (0-based t):
  // Croston: the first demand is at t = 2: z = 3, p = 3 (its 1-based position); fitted t <= 2 undefined.
  //   t = 3, 4, 5, 6: fitted z / p = 1. At t = 6, y = 5, q = 6 - 2 = 4: z = 3 + 0.1 (5 - 3) = 3.2,
  //   p = 3 + 0.1 (4 - 3) = 3.1. t = 7, 8: fitted 3.2 / 3.1 = 1.0322581. At t = 8, y = 2, q = 2:
  //   z = 3.2 + 0.1 (2 - 3.2) = 3.08, p = 3.1 + 0.1 (2 - 3.1) = 2.99; t = 9: fitted 3.08 / 2.99 = 1.0301003.
  // SBA: the same times 1 - 0.1 / 2 = 0.95: 0.95, ..., 0.9806452 (t = 7), 0.9785953 (t = 9).
  // TSB (beta = 0.1 too): z = 3, d = 1 / 3. t = 3: fitted 1, no demand: d = 0.3; t = 4: 0.9, d = 0.27;
  //   t = 5: 0.81, d = 0.243; t = 6: 0.729, demand 5: d = 0.243 + 0.1 (1 - 0.243) = 0.3187, z = 3.2;
  //   t = 7: 0.3187 * 3.2 = 1.01984.
  it('follow the recursion worked by hand', () => {
    const c = fitForecast(hand.y, 'croston', { params: { alpha: 0.1 } }).fitted;
    expect(Number.isNaN(c[0]!) && Number.isNaN(c[1]!) && Number.isNaN(c[2]!)).toBe(true);
    for (const t of [3, 4, 5, 6]) expect(c[t]).toBeCloseTo(1, 14);
    expect(c[7]).toBeCloseTo(3.2 / 3.1, 14);
    expect(c[8]).toBeCloseTo(3.2 / 3.1, 14);
    expect(c[9]).toBeCloseTo(3.08 / 2.99, 14);
    const s = fitForecast(hand.y, 'sba', { params: { alpha: 0.1 } }).fitted;
    expect(s[3]).toBeCloseTo(0.95, 14);
    expect(s[9]).toBeCloseTo((0.95 * 3.08) / 2.99, 14);
    const b = fitForecast(hand.y, 'tsb', { params: { alpha: 0.1, beta: 0.1 } }).fitted;
    expect(Array.from(b.subarray(3, 8)).map((v) => +v.toFixed(10))).toEqual([1, 0.9, 0.81, 0.729, 1.01984]);
  });

  for (const [name, ref] of [
    ['hand', hand],
    ['interior', interior],
  ] as const) {
    it(`${name} series: fitted values and forecasts of the NumPy implementation at 0.1`, () => {
      for (const method of ['croston', 'sba'] as const) {
        const fit = fitForecast(ref.y, method, { params: { alpha: 0.1 } });
        expect(Array.from(fit.fitted)).toEqual(
          fittedOf(ref[method].fitted).map((v) => (Number.isNaN(v) ? v : expect.closeTo(v, 12))),
        );
        expect(fit.forecast(3).mean[2]).toBeCloseTo(ref[method].forecast, 12);
      }
      const fit = fitForecast(ref.y, 'tsb', { params: { alpha: 0.1, beta: 0.1 } });
      expect(Array.from(fit.fitted)).toEqual(
        fittedOf(ref.tsb.fitted).map((v) => (Number.isNaN(v) ? v : expect.closeTo(v, 12))),
      );
      expect(fit.forecast(1).mean[0]).toBeCloseTo(ref.tsb.forecast, 12);
    });

    it(`${name} series: fitted constants at least as good as NumPy's grid search over [0.05, 0.3]`, () => {
      for (const method of ['croston', 'sba'] as const) {
        const fit = fitForecast(ref.y, method);
        // The grid's step is 0.0005: our golden-section optimum lies within a step of the grid's best
        // point and its MSE is no worse.
        expect(Math.abs(fit.params.alpha! - ref[method].bestAlpha)).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(mseOf(ref.y, fit.fitted)).toBeLessThanOrEqual(ref[method].bestMse * (1 + 1e-12));
        expect(fit.sigma).toBeCloseTo(Math.sqrt(mseOf(ref.y, fit.fitted)), 12);
      }
      const fit = fitForecast(ref.y, 'tsb');
      expect(mseOf(ref.y, fit.fitted)).toBeLessThanOrEqual(ref.tsb.bestMse * (1 + 1e-12));
      expect(Math.abs(fit.params.alpha! - ref.tsb.bestAlpha)).toBeLessThanOrEqual(0.0025);
      expect(Math.abs(fit.params.beta! - ref.tsb.bestBeta)).toBeLessThanOrEqual(0.0025);
      for (const v of [fit.params.alpha!, fit.params.beta!]) {
        expect(v).toBeGreaterThanOrEqual(0.05);
        expect(v).toBeLessThanOrEqual(0.3);
      }
    });
  }

  it('forecast zero without demand, with flat intervals clamped at zero', () => {
    const fit = fitForecast([0, 0, 0, 0], 'croston');
    expect(Array.from(fit.forecast(2).mean)).toEqual([0, 0]);
    expect(fit.sigma).toBe(0);
    const tsb = fitForecast(hand.y, 'tsb', { params: { alpha: 0.1, beta: 0.1 } }).forecast(4, 0.8);
    expect(tsb.upper[0]! - tsb.mean[0]!).toBeCloseTo(tsb.upper[3]! - tsb.mean[3]!, 12);
    expect(tsb.lower[0]).toBe(0);
  });
});

describe('classifyDemand (Syntetos, Boylan & Croston 2005)', () => {
  it('computes ADI and CV^2 as tsintermittent::idclass on a series ending in a demand', () => {
    // The first 23 periods: demands at 1-based positions 3, 7, 9, 14, 17, 19, 23: ADI = 23 / 7. Sizes 3 5 2 4
    // 6 1 3: mean 24/7, sample variance (sum of squares 100 - 7 (24/7)^2) / 6 = 2.952381, CV^2 = 2.952381 /
    // (24/7)^2 = 0.2511574.
    const c = classifyDemand(hand.y.slice(0, 23));
    expect(c.adi).toBeCloseTo(23 / 7, 12);
    // All 24: the 24th period, without demand, counts (tsintermittent would still say 23 / 7).
    expect(classifyDemand(hand.y).adi).toBeCloseTo(24 / 7, 12);
    const mean = 24 / 7;
    expect(c.cv2).toBeCloseTo((100 - 7 * mean * mean) / 6 / (mean * mean), 12);
    expect(c.cv2).toBeCloseTo(0.2511574, 6);
    expect(c.demandClass).toBe('intermittent');
  });

  it('puts the four corners and no demand in their classes', () => {
    expect(classifyDemand([5, 6, 5, 4, 5, 6]).demandClass).toBe('smooth');
    expect(classifyDemand([1, 20, 2, 30, 1, 25]).demandClass).toBe('erratic');
    expect(classifyDemand([0, 5, 0, 0, 6, 0, 5, 0]).demandClass).toBe('intermittent');
    expect(classifyDemand([0, 1, 0, 0, 40, 0, 2, 0]).demandClass).toBe('lumpy');
    expect(classifyDemand([0, 0, 0])).toEqual({ adi: Number.POSITIVE_INFINITY, cv2: 0, demandClass: 'none' });
  });

  it('counts the interval still open at the end: an item that stopped selling is not smooth', () => {
    // Sold 3 and 4 in its first two periods, then nothing for 10: ADI = 12 / 2 = 6 (tsintermittent: 2 / 2 = 1,
    // smooth); CV^2 = ((3 - 3.5)^2 + (4 - 3.5)^2) / 1 / 3.5^2 = 0.5 / 12.25.
    const c = classifyDemand([3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(c.adi).toBe(6);
    expect(c.cv2).toBeCloseTo(0.5 / 12.25, 12);
    expect(c.demandClass).toBe('intermittent');
  });

  it('refuses negative or non-finite demand, naming the index', () => {
    expect(() => classifyDemand([1, -2])).toThrow(/y\[1\] is -2/);
    expect(() => classifyDemand([1, Number.NaN])).toThrow(/y\[1\] is NaN/);
  });
});
