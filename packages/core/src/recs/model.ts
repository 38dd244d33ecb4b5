/**
 * The recommender model interface. A fitted model scores every item for a user into a caller-given
 * Float64Array; `recommend` is built on that with the shared top-k selection. Models that can also score
 * from a list of items (a cart, a new customer's few events) implement `scoreItems`, and models with an
 * item-item notion of similarity implement `similarItems`.
 */
import type { IdMap } from './id-map.js';
import { type TopK, topK } from './top-k.js';

export interface Recommender {
  /** The plugin name that made the model ('als', 'item-knn', ...). */
  readonly name: string;
  readonly nUsers: number;
  readonly nItems: number;
  /** External ids of the training matrix, where it had them. */
  readonly userIds: IdMap | null;
  readonly itemIds: IdMap | null;
  /** Writes a score for every item for user `user` into `out` (length nItems) and returns `out`. */
  scoreUser(user: number, out: Float64Array): Float64Array;
  /** The k best items for `user`, best first, leaving out the item indices in `exclude`. */
  recommend(user: number, k: number, exclude?: ArrayLike<number> | null): TopK;
  /** Scores every item for a history of items (with optional weights, default 1), e.g. a cart. */
  scoreItems?(items: ArrayLike<number>, weights: ArrayLike<number> | null, out: Float64Array): Float64Array;
  /** The k items most similar to `item` (never the item itself). */
  similarItems?(item: number, k: number): TopK;
}

/** A recommender that predicts explicit ratings (RMSE/MAE apply). */
export interface RatingPredictor extends Recommender {
  predict(user: number, item: number): number;
}

/** `recommend` on top of `scoreUser`, with a scratch score buffer per model. */
export abstract class BaseRecommender implements Recommender {
  abstract readonly name: string;
  userIds: IdMap | null = null;
  itemIds: IdMap | null = null;
  #scratch: Float64Array | null = null;

  constructor(
    readonly nUsers: number,
    readonly nItems: number,
  ) {}

  /** Takes the id maps of the matrix the model was fitted on (or decoded ids); returns this. */
  withIds(userIds: IdMap | null, itemIds: IdMap | null): this {
    this.userIds = userIds;
    this.itemIds = itemIds;
    return this;
  }

  abstract scoreUser(user: number, out: Float64Array): Float64Array;

  recommend(user: number, k: number, exclude?: ArrayLike<number> | null): TopK {
    this.#scratch ??= new Float64Array(this.nItems);
    return topK(this.scoreUser(user, this.#scratch), k, exclude);
  }

  protected checkUser(user: number): void {
    if (!(user >= 0 && user < this.nUsers) || !Number.isInteger(user)) {
      throw new RangeError(`user index ${user} out of range (nUsers ${this.nUsers})`);
    }
  }

  protected checkItem(item: number): void {
    if (!(item >= 0 && item < this.nItems) || !Number.isInteger(item)) {
      throw new RangeError(`item index ${item} out of range (nItems ${this.nItems})`);
    }
  }

  /** The k best of a scratch score vector, without `item` itself (for similarItems). */
  protected topWithout(scores: Float64Array, k: number, item: number): TopK {
    scores[item] = Number.NEGATIVE_INFINITY;
    return topK(scores, k);
  }
}
