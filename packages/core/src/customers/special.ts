/**
 * Special functions for the customer-base models: log-gamma, digamma, log-sum-exp and the Gauss
 * hypergeometric series. Positive real arguments only (all the models need).
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Gamma(x) for x > 0: the recurrence Gamma(x) = Gamma(x + k) / (x (x+1) ... (x+k-1)) lifts x to >= 10,
 * then Stirling's series to the x^-13 term (error below 1e-15 relative there). NaN for x <= 0.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  let shift = 0;
  if (x < 10) {
    // Product x (x+1) ... kept as one float (at most 10 factors < 20, no overflow).
    let prod = 1;
    while (x < 10) {
      prod *= x;
      x += 1;
    }
    shift = Math.log(prod);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 *
            (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156)))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/**
 * ln Gamma(q + a) - ln Gamma(q) for q, a > 0, without the cancellation of the plain difference when q is
 * large (both terms near q ln q: at q = 1e13 the difference of two logGamma values keeps no digit of a
 * difference near 1). From q = 1e4 on, Stirling's series of the two terms combined:
 * (q - 1/2) log1p(a/q) + a ln(q + a) - a + S(q + a) - S(q), S(z) = 1/(12 z) - 1/(360 z^3) + 1/(1260 z^5).
 */
export function logGammaRatio(q: number, a: number): number {
  if (!(q > 0) || !(a > 0)) return Number.NaN;
  if (q < 1e4) return logGamma(q + a) - logGamma(q);
  const tail = (z: number): number => {
    const inv = 1 / z;
    const inv2 = inv * inv;
    return inv * (1 / 12 + inv2 * (-1 / 360 + inv2 / 1260));
  };
  return (q - 0.5) * Math.log1p(a / q) + a * Math.log(q + a) - a + (tail(q + a) - tail(q));
}

/**
 * Digamma psi(x) = d/dx ln Gamma(x) for x > 0: recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then
 * the asymptotic series ln x - 1/(2x) - sum B_2k / (2k x^2k).
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv2 *
    (1 / 12 -
      inv2 *
        (1 / 120 -
          inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return acc + Math.log(x) - 0.5 * inv - series;
}

/** ln(e^a + e^b) without overflow or underflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln sum_i e^{v_i} over a typed array (or array), stable. -Infinity for an empty input. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === Number.NEGATIVE_INFINITY || !Number.isFinite(max)) return max;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i]! - max);
  return max + Math.log(s);
}

/**
 * 2F1(a, b; c; z) - 1 by the Gauss series sum_{n>=1} (a)_n (b)_n / ((c)_n n!) z^n, for 0 <= z < 1.
 * Returning the sum minus its leading 1 lets callers form 1 - (...) * 2F1 without cancellation (with
 * Math.log1p / Math.expm1). Terms are accumulated until they no longer change the sum; NaN when c is a
 * non-positive integer or the series has not converged after 1e6 terms (z too close to 1).
 */
export function hyp2f1Minus1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) return Number.NaN;
  if (c <= 0 && Number.isInteger(c)) return Number.NaN;
  let term = 1;
  let sum = 0;
  for (let n = 0; n < 1_000_000; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    const next = sum + term;
    // Stop once a term no longer changes the sum and the terms are shrinking from here on.
    if (term === 0 || (next === sum && Math.abs(ratio) < 1)) return next;
    sum = next;
    if (!Number.isFinite(sum)) return Number.NaN;
  }
  return Number.NaN;
}

/** 2F1(a, b; c; z) for 0 <= z < 1 (see `hyp2f1Minus1`). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  return 1 + hyp2f1Minus1(a, b, c, z);
}
