/**
 * Least-squares fit of the ETS models of ./ets.ts, as statsmodels' `initialization_method='estimated'`:
 * smoothing constants and initial states (l0, b0, s_0..s_{m-1}) minimize the in-sample SSE, on the series
 * divided by its mean. L-BFGS runs with the exact gradient of the SSE, by forward-mode differentiation of
 * the recursion (./ets-tangent.ts).
 *
 * Bounds: alpha, beta*, gamma in [0, 1] and phi in [0.8, 0.98] through u = lo + (hi - lo) sin^2(v) (Box
 * 1966). A bound is reached at a finite v where the SSE is smooth in v (quadratic when its slope at the
 * bound points outward), so the optimum at a bound (alpha or beta* = 0 is common on noisy demand) costs a
 * few iterations; a logistic transform only approaches it, ~15 iterations halving the distance.
 *
 * The seasonal states are normalized (sum 0, or mean 1 when multiplicative): the SSE is exactly invariant
 * along that direction (shift the level by c and the seasonals by -c, or scale them), so the normalization
 * costs no fit and removes a flat valley.
 *
 * Without multiplicative seasonality the one-step errors are linear in the initial states for fixed
 * smoothing constants, so the states are concentrated out: at each evaluation they are the least-squares
 * solution of the normal equations (./ets-tangent.ts), and L-BFGS searches over the 1 to 4 smoothing
 * constants alone. The gradient is then the partial derivative at those states (the envelope theorem: the
 * SSE's derivative along the states is zero there). The starts are the best points of a grid of smoothing
 * constants, ranked by the SSE at their least-squares states. Multiplicative seasonality fits all variables
 * jointly, from the best three grid points at heuristic initial states (etsHeuristicStates).
 */
import { choleskyInPlace, choleskySolveInPlace } from '../linalg/cholesky.js';
import { minimizeLbfgs } from '../optimize/lbfgs.js';
import type { Objective, ObjectiveWithGradient } from '../optimize/types.js';
import {
  A,
  B,
  B0,
  type EtsFit,
  type EtsSpec,
  etsFilter,
  etsHeuristicStates,
  etsParamLength,
  G,
  L0,
  PHI,
  PHI_MAX,
  PHI_MIN,
  S0,
} from './ets.js';
import { type EtsTangentWork, etsTangent, etsTangentWork } from './ets-tangent.js';

const unit = (v: number): number => Math.min(1, Math.max(0, v));

/** Indices in the natural layout of the smoothing constants `spec` fits: alpha, beta*, gamma, phi. */
export function smoothingDirections(spec: EtsSpec): Int32Array {
  const out: number[] = [A];
  if (spec.trend !== 'none') out.push(B);
  if (spec.season !== 'none') out.push(G);
  if (spec.trend === 'damped') out.push(PHI);
  return Int32Array.from(out);
}

/** Indices of the free initial states: l0, b0, s_0..s_{m-2} (s_{m-1} follows from the normalization). */
export function stateDirections(spec: EtsSpec): Int32Array {
  const out: number[] = [L0];
  if (spec.trend !== 'none') out.push(B0);
  if (spec.season !== 'none') for (let i = 0; i < spec.m - 1; i++) out.push(S0 + i);
  return Int32Array.from(out);
}

/**
 * Free variables -> natural parameters: the first dirs.length variables are the (transformed) parameters
 * at `dirs`; a seasonal direction also sets s_{m-1} from the normalization. Writes d natural / d free of the
 * transformed ones into `jac` when given.
 */
function unpack(spec: EtsSpec, dirs: Int32Array, x: Float64Array, p: Float64Array, jac?: Float64Array): void {
  let seasonSum = 0;
  let seasonal = false;
  for (let k = 0; k < dirs.length; k++) {
    const d = dirs[k]!;
    const v = x[k]!;
    if (d <= PHI) {
      // u = sin^2(v) in [0, 1]: a bound is reached at a finite v, where the SSE is smooth in v.
      const sn = Math.sin(v);
      const u = sn * sn;
      const du = Math.sin(2 * v);
      const lo = d === PHI ? PHI_MIN : 0;
      const width = d === PHI ? PHI_MAX - PHI_MIN : 1;
      p[d] = lo + width * u;
      if (jac) jac[k] = width * du;
    } else {
      p[d] = v;
      if (jac) jac[k] = 1;
      if (d >= S0) {
        seasonal = true;
        seasonSum += v;
      }
    }
  }
  if (seasonal) p[S0 + spec.m - 1] = (spec.season === 'mul' ? spec.m : 0) - seasonSum;
}

/** Natural parameters -> free variables along `dirs` (inverse of unpack). */
function pack(dirs: Int32Array, p: Float64Array, x: Float64Array): void {
  for (let k = 0; k < dirs.length; k++) {
    const d = dirs[k]!;
    const v = p[d]!;
    x[k] =
      d <= G
        ? Math.asin(Math.sqrt(unit(v)))
        : d === PHI
          ? Math.asin(Math.sqrt(unit((v - PHI_MIN) / (PHI_MAX - PHI_MIN))))
          : v;
  }
}

/** Reused buffers of the concentrated objective. */
interface Concentrator {
  dirs: Int32Array;
  work: EtsTangentWork;
  gram: Float64Array;
  theta: Float64Array;
  rhs: Float64Array;
}

function concentrator(spec: EtsSpec, work: EtsTangentWork): Concentrator {
  const dirs = stateDirections(spec);
  const q = dirs.length;
  return {
    dirs,
    work,
    gram: new Float64Array(q * q),
    theta: new Float64Array(q),
    rhs: new Float64Array(q),
  };
}

/**
 * The least-squares initial states for the smoothing constants in p (spec without multiplicative
 * seasonality): writes them into p and returns the SSE there as the normal equations give it,
 * e0'e0 - (D e0)' theta (for ranking: it loses the digits the two terms share), or NaN when the normal
 * equations are singular (p's states are then the zero states).
 */
function concentrateStates(
  y: Float64Array,
  n: number,
  spec: EtsSpec,
  p: Float64Array,
  c: Concentrator,
): number {
  const { dirs, gram, theta, rhs } = c;
  const q = dirs.length;
  for (let k = 0; k < q; k++) p[dirs[k]!] = 0;
  if (spec.season !== 'none') p[S0 + spec.m - 1] = 0;
  gram.fill(0);
  theta.fill(0);
  const sse0 = etsTangent(y, n, spec, p, dirs, c.work, null, gram, theta);
  for (let j = 0; j < q; j++)
    if (!Number.isFinite(gram[j * q + j]!) || !Number.isFinite(theta[j]!)) return Number.NaN;
  try {
    choleskyInPlace(gram, q);
  } catch {
    return Number.NaN;
  }
  rhs.set(theta);
  choleskySolveInPlace(gram, q, theta);
  let explained = 0;
  let seasonSum = 0;
  for (let k = 0; k < q; k++) {
    const d = dirs[k]!;
    p[d] = theta[k]!;
    explained += rhs[k]! * theta[k]!;
    if (d >= S0) seasonSum += theta[k]!;
  }
  if (spec.season !== 'none') p[S0 + spec.m - 1] = -seasonSum;
  return sse0 - explained;
}

/**
 * The least-squares initial states of `spec` (no multiplicative seasonality) for the smoothing constants
 * in p, written into p (the states of p are overwritten); false when the normal equations are singular.
 */
export function etsConcentratedStates(y: Float64Array, spec: EtsSpec, p: Float64Array): boolean {
  if (spec.season === 'mul')
    throw new Error('etsConcentratedStates: multiplicative seasonality is not linear');
  const q = stateDirections(spec).length;
  return !Number.isNaN(concentrateStates(y, y.length, spec, p, concentrator(spec, etsTangentWork(spec, q))));
}

/**
 * The objective L-BFGS minimizes for `spec` on y, over the free variables (`dirs` in the natural layout,
 * transformed as in `unpack`), and the natural parameters at the last evaluation (`p`). `concentrated`:
 * smoothing constants only, the states by least squares (not for multiplicative seasonality).
 */
export function etsObjective(
  y: Float64Array,
  spec: EtsSpec,
  concentrated: boolean,
): { fg: ObjectiveWithGradient; f: Objective; dirs: Int32Array; p: Float64Array } {
  const n = y.length;
  const smoothing = smoothingDirections(spec);
  const states = stateDirections(spec);
  const dirs = concentrated ? smoothing : Int32Array.from([...smoothing, ...states]);
  const work = etsTangentWork(spec, Math.max(dirs.length, states.length));
  const c = concentrated ? concentrator(spec, work) : null;
  const p = new Float64Array(etsParamLength(spec));
  p[PHI] = 1;
  const jac = new Float64Array(dirs.length);
  const fg = (x: Float64Array, grad: Float64Array): number => {
    unpack(spec, dirs, x, p, jac);
    if (c && Number.isNaN(concentrateStates(y, n, spec, p, c))) return Number.POSITIVE_INFINITY;
    const sse = etsTangent(y, n, spec, p, dirs, work, grad, null, null);
    for (let k = 0; k < dirs.length; k++) grad[k] = grad[k]! * jac[k]!;
    return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
  };
  const state = new Float64Array(2 + spec.m);
  // For ranking starts: concentrated, the SSE as the normal equations give it (no second pass).
  const f = (x: Float64Array): number => {
    unpack(spec, dirs, x, p);
    const sse = c ? concentrateStates(y, n, spec, p, c) : etsFilter(y, n, spec, p, state, null);
    return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
  };
  return { fg, f, dirs, p };
}

// 0.01: on slow-moving noisy demand the best alpha is often near 0 (Online Retail item 21669: 0.0033), a
// minimum that starts from 0.1 up do not reach (bench/forecast.ts compares every item with statsmodels).
const ALPHA_GRID = [0.01, 0.1, 0.3, 0.5, 0.7, 0.9];
const BETA_GRID = [0.01, 0.1, 0.3];
const GAMMA_GRID = [0.01, 0.1, 0.3];
const STARTS = 3;

/** Fits `spec` to y (all parameters and initial states by least squares). */
export function fitEts(y: Float64Array, spec: EtsSpec): EtsFit {
  const n = y.length;
  let scale = 0;
  for (let t = 0; t < n; t++) scale += y[t]!;
  scale = scale > 0 ? scale / n : 1;
  const ys = new Float64Array(n);
  for (let t = 0; t < n; t++) ys[t] = y[t]! / scale;

  const len = etsParamLength(spec);
  const state = new Float64Array(2 + spec.m);
  const base = new Float64Array(len);
  etsHeuristicStates(ys, spec, base);
  base[PHI] = spec.trend === 'damped' ? 0.9 : 1;

  // Grid of smoothing constants: the best few are the optimizer's starts. Ranked by the SSE at the
  // least-squares states where those are concentrated out, else at the heuristic states.
  const concentrated = spec.season !== 'mul';
  const { fg, f, dirs, p: last } = etsObjective(ys, spec, concentrated);
  const betas = spec.trend === 'none' ? [0] : BETA_GRID;
  const gammas = spec.season === 'none' ? [0] : GAMMA_GRID;
  const grid: { a: number; b: number; g: number; sse: number }[] = [];
  const x0 = new Float64Array(dirs.length);
  for (const a of ALPHA_GRID)
    for (const b of betas)
      for (const g of gammas) {
        base[A] = a;
        base[B] = b;
        base[G] = g;
        pack(dirs, base, x0);
        const sse = concentrated ? f(x0) : etsFilter(ys, n, spec, base, state, null);
        grid.push({ a, b, g, sse: Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY });
      }
  grid.sort((u, v) => u.sse - v.sse);

  let best: Float64Array | null = null;
  let bestValue = Number.POSITIVE_INFINITY;
  for (let k = 0; k < Math.min(STARTS, grid.length); k++) {
    const g = grid[k]!;
    base[A] = g.a;
    base[B] = g.b;
    base[G] = g.g;
    pack(dirs, base, x0);
    const res = minimizeLbfgs(fg, x0, { maxIterations: 500, gradientTolerance: 1e-9 * n });
    if (res.value < bestValue) {
      bestValue = res.value;
      best = res.x;
    }
    // Concentrated, the best-ranked start that converges is kept: a second start found a lower SSE on 0.3%
    // to 1.7% of the smooth series of bench/forecast-core.ts, at the cost of a whole fit each time.
    if (concentrated && res.converged) break;
  }
  const p = new Float64Array(len);
  p.set(base);
  if (best) {
    // The natural parameters at the best point (states concentrated again when they were).
    const grad = new Float64Array(dirs.length);
    fg(best, grad);
    p.set(last);
  }
  // Back to the scale of y.
  p[L0] = p[L0]! * scale;
  p[B0] = p[B0]! * scale;
  if (spec.season === 'add') for (let i = 0; i < spec.m; i++) p[S0 + i] = p[S0 + i]! * scale;
  const fitted = new Float64Array(n);
  const sse = etsFilter(y, n, spec, p, state, fitted);
  return { p, sse, fitted, state };
}
