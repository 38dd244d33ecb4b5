import type { Rng } from '../../random/rng.js';
import type { FeatureMatrix } from '../../tabular/feature-matrix.js';

/**
 * Quantile binning of feature columns into at most 255 bins, as scikit-learn's HistGradientBoosting
 * `_BinMapper`: a column with at most `maxBins` distinct
 * values gets a bin per value, with thresholds at the midpoints between them (so that histogram split
 * finding equals exact split finding); otherwise thresholds are the `midpoint` percentiles.
 * A value v falls in the first bin b with v <= threshold[b]. A feature with nb bins has codes 0..nb-1
 * for values and code nb for a missing value (so at most 256 codes, and histograms stay compact).
 */
export const MAX_BINS = 255;

/** Binned features, column-major: the code of row i, feature f is `codes[f * nRows + i]`. */
export interface BinnedData {
  codes: Uint8Array;
  nRows: number;
  nFeatures: number;
}

export class BinMapper {
  /** Per feature, ascending upper edges of bins 0..nBins-2 (the last bin is unbounded). */
  readonly thresholds: Float64Array[];
  /** Per feature, the number of non-missing bins (thresholds.length + 1), which is also its missing code. */
  readonly nBins: Int32Array;
  /** Per feature and bin, the smallest and largest training value in the bin (NaN when empty or unknown). */
  readonly binMin: Float64Array[];
  readonly binMax: Float64Array[];

  constructor(thresholds: Float64Array[], binMin: Float64Array[], binMax: Float64Array[]) {
    this.thresholds = thresholds;
    this.nBins = Int32Array.from(thresholds, (t) => t.length + 1);
    this.binMin = binMin;
    this.binMax = binMax;
  }

  get nFeatures(): number {
    return this.thresholds.length;
  }

  /**
   * Learns bin thresholds from the columns of `x`. With more than `subsample` rows, thresholds come from
   * a random subsample of that many rows (as scikit-learn's 200,000), drawn with `rng`.
   */
  static fit(x: FeatureMatrix, maxBins = MAX_BINS, rng?: Rng, subsample = 200_000): BinMapper {
    if (!(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= MAX_BINS)) {
      throw new Error(`maxBins must be an integer in 2..${MAX_BINS}, got ${maxBins}`);
    }
    const { nRows, nCols, data } = x;
    let rows: Uint32Array | null = null;
    if (nRows > subsample && rng) {
      const all = Uint32Array.from({ length: nRows }, (_, i) => i);
      for (let i = 0; i < subsample; i++) {
        const j = i + rng.int(nRows - i);
        const t = all[i]!;
        all[i] = all[j]!;
        all[j] = t;
      }
      rows = all.subarray(0, subsample).sort();
    }
    const thresholds: Float64Array[] = [];
    const column = new Float64Array(rows ? rows.length : nRows);
    for (let f = 0; f < nCols; f++) {
      let n = 0;
      const count = rows ? rows.length : nRows;
      for (let k = 0; k < count; k++) {
        const v = data[(rows ? rows[k]! : k) * nCols + f]!;
        if (!Number.isNaN(v)) column[n++] = v;
      }
      thresholds.push(columnThresholds(column.subarray(0, n).sort(), maxBins));
    }
    return new BinMapper(thresholds, [], []);
  }

  /**
   * `fit` and `transform` of the same matrix in one go, also recording each bin's smallest and largest
   * value (`binMin`/`binMax`), which midpoint thresholds need.
   */
  static fitTransform(
    x: FeatureMatrix,
    maxBins = MAX_BINS,
    rng?: Rng,
    subsample = 200_000,
  ): { mapper: BinMapper; binned: BinnedData } {
    const fitted = BinMapper.fit(x, maxBins, rng, subsample);
    const binned = fitted.transform(x);
    const { nRows, nCols, data } = x;
    const binMin: Float64Array[] = [];
    const binMax: Float64Array[] = [];
    for (let f = 0; f < nCols; f++) {
      const nb = fitted.nBins[f]!;
      const lo = new Float64Array(nb).fill(Number.NaN);
      const hi = new Float64Array(nb).fill(Number.NaN);
      const base = f * nRows;
      for (let i = 0; i < nRows; i++) {
        const b = binned.codes[base + i]!;
        if (b === nb) continue;
        const v = data[i * nCols + f]!;
        if (!(lo[b]! <= v)) lo[b] = v;
        if (!(hi[b]! >= v)) hi[b] = v;
      }
      binMin.push(lo);
      binMax.push(hi);
    }
    return { mapper: new BinMapper(fitted.thresholds, binMin, binMax), binned };
  }

  /** Codes of `x`'s values, column-major. */
  transform(x: FeatureMatrix): BinnedData {
    const { nRows, nCols, data } = x;
    if (nCols !== this.nFeatures)
      throw new Error(`matrix has ${nCols} columns; the bins were fit on ${this.nFeatures}`);
    const codes = new Uint8Array(nRows * nCols);
    for (let f = 0; f < nCols; f++) {
      const t = this.thresholds[f]!;
      const base = f * nRows;
      for (let i = 0; i < nRows; i++) {
        const v = data[i * nCols + f]!;
        codes[base + i] = Number.isNaN(v) ? t.length + 1 : binOf(t, v);
      }
    }
    return { codes, nRows, nFeatures: nCols };
  }
}

/** The first bin b with v <= t[b], or t.length. */
export function binOf(t: Float64Array, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= t[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Thresholds of one sorted column without NaN. */
function columnThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  }
  if (distinct.length <= maxBins) {
    const t = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < t.length; i++) t[i] = (distinct[i]! + distinct[i + 1]!) * 0.5;
    return t;
  }
  // numpy.percentile(col, linspace(0, 100, maxBins + 1)[1:-1], method='midpoint'), then unique.
  const out: number[] = [];
  const n = sorted.length;
  for (let k = 1; k < maxBins; k++) {
    const q = (100 * k) / maxBins;
    const pos = (q / 100) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const v = lo === hi ? sorted[lo]! : (sorted[lo]! + sorted[hi]!) * 0.5;
    if (out.length === 0 || v > out[out.length - 1]!) out.push(v);
  }
  return Float64Array.from(out);
}
