/**
 * Business rules applied at request time by masking catalog scores (setting them to -Infinity) before the
 * top-k selection, so a rule can never be broken by a short candidate list.
 */
import type { Catalog } from './catalog.js';
import { categoryKeyOf, inCategory } from './catalog.js';
import type { CustomerHistory } from './history.js';

export interface RecommendationRules {
  /**
   * Leave out items the customer bought or rated (purchase and rating events: a rating says they have the
   * item; items only viewed or carted stay). A customer's recommendations (`recommend`,
   * `recommendFromHistory`) leave them out unless this is `false` (a shop of consumables, bought again),
   * as the offline evaluation leaves out each user's training items: what is served is what is evaluated.
   * A cart's (`forCart`) leave them out only when it is `true`; related items have no customer.
   */
  excludeBought?: boolean;
  /** Leave out items the customer had any event with (viewed, carted, bought, ...). */
  excludeSeen?: boolean;
  /** Only items with stock > 0 or untracked stock. */
  inStockOnly?: boolean;
  /** Only items under one of these category paths ('Home/Kitchen' or ['Home', 'Kitchen']). */
  includeCategories?: readonly (string | readonly string[])[];
  /** Never items under these category paths. */
  excludeCategories?: readonly (string | readonly string[])[];
  /** Only these SKUs (an allow list). */
  allow?: readonly string[];
  /** Never these SKUs. */
  deny?: readonly string[];
  /**
   * Only items whose list price is at least this / at most this (inclusive; the catalog's prices as stored,
   * in their own currency, no conversion). An item without a price is left out when either is given.
   */
  minPrice?: number;
  maxPrice?: number;
}

/**
 * The problems of a rule's price bounds (none: they are fine): the field at fault, and a message that names
 * the fields as `name` spells them (the gateway's `rules.minPrice`, the CLI's `--min-price`).
 */
export function priceRuleProblems(
  rules: Pick<RecommendationRules, 'minPrice' | 'maxPrice'>,
  name: (field: 'minPrice' | 'maxPrice') => string = (field) => `rules.${field}`,
): { field: 'minPrice' | 'maxPrice'; message: string }[] {
  const problems: { field: 'minPrice' | 'maxPrice'; message: string }[] = [];
  for (const field of ['minPrice', 'maxPrice'] as const) {
    const v = rules[field];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0))
      problems.push({ field, message: `${name(field)} must be a finite number >= 0, got ${v}` });
  }
  const { minPrice, maxPrice } = rules;
  if (problems.length === 0 && minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
    problems.push({
      field: 'minPrice',
      message: `${name('minPrice')} ${minPrice} is above ${name('maxPrice')} ${maxPrice}: no price is in between`,
    });
  return problems;
}

const NEG = Number.NEGATIVE_INFINITY;

/** Sets the score of every item a rule excludes to -Infinity (scores are indexed by catalog position). */
export function maskScores(
  scores: Float64Array,
  catalog: Catalog,
  rules: RecommendationRules,
  history: CustomerHistory | null,
): Float64Array {
  if (scores.length !== catalog.size) throw new Error('scores must have one entry per catalog item');
  const n = catalog.size;
  // Not a rule to opt into: items marked `recommendable: false` (fees, postage) are never recommended.
  for (let c = 0; c < n; c++) if (!catalog.recommendable[c]) scores[c] = NEG;
  if (history && rules.excludeBought) for (const c of history.bought) scores[c] = NEG;
  if (history && rules.excludeSeen) for (const c of history.seen) scores[c] = NEG;
  if (rules.inStockOnly) for (let c = 0; c < n; c++) if (!catalog.inStock[c]) scores[c] = NEG;
  if (rules.includeCategories && rules.includeCategories.length > 0) {
    const keys = rules.includeCategories.map(categoryKeyOf);
    for (let c = 0; c < n; c++) if (!keys.some((k) => inCategory(catalog, c, k))) scores[c] = NEG;
  }
  if (rules.excludeCategories && rules.excludeCategories.length > 0) {
    const keys = rules.excludeCategories.map(categoryKeyOf);
    for (let c = 0; c < n; c++) if (keys.some((k) => inCategory(catalog, c, k))) scores[c] = NEG;
  }
  if (rules.allow) {
    const keep = new Uint8Array(n);
    for (const sku of rules.allow) {
      const c = catalog.bySku.get(sku);
      if (c !== undefined) keep[c] = 1;
    }
    for (let c = 0; c < n; c++) if (!keep[c]) scores[c] = NEG;
  }
  if (rules.minPrice !== undefined || rules.maxPrice !== undefined) {
    const low = rules.minPrice ?? Number.NEGATIVE_INFINITY;
    const high = rules.maxPrice ?? Number.POSITIVE_INFINITY;
    // NaN (no price) fails both comparisons: left out.
    for (let c = 0; c < n; c++) {
      const price = catalog.prices[c]!;
      if (!(price >= low && price <= high)) scores[c] = NEG;
    }
  }
  if (rules.deny) {
    for (const sku of rules.deny) {
      const c = catalog.bySku.get(sku);
      if (c !== undefined) scores[c] = NEG;
    }
  }
  return scores;
}
