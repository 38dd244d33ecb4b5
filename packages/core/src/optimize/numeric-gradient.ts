import type { Objective, ObjectiveWithGradient } from './types.js';

export interface NumericalGradientOptions {
  /** 'central' (default, error O(h^2), 2n evaluations) or 'forward' (O(h), n evaluations). */
  method?: 'central' | 'forward';
  /**
   * Relative step: h_i = step * max(1, |x_i|). Defaults to the usual choices, eps^(1/3) ~ 6.1e-6 for
   * central and sqrt(eps) ~ 1.5e-8 for forward differences (eps = 2^-52).
   */
  step?: number;
}

const EPS = 2 ** -52;

/**
 * Finite-difference gradient of `f` at `x`, written into `out` (allocated when omitted) and returned.
 * `x` is perturbed in place and restored exactly. `fx` (f at x) saves one evaluation for forward differences.
 */
export function numericalGradient(
  f: Objective,
  x: Float64Array,
  out: Float64Array = new Float64Array(x.length),
  options: NumericalGradientOptions = {},
  fx?: number,
): Float64Array {
  const central = (options.method ?? 'central') === 'central';
  const rel = options.step ?? (central ? Math.cbrt(EPS) : Math.sqrt(EPS));
  const f0 = central ? 0 : (fx ?? f(x));
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    // Round h so that xi + h is exactly representable and (xi + h) - xi === h.
    const h = xi + rel * Math.max(1, Math.abs(xi)) - xi;
    x[i] = xi + h;
    const fp = f(x);
    if (central) {
      x[i] = xi - h;
      const fm = f(x);
      out[i] = (fp - fm) / (2 * h);
    } else {
      out[i] = (fp - f0) / h;
    }
    x[i] = xi;
  }
  return out;
}

/**
 * Turns a plain objective into an `ObjectiveWithGradient` by finite differences, for L-BFGS on functions
 * without an analytic gradient. Central differences cost 2n + 1 evaluations per call.
 */
export function withNumericalGradient(
  f: Objective,
  options: NumericalGradientOptions = {},
): ObjectiveWithGradient {
  return (x, grad) => {
    const fx = f(x);
    numericalGradient(f, x, grad, options, fx);
    return fx;
  };
}
