import { MLP_WASM_BASE64 } from '../wasm/mlp-kernels.generated.js';

/**
 * The kernels of the network, on row-major Float64Array views:
 * - `affine`: z = a W + b over `rows` rows, then max(z, 0) with `relu`;
 * - `backward`: adds the bias and weight gradients (sum_i dz[i, :] and a^T dz + reg W) to gb and gw and,
 *   when `da` is given, writes da[i, k] = scale * (dz W^T)[i, k] where a[i, k] != 0, else 0;
 * - `gather`: copies rows idx[0..count) of x (d columns) to dst;
 * - `adam`: one Adam step (learning rate already bias-corrected).
 */
export interface LayerKernels {
  affine(
    a: Float64Array,
    rows: number,
    nIn: number,
    w: Float64Array,
    b: Float64Array,
    nOut: number,
    z: Float64Array,
    relu: boolean,
  ): void;
  backward(
    a: Float64Array,
    dz: Float64Array,
    rows: number,
    nIn: number,
    nOut: number,
    w: Float64Array,
    gw: Float64Array,
    gb: Float64Array,
    da: Float64Array | null,
    scale: number,
    reg: number,
  ): void;
  gather(x: Float64Array, idx: Int32Array, count: number, d: number, dst: Float64Array): void;
  adam(
    theta: Float64Array,
    g: Float64Array,
    m1: Float64Array,
    m2: Float64Array,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
  ): void;
}

/** The WebAssembly API this module uses (typed here: core's TypeScript lib has no DOM types). */
interface WasmApi {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

interface MlpExports {
  affine(
    a: number,
    rows: number,
    nIn: number,
    w: number,
    b: number,
    nOut: number,
    z: number,
    relu: number,
  ): void;
  backward(
    a: number,
    dz: number,
    rows: number,
    nIn: number,
    nOut: number,
    w: number,
    gw: number,
    gb: number,
    da: number,
    scale: number,
    reg: number,
  ): void;
  gather(x: number, idx: number, count: number, d: number, dst: number): void;
  adam(
    theta: number,
    g: number,
    m1: number,
    m2: number,
    n: number,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
  ): void;
}

let compiled: object | null | undefined;

function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return api && typeof api.validate === 'function' ? api : null;
}

/** The compiled kernel module, or null where WebAssembly SIMD is not available. */
function mlpModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const api = wasmApi();
  if (!api) return null;
  try {
    const bin = atob(MLP_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (api.validate(bytes)) compiled = new api.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when the WebAssembly SIMD kernels can run here. */
export function mlpWasmAvailable(): boolean {
  return mlpModule() !== null;
}

const PAGE = 65536;

/**
 * The SIMD kernels over a fresh WebAssembly.Memory with room for `bytes` bytes from `base`; every array
 * passed to them must be a view of `buffer`. Null where WebAssembly SIMD is not available.
 */
export function wasmLayerKernels(
  bytes: number,
): (LayerKernels & { buffer: ArrayBuffer; base: number }) | null {
  const module = mlpModule();
  const api = wasmApi();
  if (!module || !api) return null;
  const base = 16; // keep address 0 free: the kernel reads da = 0 as "no input gradient"
  const memory = new api.Memory({ initial: Math.ceil((base + bytes) / PAGE) + 1 });
  const k = new api.Instance(module, { env: { memory } }).exports as unknown as MlpExports;
  const buffer = memory.buffer;
  const at = (v: Float64Array | Int32Array): number => {
    if (v.buffer !== buffer) throw new Error('MLP kernel array is not in the kernels\u2019 memory');
    return v.byteOffset;
  };
  return {
    buffer,
    base,
    affine: (a, rows, nIn, w, b, nOut, z, relu) =>
      k.affine(at(a), rows, nIn, at(w), at(b), nOut, at(z), relu ? 1 : 0),
    backward: (a, dz, rows, nIn, nOut, w, gw, gb, da, scale, reg) =>
      k.backward(at(a), at(dz), rows, nIn, nOut, at(w), at(gw), at(gb), da ? at(da) : 0, scale, reg),
    gather: (x, idx, count, d, dst) => k.gather(at(x), at(idx), count, d, at(dst)),
    adam: (theta, g, m1, m2, lr, b1, b2, eps) =>
      k.adam(at(theta), at(g), at(m1), at(m2), theta.length, lr, b1, b2, eps),
  };
}
