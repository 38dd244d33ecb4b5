/**
 * `model: 'auto'`: the recommender a shop is served when it does not name one. Which model ranks best
 * depends on the shop (on the demo shop EASE ranked first and item-kNN with its defaults below the most
 * popular items; on another 300-customer shop ALS with its defaults did), so each candidate is fitted on
 * the same per-customer holdout `--evaluate` uses and the one with the best NDCG@10 is chosen, the most
 * popular items among them: a shop where nothing beats them is served them.
 */
import {
  evaluateRanking,
  fitContext,
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
 * items^3, and chosen it is fitted twice (on the holdout's training part, then on all the data). Above
 * this it is not a candidate.
 */
export const AUTO_EASE_MAX_ITEMS = 4000;

/** The candidates, cheapest first: on equal NDCG the earlier one is chosen. */
export function autoCandidates(nItems: number): string[] {
  const names = ['popularity', 'item-knn', 'cooccurrence', 'als'];
  if (nItems <= AUTO_EASE_MAX_ITEMS) names.push('ease');
  return names;
}

/** The share of an auto training's progress that the choice takes; the chosen model's fit on all data the rest. */
const CHOICE_SHARE = 0.6;

/** What `model: 'auto'` trained: the chosen plugin and its model fitted on all the data. */
export interface AutoFit {
  plugin: AnyRecommenderPlugin;
  model: Recommender;
  /** The chosen model's holdout metrics (k 10), and each candidate's NDCG as `auto.<name>.ndcg`. */
  metrics: Record<string, number>;
  /** Seconds of the chosen model's fit on all the data (the choice's fits not counted). */
  fitSeconds: number;
}

/**
 * Chooses the recommender for `m` (chooseRecommender), then fits it on all of `m`: the whole of an auto
 * training's fitting, in one place, so that a training off the thread runs it in one worker
 * (fitAutoOffThread) and sends back only the model served. Each candidate's holdout model is dropped once
 * it is scored, and the split with it once the choice is made, before the final fit.
 */
export async function fitAuto(
  m: InteractionMatrix,
  seed: number,
  { signal, progress }: { signal?: AbortSignal; progress: ProgressFn },
): Promise<AutoFit> {
  const choice = await chooseRecommender(m, seed, signal, (f, message) =>
    progress(f * CHOICE_SHARE, message),
  );
  const start = performance.now();
  const model = await choice.plugin.fit(
    m,
    {},
    fitContext({
      seed,
      progress: (f, message) =>
        progress(
          CHOICE_SHARE + f * (1 - CHOICE_SHARE),
          `fitting ${choice.plugin.name} on every interaction${message ? ` (${message})` : ''}`,
        ),
      ...(signal ? { signal } : {}),
    }),
  );
  return { ...choice, model, fitSeconds: (performance.now() - start) / 1000 };
}

/**
 * The candidate with the best NDCG@10 on a per-customer holdout of a quarter of each customer's
 * interactions (`stratifiedSplit`, as `evaluate` splits), over the customers who kept interactions in the
 * training part: one whose every interaction was held out (a customer with one) is served the popular
 * items whatever the model, so the models are not compared on them. With no such customer (every customer
 * has one interaction), nothing can be compared, and no model has two items of one customer to relate:
 * the most popular items are served, and `auto.customers` says 0.
 */
async function chooseRecommender(
  m: InteractionMatrix,
  seed: number,
  signal: AbortSignal | undefined,
  progress: ProgressFn,
): Promise<{ plugin: AnyRecommenderPlugin; metrics: Record<string, number> }> {
  const { train, test } = stratifiedSplit(m, { testRatio: 0.25, seed });
  const users = warmTestUsers(train, test).warm;
  if (users.length === 0)
    return { plugin: recommenderPlugin('popularity'), metrics: { 'auto.customers': 0 } };
  const names = autoCandidates(m.nItems);
  let best: { name: string; ranking: RankingMetrics } | null = null;
  const metrics: Record<string, number> = { 'auto.customers': users.length };
  for (const [n, name] of names.entries()) {
    // Scored, then dropped: one candidate's model in memory at a time.
    const model = await recommenderPlugin(name).fit(
      train,
      {},
      fitContext({
        seed,
        progress: (f, message) =>
          progress((n + f) / names.length, `choosing: ${name}${message ? ` (${message})` : ''}`),
        ...(signal ? { signal } : {}),
      }),
    );
    const ranking = evaluateRanking(model, train, test, { k: 10, users });
    metrics[`auto.${name}.ndcg`] = ranking.ndcg;
    if (best === null || ranking.ndcg > best.ranking.ndcg) best = { name, ranking };
  }
  Object.assign(metrics, best!.ranking);
  if (best!.name !== 'popularity') metrics.popularityNdcg = metrics['auto.popularity.ndcg']!;
  return { plugin: recommenderPlugin(best!.name), metrics };
}
