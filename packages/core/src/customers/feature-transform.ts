/** The log1p + standardization transform of behaviour features before clustering, and its inverse. */
import { checkShape } from './kmeans.js';

export interface FeatureTransform {
  /** Per-column: whether log1p was applied (for non-negative heavy-tailed columns: spend, counts, days). */
  log1p: boolean[];
  /** Per-column mean and standard deviation (population) after log1p. */
  mean: Float64Array;
  std: Float64Array;
}

/**
 * log1p on the chosen columns (values must be > -1 there), then z-scores: (v - mean) / std with the
 * population standard deviation (scikit-learn's StandardScaler). Columns with std 0 are left centred
 * (std reported as 1). Returns the transformed copy and the transform.
 */
export function logStandardize(
  data: Float64Array,
  n: number,
  d: number,
  log1p: boolean | boolean[] = true,
): { data: Float64Array; transform: FeatureTransform } {
  checkShape(data, n, d);
  const logs = Array.isArray(log1p) ? log1p : Array.from({ length: d }, () => log1p);
  if (logs.length !== d) throw new Error(`log1p must have d = ${d} entries`);
  const out = new Float64Array(n * d);
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let v = data[i * d + j]!;
      if (logs[j]) {
        if (!(v > -1)) throw new Error(`row ${i}, column ${j}: log1p needs values > -1 (got ${v})`);
        v = Math.log1p(v);
      }
      out[i * d + j] = v;
      s += v;
    }
    const mu = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const t = out[i * d + j]! - mu;
      ss += t * t;
    }
    const sd = Math.sqrt(ss / n);
    mean[j] = mu;
    std[j] = sd > 0 ? sd : 1;
    for (let i = 0; i < n; i++) out[i * d + j] = (out[i * d + j]! - mu) / std[j]!;
  }
  return { data: out, transform: { log1p: logs, mean, std } };
}

/** Maps standardized rows (e.g. centroids) back to the original units (undoing the z-score and log1p). */
export function inverseTransform(rows: Float64Array, d: number, transform: FeatureTransform): Float64Array {
  const out = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) {
    const j = t % d;
    const v = rows[t]! * transform.std[j]! + transform.mean[j]!;
    out[t] = transform.log1p[j] ? Math.expm1(v) : v;
  }
  return out;
}
