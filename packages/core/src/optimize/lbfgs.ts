import { dot, type WolfeOptions, wolfeLineSearch } from './line-search.js';
import type { MinimizeResult, ObjectiveWithGradient, StopReason } from './types.js';

/** sqrt(machine epsilon): a gradient this small relative to f is rounding noise (see 'precision'). */
const ROUNDING_NOISE = Math.sqrt(Number.EPSILON);
export interface LbfgsOptions {
  /** Correction pairs kept (memory is 2 * memory * n numbers). Default 10. */
  memory?: number;
  /** Iterations allowed. Default 1000. */
  maxIterations?: number;
  /** Objective evaluations allowed. Default 20 * maxIterations. */
  maxEvaluations?: number;
  /** Stop when max_i |g_i| <= gradientTolerance. Default 1e-6. */
  gradientTolerance?: number;
  /**
   * Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= functionTolerance, as SciPy's L-BFGS-B `ftol`.
   * Default 1e-12 (set 0 to rely on the gradient test alone).
   */
  functionTolerance?: number;
  /** Stop when the accepted step moves no coordinate by more than this. Default 1e-14. */
  stepTolerance?: number;
  /** Line-search constants (strong Wolfe; c1 = 1e-4, c2 = 0.9 by default). */
  lineSearch?: WolfeOptions;
}

/**
 * Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with the two-loop recursion, the scaling
 * H0 = (s'y / y'y) I, and a strong-Wolfe line search. Memory is bounded: `memory` pairs (s, y) plus a few
 * work vectors, all allocated once. A pair with s'y <= 0 (not positive curvature) is skipped. If a line
 * search fails, the memory is cleared and steepest descent is tried once before giving up.
 */
export function minimizeLbfgs(
  fg: ObjectiveWithGradient,
  x0: Float64Array,
  options: LbfgsOptions = {},
): MinimizeResult {
  const n = x0.length;
  const m = Math.max(1, options.memory ?? 10);
  const maxIter = options.maxIterations ?? 1000;
  const maxEvals = options.maxEvaluations ?? 20 * maxIter;
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.functionTolerance ?? 1e-12;
  const xtol = options.stepTolerance ?? 1e-14;

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const scratchX = new Float64Array(n);
  const scratchG = new Float64Array(n);
  const p = new Float64Array(n);
  const alphaBuf = new Float64Array(m);
  const rho = new Float64Array(m);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    S.push(new Float64Array(n));
    Y.push(new Float64Array(n));
  }
  let stored = 0; // pairs in memory
  let head = 0; // slot of the next pair to write
  let gamma = 1;

  let evaluations = 1;
  let f = fg(x, g);
  const result = (reason: StopReason, iterations: number): MinimizeResult => ({
    x,
    value: f,
    gradientNorm: infNorm(g),
    iterations,
    evaluations,
    converged: reason === 'gradient' || reason === 'function' || reason === 'step' || reason === 'precision',
    reason,
  });
  if (!Number.isFinite(f) || !allFinite(g)) return result('non-finite', 0);
  if (infNorm(g) <= gtol) return result('gradient', 0);

  let iter = 0;
  let retriedSteepest = false;
  while (iter < maxIter) {
    // Direction p = -H g by the two-loop recursion.
    for (let i = 0; i < n; i++) p[i] = -g[i]!;
    for (let k = 0; k < stored; k++) {
      const j = (head - 1 - k + m) % m;
      const a = rho[j]! * dot(S[j]!, p, n);
      alphaBuf[j] = a;
      const y = Y[j]!;
      for (let i = 0; i < n; i++) p[i] = p[i]! - a * y[i]!;
    }
    const scale = stored > 0 ? gamma : 1;
    for (let i = 0; i < n; i++) p[i] = p[i]! * scale;
    for (let k = stored - 1; k >= 0; k--) {
      const j = (head - 1 - k + m) % m;
      const b = rho[j]! * dot(Y[j]!, p, n);
      const s = S[j]!;
      const a = alphaBuf[j]!;
      for (let i = 0; i < n; i++) p[i] = p[i]! + (a - b) * s[i]!;
    }
    // First step (no curvature information yet): unit step scaled so the first move has length <= 1.
    const pNorm = Math.sqrt(dot(p, p, n));
    const initial = stored === 0 ? Math.min(1, 1 / pNorm) : 1;

    const remaining = maxEvals - evaluations;
    if (remaining <= 0) return result('max-iterations', iter);
    const ls = wolfeLineSearch(fg, x, f, g, p, initial, xNew, gNew, scratchX, scratchG, {
      ...options.lineSearch,
      maxEvaluations: Math.min(options.lineSearch?.maxEvaluations ?? 40, remaining),
    });
    evaluations += ls.evaluations;
    if (ls.status === 'failed') {
      if (stored > 0 && !retriedSteepest) {
        stored = 0;
        head = 0;
        retriedSteepest = true;
        continue;
      }
      // At the minimum to float precision the Wolfe conditions cannot hold (f does not decrease in
      // floating point): a converged fit, which Gamma-Gamma on Online Retail was told it was not (its
      // gradient 1.6e-9, SciPy's L-BFGS-B at the same parameters and log-likelihood).
      return result(
        infNorm(g) <= ROUNDING_NOISE * Math.max(1, Math.abs(f)) ? 'precision' : 'line-search-failed',
        iter,
      );
    }
    retriedSteepest = false;
    iter++;

    // s = xNew - x, y = gNew - g, stored in the ring buffer when the curvature is positive.
    const s = S[head]!;
    const y = Y[head]!;
    let maxMove = 0;
    for (let i = 0; i < n; i++) {
      const si = xNew[i]! - x[i]!;
      s[i] = si;
      y[i] = gNew[i]! - g[i]!;
      const move = Math.abs(si);
      if (move > maxMove) maxMove = move;
    }
    const sy = dot(s, y, n);
    const yy = dot(y, y, n);
    if (sy > 1e-12 * Math.sqrt(dot(s, s, n) * yy)) {
      rho[head] = 1 / sy;
      gamma = sy / yy;
      head = (head + 1) % m;
      if (stored < m) stored++;
    }

    const fOld = f;
    f = ls.value;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];

    if (infNorm(g) <= gtol) return result('gradient', iter);
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) return result('function', iter);
    if (maxMove <= xtol) return result('step', iter);
    if (evaluations >= maxEvals) return result('max-iterations', iter);
  }
  return result('max-iterations', iter);
}

function infNorm(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}
