/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): picks, one at a time from a candidate pool,
 * the item maximising lambda rel(i) - (1 - lambda) max_{j picked} sim(i, j). Relevance is the pool's
 * scores scaled to [0, 1]; similarities are the caller's, in [-1, 1]. lambda = 1 keeps the score order.
 */

/** Similarity of two candidates (positions in the pool). */
export type PairSimilarity = (a: number, b: number) => number;

/** The order (positions into `scores`) in which MMR picks `k` of the pool. */
export function mmrOrder(scores: Float64Array, k: number, lambda: number, sim: PairSimilarity): Int32Array {
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`diversity lambda must be in [0, 1], got ${lambda}`);
  const n = scores.length;
  const take = Math.min(k, n);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < n; p++) {
    if (scores[p]! < lo) lo = scores[p]!;
    if (scores[p]! > hi) hi = scores[p]!;
  }
  const span = hi - lo;
  const rel = new Float64Array(n);
  for (let p = 0; p < n; p++) rel[p] = span > 0 ? (scores[p]! - lo) / span : 1;
  const maxSim = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const picked = new Uint8Array(n);
  const order = new Int32Array(take);
  for (let r = 0; r < take; r++) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < n; p++) {
      if (picked[p]) continue;
      const penalty = r === 0 ? 0 : maxSim[p]!;
      const value = lambda * rel[p]! - (1 - lambda) * penalty;
      if (value > bestValue) {
        bestValue = value;
        best = p;
      }
    }
    picked[best] = 1;
    order[r] = best;
    for (let p = 0; p < n; p++) {
      if (picked[p]) continue;
      const s = sim(p, best);
      if (s > maxSim[p]!) maxSim[p] = s;
    }
  }
  return order;
}
