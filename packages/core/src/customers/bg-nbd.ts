/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat buying, Fader, Hardie & Lee
 * (2005), "Counting Your Customers the Easy Way: An Alternative to the Pareto/NBD Model", Marketing
 * Science 24(2). While alive a customer buys at Poisson rate lambda ~ Gamma(r, alpha); after each purchase
 * she drops out with probability p ~ Beta(a, b).
 *
 * Per customer: x = repeat purchases, t_x = time of the last purchase, T = time since the first purchase
 * (all in one time unit, measured from the first purchase; t_x = 0 when x = 0). Formulas follow the paper
 * and the `lifetimes` package (BetaGeoFitter), which the tests and bench/peers/clv.py check against.
 */
import { type MinimizeResult, minimizeLbfgs } from '../optimize/index.js';
import { digamma, hyp2f1Minus1, logGamma } from './special.js';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Per-customer summary columns (same length). */
export interface RepeatPurchaseData {
  /** Repeat purchases (frequency). */
  x: Float64Array;
  /** Time of the last purchase since the first (recency in lifetimes' sense); 0 when x = 0. */
  tx: Float64Array;
  /** Time from the first purchase to the end of the observation period. */
  T: Float64Array;
  /** Optional weight per row (e.g. the number of customers sharing this (x, t_x, T)). */
  weights?: Float64Array;
}

export interface BgNbdFitOptions {
  /** Starting parameters (default r = alpha = a = b = 1, as lifetimes). */
  initial?: BgNbdParams;
  /** L2 penalty on the parameters, lifetimes' `penalizer_coef` (added to the mean negative log-likelihood). Default 0. */
  penalizer?: number;
  maxIterations?: number;
  /** Gradient tolerance on the mean negative log-likelihood in log-parameters. Default 1e-9. */
  gradientTolerance?: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Total log-likelihood (sum over customers, weighted), as reported in the paper. */
  logLikelihood: number;
  /** Customers (sum of weights). */
  n: number;
  /** The optimizer's report (on the mean negative log-likelihood in log-parameters). */
  optimizer: MinimizeResult;
}

function checkData(data: RepeatPurchaseData): number {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n)) {
    throw new Error(
      `x, tx, T (and weights) must have the same length; got ${n}, ${data.tx.length}, ${data.T.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const x = data.x[i]!;
    const tx = data.tx[i]!;
    const T = data.T[i]!;
    if (!(x >= 0) || !(tx >= 0) || !(T >= tx) || !Number.isFinite(T) || (x === 0 && tx !== 0)) {
      throw new Error(
        `row ${i}: need x >= 0, 0 <= t_x <= T, and t_x = 0 when x = 0 (got x=${x}, t_x=${tx}, T=${T})`,
      );
    }
  }
  return n;
}

/**
 * Log-likelihood of one customer (paper eq. 6, in log form with log-sum-exp):
 *   ln L = lnG(r+x) - lnG(r) + r ln(alpha) + lnG(a+b) + lnG(b+x) - lnG(b) - lnG(a+b+x)
 *          + ln[ (alpha+T)^-(r+x) + [x>0] a/(b+x-1) (alpha+t_x)^-(r+x) ]
 * With `grad` (length 4), adds d lnL / d(r, alpha, a, b) times `weight` into it.
 */
function customerLogLikelihood(
  r: number,
  alpha: number,
  a: number,
  b: number,
  x: number,
  tx: number,
  T: number,
  lgR: number,
  lgAB: number,
  lgB: number,
  grad?: Float64Array,
  weight = 1,
  psiR = 0,
  psiAB = 0,
  psiB = 0,
): number {
  const rx = r + x;
  const A1 = logGamma(rx) - lgR + r * Math.log(alpha);
  const A2 = lgAB + logGamma(b + x) - lgB - logGamma(a + b + x);
  const lAT = Math.log(alpha + T);
  const A3 = -rx * lAT;
  if (x === 0) {
    if (grad) {
      grad[0] = grad[0]! + weight * (Math.log(alpha) - lAT); // psi(r+0) - psi(r) = 0
      grad[1] = grad[1]! + weight * (r / alpha - rx / (alpha + T));
      // A2 = 0 when x = 0 (its terms cancel), so no a or b gradient.
    }
    return A1 + A2 + A3;
  }
  const lAt = Math.log(alpha + tx);
  const A4 = Math.log(a) - Math.log(b + x - 1) - rx * lAt;
  const max = Math.max(A3, A4);
  const e3 = Math.exp(A3 - max);
  const e4 = Math.exp(A4 - max);
  const ll = A1 + A2 + max + Math.log(e3 + e4);
  if (grad) {
    const w3 = e3 / (e3 + e4);
    const w4 = 1 - w3;
    const psiABx = digamma(a + b + x);
    grad[0] = grad[0]! + weight * (digamma(rx) - psiR + Math.log(alpha) - w3 * lAT - w4 * lAt);
    grad[1] = grad[1]! + weight * (r / alpha - w3 * (rx / (alpha + T)) - w4 * (rx / (alpha + tx)));
    grad[2] = grad[2]! + weight * (psiAB - psiABx + w4 / a);
    grad[3] = grad[3]! + weight * (psiAB + digamma(b + x) - psiB - psiABx - w4 / (b + x - 1));
  }
  return ll;
}

/**
 * Total (weighted) log-likelihood of the data under `params`. With `grad` (length 4), also writes its
 * analytic gradient with respect to (r, alpha, a, b).
 */
export function bgnbdLogLikelihood(
  params: BgNbdParams,
  data: RepeatPurchaseData,
  grad?: Float64Array,
): number {
  const n = checkData(data);
  if (grad && grad.length !== 4) throw new Error('grad must have length 4 (r, alpha, a, b)');
  return logLikelihoodAndGradient(params, data, n, grad);
}

function logLikelihoodAndGradient(
  p: BgNbdParams,
  data: RepeatPurchaseData,
  n: number,
  grad?: Float64Array,
): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T, weights } = data;
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b);
  const lgB = logGamma(b);
  const psiR = grad ? digamma(r) : 0;
  const psiAB = grad ? digamma(a + b) : 0;
  const psiB = grad ? digamma(b) : 0;
  if (grad) grad.fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    total +=
      w *
      customerLogLikelihood(r, alpha, a, b, x[i]!, tx[i]!, T[i]!, lgR, lgAB, lgB, grad, w, psiR, psiAB, psiB);
  }
  return total;
}

/**
 * Maximum-likelihood fit. The optimizer works on log-parameters (so all four stay positive) and minimizes
 * the mean negative log-likelihood (plus lifetimes' optional L2 penalty) with L-BFGS and the analytic
 * gradient.
 */
export function fitBgNbd(data: RepeatPurchaseData, options: BgNbdFitOptions = {}): BgNbdFit {
  const n = checkData(data);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += data.weights ? data.weights[i]! : 1;
  if (!(totalWeight > 0)) throw new Error('no customers to fit');
  const init = options.initial ?? { r: 1, alpha: 1, a: 1, b: 1 };
  const pen = options.penalizer ?? 0;
  const g = new Float64Array(4);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const p = {
      r: Math.exp(theta[0]!),
      alpha: Math.exp(theta[1]!),
      a: Math.exp(theta[2]!),
      b: Math.exp(theta[3]!),
    };
    const ll = logLikelihoodAndGradient(p, data, n, g);
    const vals = [p.r, p.alpha, p.a, p.b];
    let penalty = 0;
    for (let k = 0; k < 4; k++) {
      const v = vals[k]!;
      penalty += v * v;
      // d/dtheta_k of (-ll/W + pen * v^2) with v = exp(theta_k).
      grad[k] = (-g[k]! / totalWeight + 2 * pen * v) * v;
    }
    return -ll / totalWeight + pen * penalty;
  };
  const theta0 = new Float64Array([
    Math.log(init.r),
    Math.log(init.alpha),
    Math.log(init.a),
    Math.log(init.b),
  ]);
  const opt = minimizeLbfgs(objective, theta0, {
    maxIterations: options.maxIterations ?? 500,
    gradientTolerance: options.gradientTolerance ?? 1e-9,
    functionTolerance: 1e-15,
  });
  const params = {
    r: Math.exp(opt.x[0]!),
    alpha: Math.exp(opt.x[1]!),
    a: Math.exp(opt.x[2]!),
    b: Math.exp(opt.x[3]!),
  };
  return { params, logLikelihood: logLikelihoodAndGradient(params, data, n), n: totalWeight, optimizer: opt };
}

/**
 * 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b-1+x; z): the bracket shared by the conditional and unconditional
 * expectations. It is (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z) rewritten by Euler's transformation
 * 2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z), whose series converges fast and has terms that do
 * not grow with x (lifetimes evaluates the untransformed series and falls back to this one on overflow).
 */
function expectationBracket(r: number, a: number, b: number, x: number, z: number): number {
  if (z === 0) return 0;
  const s = hyp2f1Minus1(a + b - 1 - r, a - 1, a + b - 1 + x, z);
  // 1 - exp((a-1) ln(1-z) + ln(1 + s)), without cancellation when the product is near 1. With a + b < 1
  // (a fit with little dropout) the series' c = a+b-1+x is negative for x = 0 and the 2F1 can be too:
  // the product is then negative, nowhere near 1, and is taken as it is.
  if (s <= -1) return 1 - (1 - z) ** (a - 1) * (1 + s);
  return -Math.expm1((a - 1) * Math.log1p(-z) + Math.log1p(s));
}

/**
 * E[X(t)]: expected purchases in (0, t] of a new customer (paper eq. 7):
 *   (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))].
 * Needs a != 1.
 */
export function bgnbdExpectedPurchases(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  if (t <= 0) return 0;
  return ((a + b - 1) / (a - 1)) * expectationBracket(r, a, b, 0, t / (alpha + t));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] of a customer with history (x, t_x, T) (paper eq. 10):
 *   (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]
 *   / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)).
 */
export function bgnbdConditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = params;
  if (t <= 0) return 0;
  const numerator = ((a + b + x - 1) / (a - 1)) * expectationBracket(r, a, b, x, t / (alpha + T + t));
  if (x === 0) return numerator;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  // numerator / (1 + e^logOdds), stable for large logOdds.
  return logOdds > 0
    ? (numerator * Math.exp(-logOdds)) / (1 + Math.exp(-logOdds))
    : numerator / (1 + Math.exp(logOdds));
}

/**
 * P(alive | x, t_x, T) (paper eq. 13): 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)).
 * A customer with no repeat purchase is alive for sure under BG/NBD (dropout happens only after a purchase).
 */
export function bgnbdProbabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/** `bgnbdConditionalExpectedPurchases` for every customer of `data`, horizon t. */
export function bgnbdPredict(params: BgNbdParams, t: number, data: RepeatPurchaseData): Float64Array {
  const n = data.x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    out[i] = bgnbdConditionalExpectedPurchases(params, t, data.x[i]!, data.tx[i]!, data.T[i]!);
  return out;
}

/** `bgnbdProbabilityAlive` for every customer of `data`. */
export function bgnbdProbabilityAliveAll(params: BgNbdParams, data: RepeatPurchaseData): Float64Array {
  const n = data.x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = bgnbdProbabilityAlive(params, data.x[i]!, data.tx[i]!, data.T[i]!);
  return out;
}
