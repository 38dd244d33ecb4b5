import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { mlpWasmAvailable } from '../../src/propensity/mlp/layer-kernels.js';
import { jsLayerKernels, NetworkMemory, networkShape } from '../../src/propensity/mlp/network.js';
import { type MlpModel, mlpPlugin } from '../../src/propensity/mlp.js';
import { createRng } from '../../src/random/rng.js';
import { logisticData } from './fixtures.js';

/** Largest |a - b| / max(1, |b|). */
function maxRelDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

describe('MLP WebAssembly SIMD kernels', () => {
  it('are available on this Node', () => {
    expect(mlpWasmAvailable()).toBe(true);
  });

  it('agree with the TypeScript kernels, including ragged row and column tails', () => {
    const rng = createRng(5);
    for (const [rows, nIn, nOut] of [
      [7, 5, 6],
      [8, 28, 64],
      [13, 64, 32],
      [5, 32, 1],
      [1, 3, 3],
    ] as const) {
      const shape = networkShape(nIn, [nOut]);
      const wasm = new NetworkMemory(shape, rows, 'wasm');
      const js = new NetworkMemory(shape, rows, 'js');
      expect(wasm.kernels).not.toBe(jsLayerKernels);
      const fill = (f: (i: number) => number, ...arrays: Float64Array[]) => {
        for (let i = 0; i < arrays[0]!.length; i++) {
          const v = f(i);
          for (const a of arrays) a[i] = v;
        }
      };
      fill(() => (rng.next() < 0.4 ? 0 : rng.normal()), wasm.acts[0]!, js.acts[0]!);
      fill(() => rng.normal() * 0.3, wasm.params, js.params);
      for (const relu of [false, true]) {
        for (const m of [wasm, js]) {
          m.kernels.affine(m.acts[0]!, rows, nIn, m.weights(1), m.biases(1), nOut, m.acts[1]!, relu);
        }
        expect(maxRelDiff(wasm.acts[1]!, js.acts[1]!)).toBeLessThan(1e-12);
      }
      fill(() => rng.normal(), wasm.grads[1]!, js.grads[1]!);
      for (const m of [wasm, js]) {
        m.grad.fill(0);
        m.kernels.backward(
          m.acts[0]!,
          m.grads[1]!,
          rows,
          nIn,
          nOut,
          m.weights(1),
          m.grad.subarray(0, nIn * nOut),
          m.grad.subarray(nIn * nOut, nIn * nOut + nOut),
          m.grads[0]!,
          1.25,
          0.01,
        );
      }
      expect(maxRelDiff(wasm.grad, js.grad)).toBeLessThan(1e-12);
      expect(maxRelDiff(wasm.grads[0]!, js.grads[0]!)).toBeLessThan(1e-12);
      fill(() => rng.normal(), wasm.m1, js.m1);
      fill(() => rng.next(), wasm.m2, js.m2);
      for (const m of [wasm, js]) m.kernels.adam(m.params, m.grad, m.m1, m.m2, 0.01, 0.9, 0.999, 1e-8);
      expect(maxRelDiff(wasm.params, js.params)).toBeLessThan(1e-12);
    }
  });

  it('gathers rows of the data set', () => {
    const shape = networkShape(3, [4]);
    const wasm = new NetworkMemory(shape, 2, 'wasm', 5);
    wasm.data.set(Float64Array.from({ length: 15 }, (_, i) => i));
    wasm.order.set([4, 0, 2, 1, 3]);
    wasm.gatherBatch(1, 2);
    expect(Array.from(wasm.acts[0]!)).toEqual([0, 1, 2, 6, 7, 8]);
  });

  it('train the same network as the TypeScript kernels, to rounding', () => {
    const data = logisticData(400, 6, 8);
    const params = { maxEpochs: 4, hiddenLayers: [16, 8], dropout: 0.2 };
    const wasm = mlpPlugin.fit(data, { ...params, backend: 'wasm' }, fitContext({ seed: 1 })) as MlpModel;
    const js = mlpPlugin.fit(data, { ...params, backend: 'js' }, fitContext({ seed: 1 })) as MlpModel;
    expect(maxRelDiff(wasm.params, js.params)).toBeLessThan(1e-9);
  });
});
