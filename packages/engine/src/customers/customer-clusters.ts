import {
  chooseKBySilhouette,
  describeClusters,
  type FeaturePhrases,
  inverseTransform,
  logStandardize,
} from '@storewise/core';

/** The behaviour features clustered, in column order. */
export const CLUSTER_FEATURES = ['recency_days', 'orders', 'spend'] as const;
/** Low and high phrases per feature; orders count orders, not visits (sessions are not clustered). */
const PHRASES: FeaturePhrases[] = [
  {
    low: 'bought recently',
    high: 'long since last order',
    strongLow: 'bought very recently',
    strongHigh: 'very long since last order',
  },
  { low: 'few orders', high: 'many orders' },
  { low: 'low spend', high: 'high spend' },
];

export interface ClusterProfile {
  cluster: number;
  customers: number;
  /** Plain-language description from the centroid, e.g. "high spend, few orders". */
  description: string;
  /** The centroid in the features' own units (days, orders, money). */
  centroid: Record<(typeof CLUSTER_FEATURES)[number], number>;
  /** The centroid in standardized units (z-scores of the log1p features). */
  z: Record<(typeof CLUSTER_FEATURES)[number], number>;
}

export interface CustomerClusters {
  k: number;
  silhouette: number;
  /** Silhouette per k tried. */
  sweep: { k: number; silhouette: number }[];
  /** Cluster per customer. */
  labels: Int32Array;
  clusters: ClusterProfile[];
}

export interface ClusterOptions {
  kMin?: number;
  kMax?: number;
  restarts?: number;
  seed?: number;
  /** Customers above which the silhouette is computed on a sample. Default 2000. */
  silhouetteSampleSize?: number;
}

/**
 * k-means++ (seeded restarts) on log1p-transformed, standardized (recency days, orders, spend), with k chosen
 * by silhouette. Needs at least 3 customers; returns null below that.
 */
export function clusterCustomers(
  recencyDays: Float64Array,
  orders: Float64Array,
  spend: Float64Array,
  options: ClusterOptions = {},
): CustomerClusters | null {
  const n = recencyDays.length;
  const d = CLUSTER_FEATURES.length;
  if (n < 3) return null;
  const raw = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    raw[i * d] = Math.max(0, recencyDays[i]!);
    raw[i * d + 1] = orders[i]!;
    raw[i * d + 2] = Math.max(0, spend[i]!);
  }
  const { data, transform } = logStandardize(raw, n, d, true);
  const chosen = chooseKBySilhouette(data, n, d, {
    kMin: options.kMin ?? 2,
    kMax: Math.min(options.kMax ?? 8, n - 1),
    restarts: options.restarts ?? 10,
    seed: options.seed ?? 0,
    silhouetteSampleSize: options.silhouetteSampleSize ?? 2000,
  });
  const best = chosen.best;
  const texts = describeClusters(best.centroids, best.k, CLUSTER_FEATURES, PHRASES);
  const units = inverseTransform(best.centroids, d, transform);
  const clusters: ClusterProfile[] = [];
  for (let c = 0; c < best.k; c++) {
    clusters.push({
      cluster: c,
      customers: best.sizes[c]!,
      description: texts[c]!.text,
      centroid: { recency_days: units[c * d]!, orders: units[c * d + 1]!, spend: units[c * d + 2]! },
      z: {
        recency_days: best.centroids[c * d]!,
        orders: best.centroids[c * d + 1]!,
        spend: best.centroids[c * d + 2]!,
      },
    });
  }
  return {
    k: best.k,
    silhouette: chosen.silhouette,
    sweep: chosen.scores.map((s) => ({ k: s.k, silhouette: s.silhouette })),
    labels: best.labels,
    clusters,
  };
}
