import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, logAddExp, logGamma, logGammaRatio, logSumExp } from '../../src/index.js';

// Reference values from SciPy 1.17 (scipy.special.gammaln, digamma, hyp2f1).
const gammaRef: [number, number, number][] = [
  [0.001, 6.907178885383853, -1000.5755719318103],
  [0.5, 0.5723649429247, -1.9635100260214235],
  [1, 0, -0.5772156649015329],
  [2.5, 0.2846828704729192, 0.7031566406452432],
  [7.3, 7.147892523022249, 1.917820335637986],
  [10, 12.801827480081469, 2.251752589066721],
  [123.456, 469.6055471299295, 4.811829323828985],
  [1e5, 1051287.7089736569, 11.512920464961896],
];

describe('special functions', () => {
  it('logGamma and digamma match SciPy to ~1e-14 relative', () => {
    for (const [x, lg, psi] of gammaRef) {
      expect(Math.abs(logGamma(x) - lg)).toBeLessThanOrEqual(2e-14 * Math.max(1, Math.abs(lg)));
      expect(Math.abs(digamma(x) - psi)).toBeLessThanOrEqual(2e-14 * Math.max(1, Math.abs(psi)));
    }
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });

  it('logGammaRatio keeps its digits where q is huge (mpmath at 50 digits)', () => {
    // mpmath: loggamma(q + a) - loggamma(q) with mp.dps = 50. The plain logGamma difference at q = 6.8e13
    // is off by about 0.5 (both terms near 2e15); Gamma-Gamma's likelihood at a boundary needs the ratio.
    const cases: [number, number, number][] = [
      [5, 2.5, 4.356310406410787],
      [9999.5, 3.25, 29.933809314627602],
      [2e4, 3.25, 32.18651734986407],
      [6.7856773964215984e13, 100, 3184.8420334577013],
      [1e13, 7.38e12, 223136548588383.28],
      [3e16, 0.5, 18.96998688828642],
    ];
    for (const [q, a, want] of cases)
      expect(Math.abs(logGammaRatio(q, a) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
    expect(logGammaRatio(0, 1)).toBeNaN();
  });

  it('hyp2f1 matches SciPy on 0 <= z < 1', () => {
    const cases: [number, number, number, number, number][] = [
      [1.2, 3.4, 5.6, 0.3, 1.2809718781192057],
      [5.2426, 7.4258, 7.2187, 0.6, 141.9201804205858],
      [0.5, -0.2, 1.7, 0.9, 0.9280027461535789],
      [2, 3, 4, 0.99, 280.6753164581961],
    ];
    for (const [a, b, c, z, ref] of cases) expect(Math.abs(hyp2f1(a, b, c, z) / ref - 1)).toBeLessThan(1e-12);
    expect(hyp2f1(1, 1, 2, 0)).toBe(1);
    expect(hyp2f1(1, 1, -2, 0.5)).toBeNaN();
  });

  it('log-sum-exp neither overflows nor underflows', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-1000, -1001)).toBeCloseTo(-1000 + Math.log1p(Math.exp(-1)), 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    expect(logSumExp(new Float64Array([800, 800, 800]))).toBeCloseTo(800 + Math.log(3), 12);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
  });
});
