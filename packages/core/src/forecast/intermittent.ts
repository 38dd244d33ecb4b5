/**
 * Intermittent demand: Croston (1972), "Forecasting and stock control for intermittent demands", ORQ 23;
 * SBA, Syntetos & Boylan (2005), "The accuracy of intermittent demand estimates", IJF 21 (Croston's
 * estimate times 1 - alpha / 2); TSB, Teunter, Syntetos & Babai (2011), "Intermittent demand: linking
 * forecasting to inventory obsolescence", EJOR 214.
 *
 * Croston/SBA: after each demand y_t > 0, q periods after the previous one, the size z and the interval p
 * are smoothed with the same alpha: z += alpha (y_t - z), p += alpha (q - p); the forecast is z / p (SBA:
 * (1 - alpha / 2) z / p) until the next demand. TSB smooths the size z on demand periods (alpha) and the
 * probability d of a demand in every period (beta): d += beta (1[y_t > 0] - d); the forecast is d z.
 * All start at the first demand, at 0-based position f: z = y_f, p = f + 1 (d = 1 / (f + 1)), so the
 * one-step fitted values are NaN up to and including period f.
 *
 * The constants are fitted by in-sample MSE within [0.05, 0.3] (the range Syntetos & Boylan 2005 and
 * Teunter et al. 2011 study): Croston/SBA by a grid of step 0.025 refined by golden-section search, TSB by
 * Nelder-Mead from the best point of an 11 x 11 grid.
 */
import { minimizeNelderMead } from '../optimize/nelder-mead.js';

export const INTERMITTENT_MIN = 0.05;
export const INTERMITTENT_MAX = 0.3;

export interface IntermittentRun {
  sse: number;
  /** Number of defined one-step errors (periods after the first demand). */
  count: number;
  /** The flat forecast after the last period. */
  forecast: number;
}

/** Position of the first demand in y[0..n), or n. */
function firstDemand(y: Float64Array, n: number): number {
  let t = 0;
  while (t < n && !(y[t]! > 0)) t++;
  return t;
}

/** Croston (sba = false) or SBA over y[0..n) at `alpha`; writes fitted values when given. */
export function crostonRun(
  y: Float64Array,
  n: number,
  alpha: number,
  sba: boolean,
  fitted: Float64Array | null,
  out: IntermittentRun,
): IntermittentRun {
  const correction = sba ? 1 - alpha / 2 : 1;
  const first = firstDemand(y, n);
  if (fitted) for (let t = 0; t <= first && t < n; t++) fitted[t] = Number.NaN;
  out.sse = 0;
  out.count = first < n ? n - first - 1 : 0;
  out.forecast = 0;
  if (first === n) return out;
  let z = y[first]!;
  let p = first + 1;
  let last = first;
  let sse = 0;
  for (let t = first + 1; t < n; t++) {
    const f = (correction * z) / p;
    if (fitted) fitted[t] = f;
    const yt = y[t]!;
    sse += (yt - f) * (yt - f);
    if (yt > 0) {
      z += alpha * (yt - z);
      p += alpha * (t - last - p);
      last = t;
    }
  }
  out.sse = sse;
  out.forecast = (correction * z) / p;
  return out;
}

/** TSB over y[0..n) at (alpha, beta); writes fitted values when given. */
export function tsbRun(
  y: Float64Array,
  n: number,
  alpha: number,
  beta: number,
  fitted: Float64Array | null,
  out: IntermittentRun,
): IntermittentRun {
  const first = firstDemand(y, n);
  if (fitted) for (let t = 0; t <= first && t < n; t++) fitted[t] = Number.NaN;
  out.sse = 0;
  out.count = first < n ? n - first - 1 : 0;
  out.forecast = 0;
  if (first === n) return out;
  let z = y[first]!;
  let d = 1 / (first + 1);
  let sse = 0;
  for (let t = first + 1; t < n; t++) {
    const f = d * z;
    if (fitted) fitted[t] = f;
    const yt = y[t]!;
    sse += (yt - f) * (yt - f);
    if (yt > 0) {
      d += beta * (1 - d);
      z += alpha * (yt - z);
    } else d -= beta * d;
  }
  out.sse = sse;
  out.forecast = d * z;
  return out;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;
const STEP = 0.025;
const GRID = 11; // 0.05, 0.075, ..., 0.3

/** The MSE-best alpha of Croston or SBA within [0.05, 0.3]. */
export function fitCrostonAlpha(y: Float64Array, sba: boolean): number {
  const n = y.length;
  const run: IntermittentRun = { sse: 0, count: 0, forecast: 0 };
  const f = (a: number): number => crostonRun(y, n, a, sba, null, run).sse;
  let bestI = 0;
  let bestF = Number.POSITIVE_INFINITY;
  for (let i = 0; i < GRID; i++) {
    const v = f(INTERMITTENT_MIN + i * STEP);
    if (v < bestF) {
      bestF = v;
      bestI = i;
    }
  }
  // Golden-section search on the grid cells either side of the best point.
  let lo = INTERMITTENT_MIN + Math.max(0, bestI - 1) * STEP;
  let hi = INTERMITTENT_MIN + Math.min(GRID - 1, bestI + 1) * STEP;
  let c = hi - GOLDEN * (hi - lo);
  let d = lo + GOLDEN * (hi - lo);
  let fc = f(c);
  let fd = f(d);
  while (hi - lo > 1e-7) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - GOLDEN * (hi - lo);
      fc = f(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + GOLDEN * (hi - lo);
      fd = f(d);
    }
  }
  const mid = 0.5 * (lo + hi);
  const best = INTERMITTENT_MIN + bestI * STEP;
  return f(mid) <= bestF ? mid : best;
}

const clampConstant = (v: number): number => Math.min(INTERMITTENT_MAX, Math.max(INTERMITTENT_MIN, v));

/** The MSE-best (alpha, beta) of TSB within [0.05, 0.3]^2. */
export function fitTsbConstants(y: Float64Array): { alpha: number; beta: number } {
  const n = y.length;
  const run: IntermittentRun = { sse: 0, count: 0, forecast: 0 };
  let bestA = 0.1;
  let bestB = 0.1;
  let bestF = Number.POSITIVE_INFINITY;
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID; j++) {
      const a = INTERMITTENT_MIN + i * STEP;
      const b = INTERMITTENT_MIN + j * STEP;
      const v = tsbRun(y, n, a, b, null, run).sse;
      if (v < bestF) {
        bestF = v;
        bestA = a;
        bestB = b;
      }
    }
  // Outside the box the objective is that of the nearest point in it (flat), so the simplex stays useful.
  const res = minimizeNelderMead(
    (x) => tsbRun(y, n, clampConstant(x[0]!), clampConstant(x[1]!), null, run).sse,
    Float64Array.of(bestA, bestB),
    { xTolerance: 1e-7, fTolerance: 1e-12 * Math.max(1, bestF), maxEvaluations: 400 },
  );
  if (res.value <= bestF) return { alpha: clampConstant(res.x[0]!), beta: clampConstant(res.x[1]!) };
  return { alpha: bestA, beta: bestB };
}
