/**
 * Normal and Student t distribution functions for the campaign statistics, from the regularized
 * incomplete gamma and beta functions (series and continued fractions as in Press et al., Numerical
 * Recipes, 3rd ed., sections 6.2 and 6.4). Quantiles by bisection on the CDF to full double precision:
 * they are called a few times per report, never in a hot loop.
 */
import { logGamma } from '../../customers/special.js';

const EPS = 1e-16;
const TINY = 1e-300;

/** Significant digits a p-value keeps: float noise of the sums and log-gammas lies beyond them. */
const P_VALUE_DIGITS = 12;

/**
 * A p-value as the tests return it: in [0, 1], rounded to 12 significant digits, so that Fisher's exact
 * test on a table with no conversions gives 1 (as scipy), not 0.9999999999999964. NaN stays NaN.
 */
export function roundPValue(p: number): number {
  if (Number.isNaN(p)) return p;
  return Number(Math.min(1, Math.max(0, p)).toPrecision(P_VALUE_DIGITS));
}

/** Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new Error(`a must be > 0, got ${a}`);
  if (!(x >= 0)) throw new Error(`x must be >= 0, got ${x}`);
  if (x === 0) return 1;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Regularized incomplete beta I_x(a, b). */
export function betaIncomplete(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new Error(`a and b must be > 0, got ${a} and ${b}`);
  if (!(x >= 0 && x <= 1)) throw new Error(`x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** P(Z > z) for a standard normal Z, accurate in the far tail. */
export function normalSurvival(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const q = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z >= 0 ? q : 1 - q;
}

export function normalCdf(z: number): number {
  return normalSurvival(-z);
}

/** P(T > t) for Student's t with df degrees of freedom (df may be fractional, as Welch's). */
export function studentTSurvival(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`df must be > 0, got ${df}`);
  if (Number.isNaN(t)) return Number.NaN;
  const tail = 0.5 * betaIncomplete(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

function bisectQuantile(p: number, name: string, survival: (x: number) => number): number {
  if (!(p > 0 && p < 1)) throw new Error(`${name} must be in (0, 1), got ${p}`);
  let lo = -1;
  let hi = 1;
  while (1 - survival(lo) > p) lo *= 2;
  while (1 - survival(hi) < p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    // Compare in the tail where the CDF is accurate (the distributions are symmetric: CDF(x) = S(-x)).
    const below = p < 0.5 ? survival(-mid) < p : survival(mid) > 1 - p;
    if (below) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const normalQuantileCache = new Map<number, number>();

/** The standard normal quantile (the last few values are cached: reports ask for the same levels). */
export function normalQuantile(p: number): number {
  const cached = normalQuantileCache.get(p);
  if (cached !== undefined) return cached;
  const q = bisectQuantile(p, 'p', normalSurvival);
  if (normalQuantileCache.size >= 16) normalQuantileCache.clear();
  normalQuantileCache.set(p, q);
  return q;
}

/**
 * Student's t quantile with df degrees of freedom: Newton's method on the upper tail from the normal
 * quantile, kept inside a bracket, with bisection as the fallback when Newton stalls.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new Error(`df must be > 0, got ${df}`);
  if (!(p > 0 && p < 1)) throw new Error(`p must be in (0, 1), got ${p}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  const target = 1 - p;
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let t = Math.max(normalQuantile(p), 1e-3);
  for (let i = 0; i < 100; i++) {
    const s = studentTSurvival(t, df);
    if (s > target) lo = t;
    else hi = t;
    const density = Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
    let next = t + (s - target) / density;
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * t;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t)) return next;
    t = next;
  }
  return t;
}
