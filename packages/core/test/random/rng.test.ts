import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/index.js';
import { rngFromState } from '../../src/random/rng.js';

describe('rng', () => {
  it('matches the xoshiro128** reference C implementation from state (1, 2, 3, 4)', () => {
    // Output of the reference code by Blackman & Vigna (prng.di.unimi.it/xoshiro128starstar.c), compiled with gcc.
    const rng = rngFromState(1, 2, 3, 4);
    const got = Array.from({ length: 8 }, () => rng.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('repeats under a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniform floats and normals with the right moments', () => {
    const rng = createRng(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let z = 0;
    let z2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
      const g = rng.normal();
      z += g;
      z2 += g * g;
    }
    // Uniform(0,1): mean 1/2, variance 1/12; N(0,1): mean 0, variance 1. Tolerances ~5 standard errors.
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(Math.abs(z / n)).toBeLessThan(0.012);
    expect(z2 / n).toBeCloseTo(1, 1);
  });
});
