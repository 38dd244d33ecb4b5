/**
 * Intervals and tests for conversion rates.
 * - Wilson score interval for one proportion (Wilson 1927, JASA 22).
 * - Difference p1 - p2: Newcombe's hybrid score interval, method 10 of Newcombe (1998), "Interval
 *   estimation for the difference between independent proportions: comparison of eleven methods",
 *   Statistics in Medicine 17(8). It keeps close to nominal coverage at small counts and never leaves
 *   [-1, 1], where the Wald interval fails.
 * - Ratio p1 / p2: the Katz log interval (Katz et al. 1978, Biometrics 34), as scipy.stats.contingency.
 *   relative_risk computes it.
 * - Two-sided p-value: the pooled two-proportion z-test, or Fisher's exact test (two-sided, summing the
 *   tables no more likely than the observed one, as scipy.stats.fisher_exact) when an expected cell count
 *   is under 5 (Cochran's rule).
 */
import { logGamma } from '../../customers/special.js';
import { normalQuantile, normalSurvival, roundPValue } from './distributions.js';

export interface Interval {
  lower: number;
  upper: number;
}

export function checkCounts(name: string, successes: number, trials: number): void {
  if (!(Number.isInteger(trials) && trials >= 0))
    throw new Error(`${name}: trials must be an integer >= 0, got ${trials}`);
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= trials)) {
    throw new Error(`${name}: successes must be an integer in [0, trials = ${trials}], got ${successes}`);
  }
}

export function zForConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must be in (0, 1), got ${confidence}`);
  return normalQuantile(1 - (1 - confidence) / 2);
}

/** Wilson score interval for successes / trials (NaN bounds when trials = 0). */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  checkCounts('wilsonInterval', successes, trials);
  if (trials === 0) return { lower: Number.NaN, upper: Number.NaN };
  const z = zForConfidence(confidence);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return { lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
}

/** Newcombe's hybrid score interval (method 10) for p1 - p2. */
export function newcombeDifferenceInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): Interval {
  if (n1 === 0 || n2 === 0) return { lower: Number.NaN, upper: Number.NaN };
  const a = wilsonInterval(x1, n1, confidence);
  const b = wilsonInterval(x2, n2, confidence);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return {
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
  };
}

/** Katz log interval for the ratio p1 / p2 (NaN bounds when a count is 0). */
export function relativeRiskInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): Interval {
  checkCounts('relativeRiskInterval (treated)', x1, n1);
  checkCounts('relativeRiskInterval (control)', x2, n2);
  if (x1 === 0 || x2 === 0) return { lower: Number.NaN, upper: Number.NaN };
  const z = zForConfidence(confidence);
  const logRr = Math.log(x1 / n1 / (x2 / n2));
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return { lower: Math.exp(logRr - z * se), upper: Math.exp(logRr + z * se) };
}

/** Pooled two-proportion z-test: the statistic and its two-sided p-value. */
export function twoProportionZTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): { z: number; pValue: number } {
  checkCounts('twoProportionZTest (treated)', x1, n1);
  checkCounts('twoProportionZTest (control)', x2, n2);
  if (n1 === 0 || n2 === 0) return { z: Number.NaN, pValue: Number.NaN };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, pValue: roundPValue(2 * normalSurvival(Math.abs(z))) };
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Fisher's exact test, two-sided, on the table [[x1, n1 - x1], [x2, n2 - x2]]. */
export function fisherExactTwoSided(x1: number, n1: number, x2: number, n2: number): number {
  checkCounts('fisherExactTwoSided (treated)', x1, n1);
  checkCounts('fisherExactTwoSided (control)', x2, n2);
  const total = x1 + x2;
  const lo = Math.max(0, total - n2);
  const hi = Math.min(n1, total);
  const denom = logChoose(n1 + n2, total);
  const logP = (k: number) => logChoose(n1, k) + logChoose(n2, total - k) - denom;
  const observed = logP(x1);
  // Same relative tolerance as scipy.stats.fisher_exact.
  const threshold = observed + Math.log1p(1e-7);
  let p = 0;
  for (let k = lo; k <= hi; k++) {
    const lp = logP(k);
    if (lp <= threshold) p += Math.exp(lp);
  }
  return roundPValue(p);
}

/** Whether Cochran's rule (every expected cell count at least 5) holds for the 2 x 2 table. */
export function expectedCellsAtLeastFive(x1: number, n1: number, x2: number, n2: number): boolean {
  const n = n1 + n2;
  const successes = x1 + x2;
  const failures = n - successes;
  const minCell = Math.min(n1, n2) * Math.min(successes, failures);
  return n > 0 && minCell / n >= 5;
}
