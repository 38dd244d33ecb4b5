import { checkProbabilityInputs } from './inputs.js';

/**
 * Mean negative log-likelihood of 0/1 labels. Probabilities must lie in [0, 1] (one outside is a model's
 * bug, not a confident guess); 0 and 1 are clipped inside to [eps, 1 - eps] (eps = 2^-52), as
 * scikit-learn's `log_loss` does, so that a wrong certainty costs ln(2^52) = 36.04 instead of Infinity.
 */
export function logLoss(yTrue: ArrayLike<number>, proba: ArrayLike<number>): number {
  checkProbabilityInputs(yTrue, proba);
  const eps = Number.EPSILON;
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(Math.max(proba[i]!, eps), 1 - eps);
    s -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / yTrue.length;
}

/** Mean squared difference between the probability (in [0, 1]) and the 0/1 label. */
export function brierScore(yTrue: ArrayLike<number>, proba: ArrayLike<number>): number {
  checkProbabilityInputs(yTrue, proba);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = proba[i]! - yTrue[i]!;
    s += d * d;
  }
  return s / yTrue.length;
}

export interface CalibrationBin {
  /** Bin edges: a probability p falls in the bin with lower < p <= upper (p = 0 in the first bin). */
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  meanPredicted: number;
  /** Fraction of positives in the bin (NaN when empty). */
  fractionPositive: number;
}

/**
 * A calibration table over `nBins` equal-width bins of [0, 1], binned as scikit-learn's
 * `calibration_curve(strategy='uniform')`; its prob_true/prob_pred are the non-empty bins' fraction
 * positive and mean predicted.
 */
export function calibrationTable(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  nBins = 10,
): CalibrationBin[] {
  checkProbabilityInputs(yTrue, proba);
  const sums = new Float64Array(nBins);
  const positives = new Float64Array(nBins);
  const counts = new Float64Array(nBins);
  // k * (1 / nBins), as numpy.linspace(0, 1, nBins + 1) computes the edges (0.1 * 3 is not 0.3).
  const step = 1 / nBins;
  const edges = Array.from({ length: nBins + 1 }, (_, k) => (k === nBins ? 1 : k * step));
  for (let i = 0; i < yTrue.length; i++) {
    const p = proba[i]!;
    // The first inner edge >= p, as numpy.searchsorted(edges[1:-1], p, side='left').
    let b = 0;
    while (b < nBins - 1 && edges[b + 1]! < p) b++;
    sums[b] = sums[b]! + p;
    positives[b] = positives[b]! + yTrue[i]!;
    counts[b] = counts[b]! + 1;
  }
  return Array.from({ length: nBins }, (_, b) => ({
    lower: edges[b]!,
    upper: edges[b + 1]!,
    count: counts[b]!,
    meanPredicted: counts[b]! > 0 ? sums[b]! / counts[b]! : Number.NaN,
    fractionPositive: counts[b]! > 0 ? positives[b]! / counts[b]! : Number.NaN,
  }));
}
