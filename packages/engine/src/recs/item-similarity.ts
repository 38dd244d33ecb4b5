/**
 * Item-item similarity rows, for `similarItems`, carts' fallback and diversity re-ranking: cosine of the
 * item factors (ALS, BPR), the kept neighbour weights (item-kNN, co-occurrence), or EASE's weights. Models
 * without an item-item notion return null (callers fall back to the category).
 *
 * Item factors that cannot tell items apart (one factor, or every item's factors on one line) give every
 * pair a cosine of +1 or -1: similar items were a tie of 1.0000 in SKU order (ALS fitted 1 factor on a
 * shop of 17 items; 3 factors on a shop of 6 items all lay on one line). For such a model, training keeps item-kNN's cosine over the interactions
 * (`interactionSimilarity`), and similar items, carts and diversity are served from it instead.
 */
import {
  AlsModel,
  BprModel,
  EaseModel,
  fitContext,
  type InteractionMatrix,
  ItemNeighborhoodModel,
  itemKnn,
  type Recommender,
} from '@storewise/core';
import type { TrainedRecommender } from './trained-model.js';

/**
 * How close to 1 |cosine| must be, for every item against the first, for item factors to lie on one line
 * (within 0.8 degrees): what is left of their angles is noise, and the 4 decimals the CLI prints tie. ALS
 * with its defaults on a shop of 6 customers and 6 items (3 factors, regularization 10) gave every pair a
 * cosine of at least 0.9999999: the regularization left each item's factors a multiple of one vector.
 */
const PARALLEL = 1e-4;

/**
 * Writes the similarity of model item `item` to every model item into `out`; null if the served model
 * relates no items (or relates them all alike: factors on one line, in a model stored without the
 * interaction similarity).
 */
export function similarityRow(
  trained: TrainedRecommender,
  item: number,
  out: Float64Array,
): Float64Array | null {
  const model = trained.itemSimilarity ?? trained.model;
  const factors = itemFactorsOf(model);
  if (factors) {
    if (!factorsTellItemsApart(model)) return null;
    return cosineRow(factors.y, factors.f, item, out);
  }
  if (model instanceof ItemNeighborhoodModel) {
    out.fill(0);
    const { ptr, idx, sim } = model.neighbors;
    for (let p = ptr[item]!; p < ptr[item + 1]!; p++) out[idx[p]!] = sim[p]!;
    return out;
  }
  if (model instanceof EaseModel) {
    const n = model.nItems;
    for (let j = 0; j < n; j++) out[j] = model.weights[item * n + j]!;
    return out;
  }
  return null;
}

/**
 * Item-kNN's cosine over the training interactions (its defaults: 100 neighbours per item, no shrinkage),
 * for a model whose item factors cannot tell items apart; null for every other model.
 */
export function interactionSimilarity(
  model: Recommender,
  data: InteractionMatrix,
  signal?: AbortSignal,
): ItemNeighborhoodModel | null {
  if (itemFactorsOf(model) === null || factorsTellItemsApart(model)) return null;
  return itemKnn.fit(data, {}, fitContext(signal ? { signal } : {}));
}

const apart = new WeakMap<Recommender, boolean>();

/**
 * Whether a factor model's item factors can rank items by similarity: at least 2 factors, and not every
 * item's factors parallel to the first non-zero item's (|cosine| within PARALLEL of 1). True for models
 * without factors.
 */
export function factorsTellItemsApart(model: Recommender): boolean {
  const known = apart.get(model);
  if (known !== undefined) return known;
  const factors = itemFactorsOf(model);
  let result = true;
  if (factors) {
    const { y, f } = factors;
    const n = y.length / f;
    result = false;
    if (f >= 2) {
      let first = -1;
      const row = new Float64Array(n);
      for (let i = 0; i < n && first < 0; i++) for (let a = 0; a < f; a++) if (y[i * f + a] !== 0) first = i;
      if (first >= 0) {
        cosineRow(y, f, first, row);
        for (let j = 0; j < n && !result; j++) {
          let nj = 0;
          for (let a = 0; a < f; a++) nj += y[j * f + a]! ** 2;
          if (nj > 0 && Math.abs(row[j]!) < 1 - PARALLEL) result = true;
        }
      }
    }
  }
  apart.set(model, result);
  return result;
}

function itemFactorsOf(model: Recommender): { y: Float64Array; f: number } | null {
  if (model instanceof AlsModel) return { y: model.itemFactors, f: model.params.factors };
  if (model instanceof BprModel) return { y: model.itemFactors, f: model.factors };
  return null;
}

function cosineRow(y: Float64Array, f: number, item: number, out: Float64Array): Float64Array {
  const n = out.length;
  const io = item * f;
  let ni = 0;
  for (let a = 0; a < f; a++) ni += y[io + a]! * y[io + a]!;
  for (let j = 0; j < n; j++) {
    const jo = j * f;
    let dot = 0;
    let nj = 0;
    for (let a = 0; a < f; a++) {
      dot += y[io + a]! * y[jo + a]!;
      nj += y[jo + a]! * y[jo + a]!;
    }
    const d = Math.sqrt(ni * nj);
    out[j] = d > 0 ? dot / d : 0;
  }
  return out;
}
