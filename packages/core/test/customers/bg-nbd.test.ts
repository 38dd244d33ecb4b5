import { describe, expect, it } from 'vitest';
import {
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPredict,
  bgnbdProbabilityAlive,
  bgnbdProbabilityAliveAll,
  customerLifetimeValue,
  customerLifetimeValues,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  numericalGradient,
} from '../../src/index.js';
import { loadCdnow } from './cdnow.js';

const cdnow = loadCdnow();
const data = { x: cdnow.x, tx: cdnow.tx, T: cdnow.T };
// Published fits: Fader, Hardie & Lee (2005), Marketing Science 24(2), and Fader & Hardie (2013),
// "The Gamma-Gamma Model of Monetary Value" (both also in the lifetimes documentation).
const published = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const publishedGg = { p: 6.25, q: 3.74, gamma: 15.44 };

const within = (value: number, target: number, rel: number): void => {
  expect(Math.abs(value / target - 1)).toBeLessThanOrEqual(rel);
};

describe('BG/NBD on CDNOW', () => {
  it('has 2,357 customers in the shipped fixture', () => {
    expect(cdnow.x.length).toBe(2357);
  });

  it('reproduces the published fit within 1% (r, alpha, a, b, log-likelihood)', () => {
    const fit = fitBgNbd(data);
    expect(fit.optimizer.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) within(fit.params[k], published[k], 0.01);
    within(fit.logLikelihood, -9582.4, 0.01);
    // Much tighter in fact: the maximum agrees with SciPy's (bench/peers/clv.py) to the printed digits.
    within(fit.params.r, 0.242593, 1e-4);
    within(fit.params.alpha, 4.413532, 1e-4);
    within(fit.params.a, 0.792886, 1e-4);
    within(fit.params.b, 2.425754, 1e-4);
    expect(fit.logLikelihood).toBeCloseTo(-9582.42556, 4);
    expect(fit.n).toBe(2357);
  });

  it('has the published log-likelihood at the published parameters', () => {
    expect(bgnbdLogLikelihood(published, data)).toBeCloseTo(-9582.43, 1);
  });

  it('has an analytic gradient that matches finite differences', () => {
    const f = (v: Float64Array): number =>
      bgnbdLogLikelihood({ r: v[0]!, alpha: v[1]!, a: v[2]!, b: v[3]! }, data);
    for (const at of [
      [0.5, 3, 1.3, 2],
      [0.2426, 4.4135, 0.7929, 2.4258],
      [2, 0.5, 0.3, 5],
    ]) {
      const g = new Float64Array(4);
      const ll = bgnbdLogLikelihood({ r: at[0]!, alpha: at[1]!, a: at[2]!, b: at[3]! }, data, g);
      expect(ll).toBe(f(Float64Array.from(at)));
      const numeric = numericalGradient(f, Float64Array.from(at));
      for (let k = 0; k < 4; k++)
        expect(Math.abs(g[k]! - numeric[k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[k]!)));
    }
  });

  it('fits weighted (grouped) data the same as the expanded rows', () => {
    // Group identical (x, t_x, T) rows with a weight; the fit must not change.
    const keys = new Map<string, number>();
    const gx: number[] = [];
    const gtx: number[] = [];
    const gT: number[] = [];
    const w: number[] = [];
    for (let i = 0; i < cdnow.x.length; i++) {
      const key = `${cdnow.x[i]},${cdnow.tx[i]},${cdnow.T[i]}`;
      const k = keys.get(key);
      if (k === undefined) {
        keys.set(key, gx.length);
        gx.push(cdnow.x[i]!);
        gtx.push(cdnow.tx[i]!);
        gT.push(cdnow.T[i]!);
        w.push(1);
      } else w[k] = w[k]! + 1;
    }
    expect(gx.length).toBeLessThan(cdnow.x.length);
    const grouped = fitBgNbd({
      x: Float64Array.from(gx),
      tx: Float64Array.from(gtx),
      T: Float64Array.from(gT),
      weights: Float64Array.from(w),
    });
    expect(grouped.logLikelihood).toBeCloseTo(-9582.42556, 4);
    within(grouped.params.r, 0.242593, 1e-4);
  });

  it('rejects inconsistent rows with the row number', () => {
    expect(() =>
      fitBgNbd({ x: new Float64Array([1, 2]), tx: new Float64Array([1, 5]), T: new Float64Array([3, 4]) }),
    ).toThrow(/row 1/);
    expect(() =>
      fitBgNbd({ x: new Float64Array([1]), tx: new Float64Array([1, 2]), T: new Float64Array([3]) }),
    ).toThrow(/same length/);
  });
});

// Reference predictions at the published parameters from bench/peers/clv.py, which re-implements lifetimes'
// BetaGeoFitter / GammaGammaFitter / _customer_lifetime_value with scipy.special.hyp2f1 (SciPy 1.17).
// Rows: CDNOW customers 1, 2, 3, 6 and 157 (x = 29, the most repeat purchases).
const rows = [0, 1, 2, 5, 156];
const ref = {
  t39: [1.2259111998992285, 0.20324888286609233, 0.19478655038715112, 3.337216959610111, 20.053589797077926],
  t52: [1.5585840056700448, 0.2599047609465544, 0.25167302746953163, 4.1990913508605345, 25.06130261538205],
  t1: [
    0.03744327872943787, 0.006064605690775202, 0.005586518213382714, 0.10663143578353283, 0.6623967155242685,
  ],
  alive: [0.7266079973001562, 0.21222445924803884, 1.0, 0.6417971241369419, 0.9691331053363038],
  newCustomer: [
    [1, 0.05318665594923623],
    [39, 1.1950518784094886],
    [78, 1.8580217586441132],
  ],
  spend: [24.663713910761157, 18.91685205784205, 35.21897810218978, 71.46967089696707, 26.39341812055003],
  // 12 months, 1% a month, weeks (4.345 a month); and 6 months at 5%.
  clv12: [36.28600276871522, 4.638742444448094, 8.355717672274832, 283.54852094953617, 625.3582454422991],
  clv6: [18.124010711748767, 2.2876116454946236, 4.029210922202012, 144.9593373706356, 324.7796580852688],
  sumT39: 1653.4289708983285,
};

describe('BG/NBD predictions', () => {
  it("match lifetimes' formulas (and the paper's 1.226 for customer 1 over 39 weeks)", () => {
    rows.forEach((i, j) => {
      const x = cdnow.x[i]!;
      const tx = cdnow.tx[i]!;
      const T = cdnow.T[i]!;
      within(bgnbdConditionalExpectedPurchases(published, 39, x, tx, T), ref.t39[j]!, 1e-12);
      within(bgnbdConditionalExpectedPurchases(published, 52, x, tx, T), ref.t52[j]!, 1e-12);
      within(bgnbdConditionalExpectedPurchases(published, 1, x, tx, T), ref.t1[j]!, 1e-12);
      within(bgnbdProbabilityAlive(published, x, tx, T), ref.alive[j]!, 1e-12);
    });
    expect(bgnbdConditionalExpectedPurchases(published, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
    for (const [t, v] of ref.newCustomer) within(bgnbdExpectedPurchases(published, t!), v!, 1e-12);
    const all = bgnbdPredict(published, 39, data);
    let sum = 0;
    for (const v of all) sum += v;
    within(sum, ref.sumT39, 1e-12);
    expect(bgnbdProbabilityAliveAll(published, data)[2]).toBe(1);
  });

  it('behave at the edges: zero horizon, growing horizon, long histories', () => {
    expect(bgnbdConditionalExpectedPurchases(published, 0, 3, 10, 20)).toBe(0);
    expect(bgnbdExpectedPurchases(published, 0)).toBe(0);
    let prev = 0;
    for (const t of [1, 10, 100, 1000]) {
      const v = bgnbdConditionalExpectedPurchases(published, t, 5, 30, 38);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    // A very active customer (x = 500) stays finite (the untransformed 2F1 series overflows here).
    const big = bgnbdConditionalExpectedPurchases(published, 52, 500, 37.9, 38);
    expect(Number.isFinite(big)).toBe(true);
    expect(big).toBeGreaterThan(300);
    // A customer who stopped long ago is almost surely gone.
    expect(bgnbdProbabilityAlive(published, 20, 1, 200)).toBeLessThan(1e-6);
  });

  it('stay finite when a + b < 1 makes the 2F1 negative (a fit of a shop with little dropout)', () => {
    // A shop's fit (a tester's 283 customers, 6 months): c = a+b-1 = -0.23 for a customer without a
    // repeat purchase, where the 2F1 of the transformed series is -5.44 and the bracket above 1. Expected
    // values: lifetimes' formula with scipy.special.hyp2f1 (its untransformed series), as printed by
    // /usr/bin/python3 with SciPy 1.10.
    const fit = {
      r: 103.66607831847588,
      alpha: 5918.424111021679,
      a: 0.023618304607610587,
      b: 0.748466523315967,
    };
    const cases: [number, number, number, number][] = [
      [0, 0, 100, 1.5218110903490492],
      [0, 0, 5, 1.5458644801536856],
      [1, 50, 150, 1.3043730301719518],
      [3, 100, 170, 1.5247067693605216],
      [10, 150, 180, 1.6674299335047784],
    ];
    for (const [x, tx, T, scipy] of cases)
      expect(bgnbdConditionalExpectedPurchases(fit, 90, x, tx, T)).toBeCloseTo(scipy, 11);
    expect(bgnbdExpectedPurchases(fit, 90)).toBeCloseTo(1.5471515976513524, 11);
  });
});

describe('Gamma-Gamma on CDNOW', () => {
  const spend = { x: cdnow.x, m: cdnow.zbar };
  it('reproduces the published p, q, gamma within 1% on the 946 repeat customers', () => {
    const fit = fitGammaGamma(spend);
    expect(fit.n).toBe(946);
    expect(fit.optimizer.converged).toBe(true);
    within(fit.params.p, publishedGg.p, 0.01);
    within(fit.params.q, publishedGg.q, 0.01);
    within(fit.params.gamma, publishedGg.gamma, 0.01);
    // SciPy's maximum (bench/peers/clv.py): p 6.248805, q 3.744588, gamma 15.44774, log-likelihood -4055.92324.
    within(fit.params.p, 6.248805, 1e-4);
    within(fit.params.q, 3.744588, 1e-4);
    within(fit.params.gamma, 15.44774, 1e-4);
    expect(fit.logLikelihood).toBeCloseTo(-4055.92324, 4);
    expect(gammaGammaLogLikelihood(fit.params, spend)).toBe(fit.logLikelihood);
  });

  it('has an analytic gradient that matches finite differences', () => {
    const f = (v: Float64Array): number =>
      gammaGammaLogLikelihood({ p: v[0]!, q: v[1]!, gamma: v[2]! }, spend);
    for (const at of [
      [6.25, 3.74, 15.44],
      [1, 2, 3],
    ]) {
      const g = new Float64Array(3);
      gammaGammaLogLikelihood({ p: at[0]!, q: at[1]!, gamma: at[2]! }, spend, g);
      const numeric = numericalGradient(f, Float64Array.from(at));
      for (let k = 0; k < 3; k++)
        expect(Math.abs(g[k]! - numeric[k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[k]!)));
    }
  });

  it('predicts expected spend as lifetimes does', () => {
    rows.forEach((i, j) => {
      within(gammaGammaExpectedSpend(publishedGg, cdnow.x[i]!, cdnow.zbar[i]!), ref.spend[j]!, 1e-12);
    });
    expect(() => fitGammaGamma({ x: new Float64Array([1]), m: new Float64Array([0]) })).toThrow(/row 0/);
    expect(() => fitGammaGamma({ x: new Float64Array([0]), m: new Float64Array([0]) })).toThrow(
      /at least one/,
    );
  });
});

describe('CLV', () => {
  it("matches lifetimes' customer_lifetime_value (monthly discounting)", () => {
    rows.forEach((i, j) => {
      const args = [cdnow.x[i]!, cdnow.tx[i]!, cdnow.T[i]!, cdnow.zbar[i]!] as const;
      within(
        customerLifetimeValue(published, publishedGg, ...args, { timeUnit: 'week' }),
        ref.clv12[j]!,
        1e-12,
      );
      within(
        customerLifetimeValue(published, publishedGg, ...args, {
          timeUnit: 4.345,
          months: 6,
          discountRate: 0.05,
        }),
        ref.clv6[j]!,
        1e-12,
      );
    });
    const all = customerLifetimeValues(
      published,
      publishedGg,
      { ...data, m: cdnow.zbar },
      { timeUnit: 'week' },
    );
    within(all[156]!, ref.clv12[4]!, 1e-12);
  });

  it('is zero over zero months, grows with the horizon and shrinks with the discount rate', () => {
    const c = (o: object): number => customerLifetimeValue(published, publishedGg, 3, 20, 38, 30, o);
    expect(c({ months: 0 })).toBe(0);
    expect(c({ months: 24, timeUnit: 'week' })).toBeGreaterThan(c({ months: 12, timeUnit: 'week' }));
    expect(c({ discountRate: 0.1, timeUnit: 'week' })).toBeLessThan(
      c({ discountRate: 0.01, timeUnit: 'week' }),
    );
    expect(() => c({ months: 1.5 })).toThrow(/months/);
  });
});
