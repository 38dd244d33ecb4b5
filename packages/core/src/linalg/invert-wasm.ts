/**
 * The WebAssembly SIMD (f64x2) backend of `invertSpd`: one call factors and inverts inside a memory sized
 * for the matrix. The TypeScript version in cholesky.ts is the fallback and the test oracle.
 */
import { LINALG_WASM_BASE64 } from '../wasm/linalg-kernel.generated.js';
import { decodeBase64, wasmApi } from '../wasm/wasm-api.js';

interface LinalgExports {
  invertSpd(a: number, m: number, out: number, n: number): number;
}

const PAGE = 65536;
/** Above this the three n x n matrices (24 n^2 bytes) stay out of WebAssembly memory: n = 6,000 is 864 MB. */
const MAX_BYTES = 1 << 30;

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

/**
 * A^-1 for SPD A (row-major n x n) in WebAssembly, or null when the kernel cannot run here or the matrix
 * is too large for it. Throws like the TypeScript version when A is not positive definite.
 */
export function invertSpdWasm(a: Float64Array, n: number): Float64Array | null {
  const module = linalgModule();
  const bytes = n * n * 8;
  if (!module || !wasmApi || 3 * bytes > MAX_BYTES) return null;
  const memory = new wasmApi.Memory({ initial: Math.ceil((3 * bytes) / PAGE) + 1 });
  const kernel = new wasmApi.Instance(module, { env: { memory, abort: () => {} } }).exports as LinalgExports;
  const buffer = memory.buffer as ArrayBuffer;
  new Float64Array(buffer, 0, n * n).set(a);
  const failed = kernel.invertSpd(0, bytes, 2 * bytes, n);
  if (failed !== 0) throw new Error(`matrix is not positive definite (pivot ${failed - 1})`);
  return new Float64Array(buffer, 2 * bytes, n * n).slice();
}
