import type { FitContext, ModelPlugin } from '../plugin/model-plugin.js';
import type { InteractionMatrix } from './interactions.js';
import type { Recommender } from './model.js';

/**
 * One item of the shop's catalog as a recommender's fit sees it: the stored item at one item index of the
 * matrix (`catalog[i].sku === data.itemIds.idAt(i)`).
 */
export interface FitItem {
  readonly sku: string;
  readonly title: string | null;
  /** The category path, top level first (`['Home', 'Kitchen']`); empty without a category. */
  readonly categoryPath: readonly string[];
  /** The list price as stored (its currency's units); null without one. */
  readonly price: number | null;
  readonly attributes: Readonly<Record<string, string | number | boolean | null>>;
  /** False for an item the shop marked `recommendable: false` (fees, postage, gift cards): never served. */
  readonly recommendable: boolean;
}

/**
 * What a recommender's fit gets besides data and parameters: FitContext's randomness, cancellation and
 * progress, and the catalog of the items the matrix indexes.
 */
export interface RecommenderFitContext extends FitContext {
  /**
   * Per item index of the matrix, the stored item (`catalog.length === data.nItems`): what a model by
   * category, price or attribute reads. The engine reads it (one scan of the items) when it trains a
   * contributed recommender from a store: `trainRecommender` (the CLI's `train recs`, the gateway's `train`
   * mutation) and `evaluateRecommenders` given a `catalog` (the CLI's `eval recs --db`). Absent where there
   * is no store: `eval recs --data <ratings file>`, core's `tuneRecommender`, `fitContext()`; and for the
   * built-in recommenders, which do not read it. A plugin that needs it refuses to fit without it.
   */
  readonly catalog?: readonly FitItem[];
}

/**
 * A recommender plugin: kind 'recommender', fitted on an InteractionMatrix (implicit interactions; for
 * rating models, a matrix of explicit ratings built with `duplicates: 'last'`). `fit` may return the model
 * or a promise of it (the engine awaits it).
 */
export interface RecommenderPlugin<Params extends object, Model extends Recommender>
  extends ModelPlugin<InteractionMatrix, Params, Model> {
  readonly kind: 'recommender';
  /**
   * True for a model whose recommendations are items the customer already has (buy again, replenishment):
   * it is served without the default that leaves out what a customer bought or rated (a request's own
   * `excludeBought: true` still does). Absent: false.
   */
  readonly repeatsOwned?: boolean;
  fit(data: InteractionMatrix, params: Partial<Params>, ctx: RecommenderFitContext): Model | Promise<Model>;
}

/**
 * A recommender plugin whose `fit` returns its model at once (the built-ins), so that a caller of its own
 * needs no `await`; it is a RecommenderPlugin all the same.
 */
export interface SyncRecommenderPlugin<Params extends object, Model extends Recommender>
  extends RecommenderPlugin<Params, Model> {
  fit(data: InteractionMatrix, params: Partial<Params>, ctx: RecommenderFitContext): Model;
}
