/**
 * Exponential smoothing with additive errors (the ETS family of Hyndman, Koehler, Ord & Snyder 2008, in the
 * component form that statsmodels' `ExponentialSmoothing` uses): simple (SES), Holt's linear trend, Holt's
 * damped trend (Gardner & McKenzie 1985) and Holt-Winters with additive or multiplicative seasonality and
 * additive trend. With l level, b trend, s seasonal, phi damping (1 without damping), at each period t:
 *
 *   lp = l + phi b;  yhat_t = lp + s_t (additive) or lp * s_t (multiplicative)
 *   l' = alpha (y_t - s_t) + (1 - alpha) lp      [y_t / s_t when multiplicative]
 *   b' = beta (l' - l) + (1 - beta) phi b
 *   s_{t+m} = gamma (y_t - lp) + (1 - gamma) s_t [gamma y_t / lp + (1 - gamma) s_t]
 *
 * and the h-step forecast is (l + (phi + ... + phi^h) b) + s (or times s). `fitEts` (./ets-fit.ts) fits the
 * parameters and initial states by least squares; this file holds the model itself.
 */
import { ForecastInputError } from './errors.js';

export type TrendKind = 'none' | 'add' | 'damped';
export type SeasonKind = 'none' | 'add' | 'mul';
export interface EtsSpec {
  trend: TrendKind;
  season: SeasonKind;
  /** Season length (0 without seasonality). */
  m: number;
}

export const PHI_MIN = 0.8;
export const PHI_MAX = 0.98;

/** Natural parameters: [alpha, beta*, gamma, phi, l0, b0, s_0 .. s_{m-1}]. */
export const A = 0;
export const B = 1;
export const G = 2;
export const PHI = 3;
export const L0 = 4;
export const B0 = 5;
export const S0 = 6;

export interface EtsFit {
  /** Natural parameters (layout above), on the scale of y. */
  p: Float64Array;
  sse: number;
  fitted: Float64Array;
  /** Final states: [l, b, seasonal ring of m where index (t mod m) is period t's]. */
  state: Float64Array;
}

/** Fewest values each ETS kind accepts: more values than fitted parameters, and two seasons. */
export function etsMinLength(spec: EtsSpec): number {
  if (spec.season !== 'none') return Math.max(2 * spec.m, spec.m + 5);
  return spec.trend === 'none' ? 3 : spec.trend === 'add' ? 4 : 5;
}

/**
 * Runs the recursion over y[0..n) from the initial states in p; writes the one-step fitted values (when
 * `fitted` is given) and the final states into `state`; returns the SSE. With `snapshots`, also writes the
 * states after t values for every t = from..n-1 (block t - from of 2 + m numbers, laid out as `state`),
 * the states a run over y[0..t) ends with. No allocation.
 */
export function etsFilter(
  y: Float64Array,
  n: number,
  spec: EtsSpec,
  p: Float64Array,
  state: Float64Array,
  fitted: Float64Array | null,
  snapshots: Float64Array | null = null,
  from = 0,
): number {
  const alpha = p[A]!;
  const beta = spec.trend === 'none' ? 0 : p[B]!;
  const gamma = spec.season === 'none' ? 0 : p[G]!;
  const phi = spec.trend === 'damped' ? p[PHI]! : 1;
  const m = spec.m;
  const mul = spec.season === 'mul';
  const seasonal = spec.season !== 'none';
  let l = p[L0]!;
  let b = spec.trend === 'none' ? 0 : p[B0]!;
  for (let i = 0; i < m; i++) state[2 + i] = p[S0 + i]!;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    if (snapshots && t >= from) {
      const at = (t - from) * (2 + m);
      snapshots[at] = l;
      snapshots[at + 1] = b;
      for (let i = 0; i < m; i++) snapshots[at + 2 + i] = state[2 + i]!;
    }
    const yt = y[t]!;
    const lp = l + phi * b;
    const si = 2 + (seasonal ? t % m : 0);
    const s = seasonal ? state[si]! : mul ? 1 : 0;
    const yhat = mul ? lp * s : lp + s;
    if (fitted) fitted[t] = yhat;
    const e = yt - yhat;
    sse += e * e;
    const lNew = alpha * (mul ? yt / s : yt - s) + (1 - alpha) * lp;
    b = beta * (lNew - l) + (1 - beta) * phi * b;
    if (seasonal) state[si] = gamma * (mul ? yt / lp : yt - lp) + (1 - gamma) * s;
    l = lNew;
  }
  state[0] = l;
  state[1] = b;
  return sse;
}

/** Point forecasts for h = 1..horizon from the final states of `etsFilter` over n values. */
export function etsPoint(
  spec: EtsSpec,
  p: Float64Array,
  state: Float64Array,
  n: number,
  horizon: number,
): Float64Array {
  const out = new Float64Array(horizon);
  const phi = spec.trend === 'damped' ? p[PHI]! : 1;
  const l = state[0]!;
  const b = spec.trend === 'none' ? 0 : state[1]!;
  let damp = 0;
  let pow = 1;
  for (let h = 1; h <= horizon; h++) {
    pow *= phi;
    damp += pow;
    const lp = l + damp * b;
    if (spec.season === 'none') out[h - 1] = lp;
    else {
      const s = state[2 + ((n + h - 1) % spec.m)]!;
      out[h - 1] = spec.season === 'mul' ? lp * s : lp + s;
    }
  }
  return out;
}

/**
 * Heuristic initial states (a start for the optimizer, or the states when parameters are given without
 * them), after Hyndman et al. (2008) section 2.6.1: with seasonality, a centred moving average of length m
 * (2 x m when m is even) over the first min(5, n / m) seasons, the mean detrended value (difference or
 * ratio) at each position in the season, normalized; then l0 and b0 by least squares of the deseasonalized
 * first 10 values (all when fewer) on t = 1, 2, ...; l0 is the intercept (the level just before y[0]).
 */
export function etsHeuristicStates(y: Float64Array, spec: EtsSpec, p: Float64Array): void {
  const n = y.length;
  const m = spec.m;
  const mul = spec.season === 'mul';
  const adj = new Float64Array(n);
  adj.set(y);
  if (spec.season !== 'none') {
    const cycles = Math.max(2, Math.min(5, Math.floor(n / m)));
    const len = Math.min(n, cycles * m);
    const sums = new Float64Array(m);
    const counts = new Float64Array(m);
    const half = Math.floor(m / 2);
    for (let t = half; t + half < len; t++) {
      let ma: number;
      if (m % 2 === 1) {
        let s = 0;
        for (let k = t - half; k <= t + half; k++) s += y[k]!;
        ma = s / m;
      } else {
        // 2 x m moving average: weights 1/2m at both ends, 1/m inside.
        let s = 0.5 * (y[t - half]! + y[t + half]!);
        for (let k = t - half + 1; k < t + half; k++) s += y[k]!;
        ma = s / m;
      }
      const d = mul ? (ma > 0 ? y[t]! / ma : 1) : y[t]! - ma;
      sums[t % m] = sums[t % m]! + d;
      counts[t % m] = counts[t % m]! + 1;
    }
    let total = 0;
    for (let i = 0; i < m; i++) {
      const v = counts[i]! > 0 ? sums[i]! / counts[i]! : mul ? 1 : 0;
      p[S0 + i] = v;
      total += v;
    }
    for (let i = 0; i < m; i++) p[S0 + i] = mul ? (p[S0 + i]! * m) / total : p[S0 + i]! - total / m;
    for (let t = 0; t < n; t++) adj[t] = mul ? y[t]! / p[S0 + (t % m)]! : y[t]! - p[S0 + (t % m)]!;
  }
  const k = Math.min(n, 10);
  if (spec.trend === 'none') {
    let s = 0;
    for (let t = 0; t < k; t++) s += adj[t]!;
    p[L0] = s / k;
    p[B0] = 0;
    return;
  }
  // Least squares of adj[t] on (t + 1), t < k.
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < k; t++) {
    const x = t + 1;
    sx += x;
    sy += adj[t]!;
    sxx += x * x;
    sxy += x * adj[t]!;
  }
  const slope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
  p[B0] = slope;
  p[L0] = (sy - slope * sx) / k;
}

/** Natural parameter vector length for `spec`. */
export function etsParamLength(spec: EtsSpec): number {
  return S0 + spec.m;
}

/** Runs `spec` with parameters given by name (initial states not given take the heuristic values). */
export function runEts(y: Float64Array, spec: EtsSpec, given: Readonly<Record<string, number>>): EtsFit {
  const n = y.length;
  const p = new Float64Array(etsParamLength(spec));
  etsHeuristicStates(y, spec, p);
  const need = (name: string, lo: number, hi: number): number => {
    const v = given[name];
    if (typeof v !== 'number' || !(v >= lo && v <= hi))
      throw new ForecastInputError(
        `options.params.${name}`,
        `must be a number in [${lo}, ${hi}], got ${String(v)}`,
      );
    return v;
  };
  const state = (name: string, fallback: number): number => {
    const v = given[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ForecastInputError(`options.params.${name}`, `must be a finite number, got ${String(v)}`);
    return v;
  };
  p[A] = need('alpha', 0, 1);
  p[B] = spec.trend === 'none' ? 0 : need('beta', 0, 1);
  p[G] = spec.season === 'none' ? 0 : need('gamma', 0, 1);
  p[PHI] = spec.trend === 'damped' ? need('phi', 0, 1) : 1;
  p[L0] = state('l0', p[L0]!);
  p[B0] = spec.trend === 'none' ? 0 : state('b0', p[B0]!);
  for (let i = 0; i < spec.m; i++) p[S0 + i] = state(`s${i}`, p[S0 + i]!);
  const st = new Float64Array(2 + spec.m);
  const fitted = new Float64Array(n);
  const sse = etsFilter(y, n, spec, p, st, fitted);
  return { p, sse, fitted, state: st };
}

/** Named parameters of a fit (FittedForecast.params). */
export function etsParams(spec: EtsSpec, p: Float64Array): Record<string, number> {
  const out: Record<string, number> = { alpha: p[A]! };
  if (spec.trend !== 'none') out.beta = p[B]!;
  if (spec.season !== 'none') out.gamma = p[G]!;
  if (spec.trend === 'damped') out.phi = p[PHI]!;
  out.l0 = p[L0]!;
  if (spec.trend !== 'none') out.b0 = p[B0]!;
  for (let i = 0; i < spec.m; i++) out[`s${i}`] = p[S0 + i]!;
  return out;
}

/**
 * AICc as statsmodels' `HoltWintersResults` (0.13) computes it: k = m (seasonal) + 2 (trend) + 2 + 1
 * (damped), AIC = n log(SSE / n) + 2k, AICc = AIC + 2 (k + 2)(k + 3) / (n - k - 3); null when n <= k + 3.
 */
export function etsAicc(spec: EtsSpec, sse: number, n: number): number | null {
  const k =
    (spec.season === 'none' ? 0 : spec.m) +
    (spec.trend === 'none' ? 0 : 2) +
    2 +
    (spec.trend === 'damped' ? 1 : 0);
  if (n - k - 3 <= 0 || !(sse > 0)) return null;
  return n * Math.log(sse / n) + 2 * k + (2 * (k + 2) * (k + 3)) / (n - k - 3);
}
