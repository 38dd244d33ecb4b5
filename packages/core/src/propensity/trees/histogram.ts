/**
 * Histogram kernels of the tree growers. A feature with nb bins has nb + 1 histogram slots (the last
 * one for missing values); each slot holds three sums: channel 1 (weighted positives, or gradients),
 * channel 2 (weights, or hessians) and the number of rows, interleaved: `hist[o + 3 * code + c]`.
 * A node's histogram is all features' slots back to back (`HistogramLayout`).
 */

/** The "no bin" marker for a split whose right side holds only missing values. */
export const NO_BIN = 256;

export class HistogramLayout {
  /** Per feature, the offset of its first slot's first value. */
  readonly offset: Int32Array;
  /** Values in a node's histogram (all features). */
  readonly size: number;

  constructor(nBins: Int32Array) {
    this.offset = new Int32Array(nBins.length);
    let o = 0;
    for (let f = 0; f < nBins.length; f++) {
      this.offset[f] = o;
      o += 3 * (nBins[f]! + 1);
    }
    this.size = o;
  }
}

/** Reusable node histograms (one tree's, or across the trees of a boosting run). */
export class HistogramPool {
  readonly #free: Float64Array[] = [];
  readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  acquire(): Float64Array {
    return this.#free.pop() ?? new Float64Array(this.size);
  }

  release(hist: Float64Array): void {
    this.#free.push(hist);
  }
}

/**
 * Adds rows `rows[start..end)` to the histogram of one feature at offset `o`, which must be zeros.
 * `base` is the feature's offset in the column-major codes; `g1`/`g2` are the rows' channel values in the
 * order of `rows[start..end)` (gathered once per node, so that the inner loop reads them contiguously).
 */
export function buildFeatureHistogram(
  codes: Uint8Array,
  base: number,
  rows: Uint32Array,
  start: number,
  end: number,
  g1: Float64Array,
  g2: Float64Array,
  hist: Float64Array,
  o: number,
): void {
  let k = 0;
  for (let i = start; i < end; i++, k++) {
    const b = o + codes[base + rows[i]!]! * 3;
    hist[b] = hist[b]! + g1[k]!;
    hist[b + 1] = hist[b + 1]! + g2[k]!;
    hist[b + 2] = hist[b + 2]! + 1;
  }
}

/**
 * Four features at once (one pass over the rows, reading each row's channel values once): features
 * with code bases b0..b3 into histogram offsets o0..o3, which must be zeros.
 */
export function buildFourFeatureHistograms(
  codes: Uint8Array,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  rows: Uint32Array,
  start: number,
  end: number,
  g1: Float64Array,
  g2: Float64Array,
  hist: Float64Array,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
): void {
  let k = 0;
  for (let i = start; i < end; i++, k++) {
    const r = rows[i]!;
    const v1 = g1[k]!;
    const v2 = g2[k]!;
    let b = o0 + codes[b0 + r]! * 3;
    hist[b] = hist[b]! + v1;
    hist[b + 1] = hist[b + 1]! + v2;
    hist[b + 2] = hist[b + 2]! + 1;
    b = o1 + codes[b1 + r]! * 3;
    hist[b] = hist[b]! + v1;
    hist[b + 1] = hist[b + 1]! + v2;
    hist[b + 2] = hist[b + 2]! + 1;
    b = o2 + codes[b2 + r]! * 3;
    hist[b] = hist[b]! + v1;
    hist[b + 1] = hist[b + 1]! + v2;
    hist[b + 2] = hist[b + 2]! + 1;
    b = o3 + codes[b3 + r]! * 3;
    hist[b] = hist[b]! + v1;
    hist[b + 1] = hist[b + 1]! + v2;
    hist[b + 2] = hist[b + 2]! + 1;
  }
}

/** `parent -= child` over the first `n` values: turns a parent's histogram into the child's sibling's. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) parent[i] = parent[i]! - child[i]!;
}

/**
 * The sparse variant for small nodes: adds the rows to a histogram (offset 0) that is all zeros on
 * entry, and writes the distinct non-missing codes seen, ascending, to `present`; returns how many.
 * `missing` is the feature's missing code. The caller zeroes the touched slots with `clearSparseHistogram`.
 */
export function buildSparseHistogram(
  codes: Uint8Array,
  base: number,
  missing: number,
  rows: Uint32Array,
  start: number,
  end: number,
  g1: Float64Array,
  g2: Float64Array,
  hist: Float64Array,
  present: Int32Array,
): number {
  let np = 0;
  let k = 0;
  for (let i = start; i < end; i++, k++) {
    const code = codes[base + rows[i]!]!;
    const b = code * 3;
    if (hist[b + 2] === 0 && code !== missing) present[np++] = code;
    hist[b] = hist[b]! + g1[k]!;
    hist[b + 1] = hist[b + 1]! + g2[k]!;
    hist[b + 2] = hist[b + 2]! + 1;
  }
  for (let i = 1; i < np; i++) {
    const v = present[i]!;
    let j = i - 1;
    while (j >= 0 && present[j]! > v) {
      present[j + 1] = present[j]!;
      j--;
    }
    present[j + 1] = v;
  }
  return np;
}

/** Zeroes the slots listed in `present[0..np)` and the missing slot. */
export function clearSparseHistogram(
  hist: Float64Array,
  present: Int32Array,
  np: number,
  missing: number,
): void {
  for (let i = 0; i < np; i++) {
    const b = present[i]! * 3;
    hist[b] = 0;
    hist[b + 1] = 0;
    hist[b + 2] = 0;
  }
  const m = missing * 3;
  hist[m] = 0;
  hist[m + 1] = 0;
  hist[m + 2] = 0;
}

/** 0, 1, ..., 254: the bin list of a dense scan. */
export const ALL_BINS = Int32Array.from({ length: 255 }, (_, i) => i);
