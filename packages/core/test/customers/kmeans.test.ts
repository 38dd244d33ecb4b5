import { describe, expect, it } from 'vitest';
import {
  chooseKBySilhouette,
  describeClusters,
  inverseTransform,
  kmeans,
  logStandardize,
  silhouetteScore,
} from '../../src/index.js';

// 24 points in 3 blobs (NumPy default_rng(3), centres (0,0), (5,1), (2,6), sd 1, rounded to 2 decimals).
const X = new Float64Array([
  2.04, -2.56, 0.42, -0.57, -0.45, -0.22, -2.02, -0.23, -0.87, 3.32, 0.23, -0.35, -0.28, -0.67, -1.06, -0.39,
  5.48, 0.76, 5.96, 0.8, 5.02, 2.55, 5.55, 0.49, 4.82, 1.54, 6.94, 0.73, 4.76, 2.0, 4.11, 0.71, 2.88, 6.58,
  2.09, 6.67, -0.83, 7.02, 1.04, 4.33, 2.28, 6.7, 1.56, 4.92, 2.03, 5.95, 3.41, 6.75,
]);
const n = 24;
// scikit-learn 1.2.1: KMeans(n_clusters=k, n_init=10, random_state=0).fit(X) -> inertia_, labels_, and
// sklearn.metrics.silhouette_score(X, labels_).
const sklearn: Record<number, { inertia: number; labels: number[]; silhouette: number }> = {
  2: {
    inertia: 180.84082222222224,
    labels: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    silhouette: 0.4793514696961146,
  },
  3: {
    inertia: 54.69311507936507,
    labels: [2, 2, 2, 2, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    silhouette: 0.6606482709058886,
  },
  4: {
    inertia: 36.88194785714285,
    labels: [2, 2, 2, 2, 3, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 3, 1, 3, 1, 1],
    silhouette: 0.6059850545039033,
  },
  5: {
    inertia: 29.391239523809524,
    labels: [0, 0, 0, 0, 3, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 4, 3, 2, 3, 2, 2],
    silhouette: 0.6119065980013678,
  },
};

/** True when two labelings are the same partition (equal up to renaming the clusters). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((ab.has(x) && ab.get(x) !== y) || (ba.has(y) && ba.get(y) !== x)) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}

describe('k-means', () => {
  it('finds the same partition and inertia as scikit-learn for k = 2..5', () => {
    for (const k of [2, 3, 4, 5]) {
      const res = kmeans(X, n, 2, { k, seed: 1 });
      expect(res.inertia, `k = ${k}`).toBeCloseTo(sklearn[k]!.inertia, 9);
      expect(samePartition(res.labels, sklearn[k]!.labels), `k = ${k}`).toBe(true);
      expect(res.converged).toBe(true);
      let total = 0;
      for (const s of res.sizes) total += s;
      expect(total).toBe(n);
    }
  });

  it('puts the centroids at the cluster means', () => {
    const res = kmeans(X, n, 2, { k: 3 });
    // scikit-learn's cluster_centers_ for k = 3 (in some order).
    const want = [
      [5.33, 1.1975],
      [1.51, 5.804444444444444],
      [-0.16, -0.7128571428571426],
    ];
    for (const [cx, cy] of want) {
      const hit = [0, 1, 2].some(
        (c) =>
          Math.abs(res.centroids[2 * c]! - cx!) < 1e-9 && Math.abs(res.centroids[2 * c + 1]! - cy!) < 1e-9,
      );
      expect(hit).toBe(true);
    }
  });

  it('is repeatable for a seed and never worse with more restarts', () => {
    const a = kmeans(X, n, 2, { k: 4, seed: 9, restarts: 3 });
    const b = kmeans(X, n, 2, { k: 4, seed: 9, restarts: 3 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const one = kmeans(X, n, 2, { k: 4, seed: 9, restarts: 1 });
    expect(a.inertia).toBeLessThanOrEqual(one.inertia + 1e-12);
  });

  it('handles duplicate points and k = n', () => {
    const dup = new Float64Array([1, 1, 1, 1, 1, 1, 5, 5]);
    const res = kmeans(dup, 4, 2, { k: 2 });
    expect(res.inertia).toBe(0);
    const all = kmeans(X, n, 2, { k: n, restarts: 1 });
    expect(all.inertia).toBeCloseTo(0, 12);
    expect(() => kmeans(X, n, 2, { k: 0 })).toThrow(/k must/);
    expect(() => kmeans(X, n, 3, { k: 2 })).toThrow(/n \* d/);
  });

  it('refuses a NaN or infinite value, naming its row and column, wherever the data is clustered', () => {
    // kmeans used to return NaN centroids, inertia Infinity and converged: true.
    const bad = X.slice();
    bad[2 * 5 + 1] = Number.NaN; // row 5, column 1
    expect(() => kmeans(bad, n, 2, { k: 3 })).toThrow('row 5, column 1 is NaN; expected a finite number');
    expect(() => chooseKBySilhouette(bad, n, 2, { kMin: 2, kMax: 3 })).toThrow('row 5, column 1 is NaN');
    expect(() =>
      silhouetteScore(
        bad,
        n,
        2,
        new Int32Array(n).map((_, i) => i % 2),
      ),
    ).toThrow('row 5, column 1 is NaN');
    bad[2 * 5 + 1] = 0;
    bad[0] = Number.NEGATIVE_INFINITY;
    expect(() => logStandardize(bad, n, 2, false)).toThrow('row 0, column 0 is -Infinity');
  });
});

describe('silhouette', () => {
  it('matches sklearn.metrics.silhouette_score exactly', () => {
    for (const k of [2, 3, 4, 5]) {
      const labels = Int32Array.from(sklearn[k]!.labels);
      expect(silhouetteScore(X, n, 2, labels)).toBeCloseTo(sklearn[k]!.silhouette, 12);
    }
    // The generating blobs, and a labeling that ignores the structure.
    expect(
      silhouetteScore(
        X,
        n,
        2,
        Int32Array.from({ length: n }, (_, i) => Math.floor(i / 8)),
      ),
    ).toBeCloseTo(0.6515771689033527, 12);
    expect(
      silhouetteScore(
        X,
        n,
        2,
        Int32Array.from({ length: n }, (_, i) => (i % 4 === 3 ? 1 : 0)),
      ),
    ).toBeCloseTo(-0.04750118481273167, 12);
  });

  it('on a seeded sample approximates the exact score', () => {
    // 3 well-separated blobs of 1,000 points each.
    const big = new Float64Array(3000 * 2);
    const labels = new Int32Array(3000);
    let s = 12345;
    const u = (): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 4294967296;
    };
    for (let i = 0; i < 3000; i++) {
      const c = i % 3;
      labels[i] = c;
      big[2 * i] = c * 6 + (u() + u() + u() - 1.5);
      big[2 * i + 1] = (c === 1 ? 5 : 0) + (u() + u() + u() - 1.5);
    }
    const exact = silhouetteScore(big, 3000, 2, labels);
    const sampled = silhouetteScore(big, 3000, 2, labels, { sampleSize: 500, seed: 4 });
    expect(Math.abs(sampled - exact)).toBeLessThan(0.02);
    expect(silhouetteScore(big, 3000, 2, labels, { sampleSize: 500, seed: 4 })).toBe(sampled);
  });

  it('needs at least two clusters', () => {
    expect(() => silhouetteScore(X, n, 2, new Int32Array(n))).toThrow(/clusters/);
  });
});

describe('choosing k and describing clusters', () => {
  it('picks k = 3 on three blobs (the best sklearn silhouette too)', () => {
    const res = chooseKBySilhouette(X, n, 2, { kMin: 2, kMax: 6 });
    expect(res.best.k).toBe(3);
    expect(res.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]);
    // The sweep (3 restarts per k) may stop at a nearby partition; the refit with 10 restarts finds
    // scikit-learn's, with its silhouette.
    expect(res.scores[1]!.silhouette).toBeGreaterThan(0.65);
    expect(res.silhouette).toBeCloseTo(sklearn[3]!.silhouette, 12);
    expect(samePartition(res.best.labels, sklearn[3]!.labels)).toBe(true);
  });

  it('standardizes log1p features as StandardScaler().fit_transform(np.log1p(F))', () => {
    const F = new Float64Array([3, 120.5, 10, 1, 20, 200, 10, 800, 5, 2, 50, 60, 0, 0, 30]);
    const { data, transform } = logStandardize(F, 5, 3);
    const sk = [
      0.34205546222272787, 0.5023852261376877, -0.8125896804843001, -0.5324956567136573, -0.2939047919713103,
      1.5257075129016227, 1.618403017313116, 1.3578982221237454, -1.3004126817913129, -0.020916047172144243,
      0.10859832279192812, 0.5660293562019957, -1.4070467756500424, -1.6749769790820517, 0.021265493171994464,
    ];
    sk.forEach((v, i) => {
      expect(data[i]).toBeCloseTo(v, 12);
    });
    const back = inverseTransform(data, 3, transform);
    F.forEach((v, i) => {
      expect(back[i]).toBeCloseTo(v, 9);
    });
    expect(() => logStandardize(new Float64Array([-2, 1]), 2, 1)).toThrow(/row 0, column 0/);
  });

  it('describes clusters in plain words from standardized centroids', () => {
    const names = ['recency', 'frequency', 'monetary'];
    const phrases = [
      { low: 'bought recently', high: 'lapsed', strongLow: 'bought very recently' },
      { low: 'few orders', high: 'many orders' },
      { low: 'low spend', high: 'high spend' },
    ];
    const centroids = new Float64Array([0.1, -0.9, 1.2, -1.7, 2.0, 0.6, 0.2, -0.3, 0.1]);
    const d = describeClusters(centroids, 3, names, phrases);
    // A strong value takes its own phrase where there is one ("bought very recently", not "very bought
    // recently"), else the prefix ("very many orders").
    expect(d.map((c) => c.text)).toEqual([
      'high spend, few orders',
      'very many orders, bought very recently, high spend',
      'typical on all measures',
    ]);
    expect(d[0]!.features.map((f) => f.name)).toEqual(['monetary', 'frequency']);
    expect(() => describeClusters(centroids, 3, names, phrases.slice(1))).toThrow(/phrase pair/);
  });
});
