/**
 * The WebAssembly SIMD (f64x2) backend of `invertSpd`: the matrix lives in a WebAssembly memory of its own
 * and is inverted there in place (block sweeps, src/wasm/assembly/linalg.ts), so an n x n inverse takes
 * 8 n^2 bytes and a few panels of scratch. The TypeScript version in cholesky.ts is the fallback and the
 * test oracle.
 */
import { LINALG_WASM_BASE64 } from '../wasm/linalg-kernel.generated.js';
import { decodeBase64, wasmApi } from '../wasm/wasm-api.js';

interface LinalgExports {
  invertSpdInPlace(a: number, n: number, scratch: number, bs: number): number;
  inPlaceScratchBytes(n: number, bs: number): number;
}

const PAGE = 65536;
/** A WebAssembly memory (32-bit addresses) holds at most 4 GiB: the matrix and its scratch fit up to n = 23,000. */
const MAX_PAGES = 65536;
/** Rows swept per block (a multiple of 4); `pnpm bench linalg --block <b>` compares others. */
export const SWEEP_BLOCK = 64;

let compiled: object | null | undefined;

function linalgModule(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = decodeBase64(LINALG_WASM_BASE64);
    compiled = wasmApi?.validate(bytes) ? new wasmApi.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
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
}

/**
 * A workspace for inverting an n x n SPD matrix in WebAssembly, or null when the kernel cannot run here or
 * the matrix does not fit a WebAssembly memory (n above about 23,000). Throws a RangeError when the memory
 * cannot be had. `block` is the sweep's block size, for benchmarks.
 */
export function spdWorkspace(n: number, block = SWEEP_BLOCK): SpdWorkspace | null {
  const module = linalgModule();
  if (!module || !wasmApi || !(Number.isInteger(block) && block > 0 && block % 4 === 0)) return null;
  const bytes = n * n * 8;
  // The scratch size as the kernel computes it: three block x block matrices, two packed n x block
  // panels and 128 bytes.
  const scratch = (3 * block * block + 2 * Math.ceil(n / 4) * 4 * block + 16) * 8;
  const pages = Math.ceil((bytes + scratch) / PAGE) + 1;
  if (pages > MAX_PAGES) return null;
  let memory: { buffer: ArrayBuffer | SharedArrayBuffer };
  try {
    memory = new wasmApi.Memory({ initial: pages });
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
  return {
    matrix,
    invert() {
      const failed = kernel.invertSpdInPlace(0, n, bytes, block);
      if (failed !== 0) throw new Error(`matrix is not positive definite (pivot ${failed - 1})`);
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
