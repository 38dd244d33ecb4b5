import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type EtsSpec, etsFilter, etsHeuristicStates, etsParamLength } from '../../src/forecast/ets.js';
import {
  etsConcentratedStates,
  etsObjective,
  smoothingDirections,
  stateDirections,
} from '../../src/forecast/ets-fit.js';
import { etsTangent, etsTangentWork } from '../../src/forecast/ets-tangent.js';
import { fitForecast } from '../../src/index.js';
import { minimizeLbfgs, withNumericalGradient } from '../../src/optimize/index.js';

// Monthly US retail sales, 293 months (test/fixtures/us-retail-sales/README.md), divided by its mean as
// fitEts does, and its first 60 months.
const raw = Float64Array.from(
  readFileSync(new URL('../fixtures/us-retail-sales/example_retail_sales.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[1])),
);
const y = raw.subarray(0, 60).map((v) => v / 200000);
const n = y.length;

const SPECS: Record<string, EtsSpec> = {
  ses: { trend: 'none', season: 'none', m: 0 },
  holt: { trend: 'add', season: 'none', m: 0 },
  damped: { trend: 'damped', season: 'none', m: 0 },
  'hw-add': { trend: 'add', season: 'add', m: 12 },
  'hw-mul': { trend: 'add', season: 'mul', m: 12 },
  'hw-damped-add': { trend: 'damped', season: 'add', m: 12 },
};

/** Interior parameters with the heuristic initial states, the seasonals normalized. */
function params(spec: EtsSpec): Float64Array {
  const p = new Float64Array(etsParamLength(spec));
  etsHeuristicStates(y, spec, p);
  p[0] = 0.35;
  p[1] = spec.trend === 'none' ? 0 : 0.2;
  p[2] = spec.season === 'none' ? 0 : 0.15;
  p[3] = spec.trend === 'damped' ? 0.9 : 1;
  return p;
}

/** Central difference of the SSE along natural direction d (a seasonal one moves s_{m-1} by -h too). */
function centralDifference(spec: EtsSpec, p: Float64Array, d: number): number {
  const h = 1e-6;
  const q = Float64Array.from(p);
  const state = new Float64Array(2 + spec.m);
  const move = (sign: number): number => {
    q.set(p);
    q[d] = q[d]! + sign * h;
    if (d >= 6 && d - 6 < spec.m - 1) q[6 + spec.m - 1] = q[6 + spec.m - 1]! - sign * h;
    return etsFilter(y, n, spec, q, state, null);
  };
  return (move(1) - move(-1)) / (2 * h);
}

describe('forward-mode derivatives of the ETS recursion', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(`${name}: the SSE and its gradient along every free parameter, against central differences`, () => {
      const p = params(spec);
      const dirs = Int32Array.from([...smoothingDirections(spec), ...stateDirections(spec)]);
      const grad = new Float64Array(dirs.length);
      const work = etsTangentWork(spec, dirs.length);
      const sse = etsTangent(y, n, spec, p, dirs, work, grad, null, null);
      expect(sse).toBe(etsFilter(y, n, spec, p, new Float64Array(2 + spec.m), null));
      let scale = 0;
      for (const g of grad) scale = Math.max(scale, Math.abs(g));
      expect(scale).toBeGreaterThan(1e-3);
      for (let k = 0; k < dirs.length; k++)
        expect(Math.abs(grad[k]! - centralDifference(spec, p, dirs[k]!))).toBeLessThan(1e-7 * scale);
    });
  }

  for (const name of ['ses', 'damped', 'hw-add', 'hw-mul'] as const) {
    it(`${name}: the objective's gradient in the optimizer's variables, against central differences`, () => {
      const spec = SPECS[name]!;
      const { fg, dirs } = etsObjective(y, spec, spec.season !== 'mul');
      const x = new Float64Array(dirs.length);
      // Interior smoothing constants (sin^2 transform), states near the heuristic ones.
      const p = params(spec);
      for (let k = 0; k < dirs.length; k++) x[k] = dirs[k]! <= 3 ? 0.4 + 0.2 * k : p[dirs[k]!]!;
      const grad = new Float64Array(dirs.length);
      fg(x, grad);
      const numeric = new Float64Array(dirs.length);
      withNumericalGradient((v) => fg(v, new Float64Array(dirs.length)))(x, numeric);
      let scale = 0;
      for (const g of grad) scale = Math.max(scale, Math.abs(g));
      for (let k = 0; k < dirs.length; k++)
        expect(Math.abs(grad[k]! - numeric[k]!)).toBeLessThan(1e-6 * scale);
    });
  }
});

describe('concentrated initial states', () => {
  for (const name of ['ses', 'holt', 'damped', 'hw-add', 'hw-damped-add'] as const) {
    it(`${name}: the least-squares states equal a full L-BFGS over the states, at fixed smoothing constants`, () => {
      const spec = SPECS[name]!;
      const start = params(spec);
      const p = Float64Array.from(start);
      expect(etsConcentratedStates(y, spec, p)).toBe(true);
      const state = new Float64Array(2 + spec.m);
      const sse = etsFilter(y, n, spec, p, state, null);
      // Seasonals normalized.
      let sum = 0;
      for (let i = 0; i < spec.m; i++) sum += p[6 + i]!;
      expect(sum).toBeCloseTo(0, 12);
      // First-order condition: the SSE's gradient along every state is zero there.
      const dirs = stateDirections(spec);
      const grad = new Float64Array(dirs.length);
      etsTangent(y, n, spec, p, dirs, etsTangentWork(spec, dirs.length), grad, null, null);
      for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-9);
      // The full minimization over the states from the heuristic ones (numerical gradient) ends there.
      const q = Float64Array.from(start);
      const f = (x: Float64Array): number => {
        let s = 0;
        for (let k = 0; k < dirs.length; k++) {
          q[dirs[k]!] = x[k]!;
          if (dirs[k]! >= 6) s += x[k]!;
        }
        if (spec.m > 0) q[6 + spec.m - 1] = -s;
        return etsFilter(y, n, spec, q, state, null);
      };
      const x0 = Float64Array.from(dirs, (d) => start[d]!);
      const res = minimizeLbfgs(withNumericalGradient(f), x0, { gradientTolerance: 1e-10 });
      expect(sse).toBeLessThanOrEqual(res.value * (1 + 1e-12));
      expect(res.value / sse - 1).toBeLessThan(1e-8);
      for (let k = 0; k < dirs.length; k++) expect(res.x[k]).toBeCloseTo(p[dirs[k]!]!, 4);
    });
  }

  it('refuses multiplicative seasonality (not linear in the states)', () => {
    expect(() => etsConcentratedStates(y, SPECS['hw-mul']!, params(SPECS['hw-mul']!))).toThrow(
      /multiplicative/,
    );
  });
});

describe('smoothing constants at a bound', () => {
  // Alternating demand: any alpha > 0 moves the level toward the last value, the wrong way for the next, so
  // the least-squares SES has alpha = 0 and l0 the mean, SSE = sum (y - mean)^2 = 24.289583333... statsmodels
  // 0.13.5 (Debian; /usr/bin/python3, ExponentialSmoothing(y, initialization_method='estimated').fit()) stops
  // at alpha 1.49e-8 with SSE 24.289583695276328.
  const alternating = Array.from({ length: 24 }, (_, t) => 10 + 2 * (t % 2) + 0.1 * ((t * 7) % 5));
  it('SES reaches alpha = 0 and the SSE about the mean', () => {
    let mean = 0;
    for (const v of alternating) mean += v / alternating.length;
    let ss = 0;
    for (const v of alternating) ss += (v - mean) ** 2;
    const fit = fitForecast(alternating, 'ses');
    expect(fit.params.alpha).toBeLessThan(1e-12);
    expect(fit.params.l0).toBeCloseTo(mean, 9);
    expect(fit.sse / ss - 1).toBeLessThan(1e-12);
    expect(fit.sse).toBeLessThan(24.289583695276328);
  });
});
