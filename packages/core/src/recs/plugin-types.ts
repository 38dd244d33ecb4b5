import type { FitContext, ModelPlugin } from '../plugin/model-plugin.js';
import type { InteractionMatrix } from './interactions.js';
import type { Recommender } from './model.js';

/**
 * A recommender plugin: kind 'recommender', fitted on an InteractionMatrix (implicit interactions; for
 * rating models, a matrix of explicit ratings built with `duplicates: 'last'`).
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
  fit(data: InteractionMatrix, params: Partial<Params>, ctx: FitContext): Model;
}
