/**
 * `storewise recommend`: the trained recommender's items for a customer, like an item (`--item`), or to go
 * with a cart (`--cart`), through the engine functions the gateway serves (`recommend`, `similarItems`,
 * `forCart`), under the same rules.
 */
import {
  categoryKeyOf,
  forCart,
  historyOf,
  openRecommender,
  priceRuleProblems,
  type Recommendations,
  type RecommendedItem,
  readHistory,
  recommend,
  recommendFromHistory,
  type ServedRecommender,
  type ServeOptions,
  similarItems,
  unknownCategories,
  unknownSkus,
} from '@storewise/engine';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { count, displayText } from '../render.js';
import { collect } from './model-params.js';
import { DB_HELP } from './segment.js';

interface RecommendOptions {
  item?: string;
  cart?: string[];
  k: string;
  excludeBought?: boolean;
  includeBought?: boolean;
  excludeSeen?: boolean;
  inStock?: boolean;
  category?: string[];
  excludeCategory?: string[];
  allow?: string[];
  deny?: string[];
  minPrice?: string;
  maxPrice?: string;
  diversity?: string;
  name: string;
  db?: string;
  json?: boolean;
}

/** What a request asks for: a customer's list, an item's related items, or a cart's add-ons. */
type Ask =
  | { kind: 'customer'; customerId: string }
  | { kind: 'item'; sku: string }
  | { kind: 'cart'; skus: string[]; customerId: string | null };

export function registerRecommendCommand(program: Command, io: CliIo): void {
  program
    .command('recommend')
    .description(
      'recommend items with the trained recommender: for a customer, like an item (--item) or to go with a cart (--cart)',
    )
    .argument(
      '[customerId]',
      "the shop's customer id (with --cart: the cart owner, whose purchases and ratings are left out as from their own list)",
    )
    .option('--item <sku>', "items like this one (GraphQL's item(sku) { related })")
    .option(
      '--cart <sku>',
      "items that go with a cart of these items (repeatable; GraphQL's recommendations(context: { cartItemIds }))",
      collect,
    )
    .option('--k <k>', 'number of items', '10')
    .option(
      '--exclude-bought',
      "leave out items the customer bought or rated (the default for a customer's list, and for a cart given with its owner's id)",
    )
    .option(
      '--include-bought',
      'keep the items the customer bought or rated in their list (a shop whose customers buy the same items again); GraphQL: excludeBought: false',
    )
    .option('--exclude-seen', 'leave out items the customer had any event with')
    .option(
      '--in-stock',
      'only items in stock (or with untracked stock); the engine and GraphQL: inStockOnly',
    )
    .option(
      '--category <path>',
      'only items under this category path, e.g. "Home > Kitchen" as imports write it, or Home/Kitchen (repeatable; GraphQL: includeCategories)',
      collect,
    )
    .option(
      '--exclude-category <path>',
      'never items under this category path (repeatable; GraphQL: excludeCategories)',
      collect,
    )
    .option('--allow <sku>', 'only these items (repeatable)', collect)
    .option('--deny <sku>', 'never this item (repeatable)', collect)
    .option(
      '--min-price <price>',
      'only items whose list price is at least this (items without a price are left out)',
    )
    .option(
      '--max-price <price>',
      'only items whose list price is at most this (items without a price are left out)',
    )
    .option('--diversity <lambda>', 'maximal-marginal-relevance re-ranking, lambda in [0, 1]')
    .option('--name <name>', 'the stored model name', 'recs')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the recommendations as JSON')
    .action(async (customerId: string | undefined, opts: RecommendOptions) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1)
        throw new UserError(`--k must be a positive integer, got "${opts.k}"`);
      const ask = parseAsk(customerId, opts);
      const rules = parseRules(opts);
      await withDatabase(opts.db, io, async (storage) => {
        const served = await openRecommender(storage, opts.name).catch((error: Error) => {
          throw new UserError(error.message);
        });
        // A SKU the store does not know (a typo) would allow or deny nothing, or name no item: refused.
        // A cart's is not (below): a line the store does not know is routine in a shop's cart.
        for (const [flag, skus] of [
          ['--item', ask.kind === 'item' ? [ask.sku] : []],
          ['--allow', opts.allow ?? []],
          ['--deny', opts.deny ?? []],
        ] as const) {
          const unknown = unknownSkus(served.catalog, skus);
          if (unknown.length > 0)
            throw new UserError(
              `${flag} names ${unknown.length === 1 ? 'an item' : `${unknown.length} items`} the store does not know: ${unknown.map((sku) => `"${sku}"`).join(', ')}`,
            );
        }
        // A category no item is under leaves nothing (or everything) to recommend, without a word.
        for (const path of unknownCategories(served.catalog, [
          ...(opts.category ?? []),
          ...(opts.excludeCategory ?? []),
        ]))
          io.stderr.write(`storewise: warning: no item is in the category "${path}"\n`);
        if (ask.kind === 'customer') {
          const result = await recommend(storage, served, ask.customerId, k, rules);
          io.stdout.write(
            opts.json
              ? `${JSON.stringify({ customerId: ask.customerId, ...result })}\n`
              : renderList(`for ${displayText(ask.customerId)} (${result.strategy})`, result.items),
          );
        } else if (ask.kind === 'item') {
          const items = similarItems(served, ask.sku, k, rules);
          io.stdout.write(
            opts.json
              ? `${JSON.stringify({ item: ask.sku, items })}\n`
              : renderList(`like ${titled(served, ask.sku)}`, items),
          );
        } else {
          // The cart's SKUs the store does not know (a product not yet imported, a gift card) are left out
          // of the scoring and named, as GraphQL's `ignoredCartItems` names them.
          const ignoredCartItems = unknownSkus(served.catalog, ask.skus);
          if (ignoredCartItems.length > 0)
            io.stderr.write(`storewise: warning: ${ignoredCartText(ignoredCartItems)}\n`);
          const scored = ask.skus.filter((sku) => !ignoredCartItems.includes(sku));
          const cart = { cart: ask.skus, customerId: ask.customerId };
          if (scored.length === 0) {
            // None known: what an empty cart gets, the owner's own list (a stranger's without an owner).
            const result =
              ask.customerId !== null
                ? await recommend(storage, served, ask.customerId, k, rules)
                : recommendFromHistory(served, null, historyOf([], served.trained, served.catalog), k, rules);
            const owner = ask.customerId === null ? 'a visitor' : displayText(ask.customerId);
            io.stdout.write(
              opts.json
                ? `${JSON.stringify({ ...cart, ...result, ignoredCartItems })}\n`
                : renderList(
                    `for ${owner} (${result.strategy}): the store knows no item of the cart`,
                    result.items,
                  ),
            );
            return;
          }
          // The cart scores the items; the customer's history serves the rules that need it (by default,
          // leaving out what they bought, as their own list does).
          const history =
            ask.customerId !== null && (rules.excludeBought !== false || rules.excludeSeen)
              ? await readHistory(storage, ask.customerId, served.trained, served.catalog)
              : null;
          const items = forCart(served, scored, k, rules, history);
          io.stdout.write(
            opts.json
              ? `${JSON.stringify({ ...cart, strategy: 'cart', items, ignoredCartItems })}\n`
              : renderList(`to go with the cart ${scored.map(displayText).join(', ')}`, items),
          );
        }
      });
    });
}

/**
 * The warning for a cart's SKUs the store does not know, in the words of GraphQL's
 * `Recommendations.ignoredCartItems` (left out of the scoring, not refused).
 */
function ignoredCartText(skus: readonly string[]): string {
  const what =
    skus.length === 1
      ? 'item the store does not know is'
      : `${skus.length} items the store does not know are`;
  return `the cart's ${what} left out of the scoring (ignoredCartItems): ${skus.map((sku) => `"${displayText(sku)}"`).join(', ')}`;
}

function parseAsk(customerId: string | undefined, opts: RecommendOptions): Ask {
  if (opts.item !== undefined && opts.cart !== undefined)
    throw new UserError('--item and --cart ask two different things: give one of them');
  if (opts.item !== undefined) {
    if (customerId !== undefined)
      throw new UserError(
        `--item asks for the items like ${opts.item}, for no customer: leave out the customer id "${customerId}"`,
      );
    for (const [flag, key] of CUSTOMER_FLAGS)
      if (opts[key]) throw new UserError(`${flag} needs a customer: related items are about an item`);
    return { kind: 'item', sku: opts.item };
  }
  if (opts.cart !== undefined) {
    if (opts.cart.every((sku) => sku.trim() === ''))
      throw new UserError(
        `the cart is empty (--cart ${opts.cart.map((sku) => JSON.stringify(sku)).join(' --cart ')}): give the SKUs of its items, e.g. --cart 22620 --cart 21891, or leave --cart out for a customer's own list`,
      );
    const blank = opts.cart.findIndex((sku) => sku.trim() === '');
    if (blank >= 0)
      throw new UserError(
        `--cart ${JSON.stringify(opts.cart[blank])} (cart item ${blank + 1} of ${opts.cart.length}) is empty: give the SKU of each item in the cart`,
      );
    if ((opts.excludeBought || opts.excludeSeen) && customerId === undefined)
      throw new UserError(
        `${opts.excludeBought ? '--exclude-bought' : '--exclude-seen'} with --cart needs the cart owner's customer id: storewise recommend <customerId> --cart ...`,
      );
    return { kind: 'cart', skus: opts.cart, customerId: customerId ?? null };
  }
  if (customerId === undefined)
    throw new UserError(
      'recommend needs a customer id, --item <sku> or --cart <sku>: storewise recommend 14078, --item 22620, or --cart 22620 --cart 21891',
    );
  return { kind: 'customer', customerId };
}

/** The flags about a customer's history, which related items (--item) have no customer for. */
const CUSTOMER_FLAGS = [
  ['--exclude-bought', 'excludeBought'],
  ['--include-bought', 'includeBought'],
  ['--exclude-seen', 'excludeSeen'],
] as const;

/** The category paths of a flag, each checked to name at least one level (categoryKeyOf). */
function categoryPaths(flag: string, paths: string[]): string[] {
  for (const path of paths) {
    try {
      categoryKeyOf(path);
    } catch {
      throw new UserError(`${flag} "${path}" names no category: write it as Home > Kitchen or Home/Kitchen`);
    }
  }
  return paths;
}

function parseRules(opts: RecommendOptions): ServeOptions {
  const rules: ServeOptions = {};
  if (opts.excludeBought && opts.includeBought)
    throw new UserError('--exclude-bought and --include-bought contradict each other: give one of them');
  // A customer's list, and a cart given with its owner's id, leave out what they bought or rated unless
  // told otherwise (the engine's default).
  if (opts.excludeBought) rules.excludeBought = true;
  if (opts.includeBought) rules.excludeBought = false;
  if (opts.excludeSeen) rules.excludeSeen = true;
  if (opts.inStock) rules.inStockOnly = true;
  if (opts.category) rules.includeCategories = categoryPaths('--category', opts.category);
  if (opts.excludeCategory)
    rules.excludeCategories = categoryPaths('--exclude-category', opts.excludeCategory);
  if (opts.allow) rules.allow = opts.allow;
  if (opts.deny) rules.deny = opts.deny;
  for (const [flag, key] of [
    ['--min-price', 'minPrice'],
    ['--max-price', 'maxPrice'],
  ] as const) {
    const text = opts[key];
    if (text === undefined) continue;
    if (text.trim() === '' || !Number.isFinite(Number(text)))
      throw new UserError(`${flag} must be a number, got "${text}"`);
    rules[key] = Number(text);
  }
  const [priceProblem] = priceRuleProblems(rules, (field) =>
    field === 'minPrice' ? '--min-price' : '--max-price',
  );
  if (priceProblem !== undefined) throw new UserError(priceProblem.message);
  if (opts.diversity !== undefined) {
    const lambda = Number(opts.diversity);
    if (!(lambda >= 0 && lambda <= 1))
      throw new UserError(`--diversity must be in [0, 1], got "${opts.diversity}"`);
    rules.diversity = lambda;
  }
  return rules;
}

/** `22620 (4 TRADITIONAL SPINNING TOPS)`, or the SKU alone for an item without a title. */
function titled(served: ServedRecommender, sku: string): string {
  const c = served.catalog.bySku.get(sku);
  const title = c === undefined ? null : served.catalog.titles[c];
  return title ? `${displayText(sku)} (${displayText(title)})` : displayText(sku);
}

const VERBS: Record<string, string> = {
  purchase: 'bought',
  view: 'viewed',
  add_to_cart: 'added to cart',
  rating: 'rated',
};

function renderList(what: string, items: Recommendations['items']): string {
  const lines = [`${count(items.length, 'recommendation')} ${what}`];
  items.forEach((item, n) => {
    const title = item.title ? `  ${displayText(item.title)}` : '';
    lines.push(
      `${String(n + 1).padStart(3)}. ${displayText(item.sku)}${title}  ${item.score.toFixed(4)}  ${explain(item)}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/**
 * "because you bought X and Y; viewed Z" from the history items that contributed most; "with X and Y"
 * from a cart's; nothing for an item's related items (the item asked about is the reason), unless they come
 * from the interactions rather than the model ("by the customers they share").
 */
function explain(item: RecommendedItem): string {
  if (item.reason === 'new-in-category') return 'new in a category you like';
  if (item.reason === 'popular') return 'popular';
  const list = (names: string[]) =>
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  const history = item.because.filter((b) => b.event !== 'item' && b.event !== 'cart');
  const cart = item.because.filter((b) => b.event === 'cart');
  if (cart.length > 0) return `with ${list(cart.map((b) => displayText(b.title ?? b.sku)))}`;
  // Related items from the interaction similarity: the model's factors could not tell items apart.
  if (item.reason === 'interactions') return 'by the customers they share';
  if (history.length === 0) return '';
  const byVerb = new Map<string, string[]>();
  for (const b of history) {
    const verb = VERBS[b.event] ?? b.event;
    byVerb.set(verb, [...(byVerb.get(verb) ?? []), displayText(b.title ?? b.sku)]);
  }
  const parts = [...byVerb].map(([verb, names]) => `${verb} ${list(names)}`);
  return `because you ${parts.join('; ')}`;
}
