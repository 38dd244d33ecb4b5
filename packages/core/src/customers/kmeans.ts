/**
 * k-means clustering of customers on behaviour features (row-major Float64Array, n rows x d columns):
 * greedy k-means++ seeding, Lloyd iterations, several seeded restarts keeping the lowest inertia; the
 * log1p + standardization transform; the silhouette score (exact, or on a seeded sample); choice of k by
 * silhouette; and a plain-language description of each cluster from its standardized centroid.
 *
 * Conventions follow scikit-learn's KMeans and metrics.silhouette_score (inertia = sum of squared
 * distances to the closest centroid; tolerance relative to the mean per-feature variance; silhouette 0
 * for points alone in their cluster), and the tests compare with both.
 */
import { createRng, type Rng } from '../random/rng.js';

export interface KMeansOptions {
  k: number;
  /** Seeded restarts; the run with the lowest inertia is kept. Default 10. */
  restarts?: number;
  /** Lloyd iterations per restart. Default 300. */
  maxIterations?: number;
  /**
   * Stop when the squared centroid shift summed over clusters is <= tolerance * (mean per-feature variance
   * of the data), as scikit-learn's `tol`. Default 1e-4.
   */
  tolerance?: number;
  /** Seed of the generator driving the seeding of every restart. Default 0. */
  seed?: number;
}

export interface KMeansResult {
  k: number;
  /** k x d row-major centroids. */
  centroids: Float64Array;
  /** Cluster per row, 0..k-1. */
  labels: Int32Array;
  /** Rows per cluster. */
  sizes: Int32Array;
  /** Sum of squared distances of rows to their centroid. */
  inertia: number;
  /** Lloyd iterations of the kept restart. */
  iterations: number;
  /** Whether the kept restart met the tolerance (or labels stopped changing) before maxIterations. */
  converged: boolean;
}

function checkShape(data: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || data.length !== n * d) {
    throw new Error(`data must hold n * d = ${n} * ${d} values (has ${data.length})`);
  }
}

function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ai + j]! - b[bi + j]!;
    s += t * t;
  }
  return s;
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + floor(ln k) candidate trials per
 * centre, keeping the candidate that most lowers the potential).
 */
function kmeansPlusPlus(data: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(data, i * d, centers, 0, d);
    potential += closest[i]!;
  }
  const candDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestCand = -1;
    let bestPot = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      // Sample a row with probability proportional to its squared distance (uniformly if all are 0).
      let cand = n - 1;
      if (potential > 0) {
        let target = rng.next() * potential;
        for (let i = 0; i < n; i++) {
          target -= closest[i]!;
          if (target < 0) {
            cand = i;
            break;
          }
        }
      } else {
        cand = rng.int(n);
      }
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const dd = Math.min(closest[i]!, sqDist(data, i * d, data, cand * d, d));
        candDist[i] = dd;
        pot += dd;
      }
      if (pot < bestPot) {
        bestPot = pot;
        bestCand = cand;
        bestDist.set(candDist);
      }
    }
    centers.set(data.subarray(bestCand * d, bestCand * d + d), c * d);
    closest.set(bestDist);
    potential = bestPot;
  }
  return centers;
}

interface LloydRun {
  centroids: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
}

/**
 * Assigns each row to its nearest centroid (lowest index on ties), writing labels and squared distances;
 * returns how many labels changed. The partial sum stops as soon as it exceeds the best distance so far.
 */
function assign(
  data: Float64Array,
  n: number,
  d: number,
  centroids: Float64Array,
  k: number,
  labels: Int32Array,
  dist: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const crow = c * d;
      let s = 0;
      for (let j = 0; j < d && s < bestD; j++) {
        const t = data[row + j]! - centroids[crow + j]!;
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    if (labels[i] !== best) changed++;
    labels[i] = best;
    dist[i] = bestD;
  }
  return changed;
}

function lloyd(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  init: Float64Array,
  maxIter: number,
  tol: number,
): LloydRun {
  let centroids: Float64Array = init;
  let next: Float64Array = new Float64Array(k * d);
  const labels = new Int32Array(n).fill(-1);
  const counts = new Int32Array(k);
  const dist = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    const changed = assign(data, n, d, centroids, k, labels, dist);
    if (changed === 0 && it > 0) {
      converged = true;
      break;
    }
    // Update.
    next.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c] = counts[c]! + 1;
      const row = i * d;
      const crow = c * d;
      for (let j = 0; j < d; j++) next[crow + j] = next[crow + j]! + data[row + j]!;
    }
    for (let c = 0; c < k; c++) {
      const cnt = counts[c]!;
      if (cnt > 0) {
        for (let j = 0; j < d; j++) next[c * d + j] = next[c * d + j]! / cnt;
      } else {
        // Empty cluster: move it to the row farthest from its centroid (and take that row out of the race).
        let far = 0;
        for (let i = 1; i < n; i++) if (dist[i]! > dist[far]!) far = i;
        next.set(data.subarray(far * d, far * d + d), c * d);
        dist[far] = 0;
      }
    }
    let shift = 0;
    for (let t = 0; t < k * d; t++) {
      const s = next[t]! - centroids[t]!;
      shift += s * s;
    }
    [centroids, next] = [next, centroids];
    if (shift <= tol) {
      converged = true;
      break;
    }
  }
  // Final assignment to the last centroids (as scikit-learn does), so labels and inertia match them.
  assign(data, n, d, centroids, k, labels, dist);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist[i]!;
  return { centroids, labels, inertia, iterations, converged };
}

/** k-means with k-means++ seeding and `restarts` seeded restarts; keeps the lowest inertia. */
export function kmeans(data: Float64Array, n: number, d: number, options: KMeansOptions): KMeansResult {
  checkShape(data, n, d);
  const k = options.k;
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new Error(`k must be an integer in 1..n (got ${k}, n = ${n})`);
  const restarts = options.restarts ?? 10;
  const maxIter = options.maxIterations ?? 300;
  // Tolerance scaled by the mean per-feature variance.
  let meanVar = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + j]!;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const t = data[i * d + j]! - mean;
      v += t * t;
    }
    meanVar += v / n;
  }
  const tol = (options.tolerance ?? 1e-4) * (meanVar / d);
  const rng = createRng(options.seed ?? 0);
  let best: LloydRun | undefined;
  for (let r = 0; r < restarts; r++) {
    const init = kmeansPlusPlus(data, n, d, k, rng);
    const run = lloyd(data, n, d, k, init, maxIter, tol);
    if (!best || run.inertia < best.inertia) best = run;
  }
  const run = best!;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[run.labels[i]!] = sizes[run.labels[i]!]! + 1;
  return { k, ...run, sizes };
}

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

export interface ChooseKOptions extends Omit<KMeansOptions, 'k'> {
  /** Smallest k tried. Default 2. */
  kMin?: number;
  /** Largest k tried. Default 8 (capped at n - 1). */
  kMax?: number;
  /** Rows above which the silhouette is computed on a sample. Default 2000. */
  silhouetteSampleSize?: number;
  /**
   * Restarts for each k of the sweep (default min(3, restarts)); the chosen k is then refitted with the
   * full `restarts` (default 10), which keeps the sweep cheap.
   */
  sweepRestarts?: number;
}

export interface ChooseKResult {
  /** The k with the highest sweep silhouette (the smaller k on a tie), refitted with the full restarts. */
  best: KMeansResult;
  /** Silhouette of `best` (same sample rule as the sweep). */
  silhouette: number;
  /** Silhouette and inertia per k of the sweep, in order. */
  scores: { k: number; silhouette: number; inertia: number }[];
}

/**
 * Runs k-means for every k in [kMin, kMax] (with `sweepRestarts` restarts each), keeps the k with the
 * highest silhouette (computed on a seeded sample of `silhouetteSampleSize` rows when n is larger), and
 * refits that k with the full `restarts`.
 */
export function chooseKBySilhouette(
  data: Float64Array,
  n: number,
  d: number,
  options: ChooseKOptions = {},
): ChooseKResult {
  checkShape(data, n, d);
  const kMin = Math.max(2, options.kMin ?? 2);
  const kMax = Math.min(options.kMax ?? 8, n - 1);
  if (kMax < kMin)
    throw new Error(`need n >= ${kMin + 1} rows to choose k in [${kMin}, ${options.kMax ?? 8}] (n = ${n})`);
  const sample = options.silhouetteSampleSize ?? 2000;
  const seed = options.seed ?? 0;
  const restarts = options.restarts ?? 10;
  const sweepRestarts = options.sweepRestarts ?? Math.min(3, restarts);
  const silhouetteOptions = n > sample ? { sampleSize: sample, seed } : {};
  const silhouetteOf = (res: KMeansResult): number => {
    let distinct = 0;
    for (let c = 0; c < res.k; c++) if (res.sizes[c]! > 0) distinct++;
    return distinct < 2
      ? Number.NEGATIVE_INFINITY
      : silhouetteScore(data, n, d, res.labels, silhouetteOptions);
  };
  let bestK = kMin;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestRun: KMeansResult | undefined;
  const scores: ChooseKResult['scores'] = [];
  for (let k = kMin; k <= kMax; k++) {
    const res = kmeans(data, n, d, { ...options, k, restarts: sweepRestarts, seed: seed + k });
    const s = silhouetteOf(res);
    scores.push({ k, silhouette: s, inertia: res.inertia });
    if (s > bestScore) {
      bestScore = s;
      bestK = k;
      bestRun = res;
    }
  }
  if (restarts <= sweepRestarts) return { best: bestRun!, silhouette: bestScore, scores };
  const best = kmeans(data, n, d, { ...options, k: bestK, restarts, seed: seed + bestK });
  return { best, silhouette: silhouetteOf(best), scores };
}

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

/** How to say a feature is low or high, e.g. { low: 'rare visits', high: 'frequent visits' }. */
export interface FeaturePhrases {
  low: string;
  high: string;
}

export interface DescribeOptions {
  /** |z| at or above which a feature is mentioned. Default 0.5. */
  threshold?: number;
  /** |z| at or above which the phrase gets `strongPrefix`. Default 1.5. */
  strongThreshold?: number;
  /** Default 'very '. */
  strongPrefix?: string;
  /** Features mentioned at most. Default 3. */
  maxFeatures?: number;
  /** Text when no feature passes the threshold. Default 'typical on all measures'. */
  typical?: string;
}

/**
 * Plain-language description of each cluster from its centroid in standardized units: the features whose
 * |z| passes the threshold, most distinctive first, each said with its low or high phrase, e.g.
 * "high spend, rare visits". `featureNames` only labels the returned details.
 */
export function describeClusters(
  centroids: Float64Array,
  k: number,
  featureNames: readonly string[],
  phrases: readonly FeaturePhrases[],
  options: DescribeOptions = {},
): { text: string; features: { name: string; z: number; phrase: string }[] }[] {
  const d = featureNames.length;
  if (phrases.length !== d)
    throw new Error(`need one phrase pair per feature (${d} names, ${phrases.length} pairs)`);
  if (centroids.length !== k * d) throw new Error(`centroids must be k x d = ${k} x ${d}`);
  const threshold = options.threshold ?? 0.5;
  const strong = options.strongThreshold ?? 1.5;
  const prefix = options.strongPrefix ?? 'very ';
  const maxFeatures = options.maxFeatures ?? 3;
  const typical = options.typical ?? 'typical on all measures';
  const out = [];
  for (let c = 0; c < k; c++) {
    const feats = [];
    for (let j = 0; j < d; j++) {
      const z = centroids[c * d + j]!;
      if (Math.abs(z) < threshold) continue;
      const base = z > 0 ? phrases[j]!.high : phrases[j]!.low;
      feats.push({ name: featureNames[j]!, z, phrase: Math.abs(z) >= strong ? prefix + base : base });
    }
    feats.sort((p, q) => Math.abs(q.z) - Math.abs(p.z));
    const kept = feats.slice(0, maxFeatures);
    out.push({ text: kept.length > 0 ? kept.map((f) => f.phrase).join(', ') : typical, features: kept });
  }
  return out;
}
