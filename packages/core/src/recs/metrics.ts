/**
 * Offline evaluation over the full ranking: for each user with test entries, every item except the
 * user's training items is ranked and the top k is compared with the user's test items.
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
 *   recommended item, of its number of users in the training matrix.
 */
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

/** Accumulates ranking metrics one user at a time. */
export class RankingAccumulator {
  #users = 0;
  #precision = 0;
  #recall = 0;
  #ndcg = 0;
  #map = 0;
  #mapFull = 0;
  #mrr = 0;
  #hits = 0;
  #popularitySum = 0;
  #recommended = 0;
  readonly #seen: Uint8Array;
  #distinct = 0;
  readonly #mask: Uint8Array;

  constructor(
    readonly k: number,
    readonly nItems: number,
    readonly popularity: Float64Array | null = null,
  ) {
    this.#seen = new Uint8Array(nItems);
    this.#mask = new Uint8Array(nItems);
  }

  /** Adds one user: `recommended` best first (only the first k count), `relevant` the test items. */
  add(recommended: ArrayLike<number>, relevant: ArrayLike<number>): void {
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
      if (!this.#seen[item]) {
        this.#seen[item] = 1;
        this.#distinct++;
      }
      if (this.popularity) this.#popularitySum += this.popularity[item]!;
      if (this.#mask[item]) {
        hits++;
        const rank = r + 1;
        dcg += 1 / Math.log(1 + rank);
        ap += hits / rank;
        if (rr === 0) rr = 1 / rank;
      }
    }
    this.#recommended += len;
    let idcg = 0;
    const ideal = Math.min(nRel, k);
    for (let r = 1; r <= ideal; r++) idcg += 1 / Math.log(1 + r);
    for (let r = 0; r < nRel; r++) this.#mask[relevant[r]!] = 0;

    this.#users++;
    this.#precision += hits / k;
    this.#recall += hits / nRel;
    this.#ndcg += dcg / idcg;
    this.#map += ap / ideal;
    this.#mapFull += ap / nRel;
    this.#mrr += rr;
    this.#hits += hits > 0 ? 1 : 0;
  }

  result(): RankingMetrics {
    const n = this.#users || 1;
    return {
      k: this.k,
      users: this.#users,
      precision: this.#precision / n,
      recall: this.#recall / n,
      ndcg: this.#ndcg / n,
      map: this.#map / n,
      mapFull: this.#mapFull / n,
      mrr: this.#mrr / n,
      hitRate: this.#hits / n,
      coverage: this.#distinct / this.nItems,
      meanPopularity: this.#recommended > 0 ? this.#popularitySum / this.#recommended : 0,
    };
  }
}

export interface EvaluateOptions {
  k?: number;
  /** Leave the user's training items out of the ranking (default true). */
  excludeTrain?: boolean;
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
  const k = options.k ?? 10;
  const acc = new RankingAccumulator(k, test.nItems, itemCounts(train));
  const excludeTrain = options.excludeTrain ?? true;
  const one = (u: number) => {
    const relevant = userItems(test, u);
    if (relevant.length === 0) return;
    const rec = model.recommend(u, k, excludeTrain && u < train.nUsers ? userItems(train, u) : null);
    acc.add(rec.items, relevant);
  };
  if (options.users) for (let j = 0; j < options.users.length; j++) one(options.users[j]!);
  else for (let u = 0; u < test.nUsers; u++) one(u);
  return acc.result();
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
