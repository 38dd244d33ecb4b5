import type { ServedRecommender, ServeOptions } from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';
import { checkIdLength, checkListLength } from '../schema/inputs/check-inputs.js';
import type { RecommendationRulesInput } from '../schema/inputs/recommendation-inputs.js';

const MAX_RULE_LIST = 100;

function refuse(field: string, reason: string): never {
  throw new GraphQLError(`${field} ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** The engine's serve options from the rules argument, checked (lists of at most 100, diversity in [0, 1]). */
export function serveOptions(rules: RecommendationRulesInput | null | undefined): ServeOptions {
  if (rules === null || rules === undefined) return {};
  const options: ServeOptions = {};
  if (rules.excludeBought != null) options.excludeBought = rules.excludeBought;
  if (rules.excludeSeen != null) options.excludeSeen = rules.excludeSeen;
  if (rules.inStockOnly != null) options.inStockOnly = rules.inStockOnly;
  for (const key of ['includeCategories', 'excludeCategories', 'allow', 'deny'] as const) {
    const list = rules[key];
    if (list === null || list === undefined) continue;
    checkListLength(`rules.${key}`, list.length, MAX_RULE_LIST);
    list.forEach((v, i) => {
      if (v.trim() === '') refuse(`rules.${key}[${i}]`, 'must not be blank');
    });
    options[key] = list;
  }
  if (rules.diversity != null) {
    if (!(rules.diversity >= 0 && rules.diversity <= 1)) refuse('rules.diversity', 'must be between 0 and 1');
    options.diversity = rules.diversity;
  }
  return options;
}

/** Refuses cart SKUs the served catalog does not know, naming the entry. */
export function checkCart(served: ServedRecommender, skus: readonly string[]): void {
  checkListLength('context.cartItemIds', skus.length, MAX_RULE_LIST);
  skus.forEach((sku, i) => {
    checkIdLength(`context.cartItemIds[${i}]`, sku);
    if (!served.catalog.bySku.has(sku)) refuse(`context.cartItemIds[${i}]`, `names an unknown item "${sku}"`);
  });
}

export function modelNotTrained(): GraphQLError {
  return new GraphQLError(
    'no recommender has been trained yet: train one (storewise train recs, or restart pnpm start on the demo)',
    { extensions: { code: 'MODEL_NOT_TRAINED' } },
  );
}
