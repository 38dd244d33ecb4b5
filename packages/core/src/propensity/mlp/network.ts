import { type LayerKernels, wasmLayerKernels } from './layer-kernels.js';

/**
 * A dense feed-forward network for binary classification on Float64Array: ReLU hidden layers and one
 * sigmoid output. Parameters are one flat vector: per layer l >= 1 its weights (fan-in x fan-out,
 * row-major), then its biases. `NetworkMemory` holds the parameters, their gradient and Adam moments, a
 * batch's activations and (for training) the data set, in one block of memory, which is a
 * WebAssembly.Memory when the SIMD kernels are in use.
 */
export interface NetworkShape {
  /** Units per layer: inputs, hidden layers..., 1 output. */
  sizes: number[];
  /** Per layer l >= 1: offset of W_l and of b_l in the parameter vector. */
  weightOffset: number[];
  biasOffset: number[];
  nParams: number;
}

export function networkShape(nInputs: number, hidden: readonly number[]): NetworkShape {
  const sizes = [nInputs, ...hidden, 1];
  const weightOffset = [0];
  const biasOffset = [0];
  let o = 0;
  for (let l = 1; l < sizes.length; l++) {
    weightOffset.push(o);
    o += sizes[l - 1]! * sizes[l]!;
    biasOffset.push(o);
    o += sizes[l]!;
  }
  return { sizes, weightOffset, biasOffset, nParams: o };
}

export class NetworkMemory {
  readonly shape: NetworkShape;
  /** Rows a batch may have. */
  readonly capacity: number;
  readonly kernels: LayerKernels;
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly m1: Float64Array;
  readonly m2: Float64Array;
  /** Per layer: activations (acts[0] is the input batch) and the loss gradient with respect to them. */
  readonly acts: Float64Array[];
  readonly grads: Float64Array[];
  /** The data set (dataRows x inputs) and a row order over it, for `gatherBatch`. */
  readonly data: Float64Array;
  readonly order: Int32Array;

  /** `backend` 'wasm' uses the SIMD kernels when WebAssembly SIMD is available, else the TypeScript ones. */
  constructor(shape: NetworkShape, capacity: number, backend: 'wasm' | 'js' = 'wasm', dataRows = 0) {
    this.shape = shape;
    this.capacity = capacity;
    const p = shape.nParams;
    const f64 = [
      p,
      p,
      p,
      p,
      ...shape.sizes.map((s) => s * capacity),
      ...shape.sizes.map((s) => s * capacity),
    ];
    f64.push(dataRows * shape.sizes[0]!);
    const pad = (bytes: number) => (bytes + 15) & ~15;
    const bytes = f64.reduce((total, n) => total + pad(n * 8), 0) + pad(dataRows * 4);
    const wasm = backend === 'wasm' ? wasmLayerKernels(bytes) : null;
    this.kernels = wasm ?? jsLayerKernels;
    const buffer = wasm ? wasm.buffer : new ArrayBuffer(bytes);
    let offset = wasm ? wasm.base : 0;
    const views = f64.map((n) => {
      const view = new Float64Array(buffer, offset, n);
      offset += pad(n * 8);
      return view;
    });
    this.order = new Int32Array(buffer, offset, dataRows);
    const nLayers = shape.sizes.length;
    [this.params, this.grad, this.m1, this.m2] = views as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    this.acts = views.slice(4, 4 + nLayers);
    this.grads = views.slice(4 + nLayers, 4 + 2 * nLayers);
    this.data = views[4 + 2 * nLayers]!;
  }

  weights(l: number): Float64Array {
    const { weightOffset, biasOffset } = this.shape;
    return this.params.subarray(weightOffset[l]!, biasOffset[l]!);
  }

  biases(l: number): Float64Array {
    return this.params.subarray(this.shape.biasOffset[l]!, this.shape.biasOffset[l]! + this.shape.sizes[l]!);
  }

  /** Copies rows order[start..start+count) of `data` into the input batch. */
  gatherBatch(start: number, count: number): void {
    this.kernels.gather(
      this.data,
      this.order.subarray(start, start + count),
      count,
      this.shape.sizes[0]!,
      this.acts[0]!,
    );
  }
}

/**
 * Forward pass of `rows` rows already in `mem.acts[0]`; returns the output logits (`mem.acts[last]`).
 * Hidden activations are ReLU; with `dropout` > 0 each hidden unit is kept with probability 1 - dropout
 * and scaled by 1 / (1 - dropout) (inverted dropout), drawing from `uniform`.
 */
export function forward(
  mem: NetworkMemory,
  rows: number,
  dropout: number,
  uniform: () => number,
): Float64Array {
  const { sizes } = mem.shape;
  const last = sizes.length - 1;
  const keepScale = 1 / (1 - dropout);
  for (let l = 1; l <= last; l++) {
    const z = mem.acts[l]!;
    const nOut = sizes[l]!;
    mem.kernels.affine(
      mem.acts[l - 1]!,
      rows,
      sizes[l - 1]!,
      mem.weights(l),
      mem.biases(l),
      nOut,
      z,
      l < last,
    );
    if (l < last && dropout > 0) {
      const n = rows * nOut;
      for (let i = 0; i < n; i++) {
        const v = z[i]!;
        if (v > 0) z[i] = uniform() >= dropout ? v * keepScale : 0;
      }
    }
  }
  return mem.acts[last]!;
}

/**
 * Backward pass after `forward`: `mem.grads[last]` must hold dLoss/dLogit per row. Writes the parameter
 * gradient to `mem.grad`, with `reg` times the weights added (the L2 penalty's gradient).
 */
export function backward(mem: NetworkMemory, rows: number, dropout: number, reg: number): void {
  const { sizes, weightOffset, biasOffset } = mem.shape;
  const last = sizes.length - 1;
  const keepScale = 1 / (1 - dropout);
  mem.grad.fill(0);
  for (let l = last; l >= 1; l--) {
    mem.kernels.backward(
      mem.acts[l - 1]!,
      mem.grads[l]!,
      rows,
      sizes[l - 1]!,
      sizes[l]!,
      mem.weights(l),
      mem.grad.subarray(weightOffset[l]!, biasOffset[l]!),
      mem.grad.subarray(biasOffset[l]!, biasOffset[l]! + sizes[l]!),
      l > 1 ? mem.grads[l - 1]! : null,
      keepScale,
      reg,
    );
  }
}

/** The TypeScript kernels: the fallback where WebAssembly SIMD is missing, and the tests' oracle. */
export const jsLayerKernels: LayerKernels = {
  affine(a, rows, nIn, w, b, nOut, z, relu) {
    for (let i = 0; i < rows; i++) {
      const zo = i * nOut;
      for (let j = 0; j < nOut; j++) z[zo + j] = b[j]!;
      const ao = i * nIn;
      for (let k = 0; k < nIn; k++) {
        const v = a[ao + k]!;
        if (v === 0) continue; // inactive ReLU, dropped unit or zero input: nothing to add
        const wo = k * nOut;
        for (let j = 0; j < nOut; j++) z[zo + j] = z[zo + j]! + v * w[wo + j]!;
      }
      if (relu) for (let j = 0; j < nOut; j++) if (!(z[zo + j]! > 0)) z[zo + j] = 0;
    }
  },
  backward(a, dz, rows, nIn, nOut, w, gw, gb, da, scale, reg) {
    for (let i = 0; i < rows; i++) {
      const zo = i * nOut;
      for (let j = 0; j < nOut; j++) gb[j] = gb[j]! + dz[zo + j]!;
      const ao = i * nIn;
      for (let k = 0; k < nIn; k++) {
        const v = a[ao + k]!;
        if (v === 0) {
          if (da) da[ao + k] = 0;
          continue;
        }
        const wo = k * nOut;
        let s = 0;
        for (let j = 0; j < nOut; j++) {
          const g = dz[zo + j]!;
          gw[wo + j] = gw[wo + j]! + v * g;
          s += g * w[wo + j]!;
        }
        if (da) da[ao + k] = s * scale;
      }
    }
    if (reg !== 0) for (let q = 0; q < nIn * nOut; q++) gw[q] = gw[q]! + reg * w[q]!;
  },
  gather(x, idx, count, d, dst) {
    for (let r = 0; r < count; r++) {
      const src = idx[r]! * d;
      for (let j = 0; j < d; j++) dst[r * d + j] = x[src + j]!;
    }
  },
  adam(theta, g, m1, m2, lr, b1, b2, eps) {
    for (let q = 0; q < theta.length; q++) {
      const gv = g[q]!;
      const a = b1 * m1[q]! + (1 - b1) * gv;
      const v = b2 * m2[q]! + (1 - b2) * gv * gv;
      m1[q] = a;
      m2[q] = v;
      theta[q] = theta[q]! - (lr * a) / (Math.sqrt(v) + eps);
    }
  },
};
