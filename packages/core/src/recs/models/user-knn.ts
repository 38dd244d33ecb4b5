/**
 * User-based k-nearest-neighbour collaborative filtering: cosine or Jaccard similarity between user rows
 * (with shrinkage), the top-K neighbours kept per user. User u scores item i as
 *   sum_{v in N(u)} w(u, v) R(v, i)                                   (normalize: false)
 *   sum_{v in N(u)} w(u, v) R(v, i) / sum_{v in N(u), R(v,i) != 0} |w(u, v)|   (normalize: true)
 * A new history (a customer not in training) is scored by finding its neighbours on the fly.
 */
import type { InteractionMatrix } from '../interactions.js';
import { BaseRecommender } from '../model.js';
import {
  decodeModel,
  encodeModel,
  matrixArrays,
  matrixFromArrays,
  neighborArrays,
  neighborsFromArrays,
  resolveParams,
} from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';
import { fitNeighbors, NEIGHBOR_RULES, type Neighbors } from '../similarity.js';
import { type TopK, topK } from '../top-k.js';

export interface UserKnnParams {
  neighbors: number;
  measure: 'cosine' | 'jaccard';
  shrink: number;
  normalize: boolean;
  minCommon: number;
}

const NAME = 'user-knn';
const VERSION = 1;

export class UserKnnModel extends BaseRecommender {
  readonly name = NAME;
  #den: Float64Array | null = null;
  #norms: Float64Array | null = null;

  constructor(
    readonly history: InteractionMatrix,
    readonly neighbors: Neighbors,
    readonly params: UserKnnParams,
  ) {
    super(history.nUsers, history.nItems);
  }

  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    const { ptr, idx, sim } = this.neighbors;
    return this.#accumulate(
      idx.subarray(ptr[user]!, ptr[user + 1]!),
      sim.subarray(ptr[user]!, ptr[user + 1]!),
      out,
    );
  }

  scoreItems(items: ArrayLike<number>, weights: ArrayLike<number> | null, out: Float64Array): Float64Array {
    const nb = this.#neighborsOf(items, weights);
    return this.#accumulate(nb.items, nb.scores, out);
  }

  /** The top-K training users most similar to a new history (same measure and shrinkage as the fit). */
  #neighborsOf(items: ArrayLike<number>, weights: ArrayLike<number> | null): TopK {
    const h = this.history;
    const { measure, shrink, minCommon } = this.params;
    this.#norms ??= rowNorms(h, measure);
    const dot = new Float64Array(h.nUsers);
    const common = new Int32Array(h.nUsers);
    let norm = 0;
    for (let j = 0; j < items.length; j++) {
      const i = items[j]!;
      const r = weights ? weights[j]! : 1;
      norm += measure === 'cosine' ? r * r : 1;
      if (!(i >= 0 && i < h.nItems)) continue;
      for (let q = h.colptr[i]!; q < h.colptr[i + 1]!; q++) {
        const v = h.rowind[q]!;
        dot[v]! += r * h.colValues[q]!;
        common[v]!++;
      }
    }
    if (measure === 'cosine') norm = Math.sqrt(norm);
    const sims = dot; // reuse: similarity per training user
    for (let v = 0; v < h.nUsers; v++) {
      const c = common[v]!;
      let s = 0;
      if (c >= minCommon && c > 0) {
        s =
          measure === 'cosine'
            ? dot[v]! / (norm * this.#norms[v]! + shrink)
            : c / (norm + this.#norms[v]! - c + shrink);
      }
      sims[v] = s > 0 ? s : Number.NEGATIVE_INFINITY;
    }
    return topK(sims, this.params.neighbors);
  }

  #accumulate(users: ArrayLike<number>, weights: ArrayLike<number>, out: Float64Array): Float64Array {
    out.fill(0);
    const h = this.history;
    const den = this.params.normalize ? (this.#den ??= new Float64Array(this.nItems)).fill(0) : null;
    for (let n = 0; n < users.length; n++) {
      const v = users[n]!;
      const w = weights[n]!;
      for (let p = h.indptr[v]!; p < h.indptr[v + 1]!; p++) {
        const i = h.indices[p]!;
        out[i]! += w * h.values[p]!;
        if (den) den[i]! += Math.abs(w);
      }
    }
    if (den) for (let i = 0; i < out.length; i++) if (den[i]! > 0) out[i]! /= den[i]!;
    return out;
  }
}

/** Per-user vector norm (cosine) or number of items (Jaccard). */
function rowNorms(h: InteractionMatrix, measure: UserKnnParams['measure']): Float64Array {
  const out = new Float64Array(h.nUsers);
  for (let u = 0; u < h.nUsers; u++) {
    let s = 0;
    for (let p = h.indptr[u]!; p < h.indptr[u + 1]!; p++) s += measure === 'cosine' ? h.values[p]! ** 2 : 1;
    out[u] = measure === 'cosine' ? Math.sqrt(s) : s;
  }
  return out;
}

export const userKnn: SyncRecommenderPlugin<UserKnnParams, UserKnnModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  defaults: { neighbors: 50, measure: 'cosine', shrink: 0, normalize: false, minCommon: 1 },
  fit(data, params, ctx) {
    const p = resolveParams(this.defaults, params, NEIGHBOR_RULES);
    const neighbors = fitNeighbors(data, 'users', p, ctx);
    return new UserKnnModel(data, neighbors, p).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) =>
    encodeModel(
      NAME,
      VERSION,
      m,
      { params: m.params },
      {
        ...matrixArrays(m.history, 'hist'),
        ...neighborArrays(m.neighbors),
      },
    ),
  deserialize(bytes) {
    const { meta, arrays, userIds, itemIds } = decodeModel<{ params: UserKnnParams }>(bytes, NAME, VERSION);
    const history = matrixFromArrays(arrays, 'hist', meta.nUsers, meta.nItems);
    const neighbors = neighborsFromArrays(arrays);
    return new UserKnnModel(history, neighbors, meta.params).withIds(userIds, itemIds);
  },
};
