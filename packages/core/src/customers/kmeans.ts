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

/**
 * The data of every clustering function: n * d finite values. A NaN would not stop k-means (distances to it
 * are NaN, never below the best), it would come back as NaN centroids, inertia Infinity and converged.
 */
export function checkShape(data: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || data.length !== n * d) {
    throw new Error(`data must hold n * d = ${n} * ${d} values (has ${data.length})`);
  }
  for (let t = 0; t < data.length; t++) {
    const v = data[t]!;
    if (!Number.isFinite(v)) {
      throw new Error(`row ${Math.floor(t / d)}, column ${t % d} is ${v}; expected a finite number`);
    }
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
