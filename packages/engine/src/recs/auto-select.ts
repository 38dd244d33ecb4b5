/**
 * `model: 'auto'`: the recommender a shop is served when it does not name one. Which model ranks best
 * depends on the shop (on the demo shop EASE ranked first and item-kNN with its defaults below the most
 * popular items; on another 300-customer shop ALS with its defaults did), so each candidate is fitted on
 * the same per-customer holdout `--evaluate` uses and the one with the best NDCG@10 is chosen, the most
 * popular items among them: a shop where nothing beats them is served them.
 */
import {
  evaluateRanking,
  type InteractionMatrix,
  type ProgressFn,
  type RankingMetrics,
  type Recommender,
  stratifiedSplit,
} from '@storewise/core';
import { warmTestUsers } from './eval/warm-users.js';
import { type AnyRecommenderPlugin, recommenderPlugin } from './registry.js';

/** The name that asks for the choice. */
export const AUTO_MODEL = 'auto';

/**
 * EASE inverts an items x items matrix: 9 s for Online Retail's 3,665 items on a 2-core machine, about
 * items^3, and the choice fits it twice (holdout and all data). Above this it is not a candidate.
 */
export const AUTO_EASE_MAX_ITEMS = 4000;

/** The candidates, cheapest first: on equal NDCG the earlier one is chosen. */
export function autoCandidates(nItems: number): string[] {
  const names = ['popularity', 'item-knn', 'cooccurrence', 'als'];
  if (nItems <= AUTO_EASE_MAX_ITEMS) names.push('ease');
  return names;
}

export interface AutoChoice {
  plugin: AnyRecommenderPlugin;
  /** The chosen model's holdout metrics (k 10), and each candidate's NDCG as `auto.<name>.ndcg`. */
  metrics: Record<string, number>;
}

/** A model of `plugin` fitted on `data` (the trainer's own fit: in a worker when it fits off the thread). */
export type FitFn = (
  plugin: AnyRecommenderPlugin,
  data: InteractionMatrix,
  progress: ProgressFn,
) => Promise<Recommender>;

/**
 * The candidate with the best NDCG@10 on a per-customer holdout of a quarter of each customer's
 * interactions (`stratifiedSplit`, as `evaluate` splits), over the customers who kept interactions in the
 * training part: one whose every interaction was held out (a customer with one) is served the popular
 * items whatever the model, so the models are not compared on them. With no such customer (every customer
 * has one interaction), nothing can be compared, and no model has two items of one customer to relate:
 * the most popular items are served, and `auto.customers` says 0.
 */
export async function chooseRecommender(
  m: InteractionMatrix,
  seed: number,
  fitOne: FitFn,
  progress: ProgressFn,
): Promise<AutoChoice> {
  const { train, test } = stratifiedSplit(m, { testRatio: 0.25, seed });
  const users = warmTestUsers(train, test).warm;
  if (users.length === 0)
    return { plugin: recommenderPlugin('popularity'), metrics: { 'auto.customers': 0 } };
  const names = autoCandidates(m.nItems);
  let best: { name: string; ranking: RankingMetrics } | null = null;
  const metrics: Record<string, number> = { 'auto.customers': users.length };
  for (const [n, name] of names.entries()) {
    const plugin = recommenderPlugin(name);
    const model = await fitOne(plugin, train, (f, message) =>
      progress((n + f) / names.length, `choosing: ${name}${message ? ` (${message})` : ''}`),
    );
    const ranking = evaluateRanking(model, train, test, { k: 10, users });
    metrics[`auto.${name}.ndcg`] = ranking.ndcg;
    if (best === null || ranking.ndcg > best.ranking.ndcg) best = { name, ranking };
  }
  Object.assign(metrics, best!.ranking);
  if (best!.name !== 'popularity') metrics.popularityNdcg = metrics['auto.popularity.ndcg']!;
  return { plugin: recommenderPlugin(best!.name), metrics };
}
