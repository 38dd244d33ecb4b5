import type { ObjectiveWithGradient } from './types.js';

/**
 * Line search for the strong Wolfe conditions (Nocedal & Wright, "Numerical Optimization", 2nd ed.,
 * Algorithms 3.5 and 3.6): find alpha > 0 along a descent direction p with
 *   f(x + alpha p) <= f(x) + c1 alpha g.p            (sufficient decrease)
 *   |g(x + alpha p).p| <= c2 |g.p|                    (curvature)
 * Trial steps inside a bracket come from the cubic that interpolates f and its slope at both ends,
 * safeguarded into the middle 80% of the bracket (bisection when the cubic is unusable). A trial point
 * where f is not finite (NaN, infinity: a step into a region where the model is undefined) is treated as a
 * step that failed sufficient decrease, so the search backs off instead of failing.
 */
export interface WolfeOptions {
  /** Sufficient-decrease constant (default 1e-4). */
  c1?: number;
  /** Curvature constant (default 0.9, the usual choice for quasi-Newton methods). */
  c2?: number;
  /** Largest step tried (default 1e10). */
  maxStep?: number;
  /** Function evaluations allowed in one search (default 40). */
  maxEvaluations?: number;
}

export interface LineSearchResult {
  /** 'wolfe': both conditions hold; 'decrease': only sufficient decrease (search ran out of evaluations); 'failed': no decrease found. */
  status: 'wolfe' | 'decrease' | 'failed';
  step: number;
  /** f at x + step p (f(x) when failed). */
  value: number;
  evaluations: number;
}

/**
 * Searches along `p` from `x` (where f = f0, gradient g0). On success `xOut` and `gOut` hold the accepted
 * point and its gradient. `scratchX`/`scratchG` are work buffers of the same length (no allocation here).
 */
export function wolfeLineSearch(
  fg: ObjectiveWithGradient,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  p: Float64Array,
  initialStep: number,
  xOut: Float64Array,
  gOut: Float64Array,
  scratchX: Float64Array,
  scratchG: Float64Array,
  options: WolfeOptions = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const maxStep = options.maxStep ?? 1e10;
  const maxEvals = options.maxEvaluations ?? 40;
  const n = x.length;
  const d0 = dot(g0, p, n);
  if (!(d0 < 0)) return { status: 'failed', step: 0, value: f0, evaluations: 0 };

  let evals = 0;
  // The best point so far that satisfies sufficient decrease lives in (xOut, gOut).
  let bestStep = 0;
  let bestF = f0;

  // Evaluates phi(a) into scratch buffers; returns [f, slope].
  const phi = (a: number): [number, number] => {
    for (let i = 0; i < n; i++) scratchX[i] = x[i]! + a * p[i]!;
    evals++;
    const f = fg(scratchX, scratchG);
    return [f, Number.isFinite(f) ? dot(scratchG, p, n) : Number.NaN];
  };
  const keep = (a: number, f: number): void => {
    bestStep = a;
    bestF = f;
    xOut.set(scratchX);
    gOut.set(scratchG);
  };
  const armijo = (a: number, f: number): boolean => Number.isFinite(f) && f <= f0 + c1 * a * d0;

  // Zoom on a bracket [lo, hi] (lo satisfies sufficient decrease and has the lower f; the bracket contains
  // a point satisfying the strong Wolfe conditions).
  const zoom = (
    aLo: number,
    fLo: number,
    dLo: number,
    aHi: number,
    fHi: number,
    dHi: number,
  ): LineSearchResult => {
    while (evals < maxEvals) {
      const width = aHi - aLo;
      if (Math.abs(width) <= 1e-16 * Math.max(1, Math.abs(aLo))) break;
      let a =
        Number.isFinite(fHi) && Number.isFinite(dHi) ? cubicMin(aLo, fLo, dLo, aHi, fHi, dHi) : Number.NaN;
      const lo = Math.min(aLo, aHi) + 0.1 * Math.abs(width);
      const hi = Math.max(aLo, aHi) - 0.1 * Math.abs(width);
      if (!Number.isFinite(a) || a < lo || a > hi) a = aLo + 0.5 * width;
      const [f, d] = phi(a);
      if (!armijo(a, f) || f >= fLo) {
        aHi = a;
        fHi = f;
        dHi = d;
      } else {
        keep(a, f);
        if (Math.abs(d) <= -c2 * d0) return { status: 'wolfe', step: a, value: f, evaluations: evals };
        if (d * (aHi - aLo) >= 0) {
          aHi = aLo;
          fHi = fLo;
          dHi = dLo;
        }
        aLo = a;
        fLo = f;
        dLo = d;
      }
    }
    return bestStep > 0
      ? { status: 'decrease', step: bestStep, value: bestF, evaluations: evals }
      : { status: 'failed', step: 0, value: f0, evaluations: evals };
  };

  let aPrev = 0;
  let fPrev = f0;
  let dPrev = d0;
  let a = Math.min(initialStep, maxStep);
  for (let i = 0; evals < maxEvals; i++) {
    const [f, d] = phi(a);
    if (!armijo(a, f) || (i > 0 && f >= fPrev)) return zoom(aPrev, fPrev, dPrev, a, f, d);
    keep(a, f);
    if (Math.abs(d) <= -c2 * d0) return { status: 'wolfe', step: a, value: f, evaluations: evals };
    if (d >= 0) return zoom(a, f, d, aPrev, fPrev, dPrev);
    if (a >= maxStep) break;
    aPrev = a;
    fPrev = f;
    dPrev = d;
    a = Math.min(4 * a, maxStep);
  }
  return bestStep > 0
    ? { status: 'decrease', step: bestStep, value: bestF, evaluations: evals }
    : { status: 'failed', step: 0, value: f0, evaluations: evals };
}

/** Minimizer of the cubic interpolating (a0, f0, d0) and (a1, f1, d1) (Nocedal & Wright eq. 3.59). */
function cubicMin(a0: number, f0: number, d0: number, a1: number, f1: number, d1: number): number {
  const e1 = d0 + d1 - (3 * (f0 - f1)) / (a0 - a1);
  const disc = e1 * e1 - d0 * d1;
  if (!(disc >= 0)) return Number.NaN;
  const e2 = Math.sign(a1 - a0) * Math.sqrt(disc);
  return a1 - (a1 - a0) * ((d1 + e2 - e1) / (d1 - d0 + 2 * e2));
}

export function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}
