/**
 * The checks of a contributed recommender: its fitted model before `train recs` stores and serves it and
 * before `eval recs` ranks with it, and its scores wherever they are served (servedScores). What its code
 * throws names it (plugin-errors.ts). Built-ins are checked by their tests instead.
 */
import {
  type InteractionMatrix,
  noScoreUser,
  type PluginCall,
  type Recommender,
  type RecommenderFitContext,
  scoresProblem,
  scoringProblem,
  servingProblem,
} from '@storewise/core';
import { callPlugin } from '../plugin-errors.js';
import { type AnyRecommenderPlugin, isBuiltInRecommender } from './registry.js';

/**
 * A contributed recommender's model refused by these checks, or its code failing: its message names the
 * plugin and the problem.
 */
export class ContributedModelError extends Error {
  override readonly name = 'ContributedModelError';
}

/** `plugin.fit`; what a contributed plugin's fit throws names it (a ParamError stays one). */
export function fitRecommender(
  plugin: AnyRecommenderPlugin,
  data: InteractionMatrix,
  params: Record<string, unknown>,
  ctx: RecommenderFitContext,
): Promise<Recommender> {
  if (isBuiltInRecommender(plugin)) return Promise.resolve(plugin.fit(data, params, ctx));
  return Promise.resolve(
    callPlugin(plugin, 'fit', () => plugin.fit(data, params, ctx), ContributedModelError),
  );
}

/** `plugin.deserialize(bytes)`; what a contributed plugin throws names it. */
export function deserializeRecommender(plugin: AnyRecommenderPlugin, bytes: Uint8Array): Recommender {
  if (isBuiltInRecommender(plugin)) return plugin.deserialize(bytes);
  const model = callPlugin(plugin, 'deserialize', () => plugin.deserialize(bytes), ContributedModelError);
  if (typeof (model as Partial<Recommender> | null)?.scoreUser !== 'function')
    throw new ContributedModelError(
      `recommender plugin "${plugin.name}": deserialize gave ${noScoreUser(model)}`,
    );
  return model;
}

/**
 * What serving a contributed plugin's model needs, checked before it is saved and made active: the
 * data's shape and id maps (in their order), bytes that read back, and scores for a sample of customers
 * (core's servingProblem, which the model testkit runs too). Each of these, wrong, was stored as the
 * active model and served nothing, an internal error on every request, or an unreadable model.
 */
export function checkContributedModel(
  plugin: AnyRecommenderPlugin,
  model: Recommender,
  m: InteractionMatrix,
): void {
  const problem = servingProblem(plugin, model, m, named(plugin));
  if (problem !== null) failure(plugin, 'cannot be served', '; it was not stored')(problem);
}

/**
 * A contributed model's scores for a sample of customers (core's scoringProblem): one finite score per
 * item of the data from `scoreUser`, and from `scoreItems` given each sampled customer's items. `eval recs`
 * checks this much; a wrong length ranked some items twice and others never, a NaN ranked nothing, and
 * both printed metrics.
 */
export function checkScores(plugin: AnyRecommenderPlugin, model: Recommender, m: InteractionMatrix): void {
  const problem = scoringProblem(model, m, named(plugin));
  if (problem !== null) failure(plugin, 'cannot be evaluated', '')(problem);
}

/** Calls of the plugin's scoring whose throw names it. */
function named(plugin: AnyRecommenderPlugin): PluginCall {
  return (what, call) => callPlugin(plugin, what, call, ContributedModelError);
}

/**
 * The scores `score` gives (`call`: the plugin's method, `of`: whose scores) for a served model: a
 * contributed plugin's checked on every request (a length compare and a scan, nothing next to scoring),
 * its throw named. A stored model whose plugin changed since its training (same formatVersion) served
 * made-up scores, or `0 popular` as the model's, without a word.
 */
export function servedScores<T extends Float64Array | null>(
  plugin: AnyRecommenderPlugin,
  model: Recommender,
  call: 'scoreUser' | 'scoreItems' | 'similarity',
  of: string,
  score: () => T,
): T {
  if (isBuiltInRecommender(plugin)) return score();
  const scores = callPlugin(plugin, call, score, ContributedModelError);
  // No similarity row: the model has no item-item notion (similarItems serves the category's popular items).
  if (scores === null) return scores;
  const problem = scoresProblem(scores, model.nItems, `${call}(...)`, model.itemIds);
  if (problem !== null)
    throw new ContributedModelError(
      `recommender plugin "${plugin.name}": ${call} of ${of} ${problem}; the request failed`,
    );
  return scores;
}

function failure(plugin: AnyRecommenderPlugin, what: string, after: string): (problem: string) => never {
  return (problem) => {
    throw new ContributedModelError(
      `recommender "${plugin.name}" fitted a model that ${what}: ${problem}${after}`,
    );
  };
}
