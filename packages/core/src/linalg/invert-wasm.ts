/**
 * The WebAssembly SIMD (f64x2) backend of `invertSpd`: the matrix lives in a WebAssembly memory of its own
 * and is inverted there in place (block sweeps, src/wasm/assembly/linalg.ts), so an n x n inverse takes
 * 8 n^2 bytes and a few panels of scratch. The TypeScript version in cholesky.ts is the fallback and the
 * test oracle.
 */
import { HelperThread, helperThreadAvailable } from '../wasm/helper-thread.js';
import { LINALG_WASM_BASE64 } from '../wasm/linalg-kernel.generated.js';
import { LINALG_SHARED_WASM_BASE64 } from '../wasm/linalg-shared-kernel.generated.js';
import { decodeBase64, wasmApi } from '../wasm/wasm-api.js';

interface LinalgExports {
  inPlaceScratchBytes(n: number, bs: number): number;
  sweepPrepare(a: number, n: number, scratch: number, bs: number, k0: number): number;
  sweepUpdate(
    a: number,
    n: number,
    scratch: number,
    bs: number,
    k0: number,
    gFrom: number,
    gTo: number,
    thread: number,
  ): void;
  sweepFinish(a: number, n: number, scratch: number, bs: number, k0: number): void;
  negateMirror(a: number, n: number): void;
}

const PAGE = 65536;
/** A WebAssembly memory (32-bit addresses) holds at most 4 GiB: the matrix and its scratch fit up to n = 23,000. */
const MAX_PAGES = 65536;
/** Rows swept per block (a multiple of 4); `pnpm bench linalg --block <b>` compares others. */
export const SWEEP_BLOCK = 64;

const compiled: Record<'private' | 'shared', object | null | undefined> = {
  private: undefined,
  shared: undefined,
};

/** The compiled kernel (on a private or a shared memory), or null where it cannot run here. */
function linalgModule(kind: 'private' | 'shared' = 'private'): object | null {
  if (compiled[kind] !== undefined) return compiled[kind];
  try {
    const bytes = decodeBase64(kind === 'private' ? LINALG_WASM_BASE64 : LINALG_SHARED_WASM_BASE64);
    compiled[kind] = wasmApi?.validate(bytes) ? new wasmApi.Module(bytes) : null;
  } catch {
    compiled[kind] = null;
  }
  return compiled[kind];
}

/** True when the WebAssembly kernel can run here (SIMD supported). */
export function linalgWasmAvailable(): boolean {
  return linalgModule() !== null;
}

/** An n x n matrix in WebAssembly memory, to be filled and then inverted where it lies. */
export interface SpdWorkspace {
  /** The matrix, row-major, zero-filled at first: a view of WebAssembly memory (it cannot be transferred). */
  readonly matrix: Float64Array;
  /** Replaces `matrix` by its inverse. Throws when it is not positive definite (the matrix is then undefined). */
  invert(): void;
  /** The threads the sweeps run on: 2 when a helper thread shares the work. */
  readonly threads: 1 | 2;
}

/**
 * A workspace for inverting an n x n SPD matrix in WebAssembly, or null when the kernel cannot run here or
 * the matrix does not fit a WebAssembly memory (n above about 23,000). Throws a RangeError when the memory
 * cannot be had. `threads` 2 updates half of each sweep's rows (balanced by their work) on a helper thread
 * where worker_threads and shared WebAssembly memory exist; otherwise, or with 1, all on this thread.
 * `block` is the sweep's block size, for benchmarks.
 */
export function spdWorkspace(n: number, block = SWEEP_BLOCK, threads = 1): SpdWorkspace | null {
  if (!linalgModule() || !wasmApi || !(Number.isInteger(block) && block > 0 && block % 4 === 0)) return null;
  const shared = threads >= 2 && helperThreadAvailable() && linalgModule('shared') !== null;
  const module = linalgModule(shared ? 'shared' : 'private')!;
  const bytes = n * n * 8;
  // The scratch size as the kernel computes it: three block x block matrices, two packed n x block
  // panels and 128 bytes of edge tile for each of two threads.
  const panel = Math.ceil(n / 4) * 4 * block * 8;
  const scratch = 3 * block * block * 8 + 2 * panel + 256;
  const pages = Math.ceil((bytes + scratch) / PAGE) + 1;
  if (pages > MAX_PAGES) return null;
  let memory: { buffer: ArrayBuffer | SharedArrayBuffer };
  try {
    memory = new wasmApi.Memory(
      shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages },
    );
  } catch {
    // The fallback would need the same memory in JavaScript: say so instead.
    throw new RangeError(
      `cannot allocate ${((pages * PAGE) / 2 ** 30).toFixed(1)} GB for the inverse of a ${n} x ${n} matrix`,
    );
  }
  const kernel = new wasmApi.Instance(module, { env: { memory, abort: () => {} } }).exports as LinalgExports;
  if (kernel.inPlaceScratchBytes(n, block) !== scratch)
    throw new Error('linalg kernel: scratch size mismatch');
  const matrix = new Float64Array(memory.buffer as ArrayBuffer, 0, n * n);
  const groups = Math.ceil(n / 4);
  // Row group g of the lower triangle updates about g + 1 column groups: the rows below groups / sqrt(2)
  // hold half the work.
  const split = Math.round(groups / Math.SQRT2);
  return {
    matrix,
    threads: shared ? 2 : 1,
    invert() {
      const helper = shared ? new HelperThread(module, memory, ['sweepUpdate']) : null;
      try {
        for (let k0 = 0; k0 < n; k0 += block) {
          const failed = kernel.sweepPrepare(0, n, bytes, block, k0);
          if (failed !== 0) throw new Error(`matrix is not positive definite (pivot ${failed - 1})`);
          if (helper) {
            helper.start('sweepUpdate', [0, n, bytes, block, k0, split, groups, 1]);
            kernel.sweepUpdate(0, n, bytes, block, k0, 0, split, 0);
            helper.wait();
          } else kernel.sweepUpdate(0, n, bytes, block, k0, 0, groups, 0);
          kernel.sweepFinish(0, n, bytes, block, k0);
        }
        kernel.negateMirror(0, n);
      } finally {
        helper?.detach();
      }
    },
  };
}

/**
 * A^-1 for SPD A (row-major n x n) in WebAssembly, or null when the kernel cannot run here or the matrix
 * is too large for it. The result is a view of the kernel's memory. Throws like the TypeScript version
 * when A is not positive definite.
 */
export function invertSpdWasm(a: Float64Array, n: number): Float64Array | null {
  const workspace = spdWorkspace(n);
  if (!workspace) return null;
  workspace.matrix.set(a.subarray(0, n * n));
  workspace.invert();
  return workspace.matrix;
}
