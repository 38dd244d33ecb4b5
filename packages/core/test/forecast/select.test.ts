import { describe, expect, it } from 'vitest';
import { rollingMeans } from '../../src/forecast/fit.js';
import {
  classifyDemand,
  createRng,
  type ForecastMethod,
  fitForecast,
  forecastSeries,
} from '../../src/index.js';
import { STATSMODELS } from './reference.js';

const { interior } = STATSMODELS.intermittent;

describe('forecastSeries', () => {
  it('forecasts zero for a series without demand, the mean for fewer than 4 values', () => {
    const none = forecastSeries([0, 0, 0, 0, 0], { horizon: 3 });
    expect(none.method).toBe('zero');
    expect(none.demandClass).toBe('none');
    expect(Array.from(none.upper)).toEqual([0, 0, 0]);
    const short = forecastSeries([3, 5, 4], { horizon: 2 });
    expect(short.method).toBe('mean');
    expect(Array.from(short.mean)).toEqual([4, 4]);
    // Sample sd 1, var_h = 1 + 1/3 (FPP3 Table 5.2); 90%: z = 1.6448536269514722.
    expect(short.upper[0]! - 4).toBeCloseTo(1.6448536269514722 * Math.sqrt(4 / 3), 8);
    expect(short.candidates).toEqual([]);
  });

  it('intermittent demand: scores croston, sba and tsb (naive only when asked) by RMSE on a rolling-origin holdout', () => {
    const horizon = 4;
    expect(forecastSeries(interior.y, { horizon }).candidates.map((c) => c.method)).toEqual([
      'croston',
      'sba',
      'tsb',
    ]);
    const r = forecastSeries(interior.y, { horizon, methods: ['croston', 'sba', 'tsb', 'naive'] });
    expect(r.demandClass).toBe('intermittent');
    expect(r.criterion).toBe('rmse');
    expect(r.candidates.map((c) => c.method)).toEqual(['croston', 'sba', 'tsb', 'naive']);
    const best = Math.min(...r.candidates.map((c) => c.score));
    expect(r.candidates.find((c) => c.method === r.method)!.score).toBe(best);
    // The naive candidate's score by hand: holdout k = min(4, floor(40 / 4)) = 4; from each origin
    // o = 36..39 the naive forecast of y[o..min(o + 4, 40)) is y[o - 1].
    const y = interior.y;
    expect(r.holdout).toBe(4);
    let ss = 0;
    let count = 0;
    for (let o = 36; o < 40; o++)
      for (let t = o; t < Math.min(o + horizon, 40); t++) {
        ss += (y[t]! - y[o - 1]!) ** 2;
        count++;
      }
    expect(r.candidates.find((c) => c.method === 'naive')!.score).toBeCloseTo(Math.sqrt(ss / count), 12);
    // Croston's: alpha fitted on y[0..36), then held fixed at each origin.
    const alpha = fitForecast(y.slice(0, 36), 'croston').params.alpha!;
    ss = 0;
    for (let o = 36; o < 40; o++) {
      const f = fitForecast(y.slice(0, o), 'croston', { params: { alpha } }).forecast(1).mean[0]!;
      for (let t = o; t < Math.min(o + horizon, 40); t++) ss += (y[t]! - f) ** 2;
    }
    expect(r.candidates.find((c) => c.method === 'croston')!.score).toBeCloseTo(Math.sqrt(ss / count), 12);
    // The winner is refitted on the whole series.
    const refit = fitForecast(y, r.method);
    expect(r.params).toEqual(refit.params);
    expect(Array.from(r.mean)).toEqual(Array.from(refit.forecast(horizon).mean));
    // A longer path scored over the same selectionHorizon: the same choice and scores, the path continued.
    const longer = forecastSeries(y, {
      horizon: 12,
      selectionHorizon: horizon,
      methods: ['croston', 'sba', 'tsb', 'naive'],
    });
    expect(longer.candidates).toEqual(r.candidates);
    expect(longer.method).toBe(r.method);
    expect(Array.from(longer.mean.subarray(0, horizon))).toEqual(Array.from(r.mean));
    expect(longer.mean).toHaveLength(12);
  });

  it('smooth seasonal demand: Holt-Winters among the candidates, scored by MAE', () => {
    // 4 years of monthly demand: level 100, trend 0.5, seasonal amplitude 20, noise sd 3.
    const rng = createRng(3);
    const y = Array.from({ length: 48 }, (_, t) => {
      const u = Math.max(1e-12, rng.next());
      const noise = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
      return 100 + 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 12) + 3 * noise;
    });
    const r = forecastSeries(y, { horizon: 12, seasonLength: 12, level: 0.8 });
    expect(r.demandClass).toBe('smooth');
    expect(r.criterion).toBe('mae');
    expect(r.candidates.map((c) => c.method)).toEqual([
      'ses',
      'holt-damped',
      'holt-winters-additive',
      'holt-winters-multiplicative',
      'seasonal-naive',
    ]);
    expect(['holt-winters-additive', 'holt-winters-multiplicative']).toContain(r.method);
    expect(r.level).toBe(0.8);
    for (let h = 0; h < 12; h++) {
      expect(r.lower[h]).toBeLessThan(r.mean[h]!);
      expect(r.upper[h]).toBeGreaterThan(r.mean[h]!);
      // Within 15 of the noiseless curve.
      const t = 48 + h;
      expect(Math.abs(r.mean[h]! - (100 + 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 12)))).toBeLessThan(15);
    }
  });

  it('offers a trend only for smooth demand with a history of two selection horizons', () => {
    // The candidates scored, or the only one (a single candidate is not scored).
    const methods = (y: number[], h = 8) => {
      const r = forecastSeries(y, { horizon: h, selectionHorizon: h });
      return r.candidates.length > 0 ? r.candidates.map((c) => c.method) : [r.method];
    };
    // Smooth (CV^2 of 10 +- 2 is about 0.02), 7 weeks: too short for a trend; 16 weeks: long enough.
    const smooth = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8, 10, 11, 9, 10];
    expect(methods(smooth.slice(0, 7))).toEqual(['ses']);
    expect(methods(smooth)).toEqual(['ses', 'holt-damped']);
    // Erratic: one week of 400 among tens (CV^2 above 0.49): no trend, however long.
    const spiky = [...smooth.slice(0, 8), 400, ...smooth.slice(8)];
    expect(classifyDemand(spiky).demandClass).toBe('erratic');
    expect(methods(spiky)).toEqual(['ses']);
  });

  it('takes the candidates given, refusing what the series cannot support', () => {
    const r = forecastSeries(interior.y, { horizon: 2, methods: ['ses'] });
    expect(r.method).toBe('ses');
    expect(r.candidates).toEqual([]);
    expect(() => forecastSeries(interior.y, { horizon: 2, methods: ['holt-winters-additive'] })).toThrow(
      /^options.seasonLength: is required/,
    );
    expect(() =>
      forecastSeries(interior.y, { horizon: 2, seasonLength: 52, methods: ['holt-winters-additive'] }),
    ).toThrow(/^y: holt-winters-additive needs at least 104 values/);
    expect(() => forecastSeries(interior.y, { horizon: 2, methods: ['arima' as 'ses'] })).toThrow(
      /^options.methods\[0\]: unknown method "arima"/,
    );
  });

  it('names the argument at fault', () => {
    expect(() => forecastSeries([1, 2, 3, 4], { horizon: 0 })).toThrow(
      /^options.horizon: must be an integer >= 1/,
    );
    expect(() => forecastSeries([1, 2, 3, 4], { horizon: 1.5 })).toThrow(/^options.horizon/);
    expect(() => forecastSeries([1, 2, 3, 4], { horizon: 2, level: 1 })).toThrow(/^options.level/);
    expect(() => forecastSeries([1, 2, 3, 4], { horizon: 2, seasonLength: 1 })).toThrow(
      /^options.seasonLength/,
    );
    expect(() => forecastSeries([1, Number.POSITIVE_INFINITY], { horizon: 2 })).toThrow(
      /^y: y\[1\] is Infinity/,
    );
    expect(() => forecastSeries([], { horizon: 2 })).toThrow(/^y: is empty/);
    expect(() => fitForecast([1, 2, 3], 'holt')).toThrow(/^y: holt needs at least 4 values, got 3/);
    expect(() => fitForecast([1, 2, 3], 'ses').forecast(0)).toThrow(/^horizon:/);
  });

  it('scores ETS and naive kinds from one pass: the same forecasts as a refit at every origin', () => {
    const rng = createRng(11);
    const y = Float64Array.from({ length: 40 }, (_, t) => 50 + t + 10 * Math.sin(t) + 5 * rng.next());
    const methods: ForecastMethod[] = [
      'ses',
      'holt',
      'holt-damped',
      'holt-winters-additive',
      'holt-winters-multiplicative',
      'naive',
      'seasonal-naive',
    ];
    for (const method of methods) {
      const fitted = fitForecast(y.subarray(0, 30), method, { seasonLength: 4 }).params;
      const params = Object.keys(fitted).length > 0 ? fitted : undefined;
      const origins: number[] = [];
      const done = rollingMeans(y, method, 4, params, 30, 6, (o, mean) => {
        origins.push(o);
        const refit = fitForecast(y.subarray(0, o), method, { seasonLength: 4, params });
        expect(Array.from(mean)).toEqual(Array.from(refit.forecast(Math.min(6, 40 - o)).mean));
      });
      expect(done).toBe(true);
      expect(origins).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    }
    expect(rollingMeans(y, 'croston', 0, { alpha: 0.1 }, 30, 6, () => {})).toBe(false);
  });
});
