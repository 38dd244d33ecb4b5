/**
 * Item-item similarity rows of a model, for `similarItems` and diversity re-ranking: cosine of the item
 * factors (ALS, BPR), the kept neighbour weights (item-kNN, co-occurrence), or EASE's weights. Models
 * without an item-item notion return null (callers fall back to the category).
 */
import { AlsModel, BprModel, EaseModel, ItemNeighborhoodModel, type Recommender } from '@storewise/core';

/** Writes the similarity of model item `item` to every model item into `out`; null if unsupported. */
export function similarityRow(model: Recommender, item: number, out: Float64Array): Float64Array | null {
  if (model instanceof AlsModel) return cosineRow(model.itemFactors, model.params.factors, item, out);
  if (model instanceof BprModel) return cosineRow(model.itemFactors, model.factors, item, out);
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
