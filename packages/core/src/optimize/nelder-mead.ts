import { numericalGradient } from './numeric-gradient.js';
import type { MinimizeResult, Objective, StopReason } from './types.js';

export interface NelderMeadOptions {
  /** Simplex transformations allowed. Default 1000 * n. */
  maxIterations?: number;
  /** Objective evaluations allowed. Default 2000 * n. */
  maxEvaluations?: number;
  /** Stop when every vertex is within this of the best one in every coordinate (and fTolerance holds). Default 1e-8. */
  xTolerance?: number;
  /** ... and every vertex's value is within this of the best value. Default 1e-10. */
  fTolerance?: number;
  /**
   * Dimension-dependent coefficients of Gao & Han (2012), better for n > 4. Default false: the classic
   * reflection 1, expansion 2, contraction 0.5, shrink 0.5.
   */
  adaptive?: boolean;
  /** Starting simplex: x0 and x0 + step_i e_i with step_i = relativeStep * x0_i, or absoluteStep where x0_i = 0 (defaults 0.05 and 0.00025, as SciPy). */
  relativeStep?: number;
  absoluteStep?: number;
}

/**
 * Nelder-Mead downhill simplex (Nelder & Mead 1965, in the form of Lagarias et al. 1998 and SciPy's
 * `minimize(method='Nelder-Mead')`). Derivative-free: the convergence test is on the simplex's spread in
 * x and f; the reported gradient norm is a central-difference estimate at the result (2n evaluations).
 */
export function minimizeNelderMead(
  f: Objective,
  x0: Float64Array,
  options: NelderMeadOptions = {},
): MinimizeResult {
  const n = x0.length;
  const maxIter = options.maxIterations ?? 1000 * n;
  const maxEvals = options.maxEvaluations ?? 2000 * n;
  const xatol = options.xTolerance ?? 1e-8;
  const fatol = options.fTolerance ?? 1e-10;
  const adaptive = options.adaptive ?? false;
  const rhoR = 1;
  const chi = adaptive ? 1 + 2 / n : 2;
  const psi = adaptive ? 0.75 - 1 / (2 * n) : 0.5;
  const sigma = adaptive ? 1 - 1 / n : 0.5;
  const rel = options.relativeStep ?? 0.05;
  const abs = options.absoluteStep ?? 0.00025;

  let evaluations = 0;
  const evalF = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };

  // Simplex: n + 1 vertices, row-major; values fs. order[] keeps vertex indices sorted by value.
  const sim = new Float64Array((n + 1) * n);
  const fs = new Float64Array(n + 1);
  sim.set(x0, 0);
  for (let k = 0; k < n; k++) {
    const row = (k + 1) * n;
    for (let i = 0; i < n; i++) sim[row + i] = x0[i]!;
    const v = x0[k]!;
    sim[row + k] = v !== 0 ? (1 + rel) * v : abs;
  }
  const vertex = (k: number): Float64Array => sim.subarray(k * n, (k + 1) * n);
  for (let k = 0; k <= n; k++) fs[k] = evalF(vertex(k));
  const order = Array.from({ length: n + 1 }, (_, k) => k);
  const sortOrder = (): void => {
    order.sort((a, b) => fs[a]! - fs[b]!);
  };
  sortOrder();

  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const point = (out: Float64Array, t: number): void => {
    // out = centroid + t * (centroid - worst)
    const worst = vertex(order[n]!);
    for (let i = 0; i < n; i++) out[i] = centroid[i]! + t * (centroid[i]! - worst[i]!);
  };
  const replaceWorst = (src: Float64Array, value: number): void => {
    const w = order[n]!;
    sim.set(src, w * n);
    fs[w] = value;
  };

  let iter = 0;
  let reason: StopReason = 'max-iterations';
  if (!Number.isFinite(fs[0]!)) reason = 'non-finite';
  while (reason === 'max-iterations' && iter < maxIter && evaluations < maxEvals) {
    // Convergence: spread of the simplex around the best vertex.
    const best = vertex(order[0]!);
    let xSpread = 0;
    let fSpread = 0;
    for (let k = 1; k <= n; k++) {
      const v = vertex(order[k]!);
      for (let i = 0; i < n; i++) xSpread = Math.max(xSpread, Math.abs(v[i]! - best[i]!));
      fSpread = Math.max(fSpread, Math.abs(fs[order[k]!]! - fs[order[0]!]!));
    }
    if (xSpread <= xatol && fSpread <= fatol) {
      reason = 'step';
      break;
    }
    iter++;

    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const v = vertex(order[k]!);
      for (let i = 0; i < n; i++) centroid[i] = centroid[i]! + v[i]!;
    }
    for (let i = 0; i < n; i++) centroid[i] = centroid[i]! / n;

    const fBest = fs[order[0]!]!;
    const fSecondWorst = fs[order[n - 1]!]!;
    const fWorst = fs[order[n]!]!;
    point(xr, rhoR);
    const fr = evalF(xr);
    let shrink = false;
    if (fr < fBest) {
      point(xe, rhoR * chi);
      const fe = evalF(xe);
      if (fe < fr) replaceWorst(xe, fe);
      else replaceWorst(xr, fr);
    } else if (fr < fSecondWorst) {
      replaceWorst(xr, fr);
    } else if (fr < fWorst) {
      // Outside contraction.
      point(xc, psi * rhoR);
      const fc = evalF(xc);
      if (fc <= fr) replaceWorst(xc, fc);
      else shrink = true;
    } else {
      // Inside contraction.
      point(xc, -psi);
      const fc = evalF(xc);
      if (fc < fWorst) replaceWorst(xc, fc);
      else shrink = true;
    }
    if (shrink) {
      const b = order[0]!;
      const bestRow = b * n;
      for (let k = 1; k <= n; k++) {
        const j = order[k]!;
        const row = j * n;
        for (let i = 0; i < n; i++)
          sim[row + i] = sim[bestRow + i]! + sigma * (sim[row + i]! - sim[bestRow + i]!);
        fs[j] = evalF(vertex(j));
      }
    }
    sortOrder();
  }

  const x = Float64Array.from(vertex(order[0]!));
  const value = fs[order[0]!]!;
  let gradientNorm = Number.NaN;
  if (Number.isFinite(value)) {
    const g = numericalGradient(f, Float64Array.from(x));
    evaluations += 2 * n;
    gradientNorm = 0;
    for (let i = 0; i < n; i++) gradientNorm = Math.max(gradientNorm, Math.abs(g[i]!));
  }
  return {
    x,
    value,
    gradientNorm,
    iterations: iter,
    evaluations,
    converged: reason === 'step',
    reason,
  };
}
