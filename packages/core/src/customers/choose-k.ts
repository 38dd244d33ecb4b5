/** Choosing the number of clusters by silhouette over a range of k. */
import { checkShape, type KMeansOptions, type KMeansResult, kmeans } from './kmeans.js';
import { silhouetteScore } from './silhouette.js';

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
