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

/**
 * Writes each history item's contribution to each target item's score: for target t and history item h,
 * out[t * H + h] (H = history length; `out` holds targets.length * H entries).
 */
export type Explainer = (targets: ArrayLike<number>, out: Float64Array) => Float64Array;

const slots = new WeakMap<ItemNeighborhoodModel, Int32Array>();

/** Per model item, -1 (filled in and reset within one synchronous call). */
function slotsOf(model: ItemNeighborhoodModel): Int32Array {
  let slot = slots.get(model);
  if (!slot) {
    slot = new Int32Array(model.nItems).fill(-1);
    slots.set(model, slot);
  }
  return slot;
}

/** An explainer for a history (model item indices and weights), or null for models without one. */
export function explainerFor(model: Recommender, items: Int32Array, weights: Float64Array): Explainer | null {
  const nh = items.length;
  if (model instanceof ItemNeighborhoodModel) {
    const { ptr, idx, sim } = model.neighbors;
    return (targets, out) => {
      out.fill(0, 0, targets.length * nh);
      // One pass over the history's neighbour lists for all targets (not one per target), finding each
      // neighbour's target through the model's slot array (all -1 again on return).
      const slot = slotsOf(model);
      for (let t = targets.length - 1; t >= 0; t--) slot[targets[t]!] = t;
      for (let h = 0; h < nh; h++) {
        const k = items[h]!;
        for (let p = ptr[k]!; p < ptr[k + 1]!; p++) {
          const t = slot[idx[p]!]!;
          if (t >= 0) out[t * nh + h] = weights[h]! * sim[p]!;
        }
      }
      // A target listed twice: copy the row of its first listing.
      for (let t = 0; t < targets.length; t++) {
        const first = slot[targets[t]!]!;
        if (first !== t) out.copyWithin(t * nh, first * nh, first * nh + nh);
      }
      for (let t = 0; t < targets.length; t++) slot[targets[t]!] = -1;
      return out;
    };
  }
  if (model instanceof EaseModel) {
    const n = model.nItems;
    const b = model.weights;
    return (targets, out) => {
      for (let t = 0; t < targets.length; t++) {
        const item = targets[t]!;
        for (let h = 0; h < nh; h++) out[t * nh + h] = weights[h]! * b[items[h]! * n + item]!;
      }
      return out;
    };
  }
  if (model instanceof AlsModel) {
    const fold = new AlsFoldIn(model, items, weights);
    return (targets, out) => {
      for (let t = 0; t < targets.length; t++)
        fold.contributions(targets[t]!, out.subarray(t * nh, t * nh + nh));
      return out;
    };
  }
  return null;
}

/**
 * An ALS customer folded in from a history: A = Y'Y + reg I + sum_h (c_h - 1) y_h y_h' factored once, so
 * that scores (Y A^-1 b, b = sum_h c_h y_h: core's AlsModel.foldIn) and explanations share it. Y'Y + reg I
 * is computed once per model (it costs nItems x factors^2, the whole of a request otherwise).
 */
export class AlsFoldIn {
  readonly #chol: Float64Array;
  readonly #x: Float64Array;
  readonly #z: Float64Array;

  constructor(
    readonly model: AlsModel,
    readonly items: Int32Array,
    readonly weights: Float64Array,
  ) {
    const { factors: f, alpha } = model.params;
    const y = model.itemFactors;
    const a = alsGram(model).slice();
    const b = new Float64Array(f);
    for (let h = 0; h < items.length; h++) {
      const c = alpha * weights[h]!;
      const yo = items[h]! * f;
      for (let r = 0; r < f; r++) {
        const yr = y[yo + r]!;
        b[r]! += c * yr;
        const row = r * f;
        for (let s = 0; s < f; s++) a[row + s]! += (c - 1) * yr * y[yo + s]!;
      }
    }
    choleskyInPlace(a, f);
    choleskySolveInPlace(a, f, b);
    this.#chol = a;
    this.#x = b;
    this.#z = new Float64Array(f);
  }

  /** The folded-in customer's score for every item. */
  scores(out: Float64Array): Float64Array {
    const f = this.model.params.factors;
    const y = this.model.itemFactors;
    const x = this.#x;
    for (let i = 0; i < out.length; i++) {
      let s = 0;
      for (let r = 0; r < f; r++) s += x[r]! * y[i * f + r]!;
      out[i] = s;
    }
    return out;
  }

  /** Each history item's contribution c_h y_i' A^-1 y_h to `item`'s score. */
  contributions(item: number, out: Float64Array): Float64Array {
    const { factors: f, alpha } = this.model.params;
    const y = this.model.itemFactors;
    const z = this.#z;
    for (let r = 0; r < f; r++) z[r] = y[item * f + r]!;
    choleskySolveInPlace(this.#chol, f, z);
    for (let h = 0; h < this.items.length; h++) {
      const yo = this.items[h]! * f;
      let dot = 0;
      for (let r = 0; r < f; r++) dot += z[r]! * y[yo + r]!;
      out[h] = alpha * this.weights[h]! * dot;
    }
    return out;
  }
}

const grams = new WeakMap<AlsModel, Float64Array>();

/** Y'Y + reg I of a model, computed on first use. */
function alsGram(model: AlsModel): Float64Array {
  let g = grams.get(model);
  if (!g) {
    g = gramPlusReg(model.itemFactors, model.nItems, model.params.factors, model.params.regularization);
    grams.set(model, g);
  }
  return g;
}

/** Scores every item for a history: ALS through the cached fold-in, other models with `scoreItems`. */
export function scoreHistory(
  model: Recommender,
  items: Int32Array,
  weights: Float64Array,
  out: Float64Array,
): Float64Array | null {
  if (model instanceof AlsModel) return new AlsFoldIn(model, items, weights).scores(out);
  return model.scoreItems ? model.scoreItems(items, weights, out) : null;
}
