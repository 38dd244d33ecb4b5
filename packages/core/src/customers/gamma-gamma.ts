/**
 * Gamma-Gamma model of monetary value (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value";
 * Colombo & Jiang 1999). A customer's spend per transaction is Gamma(p, nu) around her own mean p/nu,
 * and nu ~ Gamma(q, gamma) across customers. Fitted on customers with at least one repeat purchase, from
 * x (repeat purchases) and m = zbar (mean value of those repeat purchases). Formulas as in `lifetimes`'
 * GammaGammaFitter.
 */
import { type MinimizeResult, minimizeLbfgs } from '../optimize/index.js';
import { digamma, logGamma, logGammaRatio } from './special.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  /** The scale of the Gamma prior on nu (lifetimes calls it v). */
  gamma: number;
}

export interface SpendData {
  /** Repeat purchases per customer. */
  x: Float64Array;
  /** Mean spend per repeat purchase (zbar); ignored where x = 0. */
  m: Float64Array;
}

export interface GammaGammaFitOptions {
  initial?: GammaGammaParams;
  /** L2 penalty on the parameters, lifetimes' `penalizer_coef`. Default 0. */
  penalizer?: number;
  maxIterations?: number;
  gradientTolerance?: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  /** Log-likelihood of the zbar values of the customers used (x > 0). */
  logLikelihood: number;
  /** Customers used in the fit (x > 0). */
  n: number;
  optimizer: MinimizeResult;
}

/**
 * Log density of observing mean spend m over x transactions (Fader & Hardie 2013, eq. 4):
 *   lnG(px+q) - lnG(px) - lnG(q) + q ln(gamma) + (px-1) ln m + px ln x - (px+q) ln(x m + gamma)
 * summed over customers with x > 0 (and m > 0). With `grad`, writes d/d(p, q, gamma) of the sum.
 * Computed as logGammaRatio(q, px) - lnG(px) - q log1p(x m / gamma) - px ln(x m + gamma) + ..., which is
 * the same but keeps its digits when q and gamma run off to a boundary (q = 1e13: the plain form's terms
 * near 4e14 cancel to a log-likelihood off by tens).
 */
function spendLogLikelihood(params: GammaGammaParams, data: SpendData, grad?: Float64Array): number {
  const { p, q, gamma } = params;
  const { x, m } = data;
  const psiQ = grad ? digamma(q) : 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!(xi > 0)) continue;
    const mi = m[i]!;
    const px = p * xi;
    const lm = Math.log(mi);
    const lx = Math.log(xi);
    const lxm = Math.log(xi * mi + gamma);
    const shrink = Math.log1p((xi * mi) / gamma); // ln(x m + gamma) - ln(gamma)
    total += logGammaRatio(q, px) - logGamma(px) - q * shrink + (px - 1) * lm + px * lx - px * lxm;
    if (grad) {
      const psiPxQ = digamma(px + q);
      gp += xi * (psiPxQ - digamma(px) + lm + lx - lxm);
      gq += psiPxQ - psiQ - shrink;
      gg += q / gamma - (px + q) / (xi * mi + gamma);
    }
  }
  if (grad) {
    grad[0] = gp;
    grad[1] = gq;
    grad[2] = gg;
  }
  return total;
}

function usable(data: SpendData): number {
  if (data.x.length !== data.m.length)
    throw new Error(`x and m must have the same length (${data.x.length} vs ${data.m.length})`);
  let n = 0;
  for (let i = 0; i < data.x.length; i++) {
    const xi = data.x[i]!;
    if (!(xi >= 0)) throw new Error(`row ${i}: x must be >= 0 (got ${xi})`);
    if (xi > 0) {
      if (!(data.m[i]! > 0))
        throw new Error(`row ${i}: mean spend m must be > 0 where x > 0 (got ${data.m[i]})`);
      n++;
    }
  }
  return n;
}

/**
 * Log-likelihood of the customers with x > 0. With `grad` (length 3), also writes its analytic gradient
 * with respect to (p, q, gamma).
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  data: SpendData,
  grad?: Float64Array,
): number {
  usable(data);
  if (grad && grad.length !== 3) throw new Error('grad must have length 3 (p, q, gamma)');
  return spendLogLikelihood(params, data, grad);
}

/** Maximum-likelihood fit on the customers with x > 0 (L-BFGS on log-parameters, analytic gradient). */
export function fitGammaGamma(data: SpendData, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const n = usable(data);
  if (n === 0) throw new Error('Gamma-Gamma needs at least one customer with a repeat purchase (x > 0)');
  const init = options.initial ?? { p: 1, q: 1, gamma: 1 };
  const pen = options.penalizer ?? 0;
  const g = new Float64Array(3);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const v0 = Math.exp(theta[0]!);
    const v1 = Math.exp(theta[1]!);
    const v2 = Math.exp(theta[2]!);
    const ll = spendLogLikelihood({ p: v0, q: v1, gamma: v2 }, data, g);
    grad[0] = (-g[0]! / n + 2 * pen * v0) * v0;
    grad[1] = (-g[1]! / n + 2 * pen * v1) * v1;
    grad[2] = (-g[2]! / n + 2 * pen * v2) * v2;
    return -ll / n + pen * (v0 * v0 + v1 * v1 + v2 * v2);
  };
  const opt = minimizeLbfgs(
    objective,
    new Float64Array([Math.log(init.p), Math.log(init.q), Math.log(init.gamma)]),
    {
      maxIterations: options.maxIterations ?? 500,
      gradientTolerance: options.gradientTolerance ?? 1e-9,
      functionTolerance: 1e-15,
    },
  );
  const params = { p: Math.exp(opt.x[0]!), q: Math.exp(opt.x[1]!), gamma: Math.exp(opt.x[2]!) };
  return { params, logLikelihood: spendLogLikelihood(params, data), n, optimizer: opt };
}

/**
 * E[Z | x, zbar]: expected spend per transaction of a customer (Fader & Hardie 2013, eq. 5), a weighted
 * mean of the population mean p gamma / (q - 1) and her own zbar with weight p x / (p x + q - 1).
 * With x = 0 it is the population mean. Needs q > 1.
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = params;
  const populationMean = (p * gamma) / (q - 1);
  if (!(x > 0)) return populationMean;
  const w = (p * x) / (p * x + q - 1);
  return (1 - w) * populationMean + w * m;
}

/** `gammaGammaExpectedSpend` for every customer. */
export function gammaGammaExpectedSpendAll(params: GammaGammaParams, data: SpendData): Float64Array {
  const out = new Float64Array(data.x.length);
  for (let i = 0; i < out.length; i++) out[i] = gammaGammaExpectedSpend(params, data.x[i]!, data.m[i]!);
  return out;
}
