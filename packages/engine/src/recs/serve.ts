/**
 * Serving: recommendations for a customer, items similar to an item, and items for a cart, under the
 * shop's rules (see rules.ts), with cold start, fold-in of fresh events, explanations and optional
 * diversity re-ranking.
 */
import type { Recommender } from '@storewise/core';
import type { EventType, Storage } from '@storewise/storage';
import { type Catalog, categoryKeyOf, inCategory, loadCatalog } from './catalog.js';
import { catalogScores, NEW_BY_ATTRIBUTES, NEW_IN_CATEGORY } from './catalog-scores.js';
import { servedScores } from './check-model.js';
import { explainerFor, scoreHistory } from './explain.js';
import { type CustomerHistory, readHistory } from './history.js';
import { similarityRow } from './item-similarity.js';
import { maskScores, type RecommendationRules } from './rules.js';
import { select } from './select-items.js';
import { loadRecommender } from './train.js';
import type { TrainedRecommender } from './trained-model.js';

/** A trained recommender with the catalog snapshot it serves from. */
export interface ServedRecommender {
  trained: TrainedRecommender;
  catalog: Catalog;
}

export interface ServeOptions extends RecommendationRules {
  /** Maximal-marginal-relevance re-ranking with this lambda in [0, 1] (1 = plain score order). */
  diversity?: number;
  /** Cold-start ranking: 'popular' (distinct customers, default) or 'trending' (time-decayed). */
  coldStart?: 'popular' | 'trending';
  /** Categories the visitor is looking at; cold-start items from them rank first. */
  contextCategories?: readonly (string | readonly string[])[];
}

export interface Because {
  sku: string;
  title: string | null;
  /** The customer's strongest event on it ('purchase', 'view', ...), or 'cart' / 'item'. */
  event: EventType | 'cart' | 'item';
  /** Its contribution to the score. */
  contribution: number;
}

export interface RecommendedItem {
  sku: string;
  title: string | null;
  score: number;
  /**
   * 'model' (scored by the model), 'interactions' (an item like the item or cart asked about by item-kNN's
   * cosine over the training interactions, as the model's item factors cannot tell items apart:
   * item-similarity.ts), 'new-in-category' or 'new-by-attributes' (an item newer than the model, reached
   * through its category or its attributes), 'popular'.
   */
  reason: 'model' | 'interactions' | 'new-in-category' | 'new-by-attributes' | 'popular';
  because: Because[];
}

export interface Recommendations {
  /** How the customer was scored: their trained row, their history folded in, or popularity. */
  strategy: 'model' | 'fold-in' | 'popular';
  items: RecommendedItem[];
}

/** Loads the stored recommender (active version) and a catalog snapshot. */
export async function openRecommender(
  storage: Storage,
  name = 'recs',
  version?: number,
): Promise<ServedRecommender> {
  return serveModel(storage, await loadRecommender(storage, name, version));
}

/** Serves a trained recommender with a fresh catalog snapshot (call again after stock changes). */
export async function serveModel(storage: Storage, trained: TrainedRecommender): Promise<ServedRecommender> {
  return { trained, catalog: await loadCatalog(storage, trained.model) };
}

/**
 * The k best items for a customer (by external id), under the rules; reads their history and record from the
 * store. A customer deleted since the model was trained gets what a stranger gets (the popular items).
 * Items the customer bought or rated are left out unless `excludeBought` is false (recommendFromHistory).
 */
export async function recommend(
  storage: Storage,
  served: ServedRecommender,
  customerId: string,
  k: number,
  options: ServeOptions = {},
): Promise<Recommendations> {
  checkK(k);
  const [history, customer] = await Promise.all([
    readHistory(storage, customerId, served.trained, served.catalog),
    storage.getCustomer(customerId),
  ]);
  // A customer with no record (deleted since the model was trained) is served as one the model does not
  // know, whatever row it keeps for the id.
  return recommendFromHistory(served, customer === null ? null : customerId, history, k, options);
}

/**
 * The k best items for a customer whose history is already read (`historyOf` their events, e.g. events a
 * server keeps in memory), under the rules. Neither reads the store nor changes `history`. A customer
 * who declined personalization (`history.personalized` false) gets what an anonymous visitor gets: the
 * popular items, even when the model has a row for them. Items the customer bought or rated
 * (`history.bought`) are left out unless `excludeBought` is false: what is served is what the offline
 * evaluation scores (each user's training items left out).
 */
export function recommendFromHistory(
  served: ServedRecommender,
  /** Null for a customer the model must not know (deleted since it was trained): served from history alone. */
  customerId: string | null,
  history: CustomerHistory,
  k: number,
  options: ServeOptions = {},
): Recommendations {
  checkK(k);
  options = customerRules(options, served);
  if (!history.personalized)
    return { strategy: 'popular', items: popularItems(served, k, options, history, []) };
  const { model, plugin } = served.trained;
  const u = model.userIds && customerId !== null ? model.userIds.indexOf(customerId) : -1;
  let strategy: Recommendations['strategy'];
  let modelScores: Float64Array;
  const scratch = new Float64Array(model.nItems);
  const of = `customer "${customerId}"`;
  const userScores = () => servedScores(plugin, model, 'scoreUser', of, () => model.scoreUser(u, scratch));
  if (u >= 0 && u < model.nUsers && history.freshEvents === 0) {
    strategy = 'model';
    modelScores = userScores();
  } else if (history.items.length > 0 && model.scoreItems) {
    strategy = 'fold-in';
    modelScores = servedScores(
      plugin,
      model,
      'scoreItems',
      `${of}'s history`,
      () => scoreHistory(model, history.items, history.weights, scratch)!,
    );
  } else if (u >= 0 && u < model.nUsers) {
    strategy = 'model';
    modelScores = userScores();
  } else {
    return { strategy: 'popular', items: popularItems(served, k, options, history, []) };
  }
  const because = explainWith(served, history.items, history.weights, (h) => history.strongest[h]!);
  return { strategy, items: rankModelScores(served, modelScores, k, options, history, [], because) };
}

/** The k items most like `sku`; an item the model has not seen gets the popular items of its category. */
export function similarItems(
  served: ServedRecommender,
  sku: string,
  k: number,
  options: ServeOptions = {},
): RecommendedItem[] {
  checkK(k);
  const { trained, catalog } = served;
  const c = catalog.bySku.get(sku);
  if (c === undefined) throw new Error(`item "${sku}" is not in the catalog`);
  const i = catalog.modelIndex[c]!;
  const row =
    i >= 0
      ? servedScores(trained.plugin, trained.model, 'similarity', `item "${sku}"`, () =>
          similarityRow(trained, i, new Float64Array(trained.model.nItems)),
        )
      : null;
  if (!row) {
    const category = catalog.categoryPath[c]!;
    const context = category.length > 0 ? { ...options, contextCategories: [category] } : options;
    return popularItems(served, k, context, null, [c]);
  }
  const because: BecauseFn = (items) =>
    items.map((item) =>
      item === i ? [] : [{ sku, title: catalog.titles[c]!, event: 'item', contribution: row[item]! }],
    );
  // Where the model relates fewer than k items, the item's category's popular items come next.
  const category = catalog.categoryPath[c]!;
  const fill = category.length > 0 ? { ...options, contextCategories: [category] } : options;
  return bySource(trained, rankModelScores(served, row, k, options, null, [c], because, fill));
}

/**
 * The k best items to add to a cart of SKUs (never the cart's own items). The cart alone scores them;
 * `history`, the cart owner's (readHistory), serves only the rules that need it (`excludeBought`,
 * `excludeSeen`): without it those rules have nothing to leave out. With it, the items the owner bought or
 * rated are left out unless `excludeBought` is false, as from their own list.
 */
export function forCart(
  served: ServedRecommender,
  skus: readonly string[],
  k: number,
  given: ServeOptions = {},
  history: CustomerHistory | null = null,
): RecommendedItem[] {
  checkK(k);
  const options = history === null ? given : customerRules(given, served);
  const { trained, catalog } = served;
  const cart: number[] = [];
  const inModel: number[] = [];
  const categories: string[][] = [];
  for (const sku of skus) {
    const c = catalog.bySku.get(sku);
    if (c === undefined) throw new Error(`cart item "${sku}" is not in the catalog`);
    cart.push(c);
    if (catalog.categoryPath[c]!.length > 0) categories.push(catalog.categoryPath[c]!);
    if (catalog.modelIndex[c]! >= 0) inModel.push(catalog.modelIndex[c]!);
  }
  // Item factors that cannot tell items apart score every cart in one order: item-kNN's cosine does not.
  const model = trained.itemSimilarity ?? trained.model;
  if (inModel.length === 0 || !model.scoreItems || model.name === 'popularity') {
    return popularItems(
      served,
      k,
      { ...options, contextCategories: options.contextCategories ?? categories },
      history,
      cart,
    );
  }
  const items = Int32Array.from(inModel);
  const weights = new Float64Array(items.length).fill(1);
  const scores = servedScores(
    trained.plugin,
    model,
    'scoreItems',
    'the cart',
    () => scoreHistory(model, items, weights, new Float64Array(model.nItems))!,
  );
  const because = explainWith(served, items, weights, () => 'cart', model);
  const fill = { ...options, contextCategories: options.contextCategories ?? categories };
  return bySource(trained, rankModelScores(served, scores, k, options, history, cart, because, fill));
}

/** Items scored by the interaction similarity (not the model) say so: reason 'interactions'. */
function bySource(trained: TrainedRecommender, items: RecommendedItem[]): RecommendedItem[] {
  if (trained.itemSimilarity === null) return items;
  return items.map((item) => (item.reason === 'model' ? { ...item, reason: 'interactions' } : item));
}

/** The explanations of ranked items, given as model item indices, in their order. */
type BecauseFn = (items: readonly number[]) => Because[][];

function explainWith(
  served: ServedRecommender,
  items: Int32Array,
  weights: Float64Array,
  eventOf: (h: number) => Because['event'],
  model: Recommender = served.trained.model,
): BecauseFn {
  const explain = explainerFor(model, items, weights);
  const ids = served.trained.model.itemIds;
  if (!explain || !ids) return (targets) => targets.map(() => []);
  const nh = items.length;
  // Items never recommended (postage, fees, manual adjustments: `recommendable: false`) are no reason to
  // show a shopper ("because you bought POSTAGE"), though they may weigh in the scores.
  const citable = Uint8Array.from(items, (i) => {
    const c = served.catalog.catalogIndex[i]!;
    return c < 0 || served.catalog.recommendable[c] ? 1 : 0;
  });
  return (targets) => {
    const contributions = explain(targets, new Float64Array(targets.length * nh));
    return targets.map((item, t) => {
      const row = contributions.subarray(t * nh, t * nh + nh);
      const order: number[] = [];
      for (let h = 0; h < nh; h++) if (row[h]! > 0 && items[h] !== item && citable[h]) order.push(h);
      order.sort((a, b) => row[b]! - row[a]!);
      return order.slice(0, 3).map((h) => {
        const c = served.catalog.catalogIndex[items[h]!]!;
        const title = c >= 0 ? served.catalog.titles[c]! : null;
        return { sku: ids.idAt(items[h]!), title, event: eventOf(h), contribution: row[h]! };
      });
    });
  };
}

/**
 * The k best items by the model's scores, under the rules. An item the model scores exactly 0 is one it
 * relates to nothing asked (no neighbour or co-occurrence in common: kNN and co-occurrence models score
 * most items so); it is not ranked as the model's. When fewer than k items have a score, the most popular
 * items under `fill` (the rules, with the context categories to favour) come after them, with reason
 * 'popular', score 0 and no explanation. Before, such items came in model order (the order the import
 * first met them), as the model's, and related items said they were related.
 */
function rankModelScores(
  served: ServedRecommender,
  modelScores: Float64Array,
  k: number,
  options: ServeOptions,
  history: CustomerHistory | null,
  exclude: readonly number[],
  because: BecauseFn,
  fill: ServeOptions = options,
): RecommendedItem[] {
  const { catalog } = served;
  const origin = new Uint8Array(catalog.size);
  const scores = catalogScores(modelScores, catalog, new Float64Array(catalog.size), origin);
  for (const c of exclude) scores[c] = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < catalog.size; c++)
    if (origin[c] === 0 && scores[c] === 0) scores[c] = Number.NEGATIVE_INFINITY;
  maskScores(scores, catalog, options, history);
  const top = select(served, scores, k, options.diversity);
  const explained: number[] = [];
  for (const c of top.items) if (origin[c] === 0) explained.push(catalog.modelIndex[c]!);
  const reasons = because(explained);
  let next = 0;
  const ranked: RecommendedItem[] = Array.from(top.items, (c, r) => {
    const from = origin[c]!;
    return {
      sku: catalog.skus[c]!,
      title: catalog.titles[c]!,
      score: top.scores[r]!,
      reason: reasonOf(from, 'model'),
      because: from === 0 ? reasons[next++]! : [],
    };
  });
  if (ranked.length < k) {
    const more = popularItems(served, k - ranked.length, fill, history, [...exclude, ...top.items]);
    for (const item of more) ranked.push({ ...item, score: 0 });
  }
  return ranked;
}

function popularItems(
  served: ServedRecommender,
  k: number,
  options: ServeOptions,
  history: CustomerHistory | null,
  exclude: readonly number[],
): RecommendedItem[] {
  const { trained, catalog } = served;
  const base = options.coldStart === 'trending' ? trained.trending : trained.popularity;
  const origin = new Uint8Array(catalog.size);
  const popularity = catalogScores(base, catalog, new Float64Array(catalog.size), origin);
  // The context's items rank first: ranked by their popularity lifted above every other item's, but the
  // score returned is the popularity itself (distinct customers, or the trending score), whatever the
  // context. Before, it was the lifted value (521 for an item of 260 customers).
  const scores = Float64Array.from(popularity);
  const context = options.contextCategories?.map(categoryKeyOf) ?? [];
  if (context.length > 0) {
    let max = 0;
    for (let c = 0; c < catalog.size; c++) if (scores[c]! > max) max = scores[c]!;
    for (let c = 0; c < catalog.size; c++) {
      if (context.some((key) => inCategory(catalog, c, key))) scores[c]! += max + 1;
    }
  }
  for (const c of exclude) scores[c] = Number.NEGATIVE_INFINITY;
  maskScores(scores, catalog, options, history);
  const top = select(served, scores, k, options.diversity);
  return Array.from(top.items, (c) => ({
    sku: catalog.skus[c]!,
    title: catalog.titles[c]!,
    score: popularity[c]!,
    // An item newer than the model has no popularity of its own: its score is its category's (or its
    // attributes' neighbours'), and it says so.
    reason: reasonOf(origin[c]!, 'popular'),
    because: [],
  }));
}

/** The reason of an item scored by `catalogScores`: `scored` for an item the model knows. */
function reasonOf(origin: number, scored: 'model' | 'popular'): RecommendedItem['reason'] {
  return origin === NEW_IN_CATEGORY
    ? 'new-in-category'
    : origin === NEW_BY_ATTRIBUTES
      ? 'new-by-attributes'
      : scored;
}

/**
 * A customer's rules: `excludeBought` unless the caller set it (to false, for items bought again) or the
 * model recommends what customers have (a plugin's `repeatsOwned`: buy again).
 */
function customerRules(options: ServeOptions, served: ServedRecommender): ServeOptions {
  if (options.excludeBought !== undefined || served.trained.plugin.repeatsOwned === true) return options;
  return { ...options, excludeBought: true };
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
}
