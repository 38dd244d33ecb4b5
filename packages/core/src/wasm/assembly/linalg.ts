// AssemblyScript, not TypeScript (excluded from tsc by the tsconfigs): compiled by `node scripts/wasm/build.mjs` into
// linalg-kernel.generated.ts (base64). Keep in step with the TypeScript oracle in linalg/cholesky.ts.
//
// The dense SPD inverse on f64 with 128-bit SIMD (f64x2): Cholesky A = L L^T in place, then M = L^-1 row by
// row, then A^-1 = M^T M as row-wise outer products, mirrored. Row-major n x n matrices at byte offsets
// chosen by the JavaScript side; one call does the whole inverse.

@inline
function at(base: usize, index: i32): usize {
  return base + ((<usize>index) << 3);
}

function dot(x: usize, y: usize, len: i32): f64 {
  let acc = f64x2.splat(0);
  let k = 0;
  for (; k + 1 < len; k += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(at(x, k)), v128.load(at(y, k))));
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; k < len; k++) s += load<f64>(at(x, k)) * load<f64>(at(y, k));
  return s;
}

function axpy(alpha: f64, x: usize, y: usize, len: i32): void {
  const va = f64x2.splat(alpha);
  let k = 0;
  for (; k + 1 < len; k += 2) {
    const p = at(y, k);
    v128.store(p, f64x2.add(v128.load(p), f64x2.mul(va, v128.load(at(x, k)))));
  }
  for (; k < len; k++) store<f64>(at(y, k), load<f64>(at(y, k)) + alpha * load<f64>(at(x, k)));
}

/** Cholesky in place (lower triangle); 0 on success, else 1 + the index of the failing pivot. */
export function cholesky(a: usize, n: i32): i32 {
  for (let j = 0; j < n; j++) {
    const rowJ = at(a, j * n);
    const d = load<f64>(at(rowJ, j)) - dot(rowJ, rowJ, j);
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    store<f64>(at(rowJ, j), ljj);
    for (let i = j + 1; i < n; i++) {
      const rowI = at(a, i * n);
      store<f64>(at(rowI, j), (load<f64>(at(rowI, j)) - dot(rowI, rowJ, j)) / ljj);
    }
  }
  return 0;
}

/** out = A^-1 for SPD A at `a` (overwritten by its factor); `m` is n x n scratch. Returns as `cholesky`. */
export function invertSpd(a: usize, m: usize, out: usize, n: i32): i32 {
  const failed = cholesky(a, n);
  if (failed != 0) return failed;
  const bytes = (<usize>n) * (<usize>n) << 3;
  memory.fill(m, 0, bytes);
  memory.fill(out, 0, bytes);
  for (let i = 0; i < n; i++) {
    const rowI = at(m, i * n);
    const lRow = at(a, i * n);
    for (let k = 0; k < i; k++) {
      const lik = load<f64>(at(lRow, k));
      if (lik != 0) axpy(-lik, at(m, k * n), rowI, k + 1);
    }
    const inv = 1 / load<f64>(at(lRow, i));
    for (let j = 0; j < i; j++) store<f64>(at(rowI, j), load<f64>(at(rowI, j)) * inv);
    store<f64>(at(rowI, i), inv);
  }
  for (let k = 0; k < n; k++) {
    const rowK = at(m, k * n);
    for (let i = 0; i <= k; i++) {
      const mki = load<f64>(at(rowK, i));
      if (mki != 0) axpy(mki, rowK, at(out, i * n), i + 1);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) store<f64>(at(out, j * n + i), load<f64>(at(out, i * n + j)));
  }
  return 0;
}
