import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { alsHalfStep, confidences, implicitAls } from '../../src/recs/models/implicit-als.js';
import { AlsWasmFit, alsWasmAvailable } from '../../src/wasm/als-wasm.js';
import { FactorScorer } from '../../src/wasm/factor-scorer.js';
import { clusteredMatrix, inGroupShare } from '../recs/fixtures.js';

// The TypeScript kernel (f64) is the oracle; the WebAssembly kernel computes in f32, so they agree to a
// relative tolerance.
function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  let diff = 0;
  for (let j = 0; j < a.length; j++) {
    scale = Math.max(scale, Math.abs(a[j]!));
    diff = Math.max(diff, Math.abs(a[j]! - b[j]!));
  }
  return diff / scale;
}

describe('ALS WebAssembly SIMD kernel', () => {
  it('is available on Node 20', () => {
    expect(alsWasmAvailable()).toBe(true);
  });

  for (const f of [3, 8, 13]) {
    it(`one CG half-step per side matches the TypeScript oracle (f = ${f}, alpha 3)`, () => {
      const m = clusteredMatrix(50, 40, 7, 4);
      const ctx = fitContext({ seed: 9 });
      const x = new Float64Array(m.nUsers * f).map(() => ctx.rng.next() * 0.1);
      const y = new Float64Array(m.nItems * f).map(() => ctx.rng.next() * 0.1);
      const wasm = new AlsWasmFit(m, f, 3);
      wasm.setFactors('x', x);
      wasm.setFactors('y', y);
      wasm.solveUsers(0.1, 3);
      const conf = confidences(m, 3);
      const p = { factors: f, regularization: 0.1, cgSteps: 3, solver: 'cg' as const };
      alsHalfStep(m.indptr, m.indices, conf.rows, x, y, m.nItems, p);
      expect(maxRelDiff(x, wasm.getFactors('x'))).toBeLessThan(1e-4);
      wasm.solveItems(0.1, 3);
      alsHalfStep(m.colptr, m.rowind, conf.cols, y, x, m.nUsers, p);
      expect(maxRelDiff(y, wasm.getFactors('y'))).toBeLessThan(1e-3);
    });
  }

  it('a full fit ranks like the TypeScript backend', () => {
    const m = clusteredMatrix();
    const params = { factors: 4, alpha: 5, regularization: 0.1, iterations: 8 };
    const w = implicitAls.fit(m, { ...params, backend: 'wasm' }, fitContext({ seed: 1 }));
    const j = implicitAls.fit(m, { ...params, backend: 'js' }, fitContext({ seed: 1 }));
    expect(inGroupShare(w, m)).toBeGreaterThan(0.95);
    const sw = w.scoreUser(3, new Float64Array(m.nItems));
    const sj = j.scoreUser(3, new Float64Array(m.nItems));
    expect(maxRelDiff(sj, sw)).toBeLessThan(1e-2);
  });
});

describe('ALS on two threads', () => {
  it('gives exactly the single-thread factors', () => {
    const m = clusteredMatrix(80, 60, 9, 2);
    const params = { factors: 8, alpha: 2, regularization: 0.1, iterations: 4, backend: 'wasm' as const };
    const one = implicitAls.fit(m, { ...params, threads: 1 }, fitContext({ seed: 4 }));
    const two = implicitAls.fit(m, { ...params, threads: 2 }, fitContext({ seed: 4 }));
    expect(two.userFactors).toEqual(one.userFactors);
    expect(two.itemFactors).toEqual(one.itemFactors);
    // and the helper thread is reusable by the next fit
    const again = implicitAls.fit(m, { ...params, threads: 2 }, fitContext({ seed: 4 }));
    expect(again.itemFactors).toEqual(one.itemFactors);
  });

  it('reports whether it ran threaded', () => {
    const m = clusteredMatrix();
    const fit = new AlsWasmFit(m, 4, 1, 2);
    expect(fit.threaded).toBe(true);
    fit.dispose();
  });
});

describe('FactorScorer', () => {
  for (const f of [5, 16]) {
    it(`scores every item like the f64 loop (f = ${f}, with biases)`, () => {
      const rng = fitContext({ seed: 6 }).rng;
      const n = 37;
      const y = new Float64Array(n * f).map(() => rng.normal());
      const b = new Float64Array(n).map(() => rng.normal());
      const x = new Float64Array(3 * f).map(() => rng.normal());
      const wasm = new FactorScorer(y, n, f, b);
      const js = new FactorScorer(y, n, f, b, 'js');
      expect(wasm.wasm).toBe(true);
      expect(js.wasm).toBe(false);
      const a = wasm.score(x, f, new Float64Array(n));
      const c = js.score(x, f, new Float64Array(n));
      for (let i = 0; i < n; i++) expect(Math.abs(a[i]! - c[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(c[i]!)));
      let expected = b[4]!;
      for (let k = 0; k < f; k++) expected += x[f + k]! * y[4 * f + k]!;
      expect(c[4]).toBeCloseTo(expected, 12);
    });
  }
});
