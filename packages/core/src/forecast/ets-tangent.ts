/**
 * Forward-mode derivatives of the ETS recursion (./ets.ts): alongside the states l, b, s it carries, for
 * each of a few directions in the natural parameter layout (alpha, beta*, gamma, phi, l0, b0, s_i), the
 * derivatives dl, db, ds of the states, and from them the derivative of every one-step forecast:
 *
 *   dlp   = dl + phi db + dphi b
 *   dyhat = dlp + ds                       [dlp s + lp ds when multiplicative]
 *   dl'   = dalpha (y - s - lp) + (1 - alpha) dlp - alpha ds       [y / s; - alpha y / s^2 ds]
 *   db'   = dbeta (l' - l - phi b) + beta (dl' - dl) + (1 - beta) (dphi b + phi db)
 *   ds'   = dgamma (y - lp - s) + (1 - gamma) ds - gamma dlp        [y / lp; - gamma y / lp^2 dlp]
 *
 * One pass costs about (1 + directions) filters. A seasonal direction i < m - 1 also moves s_{m-1} by -1,
 * as the normalization of the fit does (s_{m-1} = -sum, or m - sum when multiplicative).
 *
 * Two uses: the gradient of the SSE (2 sum e dyhat, negated), and for the initial states, on which the
 * one-step errors depend linearly when the seasonality is not multiplicative (e = e0 - D theta, with D the
 * forecasts' derivatives and e0 the errors from zero states), the normal equations D D' theta = D e0.
 */
import { type EtsSpec, S0 } from './ets.js';

/** Work buffers of `etsTangent` for up to `directions` directions (allocated once per fit). */
export interface EtsTangentWork {
  readonly directions: number;
  /** Per direction: d alpha, d beta, d gamma, d phi (0 or 1) and the state derivatives. */
  readonly da: Float64Array;
  readonly dbeta: Float64Array;
  readonly dg: Float64Array;
  readonly dphi: Float64Array;
  readonly dl: Float64Array;
  readonly db: Float64Array;
  /** Seasonal ring: entry i of direction k at i * directions + k. */
  readonly ds: Float64Array;
  /** Seasonal states (the ring of m). */
  readonly s: Float64Array;
  /** d yhat_t per direction (Gram mode). */
  readonly dyhat: Float64Array;
}

export function etsTangentWork(spec: EtsSpec, directions: number): EtsTangentWork {
  const size = Math.max(1, spec.m);
  return {
    directions,
    da: new Float64Array(directions),
    dbeta: new Float64Array(directions),
    dg: new Float64Array(directions),
    dphi: new Float64Array(directions),
    dl: new Float64Array(directions),
    db: new Float64Array(directions),
    ds: new Float64Array(size * directions),
    s: new Float64Array(size),
    dyhat: new Float64Array(directions),
  };
}

/**
 * Runs the recursion over y[0..n) from the parameters and initial states in p with the derivatives along
 * `dirs` (indices into p; see the top of this file) and returns the SSE. With `grad` (length >= dirs), writes
 * dSSE/d p[dirs[k]] into grad[k]. With `gram` (q x q, row-major, q = dirs.length) and `rhs` (q), adds
 * sum_t dyhat_t dyhat_t' and sum_t dyhat_t e_t: the normal equations of the initial states when p's initial
 * states are zero and dirs are state directions. No allocation.
 */
export function etsTangent(
  y: Float64Array,
  n: number,
  spec: EtsSpec,
  p: Float64Array,
  dirs: Int32Array,
  work: EtsTangentWork,
  grad: Float64Array | null,
  gram: Float64Array | null,
  rhs: Float64Array | null,
): number {
  const q = dirs.length;
  const m = spec.m;
  const seasonal = spec.season !== 'none';
  const mul = spec.season === 'mul';
  const alpha = p[0]!;
  const beta = spec.trend === 'none' ? 0 : p[1]!;
  const gamma = seasonal ? p[2]! : 0;
  const phi = spec.trend === 'damped' ? p[3]! : 1;
  const { da, dbeta, dg, dphi, dl, db, ds, s, dyhat } = work;
  // Seeds.
  const P = work.directions;
  ds.fill(0, 0, Math.max(1, m) * P);
  for (let k = 0; k < q; k++) {
    const d = dirs[k]!;
    da[k] = d === 0 ? 1 : 0;
    dbeta[k] = d === 1 ? 1 : 0;
    dg[k] = d === 2 ? 1 : 0;
    dphi[k] = d === 3 ? 1 : 0;
    dl[k] = d === 4 ? 1 : 0;
    db[k] = d === 5 ? 1 : 0;
    if (d >= S0) {
      ds[(d - S0) * P + k] = 1;
      if (d - S0 < m - 1) ds[(m - 1) * P + k] = -1;
    }
    if (grad) grad[k] = 0;
  }
  let l = p[4]!;
  let b = spec.trend === 'none' ? 0 : p[5]!;
  for (let i = 0; i < m; i++) s[i] = p[S0 + i]!;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const lp = l + phi * b;
    const si = seasonal ? t % m : 0;
    const st = seasonal ? s[si]! : mul ? 1 : 0;
    const yhat = mul ? lp * st : lp + st;
    const e = yt - yhat;
    sse += e * e;
    const levelInput = mul ? yt / st : yt - st;
    const lNew = alpha * levelInput + (1 - alpha) * lp;
    const trendInnov = lNew - l - phi * b;
    const seasonInput = mul ? yt / lp : yt - lp;
    // d levelInput / d s and d seasonInput / d lp.
    const dInS = mul ? -yt / (st * st) : -1;
    const dSeasLp = mul ? -yt / (lp * lp) : -1;
    const row = si * P;
    for (let k = 0; k < q; k++) {
      const dlp = dl[k]! + phi * db[k]! + dphi[k]! * b;
      const dsk = seasonal ? ds[row + k]! : 0;
      const dy = mul ? dlp * st + lp * dsk : dlp + dsk;
      dyhat[k] = dy;
      const dlNew = da[k]! * (levelInput - lp) + alpha * dInS * dsk + (1 - alpha) * dlp;
      db[k] = dbeta[k]! * trendInnov + beta * (dlNew - dl[k]!) + (1 - beta) * (dphi[k]! * b + phi * db[k]!);
      if (seasonal) ds[row + k] = dg[k]! * (seasonInput - st) + gamma * dSeasLp * dlp + (1 - gamma) * dsk;
      dl[k] = dlNew;
    }
    if (grad) for (let k = 0; k < q; k++) grad[k] = grad[k]! - 2 * e * dyhat[k]!;
    if (gram && rhs)
      for (let j = 0; j < q; j++) {
        const dj = dyhat[j]!;
        rhs[j] = rhs[j]! + dj * e;
        const r = j * q;
        for (let k = 0; k <= j; k++) gram[r + k] = gram[r + k]! + dj * dyhat[k]!;
      }
    b = spec.trend === 'none' ? 0 : beta * (lNew - l) + (1 - beta) * phi * b;
    if (seasonal) s[si] = gamma * seasonInput + (1 - gamma) * st;
    l = lNew;
  }
  return sse;
}
