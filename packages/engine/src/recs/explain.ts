/**
 * Why an item was recommended: the share of its score that each history item contributed.
 * - item-kNN and co-occurrence: R(h) w(h, i) for the history items h that have i among their neighbours;
 * - EASE: R(h) B(h, i);
 * - ALS (Hu, Koren & Volinsky 2008, section 5): with the fold-in system A = Y'Y + reg I + sum_h (c_h - 1)
 *   y_h y_h' and c_h = alpha R(h), the folded-in score is y_i' A^-1 sum_h c_h y_h, so history item h
 *   contributes c_h y_i' A^-1 y_h; the contributions sum to the fold-in score exactly.
 * Other models (user-kNN, BPR, popularity, biased MF) have no item-item decomposition: no explanation.
 */
import {
  AlsModel,
  choleskyInPlace,
  choleskySolveInPlace,
  EaseModel,
  gramPlusReg,
  ItemNeighborhoodModel,
  type Recommender,
} from '@storewise/core';

/** Writes each history item's contribution to `item`'s score into `out` (length = history length). */
export type Explainer = (item: number, out: Float64Array) => Float64Array;

/** An explainer for a history (model item indices and weights), or null for models without one. */
export function explainerFor(model: Recommender, items: Int32Array, weights: Float64Array): Explainer | null {
  if (model instanceof ItemNeighborhoodModel) {
    const { ptr, idx, sim } = model.neighbors;
    return (item, out) => {
      for (let h = 0; h < items.length; h++) {
        const k = items[h]!;
        let w = 0;
        for (let p = ptr[k]!; p < ptr[k + 1]!; p++) {
          if (idx[p] === item) {
            w = sim[p]!;
            break;
          }
        }
        out[h] = weights[h]! * w;
      }
      return out;
    };
  }
  if (model instanceof EaseModel) {
    const n = model.nItems;
    const b = model.weights;
    return (item, out) => {
      for (let h = 0; h < items.length; h++) out[h] = weights[h]! * b[items[h]! * n + item]!;
      return out;
    };
  }
  if (model instanceof AlsModel) return alsExplainer(model, items, weights);
  return null;
}

function alsExplainer(model: AlsModel, items: Int32Array, weights: Float64Array): Explainer {
  const { factors: f, regularization, alpha } = model.params;
  const y = model.itemFactors;
  const a = gramPlusReg(y, model.nItems, f, regularization);
  for (let h = 0; h < items.length; h++) {
    const c = alpha * weights[h]!;
    const yo = items[h]! * f;
    for (let r = 0; r < f; r++) {
      const yr = (c - 1) * y[yo + r]!;
      for (let s = 0; s < f; s++) a[r * f + s]! += yr * y[yo + s]!;
    }
  }
  choleskyInPlace(a, f);
  const z = new Float64Array(f);
  return (item, out) => {
    for (let r = 0; r < f; r++) z[r] = y[item * f + r]!;
    choleskySolveInPlace(a, f, z);
    for (let h = 0; h < items.length; h++) {
      const yo = items[h]! * f;
      let dot = 0;
      for (let r = 0; r < f; r++) dot += z[r]! * y[yo + r]!;
      out[h] = alpha * weights[h]! * dot;
    }
    return out;
  };
}
