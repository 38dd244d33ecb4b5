/**
 * Top-k selection on a score vector, shared by every recommender: a size-k min-heap over one pass,
 * O(n log k), no allocation beyond the result. Higher scores rank first; equal scores rank the lower
 * item index first; NaN and infinities never appear in the result (so a result may be shorter than k): a
 * model that scores +Infinity has no finite score to answer with (GraphQL's Float cannot carry one, and
 * every request failed).
 */
export interface TopK {
  items: Int32Array;
  scores: Float64Array;
}

/**
 * The k best items of `scores`, best first. `exclude` lists item indices to leave out; they are set to
 * -Infinity in `scores`, which the caller passes as scratch space.
 */
export function topK(scores: Float64Array, k: number, exclude?: ArrayLike<number> | null): TopK {
  if (exclude) {
    for (let e = 0; e < exclude.length; e++) {
      const i = exclude[e]!;
      if (i >= 0 && i < scores.length) scores[i] = Number.NEGATIVE_INFINITY;
    }
  }
  const n = scores.length;
  const cap = Math.max(0, Math.min(k, n));
  const heapItems = new Int32Array(cap);
  const heapScores = new Float64Array(cap);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (!(s > Number.NEGATIVE_INFINITY && s < Number.POSITIVE_INFINITY)) continue; // infinities and NaN
    if (size < cap) {
      // sift up; the heap's root is the worst kept entry (lowest score, then highest index)
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!worse(s, i, heapScores[parent]!, heapItems[parent]!)) break;
        heapScores[c] = heapScores[parent]!;
        heapItems[c] = heapItems[parent]!;
        c = parent;
      }
      heapScores[c] = s;
      heapItems[c] = i;
    } else if (cap > 0 && s > heapScores[0]!) {
      // replace the root and sift down (a later index with an equal score is worse, so only s > root)
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        const w = r < size && worse(heapScores[r]!, heapItems[r]!, heapScores[l]!, heapItems[l]!) ? r : l;
        if (!worse(heapScores[w]!, heapItems[w]!, s, i)) break;
        heapScores[c] = heapScores[w]!;
        heapItems[c] = heapItems[w]!;
        c = w;
      }
      heapScores[c] = s;
      heapItems[c] = i;
    }
  }
  // Pop the heap from worst to best into the back of the result.
  const items = new Int32Array(size);
  const out = new Float64Array(size);
  for (let end = size - 1; end >= 0; end--) {
    items[end] = heapItems[0]!;
    out[end] = heapScores[0]!;
    const lastS = heapScores[end]!;
    const lastI = heapItems[end]!;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= end) break;
      const r = l + 1;
      const w = r < end && worse(heapScores[r]!, heapItems[r]!, heapScores[l]!, heapItems[l]!) ? r : l;
      if (!worse(heapScores[w]!, heapItems[w]!, lastS, lastI)) break;
      heapScores[c] = heapScores[w]!;
      heapItems[c] = heapItems[w]!;
      c = w;
    }
    heapScores[c] = lastS;
    heapItems[c] = lastI;
  }
  return { items, scores: out };
}

/** True when (s1, i1) ranks below (s2, i2). */
function worse(s1: number, i1: number, s2: number, i2: number): boolean {
  return s1 < s2 || (s1 === s2 && i1 > i2);
}
