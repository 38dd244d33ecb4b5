// AssemblyScript, not TypeScript (excluded from tsc by the tsconfigs): compiled by `node scripts/wasm/build.mjs` into
// mlp-kernels.generated.ts (base64). The TypeScript kernels in ../mlp/network.ts are the fallback and
// the test oracle; keep the two in step.
//
// Dense-layer kernels on f64 with 128-bit SIMD (f64x2). Every array lives in the imported memory at a
// byte offset chosen by the JavaScript side; matrices are row-major: a (rows x nIn), w (nIn x nOut),
// z and dz (rows x nOut).

function act(v: v128, relu: bool): v128 {
  return relu ? f64x2.max(v, f64x2.splat(0)) : v;
}

/** z = a w + b (b broadcast over rows), then max(z, 0) when `relu`. Tiles of 4 rows x 4 outputs in registers. */
export function affine(
  a: usize,
  rows: i32,
  nIn: i32,
  w: usize,
  b: usize,
  nOut: i32,
  z: usize,
  relu: bool,
): void {
  const aStride = (<usize>nIn) << 3;
  const zStride = (<usize>nOut) << 3;
  const n4 = nOut & ~3;
  let i: i32 = 0;
  for (; i + 4 <= rows; i += 4) {
    const a0 = a + <usize>i * aStride;
    const a1 = a0 + aStride;
    const a2 = a1 + aStride;
    const a3 = a2 + aStride;
    const z0 = z + <usize>i * zStride;
    let j: i32 = 0;
    for (; j < n4; j += 4) {
      const jo = (<usize>j) << 3;
      const bl = v128.load(b + jo);
      const bh = v128.load(b + jo, 16);
      let c0l = bl;
      let c0h = bh;
      let c1l = bl;
      let c1h = bh;
      let c2l = bl;
      let c2h = bh;
      let c3l = bl;
      let c3h = bh;
      let wp = w + jo;
      for (let k: i32 = 0; k < nIn; k++) {
        const wl = v128.load(wp);
        const wh = v128.load(wp, 16);
        const ko = (<usize>k) << 3;
        const x0 = f64x2.splat(load<f64>(a0 + ko));
        const x1 = f64x2.splat(load<f64>(a1 + ko));
        const x2 = f64x2.splat(load<f64>(a2 + ko));
        const x3 = f64x2.splat(load<f64>(a3 + ko));
        c0l = f64x2.add(c0l, f64x2.mul(x0, wl));
        c0h = f64x2.add(c0h, f64x2.mul(x0, wh));
        c1l = f64x2.add(c1l, f64x2.mul(x1, wl));
        c1h = f64x2.add(c1h, f64x2.mul(x1, wh));
        c2l = f64x2.add(c2l, f64x2.mul(x2, wl));
        c2h = f64x2.add(c2h, f64x2.mul(x2, wh));
        c3l = f64x2.add(c3l, f64x2.mul(x3, wl));
        c3h = f64x2.add(c3h, f64x2.mul(x3, wh));
        wp += zStride;
      }
      const zp = z0 + jo;
      v128.store(zp, act(c0l, relu));
      v128.store(zp, act(c0h, relu), 16);
      v128.store(zp + zStride, act(c1l, relu));
      v128.store(zp + zStride, act(c1h, relu), 16);
      v128.store(zp + 2 * zStride, act(c2l, relu));
      v128.store(zp + 2 * zStride, act(c2h, relu), 16);
      v128.store(zp + 3 * zStride, act(c3l, relu));
      v128.store(zp + 3 * zStride, act(c3h, relu), 16);
    }
    for (; j < nOut; j++) {
      const jo = (<usize>j) << 3;
      let s0 = load<f64>(b + jo);
      let s1 = s0;
      let s2 = s0;
      let s3 = s0;
      for (let k: i32 = 0; k < nIn; k++) {
        const ko = (<usize>k) << 3;
        const wv = load<f64>(w + <usize>k * zStride + jo);
        s0 += load<f64>(a0 + ko) * wv;
        s1 += load<f64>(a1 + ko) * wv;
        s2 += load<f64>(a2 + ko) * wv;
        s3 += load<f64>(a3 + ko) * wv;
      }
      store<f64>(z0 + jo, relu && !(s0 > 0) ? 0 : s0);
      store<f64>(z0 + zStride + jo, relu && !(s1 > 0) ? 0 : s1);
      store<f64>(z0 + 2 * zStride + jo, relu && !(s2 > 0) ? 0 : s2);
      store<f64>(z0 + 3 * zStride + jo, relu && !(s3 > 0) ? 0 : s3);
    }
  }
  for (; i < rows; i++) {
    const a0 = a + <usize>i * aStride;
    const z0 = z + <usize>i * zStride;
    let j: i32 = 0;
    for (; j < n4; j += 4) {
      const jo = (<usize>j) << 3;
      let cl = v128.load(b + jo);
      let ch = v128.load(b + jo, 16);
      let wp = w + jo;
      for (let k: i32 = 0; k < nIn; k++) {
        const x = f64x2.splat(load<f64>(a0 + ((<usize>k) << 3)));
        cl = f64x2.add(cl, f64x2.mul(x, v128.load(wp)));
        ch = f64x2.add(ch, f64x2.mul(x, v128.load(wp, 16)));
        wp += zStride;
      }
      v128.store(z0 + jo, act(cl, relu));
      v128.store(z0 + jo, act(ch, relu), 16);
    }
    for (; j < nOut; j++) {
      const jo = (<usize>j) << 3;
      let s = load<f64>(b + jo);
      for (let k: i32 = 0; k < nIn; k++)
        s += load<f64>(a0 + ((<usize>k) << 3)) * load<f64>(w + <usize>k * zStride + jo);
      store<f64>(z0 + jo, relu && !(s > 0) ? 0 : s);
    }
  }
}

/**
 * Backward pass of one dense layer for `rows` rows: adds sum_i dz[i, :] to gb and a^T dz + reg * w to gw
 * (reg: the L2 penalty's gradient factor), and, when
 * da is not 0, writes da[i, k] = scale * sum_j dz[i, j] w[k, j] where a[i, k] !== 0, else 0 (a zero
 * activation is an inactive ReLU or a dropped unit; scale undoes inverted dropout).
 */
export function backward(
  a: usize,
  dz: usize,
  rows: i32,
  nIn: i32,
  nOut: i32,
  w: usize,
  gw: usize,
  gb: usize,
  da: usize,
  scale: f64,
  reg: f64,
): void {
  const aStride = (<usize>nIn) << 3;
  const zStride = (<usize>nOut) << 3;
  const n4 = nOut & ~3;
  const k4 = nIn & ~3;
  // bias gradient
  for (let i: i32 = 0; i < rows; i++) {
    const dp = dz + <usize>i * zStride;
    let j: i32 = 0;
    for (; j + 2 <= nOut; j += 2) {
      const jo = (<usize>j) << 3;
      v128.store(gb + jo, f64x2.add(v128.load(gb + jo), v128.load(dp + jo)));
    }
    for (; j < nOut; j++) {
      const jo = (<usize>j) << 3;
      store<f64>(gb + jo, load<f64>(gb + jo) + load<f64>(dp + jo));
    }
  }
  // weight gradient: tiles of 4 inputs x 4 outputs, summed over rows
  let j: i32 = 0;
  for (; j < n4; j += 4) {
    const jo = (<usize>j) << 3;
    let k: i32 = 0;
    for (; k < k4; k += 4) {
      const ko = (<usize>k) << 3;
      let c0l = f64x2.splat(0);
      let c0h = c0l;
      let c1l = c0l;
      let c1h = c0l;
      let c2l = c0l;
      let c2h = c0l;
      let c3l = c0l;
      let c3h = c0l;
      for (let i: i32 = 0; i < rows; i++) {
        const dp = dz + <usize>i * zStride + jo;
        const dl = v128.load(dp);
        const dh = v128.load(dp, 16);
        const ap = a + <usize>i * aStride + ko;
        const x0 = f64x2.splat(load<f64>(ap));
        const x1 = f64x2.splat(load<f64>(ap, 8));
        const x2 = f64x2.splat(load<f64>(ap, 16));
        const x3 = f64x2.splat(load<f64>(ap, 24));
        c0l = f64x2.add(c0l, f64x2.mul(x0, dl));
        c0h = f64x2.add(c0h, f64x2.mul(x0, dh));
        c1l = f64x2.add(c1l, f64x2.mul(x1, dl));
        c1h = f64x2.add(c1h, f64x2.mul(x1, dh));
        c2l = f64x2.add(c2l, f64x2.mul(x2, dl));
        c2h = f64x2.add(c2h, f64x2.mul(x2, dh));
        c3l = f64x2.add(c3l, f64x2.mul(x3, dl));
        c3h = f64x2.add(c3h, f64x2.mul(x3, dh));
      }
      const gp = gw + <usize>k * zStride + jo;
      v128.store(gp, f64x2.add(v128.load(gp), c0l));
      v128.store(gp, f64x2.add(v128.load(gp, 16), c0h), 16);
      v128.store(gp + zStride, f64x2.add(v128.load(gp + zStride), c1l));
      v128.store(gp + zStride, f64x2.add(v128.load(gp + zStride, 16), c1h), 16);
      v128.store(gp + 2 * zStride, f64x2.add(v128.load(gp + 2 * zStride), c2l));
      v128.store(gp + 2 * zStride, f64x2.add(v128.load(gp + 2 * zStride, 16), c2h), 16);
      v128.store(gp + 3 * zStride, f64x2.add(v128.load(gp + 3 * zStride), c3l));
      v128.store(gp + 3 * zStride, f64x2.add(v128.load(gp + 3 * zStride, 16), c3h), 16);
    }
    for (; k < nIn; k++) {
      const ko = (<usize>k) << 3;
      let cl = f64x2.splat(0);
      let ch = cl;
      for (let i: i32 = 0; i < rows; i++) {
        const dp = dz + <usize>i * zStride + jo;
        const x = f64x2.splat(load<f64>(a + <usize>i * aStride + ko));
        cl = f64x2.add(cl, f64x2.mul(x, v128.load(dp)));
        ch = f64x2.add(ch, f64x2.mul(x, v128.load(dp, 16)));
      }
      const gp = gw + <usize>k * zStride + jo;
      v128.store(gp, f64x2.add(v128.load(gp), cl));
      v128.store(gp, f64x2.add(v128.load(gp, 16), ch), 16);
    }
  }
  for (; j < nOut; j++) {
    const jo = (<usize>j) << 3;
    for (let k: i32 = 0; k < nIn; k++) {
      const ko = (<usize>k) << 3;
      let s: f64 = 0;
      for (let i: i32 = 0; i < rows; i++)
        s += load<f64>(a + <usize>i * aStride + ko) * load<f64>(dz + <usize>i * zStride + jo);
      const gp = gw + <usize>k * zStride + jo;
      store<f64>(gp, load<f64>(gp) + s);
    }
  }
  if (reg !== 0) {
    const rv = f64x2.splat(reg);
    const n = nIn * nOut;
    let q: i32 = 0;
    for (; q + 2 <= n; q += 2) {
      const qo = (<usize>q) << 3;
      v128.store(gw + qo, f64x2.add(v128.load(gw + qo), f64x2.mul(rv, v128.load(w + qo))));
    }
    for (; q < n; q++) {
      const qo = (<usize>q) << 3;
      store<f64>(gw + qo, load<f64>(gw + qo) + reg * load<f64>(w + qo));
    }
  }
  if (da === 0) return;
  // input gradient: dot products of dz rows with w rows, masked by the activations
  const n2 = nOut & ~1;
  for (let i: i32 = 0; i < rows; i++) {
    const ap = a + <usize>i * aStride;
    const dap = da + <usize>i * aStride;
    const dp = dz + <usize>i * zStride;
    for (let k: i32 = 0; k < nIn; k++) {
      const ko = (<usize>k) << 3;
      if (load<f64>(ap + ko) === 0) {
        store<f64>(dap + ko, 0);
        continue;
      }
      const wp = w + <usize>k * zStride;
      let acc = f64x2.splat(0);
      let jj: i32 = 0;
      for (; jj < n2; jj += 2) {
        const jo = (<usize>jj) << 3;
        acc = f64x2.add(acc, f64x2.mul(v128.load(dp + jo), v128.load(wp + jo)));
      }
      let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
      for (; jj < nOut; jj++) s += load<f64>(dp + ((<usize>jj) << 3)) * load<f64>(wp + ((<usize>jj) << 3));
      store<f64>(dap + ko, s * scale);
    }
  }
}

/** dst[r, :] = x[idx[r], :] for r < count (x: rows x d f64, idx: i32). */
export function gather(x: usize, idx: usize, count: i32, d: i32, dst: usize): void {
  const stride = (<usize>d) << 3;
  const d2 = d & ~1;
  for (let r: i32 = 0; r < count; r++) {
    const src = x + <usize>load<i32>(idx + ((<usize>r) << 2)) * stride;
    const out = dst + <usize>r * stride;
    let j: i32 = 0;
    for (; j < d2; j += 2) v128.store(out + ((<usize>j) << 3), v128.load(src + ((<usize>j) << 3)));
    for (; j < d; j++) store<f64>(out + ((<usize>j) << 3), load<f64>(src + ((<usize>j) << 3)));
  }
}

/**
 * One Adam step over n parameters: m1 = b1 m1 + (1 - b1) g; m2 = b2 m2 + (1 - b2) g^2;
 * theta -= lr * m1 / (sqrt(m2) + eps), with lr already bias-corrected.
 */
export function adam(
  theta: usize,
  g: usize,
  m1: usize,
  m2: usize,
  n: i32,
  lr: f64,
  b1: f64,
  b2: f64,
  eps: f64,
): void {
  const vb1 = f64x2.splat(b1);
  const vc1 = f64x2.splat(1 - b1);
  const vb2 = f64x2.splat(b2);
  const vc2 = f64x2.splat(1 - b2);
  const vlr = f64x2.splat(lr);
  const veps = f64x2.splat(eps);
  let q: i32 = 0;
  for (; q + 2 <= n; q += 2) {
    const o = (<usize>q) << 3;
    const gv = v128.load(g + o);
    const a = f64x2.add(f64x2.mul(vb1, v128.load(m1 + o)), f64x2.mul(vc1, gv));
    const v = f64x2.add(f64x2.mul(vb2, v128.load(m2 + o)), f64x2.mul(vc2, f64x2.mul(gv, gv)));
    v128.store(m1 + o, a);
    v128.store(m2 + o, v);
    v128.store(
      theta + o,
      f64x2.sub(v128.load(theta + o), f64x2.div(f64x2.mul(vlr, a), f64x2.add(f64x2.sqrt(v), veps))),
    );
  }
  for (; q < n; q++) {
    const o = (<usize>q) << 3;
    const gv = load<f64>(g + o);
    const a = b1 * load<f64>(m1 + o) + (1 - b1) * gv;
    const v = b2 * load<f64>(m2 + o) + (1 - b2) * gv * gv;
    store<f64>(m1 + o, a);
    store<f64>(m2 + o, v);
    store<f64>(theta + o, load<f64>(theta + o) - (lr * a) / (sqrt<f64>(v) + eps));
  }
}
