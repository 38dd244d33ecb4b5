/**
 * The fitted model shared by item-kNN and co-occurrence ("bought together"): per item k, its top-K
 * neighbours i with weights w(k, i). A user's (or cart's) history H with values R(k) scores item i as
 *   sum_{k in H} R(k) w(k, i)                          (normalize: false)
 *   sum_{k in H} R(k) w(k, i) / sum_{k in H} |w(k, i)|  (normalize: true, the formula)
 * summing over the history items that have i among their neighbours; items reached by none score 0.
 */
import type { InteractionMatrix } from '../interactions.js';
import { BaseRecommender } from '../model.js';
import type { Neighbors } from '../similarity.js';
import type { TopK } from '../top-k.js';

export class ItemNeighborhoodModel extends BaseRecommender {
  #den: Float64Array | null = null;

  constructor(
    readonly name: string,
    /** The training interactions: each user's history. */
    readonly history: InteractionMatrix,
    readonly neighbors: Neighbors,
    readonly normalize: boolean,
  ) {
    super(history.nUsers, history.nItems);
  }

  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    const h = this.history;
    const start = h.indptr[user]!;
    const end = h.indptr[user + 1]!;
    return this.scoreItems(h.indices.subarray(start, end), h.values.subarray(start, end), out);
  }

  scoreItems(items: ArrayLike<number>, weights: ArrayLike<number> | null, out: Float64Array): Float64Array {
    out.fill(0);
    const { ptr, idx, sim } = this.neighbors;
    const normalize = this.normalize;
    const den = normalize ? (this.#den ??= new Float64Array(this.nItems)).fill(0) : null;
    for (let h = 0; h < items.length; h++) {
      const k = items[h]!;
      if (!(k >= 0 && k < this.nItems)) continue;
      const r = weights ? weights[h]! : 1;
      for (let p = ptr[k]!; p < ptr[k + 1]!; p++) {
        const i = idx[p]!;
        const w = sim[p]!;
        out[i]! += r * w;
        if (den) den[i]! += Math.abs(w);
      }
    }
    if (den) for (let i = 0; i < out.length; i++) if (den[i]! > 0) out[i]! /= den[i]!;
    return out;
  }

  similarItems(item: number, k: number): TopK {
    this.checkItem(item);
    const start = this.neighbors.ptr[item]!;
    const end = Math.min(this.neighbors.ptr[item + 1]!, start + Math.max(0, k));
    return { items: this.neighbors.idx.slice(start, end), scores: this.neighbors.sim.slice(start, end) };
  }
}
