/** The silhouette score of a clustering (as scikit-learn's metrics.silhouette_score), exact or on a seeded sample. */
import { createRng } from '../random/rng.js';
import { checkShape } from './kmeans.js';

export interface SilhouetteOptions {
  /** Compute on a seeded random subset of this many rows (as scikit-learn's sample_size). Default: all rows. */
  sampleSize?: number;
  seed?: number;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987): for each row, a = mean distance to the other rows of its
 * cluster, b = smallest mean distance to the rows of another cluster, s = (b - a) / max(a, b), and s = 0
 * for a row alone in its cluster. Euclidean distances, O(n^2 d). With `sampleSize` < n, rows are sampled
 * without replacement and the silhouette is that of the sample alone (scikit-learn's semantics).
 * Needs 2 <= clusters <= rows - 1 (in the sample); throws otherwise.
 */
export function silhouetteScore(
  data: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  options: SilhouetteOptions = {},
): number {
  checkShape(data, n, d);
  if (labels.length !== n) throw new Error(`labels must have n = ${n} entries (has ${labels.length})`);
  let rows: Uint32Array;
  if (options.sampleSize !== undefined && options.sampleSize < n) {
    const s = options.sampleSize;
    if (!Number.isInteger(s) || s < 2) throw new Error(`sampleSize must be an integer >= 2 (got ${s})`);
    // Partial Fisher-Yates for a uniform sample without replacement.
    const perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const rng = createRng(options.seed ?? 0);
    for (let i = 0; i < s; i++) {
      const j = i + rng.int(n - i);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    rows = perm.slice(0, s);
  } else {
    rows = new Uint32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
  }
  const m = rows.length;
  // Relabel to 0..c-1 over the rows used.
  const map = new Map<number, number>();
  const lab = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const l = labels[rows[i]!]!;
    let c = map.get(l);
    if (c === undefined) {
      c = map.size;
      map.set(l, c);
    }
    lab[i] = c;
  }
  const c = map.size;
  if (c < 2 || c > m - 1)
    throw new Error(`silhouette needs 2 <= clusters <= rows - 1 (got ${c} clusters, ${m} rows)`);
  const counts = new Float64Array(c);
  for (let i = 0; i < m; i++) counts[lab[i]!] = counts[lab[i]!]! + 1;
  // sums[i * c + q] = sum of distances from row i to the rows of cluster q; each pair is visited once.
  const sums = new Float64Array(m * c);
  const X = new Float64Array(m * d);
  for (let i = 0; i < m; i++) X.set(data.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  for (let i = 0; i < m; i++) {
    const ri = i * d;
    const li = lab[i]!;
    let own = 0;
    for (let j = i + 1; j < m; j++) {
      const rj = j * d;
      let s2 = 0;
      for (let t = 0; t < d; t++) {
        const v = X[ri + t]! - X[rj + t]!;
        s2 += v * v;
      }
      const dist = Math.sqrt(s2);
      const lj = lab[j]!;
      if (lj === li) own += dist;
      else sums[i * c + lj] = sums[i * c + lj]! + dist;
      sums[j * c + li] = sums[j * c + li]! + dist;
    }
    sums[i * c + li] = sums[i * c + li]! + own;
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    const own = lab[i]!;
    const ownCount = counts[own]!;
    if (ownCount <= 1) continue; // s = 0
    const a = sums[i * c + own]! / (ownCount - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let q = 0; q < c; q++) {
      if (q === own) continue;
      const v = sums[i * c + q]! / counts[q]!;
      if (v < b) b = v;
    }
    const den = Math.max(a, b);
    total += den > 0 ? (b - a) / den : 0;
  }
  return total / m;
}
