import { describe, expect, it } from 'vitest';
import {
  minimizeLbfgs,
  minimizeNelderMead,
  numericalGradient,
  type ObjectiveWithGradient,
  withNumericalGradient,
  wolfeLineSearch,
} from '../../src/index.js';

// Rosenbrock in n dimensions (the chained form), minimum 0 at (1, ..., 1).
const rosenbrock: ObjectiveWithGradient = (x, g) => {
  const n = x.length;
  let f = 0;
  g.fill(0);
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i] = g[i]! - 400 * x[i]! * a - 2 * b;
    g[i + 1] = g[i + 1]! + 200 * a;
  }
  return f;
};
const rosenbrockValue = (x: Float64Array): number => rosenbrock(x, new Float64Array(x.length));

describe('L-BFGS', () => {
  it('minimizes the 2-D Rosenbrock function from (-1.2, 1) and reports convergence', () => {
    const res = minimizeLbfgs(rosenbrock, new Float64Array([-1.2, 1]), {
      gradientTolerance: 1e-10,
      functionTolerance: 0,
    });
    expect(res.converged).toBe(true);
    expect(res.reason).toBe('gradient');
    expect(res.x[0]).toBeCloseTo(1, 8);
    expect(res.x[1]).toBeCloseTo(1, 8);
    expect(res.value).toBeLessThan(1e-16);
    expect(res.gradientNorm).toBeLessThanOrEqual(1e-10);
    expect(res.iterations).toBeGreaterThan(10);
    expect(res.iterations).toBeLessThan(100);
    expect(res.evaluations).toBeGreaterThanOrEqual(res.iterations);
  });

  it('minimizes a 100-D Rosenbrock function with 5 memory pairs', () => {
    const x0 = new Float64Array(100).fill(-1);
    x0[0] = -1.2;
    const res = minimizeLbfgs(rosenbrock, x0, { memory: 5, gradientTolerance: 1e-8, maxIterations: 2000 });
    expect(res.converged).toBe(true);
    for (const v of res.x) expect(v).toBeCloseTo(1, 5);
  });

  it('solves a convex quadratic', () => {
    // f = 1/2 x'Ax - b'x with A = diag(1..20): x* = b / diag.
    const n = 20;
    const b = Float64Array.from({ length: n }, (_, i) => i - 7);
    const f: ObjectiveWithGradient = (x, g) => {
      let v = 0;
      for (let i = 0; i < n; i++) {
        g[i] = (i + 1) * x[i]! - b[i]!;
        v += 0.5 * (i + 1) * x[i]! * x[i]! - b[i]! * x[i]!;
      }
      return v;
    };
    const res = minimizeLbfgs(f, new Float64Array(n), { gradientTolerance: 1e-6, functionTolerance: 0 });
    // (Tighter gradient tests are limited by f's own rounding: near the minimum f changes by g^2 / 2.)
    expect(res.reason).toBe('gradient');
    expect(res.gradientNorm).toBeLessThanOrEqual(1e-6);
    for (let i = 0; i < n; i++) expect(Math.abs(res.x[i]! - b[i]! / (i + 1))).toBeLessThan(1e-6 / (i + 1));
  });

  it('backs off from steps where the objective is not finite', () => {
    // -log(x) + x, defined only for x > 0, minimum at x = 1; the first trial steps overshoot into x <= 0.
    const f: ObjectiveWithGradient = (x, g) => {
      const v = x[0]!;
      g[0] = -1 / v + 1;
      return v > 0 ? -Math.log(v) + v : Number.NaN;
    };
    const res = minimizeLbfgs(f, new Float64Array([0.05]));
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
  });

  it('says when it stopped on the iteration limit, and when the start is not finite', () => {
    const res = minimizeLbfgs(rosenbrock, new Float64Array([-1.2, 1]), { maxIterations: 3 });
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('max-iterations');
    expect(res.iterations).toBe(3);
    const bad = minimizeLbfgs(() => Number.NaN, new Float64Array([0]));
    expect(bad.reason).toBe('non-finite');
    expect(bad.converged).toBe(false);
  });

  it('calls a line search that fails within rounding noise of the minimum converged, and one elsewhere not', () => {
    // f's rounding, made explicit: any point but the start evaluates higher by `noise`, so no step
    // satisfies the Wolfe conditions. From 5e-10 off the minimum the gradient (1e-9) is within
    // sqrt(eps) x f of zero: converged ('precision'). From 1e-3 off (gradient 2e-3) it is not.
    const noisy = (start: number, noise: number) => (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * (x[0]! - 3);
      return (x[0]! - 3) ** 2 + 5 + (x[0] === start ? 0 : noise);
    };
    const near = 3 + 5e-10;
    const done = minimizeLbfgs(noisy(near, 1e-15), new Float64Array([near]), { gradientTolerance: 0 });
    expect([done.reason, done.converged, done.x[0]]).toEqual(['precision', true, near]);
    const far = 3 + 1e-3;
    const stuck = minimizeLbfgs(noisy(far, 1), new Float64Array([far]), { gradientTolerance: 0 });
    expect([stuck.reason, stuck.converged]).toEqual(['line-search-failed', false]);
  });

  it('works with a numerical gradient', () => {
    const res = minimizeLbfgs(withNumericalGradient(rosenbrockValue), new Float64Array([-1.2, 1]), {
      gradientTolerance: 1e-7,
    });
    expect(res.x[0]).toBeCloseTo(1, 5);
    expect(res.x[1]).toBeCloseTo(1, 5);
  });
});

describe('strong Wolfe line search', () => {
  it('returns a step that satisfies both conditions', () => {
    const x = new Float64Array([-1.2, 1]);
    const g0 = new Float64Array(2);
    const f0 = rosenbrock(x, g0);
    const p = Float64Array.from(g0, (v) => -v);
    const xOut = new Float64Array(2);
    const gOut = new Float64Array(2);
    const c1 = 1e-4;
    const c2 = 0.9;
    const ls = wolfeLineSearch(
      rosenbrock,
      x,
      f0,
      g0,
      p,
      1,
      xOut,
      gOut,
      new Float64Array(2),
      new Float64Array(2),
      {
        c1,
        c2,
      },
    );
    expect(ls.status).toBe('wolfe');
    const d0 = g0[0]! * p[0]! + g0[1]! * p[1]!;
    const d1 = gOut[0]! * p[0]! + gOut[1]! * p[1]!;
    expect(ls.value).toBeLessThanOrEqual(f0 + c1 * ls.step * d0);
    expect(Math.abs(d1)).toBeLessThanOrEqual(c2 * Math.abs(d0));
    expect(xOut[0]).toBeCloseTo(x[0]! + ls.step * p[0]!, 14);
    expect(rosenbrockValue(xOut)).toBe(ls.value);
  });

  it('fails cleanly on an ascent direction', () => {
    const x = new Float64Array([-1.2, 1]);
    const g0 = new Float64Array(2);
    const f0 = rosenbrock(x, g0);
    const ls = wolfeLineSearch(
      rosenbrock,
      x,
      f0,
      g0,
      g0.slice(),
      1,
      new Float64Array(2),
      new Float64Array(2),
      new Float64Array(2),
      new Float64Array(2),
    );
    expect(ls.status).toBe('failed');
  });
});

describe('Nelder-Mead', () => {
  it('minimizes the 2-D Rosenbrock function and reports a small numerical gradient', () => {
    const res = minimizeNelderMead(rosenbrockValue, new Float64Array([-1.2, 1]));
    expect(res.converged).toBe(true);
    expect(res.reason).toBe('step');
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
    expect(res.gradientNorm).toBeLessThan(1e-4);
    // SciPy needs 85 iterations / 159 evaluations at its looser default tolerances; ours are tighter.
    expect(res.iterations).toBeGreaterThan(80);
    expect(res.iterations).toBeLessThan(400);
  });

  it('uses the adaptive coefficients in higher dimension', () => {
    const quad = (x: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += (i + 1) * (x[i]! - 1) ** 2;
      return s;
    };
    const res = minimizeNelderMead(quad, new Float64Array(8), { adaptive: true });
    expect(res.converged).toBe(true);
    for (const v of res.x) expect(v).toBeCloseTo(1, 4);
  });

  it('stops at the iteration limit with converged = false', () => {
    const res = minimizeNelderMead(rosenbrockValue, new Float64Array([-1.2, 1]), { maxIterations: 10 });
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('max-iterations');
    expect(res.iterations).toBe(10);
  });
});

describe('numerical gradient', () => {
  it('agrees with the analytic gradient (central and forward)', () => {
    const x = new Float64Array([-1.2, 1, 0.3]);
    const g = new Float64Array(3);
    rosenbrock(x, g);
    const central = numericalGradient(rosenbrockValue, x);
    const forward = numericalGradient(rosenbrockValue, x, undefined, { method: 'forward' });
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(central[i]! - g[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(g[i]!)));
      expect(Math.abs(forward[i]! - g[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(g[i]!)));
    }
    expect(Array.from(x)).toEqual([-1.2, 1, 0.3]);
  });
});
