/**
 * Shared types of the minimizers. Parameter vectors are Float64Arrays; objectives never allocate per call
 * on our side (the caller's callback may reuse its own buffers).
 */

/** Objective with gradient: returns f(x) and writes the gradient of f at x into `grad` (same length). */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/** Objective alone (for Nelder-Mead, or to be wrapped by `withNumericalGradient`). */
export type Objective = (x: Float64Array) => number;

/** Why a minimizer stopped. */
export type StopReason =
  /** the gradient's largest component fell below `gradientTolerance` */
  | 'gradient'
  /** the relative decrease of f over one iteration fell below `functionTolerance` */
  | 'function'
  /** the step (L-BFGS) or the simplex (Nelder-Mead) became smaller than `stepTolerance` */
  | 'step'
  /** `maxIterations` or `maxEvaluations` was reached first */
  | 'max-iterations'
  /** no step along the search direction (nor along steepest descent) satisfied the Wolfe conditions */
  | 'line-search-failed'
  /**
   * the line search failed where the gradient is within rounding noise of zero (its largest component at
   * most sqrt(machine epsilon) x max(1, |f|)): no step can lower f in floating point, the minimum is reached
   * to the precision f is computed with (converged)
   */
  | 'precision'
  /** the objective was not finite at the starting point */
  | 'non-finite';

/** What a minimizer returns: the point, the value there and how it got there. */
export interface MinimizeResult {
  /** The best point found (a fresh array). */
  x: Float64Array;
  /** f(x). */
  value: number;
  /**
   * Largest absolute component of the gradient at x (infinity norm). L-BFGS reports the gradient it was
   * given; Nelder-Mead reports a central-difference estimate (2n extra evaluations at the end).
   */
  gradientNorm: number;
  /** Iterations of the method (L-BFGS steps, Nelder-Mead simplex transformations). */
  iterations: number;
  /** Objective evaluations (each L-BFGS evaluation also computes the gradient). */
  evaluations: number;
  /** True when a tolerance was met ('gradient', 'function' or 'step'). */
  converged: boolean;
  reason: StopReason;
}
