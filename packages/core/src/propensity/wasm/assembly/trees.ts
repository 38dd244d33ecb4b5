// AssemblyScript, not TypeScript (excluded from tsc by the tsconfigs): compiled by `node scripts/wasm/build.mjs` into
// trees-kernels.generated.ts (base64). The TypeScript builder in ../trees/histogram.ts is the fallback
// and the test oracle; keep the two in step.
//
// The histogram build of the tree growers, for a node whose rows are rows[start..end) (u32 row ids):
// per feature f, slot `offsets[f] / 3 + code` of `hist` holds (sum of s1, sum of s2, count) as three f64,
// where code = codes[f * nRows + row] (u8, column-major). The node's (s1, s2) pairs are first gathered
// into `gh` (interleaved f64), so that each update adds one f64x2.

/** Zeroes hist[0..histSize) (f64 count), then adds the node's rows to every feature's histogram. */
export function buildHistograms(
  codes: usize,
  nRows: i32,
  rows: usize,
  start: i32,
  end: i32,
  s1: usize,
  s2: usize,
  gh: usize,
  hist: usize,
  histSize: i32,
  offsets: usize,
  nFeatures: i32,
): void {
  memory.fill(hist, 0, (<usize>histSize) << 3);
  const n = end - start;
  for (let k: i32 = 0; k < n; k++) {
    const r = (<usize>load<u32>(rows + ((<usize>(start + k)) << 2))) << 3;
    const o = gh + ((<usize>k) << 4);
    store<f64>(o, load<f64>(s1 + r));
    store<f64>(o, load<f64>(s2 + r), 8);
  }
  const stride = <usize>nRows;
  const rp = rows + ((<usize>start) << 2);
  let f: i32 = 0;
  for (; f + 4 <= nFeatures; f += 4) {
    const c0 = codes + <usize>f * stride;
    const c1 = c0 + stride;
    const c2 = c1 + stride;
    const c3 = c2 + stride;
    const fo = offsets + ((<usize>f) << 2);
    const h0 = hist + ((<usize>load<i32>(fo)) << 3);
    const h1 = hist + ((<usize>load<i32>(fo, 4)) << 3);
    const h2 = hist + ((<usize>load<i32>(fo, 8)) << 3);
    const h3 = hist + ((<usize>load<i32>(fo, 12)) << 3);
    for (let k: i32 = 0; k < n; k++) {
      const r = <usize>load<u32>(rp + ((<usize>k) << 2));
      const v = v128.load(gh + ((<usize>k) << 4));
      let p = h0 + <usize>load<u8>(c0 + r) * 24;
      v128.store(p, f64x2.add(v128.load(p), v));
      store<f64>(p, load<f64>(p, 16) + 1.0, 16);
      p = h1 + <usize>load<u8>(c1 + r) * 24;
      v128.store(p, f64x2.add(v128.load(p), v));
      store<f64>(p, load<f64>(p, 16) + 1.0, 16);
      p = h2 + <usize>load<u8>(c2 + r) * 24;
      v128.store(p, f64x2.add(v128.load(p), v));
      store<f64>(p, load<f64>(p, 16) + 1.0, 16);
      p = h3 + <usize>load<u8>(c3 + r) * 24;
      v128.store(p, f64x2.add(v128.load(p), v));
      store<f64>(p, load<f64>(p, 16) + 1.0, 16);
    }
  }
  for (; f < nFeatures; f++) {
    const c0 = codes + <usize>f * stride;
    const h0 = hist + ((<usize>load<i32>(offsets + ((<usize>f) << 2))) << 3);
    for (let k: i32 = 0; k < n; k++) {
      const r = <usize>load<u32>(rp + ((<usize>k) << 2));
      const p = h0 + <usize>load<u8>(c0 + r) * 24;
      v128.store(p, f64x2.add(v128.load(p), v128.load(gh + ((<usize>k) << 4))));
      store<f64>(p, load<f64>(p, 16) + 1.0, 16);
    }
  }
}
