/**
 * The recommender plugins the engine knows, looked up by name in a core `ModelRegistry`. The built-ins
 * register exactly as a contributor's plugin would: `recommenderRegistry().register(myPlugin)`.
 */
import {
  biasedMf,
  bpr,
  cooccurrence,
  ease,
  implicitAls,
  itemKnn,
  ModelRegistry,
  popularity,
  type Recommender,
  type RecommenderPlugin,
  userKnn,
} from '@storewise/core';

// biome-ignore lint/suspicious/noExplicitAny: plugins of any params share the registry.
export type AnyRecommenderPlugin = RecommenderPlugin<any, Recommender>;

/** Short names accepted wherever a model is named (the CLI's `--models pop,itemknn,...`). */
export const RECOMMENDER_ALIASES: Readonly<Record<string, string>> = {
  pop: 'popularity',
  itemknn: 'item-knn',
  userknn: 'user-knn',
  mf: 'biased-mf',
  svd: 'biased-mf',
  cooc: 'cooccurrence',
};

const BUILT_INS: readonly AnyRecommenderPlugin[] = [
  popularity,
  itemKnn,
  userKnn,
  cooccurrence,
  ease,
  implicitAls,
  bpr,
  biasedMf,
];

/** A fresh registry holding every built-in recommender. */
export function recommenderRegistry(): ModelRegistry {
  const registry = new ModelRegistry();
  for (const plugin of BUILT_INS) registry.register(plugin);
  return registry;
}

/** Whether `plugin` is one of the built-in recommenders (which any thread can import by name). */
export function isBuiltInRecommender(plugin: AnyRecommenderPlugin): boolean {
  return BUILT_INS.includes(plugin);
}

const defaultRegistry = recommenderRegistry();

/** The recommender plugin called `name` (or one of its aliases); throws naming the known ones. */
export function recommenderPlugin(
  name: string,
  registry: ModelRegistry = defaultRegistry,
): AnyRecommenderPlugin {
  return registry.get('recommender', RECOMMENDER_ALIASES[name] ?? name) as AnyRecommenderPlugin;
}

/** True for plugins fitted on explicit ratings (RMSE/MAE apply; events are the customers' ratings). */
export function isRatingModel(name: string): boolean {
  return (RECOMMENDER_ALIASES[name] ?? name) === 'biased-mf';
}
