/**
 * Trains a recommender from the stored events and keeps it in storage (`saveModel`), so that it
 * survives a restart; `loadRecommender` restores it.
 */
import {
  evaluateRanking,
  evaluateRatings,
  type FitItem,
  fitContext,
  type InteractionMatrix,
  itemCounts,
  type ProgressFn,
  type RatingPredictor,
  type Recommender,
  stratifiedSplit,
} from '@storewise/core';
import type { EventWeights, Storage } from '@storewise/storage';
import { DEFAULT_SEED } from '../seed.js';
import { AUTO_MODEL, fitAuto } from './auto-select.js';
import { ContributedModelError, checkContributedModel, fitRecommender } from './check-model.js';
import { warmTestUsers } from './eval/warm-users.js';
import { readFitCatalog } from './fit-catalog.js';
import { fitAutoOffThread, fitOffThread } from './fit-off-thread.js';
import { evaluationWarnings, fitWarnings } from './fit-warnings.js';
import { DEFAULT_EVENT_WEIGHTS, RATING_WEIGHTS, readInteractions } from './interactions.js';
import { interactionSimilarity } from './item-similarity.js';
import {
  type AnyRecommenderPlugin,
  isBuiltInRecommender,
  isRatingModel,
  pluginModule,
  recommenderPlugin,
} from './registry.js';
import { decodeTrained, encodeTrained, type TrainedRecommender } from './trained-model.js';

const DAY_MS = 86_400_000;

export interface TrainOptions {
  /**
   * Plugin name or alias: 'als', 'bpr', 'ease', 'item-knn', 'user-knn', 'popularity', 'cooccurrence', ...;
   * or 'auto': the candidate with the best NDCG@10 on a holdout (auto-select.ts), its holdout metrics and
   * every candidate's NDCG in the result's and the stored version's metrics.
   */
  model: string;
  /** The stored model's name (default 'recs'); each training adds a version and activates it. */
  name?: string;
  params?: Record<string, unknown>;
  /** Weight per event type (default view 1, add_to_cart 3, purchase 5; rating models use ratings). */
  weights?: EventWeights;
  /** Time decay of interaction weights (none by default). */
  halfLifeDays?: number;
  /** Half-life of the trending popularity used for cold start (default 14 days). */
  trendingHalfLifeDays?: number;
  /** Only events before this instant are read (default: all). */
  until?: Date;
  /** The seed of the holdout split and the fits (default DEFAULT_SEED, 0: as the CLI and the gateway train). */
  seed?: number;
  /** Evaluate on a per-customer stratified holdout before fitting on everything. */
  evaluate?: { testRatio?: number; k?: number };
  /** Keep the model in memory only (default false: save it). */
  dryRun?: boolean;
  /**
   * Fit in a worker thread, so that the calling thread keeps answering meanwhile (a server's event loop);
   * a contributor's plugin, which the worker cannot import, fits on the calling thread all the same.
   * Default false: the fit runs on the calling thread, without a worker's start or a copy of the data.
   */
  offThread?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

export interface TrainResult {
  recommender: TrainedRecommender;
  metrics: Record<string, number>;
  customers: number;
  items: number;
  /** Events read (of the weighted types, with a customer and an item): repeated events of a pair each count. */
  events: number;
  /** Distinct customer-item pairs: the matrix's entries, what the model fits. */
  pairs: number;
  /** Parameters that fit poorly on this data (fitWarnings), e.g. ALS factors large next to the catalog. */
  warnings: string[];
  /** Customers left out because they declined analytics (consent.analytics false; see readInteractions). */
  excludedByConsent: number;
  fitSeconds: number;
}

/** Reads the interactions, fits the model (and evaluates it when asked), saves it, and returns it. */
export async function trainRecommender(storage: Storage, options: TrainOptions): Promise<TrainResult> {
  const auto = options.model === AUTO_MODEL;
  if (auto && options.params !== undefined && Object.keys(options.params).length > 0)
    throw new Error(`model "${AUTO_MODEL}" takes no parameters: it chooses a model with its defaults`);
  let plugin = recommenderPlugin(auto ? 'popularity' : options.model);
  const rating = !auto && isRatingModel(plugin.name);
  const weights = options.weights ?? (rating ? RATING_WEIGHTS : DEFAULT_EVENT_WEIGHTS);
  const progress = options.onProgress ?? (() => {});
  progress(0, 'reading interactions');
  const data = await readInteractions(storage, {
    weights,
    ...(options.halfLifeDays !== undefined ? { halfLifeDays: options.halfLifeDays } : {}),
    ...(options.until ? { until: options.until } : {}),
    duplicates: rating ? 'last' : 'sum',
    ratingValues: rating,
  });
  const m = data.matrix;
  if (m.nUsers === 0 || m.nItems === 0) {
    throw new Error(`no interactions to train on (event weights ${JSON.stringify(weights)})`);
  }
  const params = options.params ?? {};
  const seed = options.seed ?? DEFAULT_SEED;
  // A contributed model by category, price or attribute reads the catalog from its fit context (the
  // built-ins and auto's candidates do not): one scan of the items, aligned to the matrix.
  const catalog =
    !auto && !isBuiltInRecommender(plugin) && m.itemIds !== null
      ? await readFitCatalog(storage, m.itemIds)
      : undefined;
  const metrics: Record<string, number> = {};
  let model: Recommender;
  let fitSeconds: number;
  if (auto) {
    // The choice and the chosen model's fit together: in one worker when off the thread.
    const fitted = options.offThread
      ? await fitAutoOffThread(m, seed, options.signal, progress)
      : await fitAuto(m, seed, { progress, ...(options.signal ? { signal: options.signal } : {}) });
    plugin = fitted.plugin;
    model = fitted.model;
    fitSeconds = fitted.fitSeconds;
    Object.assign(metrics, fitted.metrics);
  } else {
    if (options.evaluate) {
      const { train, test } = stratifiedSplit(m, { testRatio: options.evaluate.testRatio ?? 0.25, seed });
      const held = await fit(plugin, train, params, seed, catalog, options, (f, msg) =>
        progress(f * 0.4, msg),
      );
      const k = options.evaluate.k ?? 10;
      // Over the customers with interactions on both sides, as `auto` and `eval recs` rank (warm-users.ts).
      const users = warmTestUsers(train, test).warm;
      const ranking = evaluateRanking(held, train, test, { k, users });
      Object.assign(metrics, ranking);
      if (rating) Object.assign(metrics, evaluateRatings(held as RatingPredictor, test));
      // The most popular items on the same split, the baseline any model has to beat (a model with poor
      // settings for a small shop, ALS with its defaults say, can rank below it).
      const popularity = recommenderPlugin('popularity');
      if (plugin.name !== popularity.name && !rating) {
        const baseline = await popularity.fit(train, {}, fitContext({ seed }));
        metrics.popularityNdcg = evaluateRanking(baseline, train, test, { k, users }).ndcg;
      }
    }
    const start = performance.now();
    const base = options.evaluate ? 0.4 : 0;
    model = await fit(plugin, m, params, seed, catalog, options, (f, msg) =>
      progress(base + f * (1 - base), msg),
    );
    fitSeconds = (performance.now() - start) / 1000;
  }
  // Serving finds customers and SKUs through the model's id maps: a model without them would answer
  // every request with nothing.
  // A contributed plugin's (the mistake a new plugin's author makes) is a ContributedModelError, whose
  // message the gateway's training job shows as the CLI does.
  if (model.itemIds === null)
    throw new (isBuiltInRecommender(plugin) ? Error : ContributedModelError)(
      `recommender "${plugin.name}" fitted a model without the matrix's id maps: its fit must keep them (BaseRecommender.withIds(data.userIds, data.itemIds)) and its bytes hold them (encodeModel)`,
    );
  // A contributed plugin's model is checked before it is stored and served (built-ins are by their tests).
  if (!isBuiltInRecommender(plugin)) checkContributedModel(plugin, model, m);
  const trendingHalfLifeDays = options.trendingHalfLifeDays ?? 14;
  const recommender: TrainedRecommender = {
    name: options.name ?? 'recs',
    version: 0,
    plugin,
    model,
    weights,
    halfLifeDays: options.halfLifeDays ?? null,
    trainedUntil: data.latestTime,
    popularity: itemCounts(m),
    trending: trendingScores(m, data.latestTime, trendingHalfLifeDays),
    trendingHalfLifeDays,
    itemSimilarity: interactionSimilarity(model, m, options.signal),
  };
  if (!options.dryRun) {
    const info = await storage.saveModel({
      name: recommender.name,
      kind: 'recommender',
      params: {
        model: plugin.name,
        ...(auto ? { chosenBy: AUTO_MODEL } : {}),
        params: fittedParams(plugin, model, params),
        weights,
        halfLifeDays: recommender.halfLifeDays,
        seed,
      },
      metrics: {
        ...metrics,
        fitSeconds,
        customers: m.nUsers,
        items: m.nItems,
        events: data.events,
        pairs: m.indices.length,
      },
      bytes: encodeTrained(recommender),
    });
    recommender.version = info.version;
  }
  progress(1, 'done');
  return {
    recommender,
    metrics,
    customers: m.nUsers,
    items: m.nItems,
    events: data.events,
    pairs: m.indices.length,
    warnings: [
      ...(auto ? [] : fitWarnings(plugin.name, params, m.nUsers, m.nItems)),
      // `users` is the evaluation's count of ranked customers (auto's choice, or evaluate); auto with none
      // to rank chose popularity unevaluated and says so by `auto.customers` 0.
      ...evaluationWarnings(metrics.users ?? metrics['auto.customers']),
    ],
    excludedByConsent: data.excludedByConsent,
    fitSeconds,
  };
}

/** Restores a stored recommender (the active version unless `version` is given). */
export async function loadRecommender(
  storage: Storage,
  name = 'recs',
  version?: number,
): Promise<TrainedRecommender> {
  const artifact = await storage.loadModel(name, version);
  if (!artifact) {
    const which = version === undefined ? 'no active version' : `no version ${version}`;
    throw new Error(`model "${name}" has ${which} in storage: train one first (storewise train recs)`);
  }
  if (artifact.kind !== 'recommender') {
    throw new Error(`model "${name}" v${artifact.version} is a ${artifact.kind}, not a recommender`);
  }
  return decodeTrained(artifact.bytes, artifact.name, artifact.version);
}

async function fit(
  plugin: AnyRecommenderPlugin,
  data: InteractionMatrix,
  params: Record<string, unknown>,
  seed: number,
  catalog: readonly FitItem[] | undefined,
  { signal, offThread }: Pick<TrainOptions, 'signal' | 'offThread'>,
  progress: ProgressFn,
) {
  const module = pluginModule(plugin);
  if (offThread && module !== undefined)
    return fitOffThread(plugin, module, data, params, seed, catalog, signal, progress);
  return await fitRecommender(plugin, data, params, {
    ...fitContext({ seed, progress, ...(signal ? { signal } : {}) }),
    ...(catalog ? { catalog } : {}),
  });
}

/**
 * The parameters the model was fitted with: the model's own where it keeps them (ALS, whose unset
 * `factors` the data bounds; user-kNN), else the plugin's defaults under the given ones.
 */
function fittedParams(
  plugin: AnyRecommenderPlugin,
  model: Recommender,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const own = (model as { params?: unknown }).params;
  if (own !== null && typeof own === 'object' && !Array.isArray(own)) return { ...(own as object) };
  return { ...plugin.defaults, ...params };
}

/** Per item, the summed interaction weights decayed by 0.5^(age / halfLife), age from `now`. */
function trendingScores(m: InteractionMatrix, now: number, halfLifeDays: number): Float64Array {
  if (!(halfLifeDays > 0)) throw new Error(`trendingHalfLifeDays must be > 0, got ${halfLifeDays}`);
  const rate = Math.LN2 / (halfLifeDays * DAY_MS);
  const out = new Float64Array(m.nItems);
  for (let p = 0; p < m.indices.length; p++) {
    out[m.indices[p]!]! += m.values[p]! * Math.exp(-rate * (now - m.times[p]!));
  }
  return out;
}
