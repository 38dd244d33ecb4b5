/**
 * Business rules applied at request time by masking catalog scores (setting them to -Infinity) before the
 * top-k selection, so a rule can never be broken by a short candidate list.
 */
import type { Catalog } from './catalog.js';
import { categoryKeyOf, inCategory } from './catalog.js';
import type { CustomerHistory } from './history.js';

export interface RecommendationRules {
  /** Leave out items the customer bought. */
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
  if (rules.deny) {
    for (const sku of rules.deny) {
      const c = catalog.bySku.get(sku);
      if (c !== undefined) scores[c] = NEG;
    }
  }
  return scores;
}
