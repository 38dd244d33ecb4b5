/**
 * The WebAssembly SIMD (f32x4) backend of implicit ALS: the interaction matrix (both orientations, with
 * confidences) and both factor matrices live in one WebAssembly.Memory for the whole fit, in f32 with
 * the factor count padded to a multiple of 4 (padding lanes stay zero). One kernel call re-solves a
 * whole side, so calls are coarse. The TypeScript kernel (recs/models/als-kernel.ts) is the oracle.
 */
import type { InteractionMatrix } from '../recs/interactions.js';
import { ALS_WASM_BASE64 } from './als-kernel.generated.js';

interface AlsExports {
  gram(y: number, n: number, f: number, reg: number, out: number): void;
  cgRows(
    ptr: number,
    idx: number,
    conf: number,
    x: number,
    y: number,
    f: number,
    yty: number,
    cgSteps: number,
    start: number,
    end: number,
    scratch: number,
  ): void;
}

/** The few WebAssembly JS API members used here (core's lib settings carry no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let j = 0; j < bin.length; j++) out[j] = bin.charCodeAt(j);
  return out;
}

/** The compiled module, or null where WebAssembly SIMD is not available. */
export function alsWasmModule(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = decodeBase64(ALS_WASM_BASE64);
    compiled = wasmApi?.validate(bytes) ? new wasmApi.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when the WebAssembly SIMD kernels can run here. */
export function alsWasmAvailable(): boolean {
  return alsWasmModule() !== null;
}

const PAGE = 65536;
const align16 = (n: number) => (n + 15) & ~15;

/** Byte offsets of everything one fit keeps in memory. */
interface Layout {
  rowPtr: number;
  rowIdx: number;
  rowConf: number;
  colPtr: number;
  colIdx: number;
  colConf: number;
  x: number;
  y: number;
  gram: number;
  scratch: number;
  bytes: number;
}

/** An ALS fit held in WebAssembly memory (see the module comment). */
export class AlsWasmFit {
  readonly fp: number;
  readonly memory: WasmMemory;
  readonly #k: AlsExports;
  readonly #at: Layout;

  constructor(
    readonly data: InteractionMatrix,
    readonly factors: number,
    alpha: number,
  ) {
    const module = alsWasmModule();
    if (!module) throw new Error('WebAssembly SIMD is not available');
    const { nUsers, nItems } = data;
    const nnz = data.indices.length;
    const fp = (this.fp = (factors + 3) & ~3);
    let at = 0;
    const take = (bytes: number) => {
      const start = at;
      at = align16(at + bytes);
      return start;
    };
    const layout: Layout = {
      rowPtr: take(4 * (nUsers + 1)),
      rowIdx: take(4 * nnz),
      rowConf: take(4 * nnz),
      colPtr: take(4 * (nItems + 1)),
      colIdx: take(4 * nnz),
      colConf: take(4 * nnz),
      x: take(4 * nUsers * fp),
      y: take(4 * nItems * fp),
      gram: take(4 * fp * fp),
      scratch: take(4 * 3 * fp),
      bytes: 0,
    };
    layout.bytes = at;
    this.#at = layout;
    this.memory = new wasmApi!.Memory({ initial: Math.ceil(at / PAGE) + 1 });
    const instance = new wasmApi!.Instance(module, { env: { memory: this.memory, abort: () => {} } });
    this.#k = instance.exports as unknown as AlsExports;
    const buf = this.memory.buffer;
    new Int32Array(buf, layout.rowPtr, nUsers + 1).set(data.indptr);
    new Int32Array(buf, layout.rowIdx, nnz).set(data.indices);
    new Int32Array(buf, layout.colPtr, nItems + 1).set(data.colptr);
    new Int32Array(buf, layout.colIdx, nnz).set(data.rowind);
    const rowConf = new Float32Array(buf, layout.rowConf, nnz);
    const colConf = new Float32Array(buf, layout.colConf, nnz);
    for (let q = 0; q < nnz; q++) {
      rowConf[q] = alpha * data.values[q]!;
      colConf[q] = alpha * data.colValues[q]!;
    }
  }

  /** Copies factors in (row-major, `factors` columns) for users ('x') or items ('y'). */
  setFactors(side: 'x' | 'y', values: Float64Array): void {
    const n = side === 'x' ? this.data.nUsers : this.data.nItems;
    const dst = new Float32Array(this.memory.buffer, this.#at[side], n * this.fp);
    dst.fill(0);
    const f = this.factors;
    for (let r = 0; r < n; r++) for (let a = 0; a < f; a++) dst[r * this.fp + a] = values[r * f + a]!;
  }

  /** Copies factors out into a Float64Array (row-major, `factors` columns). */
  getFactors(side: 'x' | 'y', out?: Float64Array): Float64Array {
    const n = side === 'x' ? this.data.nUsers : this.data.nItems;
    const f = this.factors;
    const dst = out ?? new Float64Array(n * f);
    const src = new Float32Array(this.memory.buffer, this.#at[side], n * this.fp);
    for (let r = 0; r < n; r++) for (let a = 0; a < f; a++) dst[r * f + a] = src[r * this.fp + a]!;
    return dst;
  }

  /** Re-solves the users given the items. */
  solveUsers(regularization: number, cgSteps: number): void {
    const at = this.#at;
    this.#k.gram(at.y, this.data.nItems, this.fp, regularization, at.gram);
    this.#k.cgRows(
      at.rowPtr,
      at.rowIdx,
      at.rowConf,
      at.x,
      at.y,
      this.fp,
      at.gram,
      cgSteps,
      0,
      this.data.nUsers,
      at.scratch,
    );
  }

  /** Re-solves the items given the users. */
  solveItems(regularization: number, cgSteps: number): void {
    const at = this.#at;
    this.#k.gram(at.x, this.data.nUsers, this.fp, regularization, at.gram);
    this.#k.cgRows(
      at.colPtr,
      at.colIdx,
      at.colConf,
      at.y,
      at.x,
      this.fp,
      at.gram,
      cgSteps,
      0,
      this.data.nItems,
      at.scratch,
    );
  }
}
