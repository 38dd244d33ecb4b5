/**
 * Dense symmetric positive-definite solves on row-major Float64Array matrices (n x n).
 * Used by ALS, EASE, Newton steps of logistic regression and anywhere a small SPD system appears.
 */
import { invertSpdWasm } from './invert-wasm.js';

/**
 * Cholesky factorization A = L L^T in place: on return the lower triangle of `a` holds L (the strict
 * upper triangle is left as it was). Throws if A is not positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j]!;
    for (let k = 0; k < j; k++) {
      const v = a[rowJ + k]!;
      d -= v * v;
    }
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j]!;
      for (let k = 0; k < j; k++) s -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = s / ljj;
    }
  }
}

/** Solves L L^T x = b in place in `b`, with L from `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[row + k]! * b[k]!;
    b[i] = s / l[row + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/** Solves A x = b for SPD A without modifying the inputs. */
export function solveSpd(a: Float64Array, n: number, b: Float64Array): Float64Array {
  const l = a.slice();
  choleskyInPlace(l, n);
  const x = b.slice();
  choleskySolveInPlace(l, n, x);
  return x;
}

/** y[yo .. yo+len) += alpha * x[xo .. xo+len), unrolled by four (the hot loop of `invertSpd`). */
function axpy(alpha: number, x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): void {
  let j = 0;
  for (; j + 3 < len; j += 4) {
    y[yo + j] = y[yo + j]! + alpha * x[xo + j]!;
    y[yo + j + 1] = y[yo + j + 1]! + alpha * x[xo + j + 1]!;
    y[yo + j + 2] = y[yo + j + 2]! + alpha * x[xo + j + 2]!;
    y[yo + j + 3] = y[yo + j + 3]! + alpha * x[xo + j + 3]!;
  }
  for (; j < len; j++) y[yo + j] = y[yo + j]! + alpha * x[xo + j]!;
}

/**
 * The inverse of an SPD matrix (row-major, symmetric result), in WebAssembly SIMD where it runs (and the
 * matrix fits its memory), else in TypeScript (`invertSpdScalar`).
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  return invertSpdWasm(a, n) ?? invertSpdScalar(a, n);
}

/**
 * The inverse of an SPD matrix in TypeScript (the fallback and test oracle): A = L L^T, so
 * A^-1 = L^-T L^-1. Both steps after the factorization run as row-wise multiply-adds over contiguous
 * memory (n column solves with strided access were 8x slower at n = 1,682). Blocking the rows for cache
 * reuse measured no faster here (bench/linalg.ts), so the loops stay plain.
 */
export function invertSpdScalar(a: Float64Array, n: number): Float64Array {
  const l = a.slice();
  choleskyInPlace(l, n);
  // m = L^-1, lower triangular, row by row: m[i][j] = -(sum_{k=j}^{i-1} L[i][k] m[k][j]) / L[i][i].
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let k = 0; k < i; k++) {
      const lik = l[rowI + k]!;
      if (lik !== 0) axpy(-lik, m, k * n, m, rowI, k + 1);
    }
    const inv = 1 / l[rowI + i]!;
    for (let j = 0; j < i; j++) m[rowI + j] = m[rowI + j]! * inv;
    m[rowI + i] = inv;
  }
  // A^-1 = m^T m: the lower triangle accumulates the outer product of each row of m, then is mirrored.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = m[rowK + i]!;
      if (mki !== 0) axpy(mki, m, rowK, out, i * n, i + 1);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j]!;
  return out;
}
