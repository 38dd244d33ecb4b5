/**
 * Offline evaluation of several recommenders on one split of a ratings data set: every rating counts as
 * an interaction (value 1) for the ranking models, and rating models fit on the ratings themselves. The
 * metrics rank the full catalog except each user's training items (see core's evaluateRanking), for the
 * test users that have training entries (`coldUsers` counts the others). Each model's lists are also
 * measured beyond accuracy (core's beyondAccuracy: coverage, Gini, entropy, novelty, ARP, APLT, with
 * popularity = training interactions), and its accuracy per group of users when `groupBy` asks.
 */
import {
  activityTerciles,
  type BeyondAccuracyMetrics,
  beyondAccuracy,
  evaluateRatings,
  eventLeaveLastOut,
  eventTimeSplit,
  type FitItem,
  fitContext,
  type GroupRankingReport,
  groupRankingMetrics,
  type InteractionEvents,
  type InteractionMatrix,
  itemCounts,
  leaveLastOut,
  type RatingPredictor,
  randomSplit,
  rankingRun,
  stratifiedSplit,
  type TrainTest,
  timeSplit,
  type UserRankingValues,
  withConstantValues,
} from '@storewise/core';
import { groupingAttribute, mergeSmallGroups } from '../../customers/customer-groups.js';
import { DEFAULT_SEED } from '../../seed.js';
import { checkScores, fitRecommender } from '../check-model.js';
import { isBuiltInRecommender, isRatingModel, recommenderPlugin } from '../registry.js';
import { warmTestUsers } from './warm-users.js';

export const SPLITS = ['user-stratified', 'random', 'leave-last-out', 'time'] as const;
export type SplitKind = (typeof SPLITS)[number];

export interface EvaluateRecsOptions {
  split: SplitKind;
  /** Test share for user-stratified, random and time splits (default 0.25). */
  testRatio?: number;
  k?: number;
  /** Model names or aliases ('pop', 'itemknn', 'userknn', 'als', 'bpr', 'ease', 'mf', ...). */
  models: readonly string[];
  /** Parameters per model name (as given in `models`). */
  params?: Record<string, Record<string, unknown>>;
  seed?: number;
  /**
   * Whether the values are ratings (default true). False (a file without a rating column: every value 1)
   * refuses the rating models, whose errors would then be zero by construction.
   */
  rated?: boolean;
  /**
   * The values are interaction weights (the stored events, view 1, add to cart 3, purchase 5, as
   * `train recs` reads them), which the implicit models fit as they are. Default false: ratings or counts
   * of a file, which they fit as 1 (the published MovieLens comparisons binarize so).
   */
  weighted?: boolean;
  /**
   * Accuracy per group of users (ModelEvaluation.groups): 'activity' groups the ranked test users by
   * terciles of their training interactions (core's activityTerciles: light, medium, heavy); or the
   * groups given per user of `ratings` (storedUserGroups reads them by country or a customer attribute).
   */
  groupBy?: 'activity' | UserGroups;
  /**
   * The stored events behind `ratings` (readInteractionEvents), for `time` and `leave-last-out` to split
   * events rather than pairs (see splitRatings).
   */
  events?: InteractionEvents;
  /**
   * Per item index of `ratings`, the stored item (readFitCatalog), for a contributed recommender's fit
   * context (RecommenderFitContext.catalog): the CLI's `eval recs --db` reads it; a ratings file has none.
   */
  catalog?: readonly FitItem[];
  /** Smallest group whose accuracy is compared with the others' (default 30). */
  minGroupSize?: number;
  onProgress?: (message: string) => void;
}

/** A group per user of the ratings matrix. */
export interface UserGroups {
  /** What the groups are by ('country', 'attribute.<name>', ...), as reported. */
  by: string;
  /** Index into `names` per user index (-1: in no group). */
  group: Int32Array;
  names: readonly string[];
}

/** Per-group accuracy of one model: core's report, what the groups are by, and for activity their ranges. */
export interface RecsGroupReport extends GroupRankingReport {
  by: string;
  /** For 'activity': the fewest and most training interactions of each group's users (null: empty). */
  ranges?: ([number, number] | null)[];
}

export interface ModelEvaluation {
  model: string;
  plugin: string;
  fitSeconds: number;
  k: number;
  users: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  mapFull: number;
  mrr: number;
  hitRate: number;
  coverage: number;
  meanPopularity: number;
  rmse?: number;
  mae?: number;
  /**
   * Test users with no training entry (a time split's newcomers), left out of the ranking metrics: no
   * model has anything of theirs to go on (serving gives them popular items), and their all-zero scores
   * would rank the catalog in index order, so they measured the fallback, not the model.
   */
  coldUsers: number;
  /**
   * Test pairs left out because the customer owned (bought or rated) the item in training: served lists
   * leave such items out, so they are no target. Only the stored events' time and leave-last-out splits
   * (`events`) have any; absent elsewhere.
   */
  ownedTestPairs?: number;
  /** The lists beyond accuracy (core's beyondAccuracy; popularity = interactions in the training split). */
  beyondAccuracy: BeyondAccuracyMetrics;
  /** Accuracy per group of users, when `groupBy` asked for it. */
  groups?: RecsGroupReport;
}

/**
 * Splits `ratings` as asked. With `events` (the stored events behind `ratings`), `time` and
 * `leave-last-out` split the events, not their pairs (core's event-split.ts): `exclude` then holds the items
 * each user owned (bought or rated) in training, which the ranking leaves out, and `droppedOwned` the test
 * pairs dropped as owned in training; the pair splits leave out each user's training items.
 */
export function splitRatings(
  ratings: InteractionMatrix,
  kind: SplitKind,
  testRatio: number,
  seed: number,
  events?: InteractionEvents,
): TrainTest & { exclude?: InteractionMatrix; droppedOwned?: number } {
  if (events && (events.nUsers !== ratings.nUsers || events.nItems !== ratings.nItems))
    throw new Error(
      `the events index ${events.nUsers} users and ${events.nItems} items, and the ratings ${ratings.nUsers} and ${ratings.nItems}`,
    );
  if (events && kind === 'time') return eventTimeSplit(events, { testRatio });
  if (events && kind === 'leave-last-out') return eventLeaveLastOut(events, { n: 1, seed });
  switch (kind) {
    case 'user-stratified':
      return stratifiedSplit(ratings, { testRatio, seed });
    case 'random':
      return randomSplit(ratings, { testRatio, seed });
    case 'leave-last-out':
      return leaveLastOut(ratings, { n: 1, seed });
    case 'time':
      return timeSplit(ratings, { testRatio });
    default:
      throw new Error(`unknown split "${String(kind)}": use one of ${SPLITS.join(', ')}`);
  }
}

/** Fits and evaluates each model in turn on the same split; one result per model, in the given order. */
export async function evaluateRecommenders(
  ratings: InteractionMatrix,
  options: EvaluateRecsOptions,
): Promise<ModelEvaluation[]> {
  const plugins = options.models.map((name) => recommenderPlugin(name)); // unknown names fail before any fit
  if (options.rated === false) {
    const rating = options.models.filter((_, m) => isRatingModel(plugins[m]!.name));
    if (rating.length > 0)
      throw new Error(
        `${rating.map((name) => `"${name}"`).join(', ')} fit${rating.length === 1 ? 's' : ''} ratings, and these data have none (no rating column): every value would be 1 and its rating errors 0`,
      );
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  const log = options.onProgress ?? (() => {});
  const { train, test, exclude, droppedOwned } = splitRatings(
    ratings,
    options.split,
    options.testRatio ?? 0.25,
    seed,
    options.events,
  );
  const { warm, cold } = warmTestUsers(train, test);
  if (warm.length === 0)
    throw new Error(
      `no test user of the ${options.split} split has a training entry (${cold} have test entries only): nothing to rank for`,
    );
  if (cold > 0) log(`${cold} test users have no training entry: left out of the ranking metrics`);
  const groups = groupsOf(options, ratings, train, warm);
  const popularity = itemCounts(train);
  const implicitTrain = options.weighted ? train : withConstantValues(train, 1);
  const out: ModelEvaluation[] = [];
  for (let m = 0; m < plugins.length; m++) {
    const name = options.models[m]!;
    const plugin = plugins[m]!;
    const rating = isRatingModel(plugin.name);
    log(`fitting ${name} (${m + 1}/${plugins.length})`);
    const start = performance.now();
    const model = await fitRecommender(plugin, rating ? train : implicitTrain, options.params?.[name] ?? {}, {
      ...fitContext({ seed }),
      ...(options.catalog && !isBuiltInRecommender(plugin) ? { catalog: options.catalog } : {}),
    });
    const fitSeconds = (performance.now() - start) / 1000;
    // A contributed model's scores, as training checks them (built-ins are checked by their tests).
    if (!isBuiltInRecommender(plugin)) checkScores(plugin, model, train);
    log(`evaluating ${name}`);
    const run = rankingRun(model, train, test, { k, users: warm, ...(exclude ? { exclude } : {}) });
    const result: ModelEvaluation = {
      model: name,
      plugin: plugin.name,
      fitSeconds,
      ...run.result(),
      coldUsers: cold,
      ...(droppedOwned === undefined ? {} : { ownedTestPairs: droppedOwned }),
      beyondAccuracy: beyondAccuracy(run.lists(), popularity),
    };
    if (groups) result.groups = groupReport(groups, run.perUser(), options.minGroupSize);
    if (rating) {
      const errors = evaluateRatings(model as RatingPredictor, test);
      result.rmse = errors.rmse;
      result.mae = errors.mae;
    }
    out.push(result);
  }
  return out;
}

/**
 * The accuracy per group of one model's ranked users. Groups without a ranked user are left out (a
 * country whose customers are all in training only, an empty activity tercile): a row of 0 users says
 * nothing, and `ranges` keeps in step with the groups kept.
 */
function groupReport(
  groups: ShownGroups,
  values: UserRankingValues,
  minGroupSize: number | undefined,
): RecsGroupReport {
  const report = groupRankingMetrics(values, groups.group, groups.names, {
    ...(minGroupSize === undefined ? {} : { minGroupSize }),
    unjudged: groups.small < 0 ? [] : [groups.small],
  });
  const kept = report.groups.flatMap((g, j) => (g.users > 0 ? [j] : []));
  return {
    by: groups.by,
    ...(groups.ranges ? { ranges: kept.map((j) => groups.ranges![j]!) } : {}),
    ...report,
    groups: kept.map((j) => report.groups[j]!),
  };
}

/** The groups a report shows: for activity their ranges; `small` the bucket of small groups (-1: none). */
type ShownGroups = UserGroups & { ranges?: ([number, number] | null)[]; small: number };

/**
 * The groups `options.groupBy` asks for, checked against the ratings; null when it asks for none. Groups
 * given per user are counted over the evaluated (`warm`) users, those of fewer than MIN_NAMED_GROUP_SIZE
 * merged into one never compared, the rest sorted largest first (customer-groups.ts: mergeSmallGroups,
 * whose GroupingError names groupBy); the activity terciles are kept as they are, least active first.
 */
function groupsOf(
  options: EvaluateRecsOptions,
  ratings: InteractionMatrix,
  train: InteractionMatrix,
  warm: Int32Array,
): ShownGroups | null {
  const by = options.groupBy;
  if (by === undefined) return null;
  if (by === 'activity') {
    const a = activityTerciles(train, warm);
    return { by, group: a.group, names: a.names, ranges: a.ranges, small: -1 };
  }
  if (typeof by !== 'object' || by === null)
    throw new Error(`groupBy must be "activity" or groups per user, got ${JSON.stringify(by)}`);
  if (by.group.length !== ratings.nUsers)
    throw new Error(
      `groupBy "${by.by}" gives a group for ${by.group.length} users, and the ratings have ${ratings.nUsers}`,
    );
  const evaluated = new Int32Array(by.group.length).fill(-1);
  for (const u of warm) evaluated[u] = by.group[u]!;
  return {
    by: by.by,
    ...mergeSmallGroups(evaluated, by.names, groupingAttribute(by.by) ?? by.by, 'groupBy'),
  };
}
