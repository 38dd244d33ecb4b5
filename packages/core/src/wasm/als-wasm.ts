/**
 * The WebAssembly SIMD (f32x4) backend of implicit ALS: the interaction matrix (both orientations, with
 * confidences) and both factor matrices live in one WebAssembly.Memory for the whole fit, in f32 with
 * the factor count padded to a multiple of 4 (padding lanes stay zero). One kernel call re-solves a
 * whole side, so calls are coarse. The TypeScript kernel (recs/models/als-kernel.ts) is the oracle.
 */
import type { InteractionMatrix } from '../recs/interactions.js';
import { ALS_WASM_BASE64 } from './als-kernel.generated.js';
import { ALS_SHARED_WASM_BASE64 } from './als-shared-kernel.generated.js';
import { HelperThread, helperThreadAvailable } from './helper-thread.js';
import { decodeBase64, type WasmMemory, wasmApi } from './wasm-api.js';

export { type WasmMemory, wasmApi } from './wasm-api.js';

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

const compiled: Record<'private' | 'shared', object | null | undefined> = {
  private: undefined,
  shared: undefined,
};

/** The compiled module (on a private or a shared memory), or null where it cannot run here. */
export function alsWasmModule(kind: 'private' | 'shared' = 'private'): object | null {
  if (compiled[kind] !== undefined) return compiled[kind];
  try {
    const bytes = decodeBase64(kind === 'private' ? ALS_WASM_BASE64 : ALS_SHARED_WASM_BASE64);
    compiled[kind] = wasmApi?.validate(bytes) ? new wasmApi.Module(bytes) : null;
  } catch {
    compiled[kind] = null;
  }
  return compiled[kind];
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
  /** The helper thread's scratch. */
  scratch2: number;
  bytes: number;
}

/** An ALS fit held in WebAssembly memory (see the module comment). */
export class AlsWasmFit {
  readonly fp: number;
  readonly memory: WasmMemory;
  readonly #k: AlsExports;
  readonly #at: Layout;
  readonly #helper: HelperThread | null = null;
  /** Row splits between this thread and the helper: rows [0, split) here, [split, n) there. */
  readonly #userSplit: number;
  readonly #itemSplit: number;

  /**
   * `threads` 2 runs half of each side's rows (balanced by their work) on a helper thread where
   * worker_threads and shared WebAssembly memory exist; otherwise, or with 1, all on this thread.
   */
  constructor(
    readonly data: InteractionMatrix,
    readonly factors: number,
    alpha: number,
    threads = 1,
  ) {
    const shared = threads >= 2 && helperThreadAvailable() && alsWasmModule('shared') !== null;
    const module = alsWasmModule(shared ? 'shared' : 'private');
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
      scratch2: take(4 * 3 * fp),
      bytes: 0,
    };
    layout.bytes = at;
    this.#at = layout;
    const pages = Math.ceil(at / PAGE) + 1;
    this.memory = new wasmApi!.Memory(
      shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages },
    );
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
    this.#userSplit = shared ? balancedSplit(data.indptr, fp) : nUsers;
    this.#itemSplit = shared ? balancedSplit(data.colptr, fp) : nItems;
    if (shared) this.#helper = new HelperThread(module, this.memory, ['cgRows']);
  }

  /** True when a helper thread shares the work. */
  get threaded(): boolean {
    return this.#helper !== null;
  }

  /** Frees the helper thread for other fits (call when done; the object is unusable after). */
  dispose(): void {
    this.#helper?.detach();
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
    this.#solveRows(
      [at.rowPtr, at.rowIdx, at.rowConf, at.x, at.y, this.fp, at.gram, cgSteps],
      this.#userSplit,
      this.data.nUsers,
    );
  }

  /** Re-solves the items given the users. */
  solveItems(regularization: number, cgSteps: number): void {
    const at = this.#at;
    this.#k.gram(at.x, this.data.nUsers, this.fp, regularization, at.gram);
    this.#solveRows(
      [at.colPtr, at.colIdx, at.colConf, at.y, at.x, this.fp, at.gram, cgSteps],
      this.#itemSplit,
      this.data.nItems,
    );
  }

  /** cgRows over rows [0, split) here and [split, n) on the helper thread, each with its own scratch. */
  #solveRows(args: CgRowsHead, split: number, n: number): void {
    this.#helper?.start('cgRows', [...args, split, n, this.#at.scratch2]);
    this.#k.cgRows(...args, 0, split, this.#at.scratch);
    this.#helper?.wait();
  }
}

/** cgRows' arguments before its row range and scratch: CSR pointers, the two factor sides, fp, Gram, steps. */
type CgRowsHead = [number, number, number, number, number, number, number, number];

/** The row where the cumulative work (a per-row solve plus a per-entry term) reaches half. */
function balancedSplit(ptr: Int32Array, fp: number): number {
  const n = ptr.length - 1;
  const rowCost = 4 * fp;
  const entryCost = 8;
  const total = n * rowCost + ptr[n]! * entryCost;
  let acc = 0;
  for (let r = 0; r < n; r++) {
    acc += rowCost + (ptr[r + 1]! - ptr[r]!) * entryCost;
    if (acc >= total / 2) return r + 1;
  }
  return n;
}
