/** The top k of masked catalog scores, optionally re-ranked for diversity (maximal marginal relevance). */
import { type TopK, topK } from '@storewise/core';
import { similarityRow } from './item-similarity.js';
import { mmrOrder } from './mmr.js';
import type { ServedRecommender } from './serve.js';

/**
 * The candidates MMR re-ranks: the best DIVERSITY_POOL items (4k when more). The pool does not grow with k
 * below DIVERSITY_POOL / 4, so a longer list starts with the shorter one (a page of 10, then of 40, agree on
 * their first 10): MMR picks greedily, and its relevance is scaled over the pool. A pool of max(4k, 50)
 * reordered a list of 20 after its first item against one of 10.
 */
export const DIVERSITY_POOL = 200;

/** Top k of masked catalog scores, re-ranked by MMR when `diversity` is set. */
export function select(
  served: ServedRecommender,
  scores: Float64Array,
  k: number,
  diversity: number | undefined,
): TopK {
  if (diversity === undefined) return topK(scores, k);
  const pool = topK(scores, Math.max(4 * k, DIVERSITY_POOL));
  const { catalog, trained } = served;
  const rows = new Map<number, Float64Array | null>();
  const rowOf = (c: number) => {
    if (!rows.has(c)) {
      const i = catalog.modelIndex[c]!;
      const row = i >= 0 ? similarityRow(trained, i, new Float64Array(trained.model.nItems)) : null;
      if (row) scaleToUnit(row, i);
      rows.set(c, row);
    }
    return rows.get(c)!;
  };
  const order = mmrOrder(pool.scores, k, diversity, (a, b) => {
    const ca = pool.items[a]!;
    const cb = pool.items[b]!;
    const row = rowOf(cb);
    const ia = catalog.modelIndex[ca]!;
    if (row && ia >= 0) return row[ia]!;
    const key = catalog.categoryKey[ca]!;
    return key !== '' && key === catalog.categoryKey[cb] ? 1 : 0;
  });
  return {
    items: Int32Array.from(order, (p) => pool.items[p]!),
    scores: Float64Array.from(order, (p) => pool.scores[p]!),
  };
}

/** Divides a similarity row by its largest |value| other than the item itself, so it lies in [-1, 1]. */
function scaleToUnit(row: Float64Array, self: number): void {
  let max = 0;
  for (let j = 0; j < row.length; j++) if (j !== self && Math.abs(row[j]!) > max) max = Math.abs(row[j]!);
  if (max > 0) for (let j = 0; j < row.length; j++) row[j]! /= max;
}
