/**
 * Offline evaluation over the full ranking: for each user with test entries, every item except the
 * user's training items (or the `exclude` items given) is ranked and the top k is compared with the
 * user's test items.
 *
 * Definitions follow Microsoft Recommenders' python_evaluation (binary relevance, averaged over users
 * with at least one test item):
 * - precision@k = hits / k (also when fewer than k items could be recommended);
 * - recall@k = hits / |relevant|;
 * - NDCG@k = sum over hits of 1/log(1 + rank), over the ideal sum for min(|relevant|, k) hits;
 * - MAP@k is their `map_at_k`: the sum over hits of (hits so far / rank), divided by
 *   min(|relevant|, k). `mapFull` is their `map` (the same sum divided by |relevant|), the definition
 *   behind the MAP column of their published benchmark table;
 * - MRR@k = 1 / rank of the first hit (0 without one); hit rate@k = share of users with a hit;
 * - coverage = distinct recommended items / catalog size; mean popularity = the mean, over every
 *   recommended item, of its number of users in the training matrix. Both are computed from the kept
 *   lists' exposure (beyond-accuracy.ts, which has the other measures of the lists).
 */
import { catalogCoverage, exposureCounts, type RecommendationLists } from './beyond-accuracy.js';
import { type InteractionMatrix, itemCounts, userItems } from './interactions.js';
import type { RatingPredictor, Recommender } from './model.js';

export interface RankingMetrics {
  k: number;
  /** Users evaluated (those with at least one test item). */
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
}

/**
 * Each evaluated user's metric values, in the order they were added (parallel typed arrays): what
 * per-group accuracy averages (see groupRankingMetrics). `hit` is 1 with a hit in the top k, else 0.
 */
export interface UserRankingValues {
  /** The user index given to `add` (-1 where none was given). */
  users: Int32Array;
  precision: Float64Array;
  recall: Float64Array;
  ndcg: Float64Array;
  map: Float64Array;
  mapFull: Float64Array;
  mrr: Float64Array;
  hit: Float64Array;
}

/**
 * Accumulates ranking metrics one user at a time, and keeps each evaluated user's top k (`lists()`, for
 * the beyond-accuracy measures) and metric values (`perUser()`).
 */
export class RankingAccumulator {
  readonly #values = {
    users: [] as number[],
    precision: [] as number[],
    recall: [] as number[],
    ndcg: [] as number[],
    map: [] as number[],
    mapFull: [] as number[],
    mrr: [] as number[],
    hit: [] as number[],
  };
  readonly #listItems: number[] = [];
  readonly #listOffsets: number[] = [0];
  readonly #mask: Uint8Array;

  constructor(
    readonly k: number,
    readonly nItems: number,
    readonly popularity: Float64Array | null = null,
  ) {
    this.#mask = new Uint8Array(nItems);
  }

  /**
   * Adds one user: `recommended` best first (only the first k count), `relevant` the test items, `user`
   * the user's index (kept in perUser()). A user without test items is not evaluated.
   */
  add(recommended: ArrayLike<number>, relevant: ArrayLike<number>, user = -1): void {
    const nRel = relevant.length;
    if (nRel === 0) return;
    for (let r = 0; r < nRel; r++) this.#mask[relevant[r]!] = 1;
    const k = this.k;
    const len = Math.min(k, recommended.length);
    let hits = 0;
    let dcg = 0;
    let ap = 0;
    let rr = 0;
    for (let r = 0; r < len; r++) {
      const item = recommended[r]!;
      this.#listItems.push(item);
      if (this.#mask[item]) {
        hits++;
        const rank = r + 1;
        dcg += 1 / Math.log(1 + rank);
        ap += hits / rank;
        if (rr === 0) rr = 1 / rank;
      }
    }
    this.#listOffsets.push(this.#listItems.length);
    let idcg = 0;
    const ideal = Math.min(nRel, k);
    for (let r = 1; r <= ideal; r++) idcg += 1 / Math.log(1 + r);
    for (let r = 0; r < nRel; r++) this.#mask[relevant[r]!] = 0;

    const v = this.#values;
    v.users.push(user);
    v.precision.push(hits / k);
    v.recall.push(hits / nRel);
    v.ndcg.push(dcg / idcg);
    v.map.push(ap / ideal);
    v.mapFull.push(ap / nRel);
    v.mrr.push(rr);
    v.hit.push(hits > 0 ? 1 : 0);
  }

  /** The top k of each evaluated user, in the order added. */
  lists(): RecommendationLists {
    return { offsets: Int32Array.from(this.#listOffsets), items: Int32Array.from(this.#listItems) };
  }

  /** Each evaluated user's metric values, in the order added. */
  perUser(): UserRankingValues {
    const v = this.#values;
    return {
      users: Int32Array.from(v.users),
      precision: Float64Array.from(v.precision),
      recall: Float64Array.from(v.recall),
      ndcg: Float64Array.from(v.ndcg),
      map: Float64Array.from(v.map),
      mapFull: Float64Array.from(v.mapFull),
      mrr: Float64Array.from(v.mrr),
      hit: Float64Array.from(v.hit),
    };
  }

  result(): RankingMetrics {
    const v = this.#values;
    const n = v.users.length || 1;
    const mean = (values: number[]) => values.reduce((s, x) => s + x, 0) / n;
    const exposure = exposureCounts(this.lists(), this.nItems);
    const slots = this.#listItems.length;
    let popularitySum = 0;
    if (this.popularity)
      for (let i = 0; i < this.nItems; i++) popularitySum += exposure[i]! * this.popularity[i]!;
    return {
      k: this.k,
      users: v.users.length,
      precision: mean(v.precision),
      recall: mean(v.recall),
      ndcg: mean(v.ndcg),
      map: mean(v.map),
      mapFull: mean(v.mapFull),
      mrr: mean(v.mrr),
      hitRate: mean(v.hit),
      coverage: catalogCoverage(exposure),
      meanPopularity: slots > 0 ? popularitySum / slots : 0,
    };
  }
}

export interface EvaluateOptions {
  k?: number;
  /** Leave the user's training items out of the ranking (default true). */
  excludeTrain?: boolean;
  /**
   * The items to leave out of each user's ranking instead of the training items (with `excludeTrain`):
   * an event split's owned items (event-split.ts), which served lists leave out.
   */
  exclude?: InteractionMatrix;
  /** Evaluate only these users (default: every user with a test item). */
  users?: ArrayLike<number>;
}

/** Ranks the full catalog for each test user with `model` and scores the top k (see the module comment). */
export function evaluateRanking(
  model: Recommender,
  train: InteractionMatrix,
  test: InteractionMatrix,
  options: EvaluateOptions = {},
): RankingMetrics {
  return rankingRun(model, train, test, options).result();
}

/**
 * The run behind evaluateRanking, for what more than its averages needs: the accumulator holds each
 * evaluated user's top k (`lists()`) and metric values with the user's index (`perUser()`). Popularity
 * (meanPopularity) is each item's number of users in `train`.
 */
export function rankingRun(
  model: Recommender,
  train: InteractionMatrix,
  test: InteractionMatrix,
  options: EvaluateOptions = {},
): RankingAccumulator {
  const k = options.k ?? 10;
  const acc = new RankingAccumulator(k, test.nItems, itemCounts(train));
  const excludeTrain = options.excludeTrain ?? true;
  const left = options.exclude ?? train;
  const one = (u: number) => {
    const relevant = userItems(test, u);
    if (relevant.length === 0) return;
    const rec = model.recommend(u, k, excludeTrain && u < left.nUsers ? userItems(left, u) : null);
    acc.add(rec.items, relevant, u);
  };
  if (options.users) for (let j = 0; j < options.users.length; j++) one(options.users[j]!);
  else for (let u = 0; u < test.nUsers; u++) one(u);
  return acc;
}

export interface RatingMetrics {
  rmse: number;
  mae: number;
  n: number;
}

/** RMSE and MAE of predicted against true values. */
export function ratingErrors(predicted: ArrayLike<number>, actual: ArrayLike<number>): RatingMetrics {
  if (predicted.length !== actual.length) throw new Error('predicted and actual differ in length');
  const n = actual.length;
  let se = 0;
  let ae = 0;
  for (let j = 0; j < n; j++) {
    const d = predicted[j]! - actual[j]!;
    se += d * d;
    ae += Math.abs(d);
  }
  return { rmse: n ? Math.sqrt(se / n) : 0, mae: n ? ae / n : 0, n };
}

/** RMSE and MAE of a rating model on every stored entry of `test` (its values are the true ratings). */
export function evaluateRatings(model: RatingPredictor, test: InteractionMatrix): RatingMetrics {
  const n = test.indptr[test.nUsers]!;
  const predicted = new Float64Array(n);
  for (let u = 0; u < test.nUsers; u++) {
    for (let p = test.indptr[u]!; p < test.indptr[u + 1]!; p++)
      predicted[p] = model.predict(u, test.indices[p]!);
  }
  return ratingErrors(predicted, test.values);
}
