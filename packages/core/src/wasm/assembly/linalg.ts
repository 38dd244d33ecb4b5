// AssemblyScript, not TypeScript (excluded from tsc by the tsconfigs): compiled by `node scripts/wasm/build.mjs` into
// linalg-kernel.generated.ts (base64). Keep in step with the TypeScript oracle in linalg/cholesky.ts.
//
// The dense SPD inverse on f64 with 128-bit SIMD (f64x2), in place: the JavaScript side (linalg/invert-wasm.ts)
// sweeps the matrix a block of rows at a time (the block Gauss-Jordan sweep, below: sweepPrepare, then
// sweepUpdate, on one thread or split over two, then sweepFinish; negateMirror at the end); each block's own
// small inverse is `invertSpd` (Cholesky A = L L^T, M = L^-1 row by row, A^-1 = M^T M). Row-major n x n
// matrices at byte offsets chosen by the JavaScript side.

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
function invertSpd(a: usize, m: usize, out: usize, n: i32): i32 {
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

// ---- The blocked inverse ----------------------------------------------------------------------------
//
// The sweep operator (Goodnight 1979) on a block K of rows/columns, with S = A_KK^-1:
//   A_ij -= A_iK S A_Kj   (i, j outside K),   A_iK := A_iK S,   A_KK := -S.
// Sweeping every block in turn leaves -A^-1. For SPD A every pivot block is a principal block of a Schur
// complement, so it is SPD too, and the first pivot that fails is the one plain Cholesky would fail on.
// Only the lower triangle is kept during the sweeps (the update is symmetric); it is negated and mirrored
// at the end. The update, n^2 b multiply-adds per block, is a product of two packed n x b panels (T = P S
// and P = A_{., K}) in 4 x 4 register tiles, the columns taken in slices whose panel stays in cache.

/** Groups of four columns of a slice of the update: 64 groups of a 64-wide block is 128 KB of panel. */
const SLICE_GROUPS = 64;

/** Where (t, r) of packed group g lies: groups of four rows, each `bs` x 4 (row r of the group in lane r). */
@inline
function packedAt(base: usize, g: i32, bs: i32, t: i32): usize {
  return base + ((((<usize>g) * (<usize>bs) + (<usize>t)) << 2) << 3);
}

/** C[4 x 4 at c, row stride n] -= T_g P_h^T over t < kb, for `rows` x `cols` (<= 4) of it. */
function tile(tp: usize, pp: usize, c: usize, n: i32, kb: i32, rows: i32, cols: i32, acc: usize): void {
  let a00 = f64x2.splat(0), a01 = f64x2.splat(0);
  let a10 = f64x2.splat(0), a11 = f64x2.splat(0);
  let a20 = f64x2.splat(0), a21 = f64x2.splat(0);
  let a30 = f64x2.splat(0), a31 = f64x2.splat(0);
  for (let t = 0; t < kb; t++) {
    const p = pp + ((<usize>t) << 5);
    const q = tp + ((<usize>t) << 5);
    const p0 = v128.load(p);
    const p1 = v128.load(p, 16);
    let x = v128.load64_splat(q);
    a00 = f64x2.add(a00, f64x2.mul(x, p0));
    a01 = f64x2.add(a01, f64x2.mul(x, p1));
    x = v128.load64_splat(q, 8);
    a10 = f64x2.add(a10, f64x2.mul(x, p0));
    a11 = f64x2.add(a11, f64x2.mul(x, p1));
    x = v128.load64_splat(q, 16);
    a20 = f64x2.add(a20, f64x2.mul(x, p0));
    a21 = f64x2.add(a21, f64x2.mul(x, p1));
    x = v128.load64_splat(q, 24);
    a30 = f64x2.add(a30, f64x2.mul(x, p0));
    a31 = f64x2.add(a31, f64x2.mul(x, p1));
  }
  const stride = (<usize>n) << 3;
  if (rows == 4 && cols == 4) {
    v128.store(c, f64x2.sub(v128.load(c), a00));
    v128.store(c, f64x2.sub(v128.load(c, 16), a01), 16);
    let r = c + stride;
    v128.store(r, f64x2.sub(v128.load(r), a10));
    v128.store(r, f64x2.sub(v128.load(r, 16), a11), 16);
    r += stride;
    v128.store(r, f64x2.sub(v128.load(r), a20));
    v128.store(r, f64x2.sub(v128.load(r, 16), a21), 16);
    r += stride;
    v128.store(r, f64x2.sub(v128.load(r), a30));
    v128.store(r, f64x2.sub(v128.load(r, 16), a31), 16);
    return;
  }
  // An edge tile: the accumulators go through `acc` (128 bytes of scratch), the cells that exist are
  // written one by one.
  v128.store(acc, a00); v128.store(acc, a01, 16);
  v128.store(acc, a10, 32); v128.store(acc, a11, 48);
  v128.store(acc, a20, 64); v128.store(acc, a21, 80);
  v128.store(acc, a30, 96); v128.store(acc, a31, 112);
  for (let r = 0; r < rows; r++) {
    const row = c + (<usize>r) * stride;
    for (let j = 0; j < cols; j++) {
      const cell = at(row, j);
      store<f64>(cell, load<f64>(cell) - load<f64>(acc + (((<usize>r) << 2) + (<usize>j) << 3)));
    }
  }
}

/** Bytes of scratch the sweeps need for an n x n matrix swept in blocks of `bs` rows. */
export function inPlaceScratchBytes(n: i32, bs: i32): usize {
  const groups = (<usize>(n + 3)) >> 2;
  // S's copy, its factor's scratch and S; the packed panels P and T; 128 bytes of edge tile for each of
  // two threads.
  return ((3 * (<usize>bs) * (<usize>bs) + 2 * groups * 4 * (<usize>bs) + 32) << 3);
}

/** Where the parts of the scratch lie (see inPlaceScratchBytes). */
@inline
function blockBytes(bs: i32): usize {
  return ((<usize>bs) * (<usize>bs)) << 3;
}

@inline
function panelBytes(n: i32, bs: i32): usize {
  return ((<usize>((n + 3) >> 2)) * 4 * (<usize>bs)) << 3;
}

/**
 * Step k0 of the sweep, before its update: S = A_KK^-1 (from the block's lower triangle), P packed from
 * the lower triangle (row i for i >= k1, rows of K for i < k0; a short last group padded with zeros) and
 * T = P S packed as P. Returns 0, or 1 + the index of a pivot that is not positive.
 */
export function sweepPrepare(a: usize, n: i32, scratch: usize, bs: i32, k0: i32): i32 {
  const block = blockBytes(bs);
  const s0 = scratch;
  const sm = s0 + block;
  const s = sm + block;
  const groups = (n + 3) >> 2;
  const panel = panelBytes(n, bs);
  const pp = s + block;
  const tp = pp + panel;
  const k1 = min(k0 + bs, n);
  const kb = k1 - k0;
  for (let i = 0; i < kb; i++)
    for (let j = 0; j <= i; j++) store<f64>(at(s0, i * kb + j), load<f64>(at(a, (k0 + i) * n + k0 + j)));
  const failed = invertSpd(s0, sm, s, kb);
  if (failed != 0) return k0 + failed;
  const g0 = k0 >> 2;
  const g1 = (k1 + 3) >> 2;
  memory.fill(pp, 0, panel);
  for (let t = 0; t < kb; t++) {
    const row = at(a, (k0 + t) * n);
    for (let i = 0; i < k0; i++) store<f64>(packedAt(pp, i >> 2, bs, t) + ((<usize>(i & 3)) << 3), load<f64>(at(row, i)));
  }
  for (let i = k1; i < n; i++) {
    const row = at(a, i * n + k0);
    const lane = (<usize>(i & 3)) << 3;
    for (let t = 0; t < kb; t++) store<f64>(packedAt(pp, i >> 2, bs, t) + lane, load<f64>(at(row, t)));
  }
  // T = P S: row t of a group's T is sum_u S[t][u] P[u] (S is symmetric).
  for (let g = 0; g < groups; g++) {
    if (g == g0) { g = g1 - 1; continue; }
    const pg = packedAt(pp, g, bs, 0);
    const tg = packedAt(tp, g, bs, 0);
    for (let t = 0; t < kb; t++) {
      const srow = at(s, t * kb);
      let lo = f64x2.splat(0);
      let hi = f64x2.splat(0);
      for (let u = 0; u < kb; u++) {
        const x = v128.load64_splat(at(srow, u));
        const p = pg + ((<usize>u) << 5);
        lo = f64x2.add(lo, f64x2.mul(x, v128.load(p)));
        hi = f64x2.add(hi, f64x2.mul(x, v128.load(p, 16)));
      }
      const q = tg + ((<usize>t) << 5);
      v128.store(q, lo);
      v128.store(q, hi, 16);
    }
  }
  return 0;
}

/**
 * The update of step k0 for the row groups [gFrom, gTo) of the lower triangle outside K: A_ij -= T_i P_j,
 * by slices of SLICE_GROUPS column groups. Two threads (0 and 1) update disjoint row groups at once, each
 * with its own 128 bytes of edge tile.
 */
export function sweepUpdate(a: usize, n: i32, scratch: usize, bs: i32, k0: i32, gFrom: i32, gTo: i32, thread: i32): void {
  const block = blockBytes(bs);
  const panel = panelBytes(n, bs);
  const pp = scratch + 3 * block;
  const tp = pp + panel;
  const acc = tp + panel + ((<usize>thread) << 7);
  const groups = (n + 3) >> 2;
  const k1 = min(k0 + bs, n);
  const kb = k1 - k0;
  const g0 = k0 >> 2;
  const g1 = (k1 + 3) >> 2;
  for (let h0 = 0; h0 < gTo; h0 += SLICE_GROUPS) {
    const h1 = min(h0 + SLICE_GROUPS, groups);
    for (let g = max(h0, gFrom); g < gTo; g++) {
      if (g >= g0 && g < g1) { g = g1 - 1; continue; }
      const rows = min(4, n - (g << 2));
      const tg = packedAt(tp, g, bs, 0);
      const crow = at(a, (g << 2) * n);
      const last = min(h1 - 1, g);
      for (let h = h0; h <= last; h++) {
        if (h >= g0 && h < g1) { h = g1 - 1; continue; }
        tile(tg, packedAt(pp, h, bs, 0), at(crow, h << 2), n, kb, rows, min(4, n - (h << 2)), acc);
      }
    }
  }
}

/** After step k0's update: A_iK := T_i (into the lower triangle), A_KK := -S. */
export function sweepFinish(a: usize, n: i32, scratch: usize, bs: i32, k0: i32): void {
  const block = blockBytes(bs);
  const s = scratch + 2 * block;
  const tp = s + block + panelBytes(n, bs);
  const k1 = min(k0 + bs, n);
  const kb = k1 - k0;
  for (let t = 0; t < kb; t++) {
    const row = at(a, (k0 + t) * n);
    for (let i = 0; i < k0; i++) store<f64>(at(row, i), load<f64>(packedAt(tp, i >> 2, bs, t) + ((<usize>(i & 3)) << 3)));
    for (let j = 0; j <= t; j++) store<f64>(at(row, k0 + j), -load<f64>(at(s, t * kb + j)));
  }
  for (let i = k1; i < n; i++) {
    const row = at(a, i * n + k0);
    const lane = (<usize>(i & 3)) << 3;
    for (let t = 0; t < kb; t++) store<f64>(at(row, t), load<f64>(packedAt(tp, i >> 2, bs, t) + lane));
  }
}

/** The sweeps leave -A^-1 in the lower triangle: negated and mirrored, in 32 x 32 tiles. */
export function negateMirror(a: usize, n: i32): void {
  for (let i0 = 0; i0 < n; i0 += 32) {
    const i1 = min(i0 + 32, n);
    for (let j0 = 0; j0 <= i0; j0 += 32) {
      for (let i = i0; i < i1; i++) {
        const j1 = min(j0 + 32, i + 1);
        for (let j = j0; j < j1; j++) {
          const v = -load<f64>(at(a, i * n + j));
          store<f64>(at(a, i * n + j), v);
          store<f64>(at(a, j * n + i), v);
        }
      }
    }
  }
}
