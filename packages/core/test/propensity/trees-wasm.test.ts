import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import {
  type GradientBoostingModel,
  gradientBoostingPlugin,
} from '../../src/propensity/gradient-boosting.js';
import { HistogramLayout } from '../../src/propensity/trees/histogram.js';
import {
  createHistogramBuilder,
  JsHistogramBuilder,
  treesWasmAvailable,
} from '../../src/propensity/trees/histogram-builder.js';
import { createRng } from '../../src/random/rng.js';
import { logisticData } from './fixtures.js';

describe('tree histogram WebAssembly SIMD kernel', () => {
  it('is available on this Node', () => {
    expect(treesWasmAvailable()).toBe(true);
  });

  it('builds exactly the histograms of the TypeScript builder', () => {
    const rng = createRng(3);
    for (const nFeatures of [1, 4, 7, 9]) {
      const nRows = 500;
      const nBins = Int32Array.from({ length: nFeatures }, (_, f) => [2, 255, 17, 40][f % 4]!);
      const layout = new HistogramLayout(nBins);
      const codes = new Uint8Array(nRows * nFeatures);
      for (let f = 0; f < nFeatures; f++) {
        // codes 0..nb (nb is the feature's missing code)
        for (let i = 0; i < nRows; i++) codes[f * nRows + i] = rng.int(nBins[f]! + 1);
      }
      const wasm = createHistogramBuilder(codes, nRows, layout, 'wasm');
      const js = new JsHistogramBuilder(codes, nRows, layout);
      expect(wasm).not.toBeInstanceOf(JsHistogramBuilder);
      for (let i = 0; i < nRows; i++) {
        const g = rng.normal();
        const h = rng.next();
        wasm.s1[i] = js.s1[i] = g;
        wasm.s2[i] = js.s2[i] = h;
        wasm.rows[i] = js.rows[i] = (i * 7919) % nRows;
      }
      const a = new Float64Array(layout.size).fill(Number.NaN);
      const b = new Float64Array(layout.size).fill(Number.NaN);
      for (const [start, end] of [
        [0, nRows],
        [37, 38],
        [100, 333],
      ] as const) {
        wasm.buildAll(start, end, a);
        js.buildAll(start, end, b);
        expect(a).toEqual(b);
      }
    }
  });

  it('boosting grows identical trees with either backend', () => {
    const data = logisticData(800, 6, 4);
    const boost = (backend: 'wasm' | 'js') =>
      gradientBoostingPlugin.fit(
        data,
        { maxIter: 15, backend },
        fitContext({ seed: 2 }),
      ) as GradientBoostingModel;
    expect(boost('wasm').trees).toEqual(boost('js').trees);
  });
});
