import {
  categoryKeyOf,
  pathInCategory,
  priceRuleProblems,
  type ServedRecommender,
  type ServeOptions,
  unknownCategories,
  unknownSkus,
} from '@storewise/engine';
import type { Storage } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import { checkId, checkListLength } from '../schema/inputs/check-inputs.js';
import type { RecommendationRulesInput } from '../schema/inputs/recommendation-inputs.js';

const MAX_RULE_LIST = 100;

function refuse(field: string, reason: string): never {
  throw new GraphQLError(`${field} ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/**
 * The engine's serve options from the rules argument, checked (lists of at most 100, diversity in [0, 1]).
 * An empty `allow` or `includeCategories` is refused: the engine reads it as "only none of these", which
 * leaves nothing to recommend, while a client that sends one most likely means no rule (leave it out).
 */
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
    if (list.length === 0 && (key === 'allow' || key === 'includeCategories'))
      refuse(
        `rules.${key}`,
        `is empty, which would leave no item to recommend: leave ${key} out (or null) for no such rule`,
      );
    list.forEach((v, i) => {
      if (v.trim() === '') refuse(`rules.${key}[${i}]`, 'must not be blank');
      if (key === 'includeCategories' || key === 'excludeCategories') checkCategory(`rules.${key}[${i}]`, v);
    });
    options[key] = list;
  }
  if (rules.minPrice != null) options.minPrice = rules.minPrice;
  if (rules.maxPrice != null) options.maxPrice = rules.maxPrice;
  const [priceProblem] = priceRuleProblems(options);
  if (priceProblem !== undefined)
    throw new GraphQLError(priceProblem.message, {
      extensions: { code: 'BAD_USER_INPUT', field: `rules.${priceProblem.field}` },
    });
  if (rules.diversity != null) {
    if (!(rules.diversity >= 0 && rules.diversity <= 1)) refuse('rules.diversity', 'must be between 0 and 1');
    options.diversity = rules.diversity;
  }
  return options;
}

/**
 * Refuses the names in the rules that match nothing, all at once: one problem per entry in
 * `extensions.problems`, as createSegment lists its problems.
 *
 * - `allow` and `deny` SKUs the store does not know (a typo would otherwise be dropped without a word: an
 *   allow list would allow less, a deny list deny nothing). A SKU stored since the served catalog
 *   snapshot was taken is accepted (it is known; it cannot be recommended before the next snapshot), and
 *   `onNewer` is told of it, as for the cart.
 * - `includeCategories` and `excludeCategories` paths no item is under, matched as the rules match them
 *   (whole levels from the root: `Home` covers `Home > Kitchen`, not `Homeware`): an include list of such
 *   a path would answer an empty list, an exclude list exclude nothing, without a word. A path the
 *   snapshot has no item under is looked for among the stored items (one added since the snapshot was
 *   taken), and accepted, with `onNewer` told, when one is under it.
 */
export async function checkRuleReferences(
  served: ServedRecommender,
  options: ServeOptions,
  stored: Pick<Storage, 'getItems' | 'scanItems' | 'catalogVersion'>,
  onNewer: () => void,
): Promise<void> {
  const problems = [
    ...(await unknownRuleSkus(served, options, stored, onNewer)),
    ...(await unknownRuleCategories(served, options, stored, onNewer)),
  ];
  if (problems.length === 0) return;
  const lists = [...new Set(problems.map((p) => p.field.slice(0, p.field.indexOf('['))))].join(' and ');
  const skus = problems.filter((p) => p.kind === 'sku').length;
  const what =
    skus === problems.length
      ? 'SKUs the store does not know'
      : skus === 0
        ? 'categories no item is under'
        : 'names that match no item';
  throw new GraphQLError(
    problems.length === 1
      ? problems[0]!.message
      : `${problems.length} ${what} in ${lists}: ${problems.map((p) => p.message).join('; ')}`,
    {
      extensions: {
        code: 'BAD_USER_INPUT',
        field: problems[0]!.field,
        problems: problems.map(({ field, message }) => ({ field, message })),
      },
    },
  );
}

interface RuleProblem {
  kind: 'sku' | 'category';
  field: string;
  message: string;
}

async function unknownRuleSkus(
  served: ServedRecommender,
  options: ServeOptions,
  stored: Pick<Storage, 'getItems'>,
  onNewer: () => void,
): Promise<RuleProblem[]> {
  const missing = unknownSkus(served.catalog, [...(options.allow ?? []), ...(options.deny ?? [])]);
  if (missing.length === 0) return [];
  const items = await stored.getItems(missing);
  const unknown = new Set(missing.filter((_, i) => items[i] === null));
  if (unknown.size < missing.length) onNewer();
  return (['allow', 'deny'] as const).flatMap((key) =>
    (options[key] ?? []).flatMap((sku, i) =>
      unknown.has(sku)
        ? [
            {
              kind: 'sku' as const,
              field: `rules.${key}[${i}]`,
              message: `rules.${key}[${i}] names an unknown item "${sku}"`,
            },
          ]
        : [],
    ),
  );
}

async function unknownRuleCategories(
  served: ServedRecommender,
  options: ServeOptions,
  stored: Pick<Storage, 'scanItems' | 'catalogVersion'>,
  onNewer: () => void,
): Promise<RuleProblem[]> {
  const paths = [...(options.includeCategories ?? []), ...(options.excludeCategories ?? [])];
  const missing = new Set(unknownCategories(served.catalog, paths).map(categoryKeyOf));
  if (missing.size === 0) return [];
  const found = await storedCategories(stored, missing);
  if (found.size > 0) onNewer();
  return (['includeCategories', 'excludeCategories'] as const).flatMap((key) =>
    (options[key] ?? []).flatMap((path, i) => {
      const k = categoryKeyOf(path);
      return missing.has(k) && !found.has(k)
        ? [
            {
              kind: 'category' as const,
              field: `rules.${key}[${i}]`,
              message: `rules.${key}[${i}] names a category no item is under: "${String(path)}"`,
            },
          ]
        : [];
    }),
  );
}

/**
 * Category keys a scan found no stored item under, by store, with the catalog version they hold for
 * (Storage.catalogVersion): a client that sends the same unknown category again (a typo in a storefront's
 * code, on every page) is refused without another scan of the catalog until an item changes. At most
 * MAX_ABSENT_KEYS a store. A store without catalogVersion is scanned each time.
 */
const absentCategories = new WeakMap<object, { version: string; keys: Set<string> }>();
const MAX_ABSENT_KEYS = 1_000;

/**
 * Those of the category keys `wanted` that a stored item is under (whole levels), scanning the catalog,
 * except for keys a scan found absent at the store's current catalog version (absentCategories).
 */
async function storedCategories(
  stored: Pick<Storage, 'scanItems' | 'catalogVersion'>,
  wanted: ReadonlySet<string>,
): Promise<Set<string>> {
  const version = stored.catalogVersion ? await stored.catalogVersion() : null;
  let absent = version === null ? undefined : absentCategories.get(stored);
  if (version !== null && absent?.version !== version) {
    absent = { version, keys: new Set() };
    absentCategories.set(stored, absent);
  }
  const found = new Set<string>();
  const unseen = [...wanted].filter((w) => !absent?.keys.has(w));
  if (unseen.length === 0) return found;
  for await (const batch of stored.scanItems()) {
    for (const item of batch) {
      for (const w of unseen) if (pathInCategory(item.categoryPath, w)) found.add(w);
    }
    if (found.size === unseen.length) break;
  }
  if (absent !== undefined) {
    if (absent.keys.size + unseen.length > MAX_ABSENT_KEYS) absent.keys.clear();
    for (const w of unseen) if (!found.has(w)) absent.keys.add(w);
  }
  return found;
}

/** Refuses a category path that names no level: blank, or separators alone. */
function checkCategory(field: string, path: string): void {
  if (path.trim() === '') refuse(field, 'must not be blank');
  try {
    categoryKeyOf(path);
  } catch {
    refuse(field, `names no category: "${path}" holds only separators (> or /)`);
  }
}

/** The context's categories as the engine's `contextCategories`, each checked (at most 100). */
export function contextCategories(categories: readonly string[] | null | undefined): ServeOptions {
  if (categories === null || categories === undefined || categories.length === 0) return {};
  checkListLength('context.categories', categories.length, MAX_RULE_LIST);
  categories.forEach((path, i) => {
    checkCategory(`context.categories[${i}]`, path);
  });
  return { contextCategories: categories };
}

/** A cart split by what the served catalog snapshot and the store know (cartInSnapshot). */
export interface CartSkus {
  /** The SKUs the snapshot holds, in cart order: what scores the items. */
  scored: string[];
  /**
   * The SKUs the store does not know (a product not yet synced, a gift card, a custom line), once each in
   * cart order: left out of the scoring and reported as `ignoredCartItems`.
   */
  ignored: string[];
}

/**
 * The cart's SKUs that the served catalog snapshot holds, and those the store does not know, after
 * refusing, by its entry, a SKU no item could have (blank, or longer than an id may be). A SKU stored since
 * the snapshot was taken (a product added a moment ago) is in neither list, and `stored` is told of it
 * (the next snapshot will hold it).
 */
export async function cartInSnapshot(
  served: ServedRecommender,
  skus: readonly string[],
  stored: { getItems(skus: string[]): Promise<readonly (object | null)[]> },
  onNewer: () => void,
): Promise<CartSkus> {
  checkListLength('context.cartItemIds', skus.length, MAX_RULE_LIST);
  skus.forEach((sku, i) => {
    checkId(`context.cartItemIds[${i}]`, sku);
  });
  const scored = skus.filter((sku) => served.catalog.bySku.has(sku));
  const missing = [...new Set(skus.filter((sku) => !served.catalog.bySku.has(sku)))];
  if (missing.length === 0) return { scored, ignored: [] };
  const items = await stored.getItems(missing);
  const ignored = missing.filter((_, i) => items[i] === null);
  if (ignored.length < missing.length) onNewer();
  return { scored, ignored };
}

export function modelNotTrained(): GraphQLError {
  return new GraphQLError(
    'no recommender has been trained yet: train one with the train mutation (an admin key), or with storewise train recs on a PostgreSQL database (the embedded one is held by the gateway while it runs)',
    { extensions: { code: 'MODEL_NOT_TRAINED' } },
  );
}
