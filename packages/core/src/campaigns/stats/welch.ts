/**
 * Welch's unequal-variance t interval and test for a difference of means (Welch 1947, Biometrika 34),
 * with the Welch-Satterthwaite degrees of freedom, as scipy.stats.ttest_ind(equal_var=False).
 */
import { roundPValue, studentTQuantile, studentTSurvival } from './distributions.js';
import type { Interval } from './proportions.js';

export interface SampleMoments {
  n: number;
  mean: number;
  /** Sample variance (n - 1 denominator). */
  variance: number;
}

export interface WelchResult extends Interval {
  difference: number;
  t: number;
  df: number;
  pValue: number;
}

/** Moments from a count, a sum and a sum of squares (what a report accumulates). */
export function momentsFromSums(n: number, sum: number, sumSquares: number): SampleMoments {
  if (!(Number.isInteger(n) && n >= 0)) throw new Error(`n must be an integer >= 0, got ${n}`);
  if (n === 0) return { n, mean: Number.NaN, variance: Number.NaN };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSquares - sum * mean) / (n - 1)) : Number.NaN;
  return { n, mean, variance };
}

/** Welch interval and two-sided test for mean(a) - mean(b). */
export function welchDifference(a: SampleMoments, b: SampleMoments, confidence = 0.95): WelchResult {
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must be in (0, 1), got ${confidence}`);
  const difference = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (!(a.n > 1 && b.n > 1) || !(se > 0)) {
    return {
      difference,
      lower: Number.NaN,
      upper: Number.NaN,
      t: Number.NaN,
      df: Number.NaN,
      pValue: Number.NaN,
    };
  }
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = difference / se;
  const q = studentTQuantile(1 - (1 - confidence) / 2, df);
  return {
    difference,
    lower: difference - q * se,
    upper: difference + q * se,
    t,
    df,
    pValue: roundPValue(2 * studentTSurvival(Math.abs(t), df)),
  };
}
