// AssemblyScript, not TypeScript (excluded from tsc by the tsconfigs): compiled by `node scripts/wasm/build.mjs` into
// als-kernel.generated.ts (base64). Keep in step with the TypeScript oracle in recs/models/als-kernel.ts.
//
// The ALS kernels on f32 with 128-bit SIMD (f32x4). All arrays live in the imported memory at byte offsets
// chosen by the JavaScript side; `f` is the padded factor count (a multiple of 4, padding lanes zero).
// Factors are row-major: row r starts at base + r * f * 4.

/** Sum over k < f of a[k] * b[k]. */
function dot(a: usize, b: usize, f: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let k: i32 = 0;
  const n8 = f & ~7;
  for (; k < n8; k += 8) {
    const o = <usize>(k << 2);
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (k < f) {
    const o = <usize>(k << 2);
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  s0 = f32x4.add(s0, s1);
  return (
    f32x4.extract_lane(s0, 0) +
    f32x4.extract_lane(s0, 1) +
    f32x4.extract_lane(s0, 2) +
    f32x4.extract_lane(s0, 3)
  );
}

/** y += alpha x. */
function axpy(alpha: f32, x: usize, y: usize, f: i32): void {
  const a = f32x4.splat(alpha);
  for (let k: i32 = 0; k < f; k += 4) {
    const o = <usize>(k << 2);
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(a, v128.load(x + o))));
  }
}

/** out = M v for symmetric M (f x f): the sum of v[b] times row b, four rows at a time. */
function symv(m: usize, v: usize, out: usize, f: i32): void {
  memory.fill(out, 0, <usize>(f << 2));
  const rowBytes = <usize>(f << 2);
  for (let b: i32 = 0; b < f; b += 4) {
    const vb = v + <usize>(b << 2);
    const a0 = f32x4.splat(load<f32>(vb));
    const a1 = f32x4.splat(load<f32>(vb, 4));
    const a2 = f32x4.splat(load<f32>(vb, 8));
    const a3 = f32x4.splat(load<f32>(vb, 12));
    const r0 = m + <usize>b * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    for (let k: i32 = 0; k < f; k += 4) {
      const o = <usize>(k << 2);
      let s = v128.load(out + o);
      s = f32x4.add(s, f32x4.mul(a0, v128.load(r0 + o)));
      s = f32x4.add(s, f32x4.mul(a1, v128.load(r1 + o)));
      s = f32x4.add(s, f32x4.mul(a2, v128.load(r2 + o)));
      s = f32x4.add(s, f32x4.mul(a3, v128.load(r3 + o)));
      v128.store(out + o, s);
    }
  }
}

/** out = Y^T Y + reg I over the n rows of y (f x f): the upper triangle by 4-wide blocks, then mirrored. */
export function gram(y: usize, n: i32, f: i32, reg: f32, out: usize): void {
  const rowBytes = <usize>(f << 2);
  memory.fill(out, 0, <usize>f * rowBytes);
  for (let r: i32 = 0; r < n; r++) {
    const yr = y + <usize>r * rowBytes;
    for (let a: i32 = 0; a < f; a++) {
      const ya = load<f32>(yr + <usize>(a << 2));
      if (ya === 0) continue;
      // columns from a's 4-aligned block onwards: [a & ~3, f)
      const from = <usize>((a & ~3) << 2);
      axpy(ya, yr + from, out + <usize>a * rowBytes + from, f - (a & ~3));
    }
  }
  for (let a: i32 = 0; a < f; a++) {
    for (let b: i32 = 0; b < (a & ~3); b++) {
      store<f32>(
        out + <usize>a * rowBytes + <usize>(b << 2),
        load<f32>(out + <usize>b * rowBytes + <usize>(a << 2)),
      );
    }
    const d = out + <usize>a * rowBytes + <usize>(a << 2);
    store<f32>(d, load<f32>(d) + reg);
  }
}

/**
 * Conjugate-gradient updates of rows [start, end) of x given y, as cgRows of the TypeScript oracle:
 * ptr (i32, rows + 1), idx (i32), conf (f32) describe the rows' entries; yty = Y^T Y + reg I;
 * scratch holds 3 f-vectors (r, p, ap).
 */
export function cgRows(
  ptr: usize,
  idx: usize,
  conf: usize,
  x: usize,
  y: usize,
  f: i32,
  yty: usize,
  cgSteps: i32,
  start: i32,
  end: i32,
  scratch: usize,
): void {
  const rowBytes = <usize>(f << 2);
  const r = scratch;
  const p = scratch + rowBytes;
  const ap = p + rowBytes;
  for (let u: i32 = start; u < end; u++) {
    const xo = x + <usize>u * rowBytes;
    const q0 = load<i32>(ptr + ((<usize>u) << 2));
    const q1 = load<i32>(ptr + ((<usize>(u + 1)) << 2));
    symv(yty, xo, r, f);
    const minus = f32x4.splat(-1);
    for (let k: i32 = 0; k < f; k += 4) {
      const o = <usize>(k << 2);
      v128.store(r + o, f32x4.mul(minus, v128.load(r + o)));
    }
    for (let q: i32 = q0; q < q1; q++) {
      const c = load<f32>(conf + ((<usize>q) << 2));
      const yo = y + <usize>load<i32>(idx + ((<usize>q) << 2)) * rowBytes;
      const d: f32 = c !== 1 ? dot(yo, xo, f) : 0;
      axpy(c - (c - 1) * d, yo, r, f);
    }
    memory.copy(p, r, rowBytes);
    let rsold = dot(r, r, f);
    if (rsold < 1e-20) continue;
    for (let step: i32 = 0; step < cgSteps; step++) {
      symv(yty, p, ap, f);
      for (let q: i32 = q0; q < q1; q++) {
        const c1 = load<f32>(conf + ((<usize>q) << 2)) - 1;
        if (c1 === 0) continue;
        const yo = y + <usize>load<i32>(idx + ((<usize>q) << 2)) * rowBytes;
        axpy(c1 * dot(yo, p, f), yo, ap, f);
      }
      const alpha = rsold / dot(p, ap, f);
      axpy(alpha, p, xo, f);
      axpy(-alpha, ap, r, f);
      const rsnew = dot(r, r, f);
      if (rsnew < 1e-20) break;
      const beta = f32x4.splat(rsnew / rsold);
      for (let k: i32 = 0; k < f; k += 4) {
        const o = <usize>(k << 2);
        v128.store(p + o, f32x4.add(v128.load(r + o), f32x4.mul(beta, v128.load(p + o))));
      }
      rsold = rsnew;
    }
  }
}

/** out[i] = x . y_i for the n rows of y (f32 scores of every item for one user vector). */
export function dots(x: usize, y: usize, n: i32, f: i32, out: usize): void {
  const rowBytes = <usize>(f << 2);
  for (let i: i32 = 0; i < n; i++) {
    store<f32>(out + ((<usize>i) << 2), dot(x, y + <usize>i * rowBytes, f));
  }
}
