import {
  forCart,
  historyOf,
  recommendFromHistory,
  type ServedRecommender,
  type ServeOptions,
  similarItems,
} from '@storewise/engine';
import type { Customer as StoredCustomer, Item as StoredItem } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { maySeeCustomer, requireCustomerData } from '../../auth/check-scopes.js';
import type { GatewayContext } from '../../context.js';
import {
  cartInSnapshot,
  checkRuleReferences,
  contextCategories,
  modelNotTrained,
  serveOptions,
} from '../../recs/serve-options.js';
import { Access } from '../access.js';
import { checkId } from '../inputs/check-inputs.js';
import { RecommendationContextInput, RecommendationRulesInput } from '../inputs/recommendation-inputs.js';
import { PageSizeScalar } from '../scalars.js';
import { Customer } from '../types/customer.js';
import { Item } from '../types/item.js';
import { Because, Recommendations, RecommendedItem } from '../types/recommendation.js';

/**
 * Declared cost of a list of recommendations: 10 for scoring, plus `first` times the selection of one
 * recommended item (like `pagedCost`), so that `related` lists nested in it multiply as their work does.
 */
const recsCost = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) =>
  10 + (typeof args.first === 'number' ? args.first : 1) * Math.max(1, childComplexity);

/**
 * Recommendations are nullable: with no recommender trained (MODEL_NOT_TRAINED) or a model plugin failing,
 * the list is null with its error while the query's other fields answer (a non-null list took the whole
 * query's data with it: a product page lost its item, a page asking for a customer and their list lost both).
 */
const UNSERVED =
  'Null, with an error (MODEL_NOT_TRAINED when no recommender is trained), when none can be served; the other fields of the query still answer.';

/** The served recommender, after refusing rules that name SKUs or categories that match no item. */
async function served(ctx: GatewayContext, options: ServeOptions) {
  const s = await ctx.recommenders.get();
  if (s === null) throw modelNotTrained();
  await checkRuleReferences(s, options, ctx.storage, () => ctx.recommenders.catalogChanged());
  return s;
}

/** A customer's recommendations, from the history the gateway keeps in memory (read once from the store). */
function forCustomer(
  ctx: GatewayContext,
  s: ServedRecommender,
  customerId: string,
  first: number,
  options: ServeOptions,
) {
  return ctx.histories.recommendations(customerId, s, first, options);
}

/** Recommendations from the engine's served recommender (the stored model `recs`), under the shop's rules. */
@Resolver()
export class RecommendationResolver {
  @Query(() => Recommendations, {
    nullable: true,
    complexity: recsCost,
    description: `The best items for a customer (unknown customers get popular items), or, with context.cartItemIds, the items that go with a cart. ${UNSERVED}`,
  })
  @Access('read', 'storefront')
  async recommendations(
    @Arg('customerId', () => String) customerId: string,
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('rules', () => RecommendationRulesInput, { nullable: true }) rules: RecommendationRulesInput | null,
    @Arg('context', () => RecommendationContextInput, { nullable: true })
    context: RecommendationContextInput | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Recommendations | null> {
    // A blank id would be served as a stranger, while trackEvents refuses it: refused here too.
    checkId('customerId', customerId);
    // The same list with and without excluding what the customer bought (or saw) tells which items those
    // are: the customer's history, read only like `because` (or by the customer's own token).
    if (rules?.excludeBought) requireCustomerData(ctx.principal, 'rules.excludeBought', customerId);
    if (rules?.excludeSeen) requireCustomerData(ctx.principal, 'rules.excludeSeen', customerId);
    const options = { ...serveOptions(rules), ...contextCategories(context?.categories) };
    const s = await served(ctx, options);
    const asked = context?.cartItemIds ?? [];
    // A cart's SKUs the store does not know are left out of the scoring and named in ignoredCartItems.
    let ignored: string[] = [];
    if (asked.length > 0) {
      const cart = await cartInSnapshot(s, asked, ctx.storage, () => ctx.recommenders.catalogChanged());
      ignored = cart.ignored;
      // The cart scores the items; the customer's history serves only the rules that leave out what they
      // bought or saw (checked above), and, for a caller who may see it, the default that leaves out what
      // they bought, as their own list does (a storefront key without their token: a stranger's cart).
      const owned = options.excludeBought !== false && maySeeCustomer(ctx.principal, customerId);
      const history =
        owned || options.excludeBought || options.excludeSeen
          ? await ctx.histories.history(customerId, s)
          : null;
      // A cart of no item the snapshot holds (all newer, or unknown) is served as an empty cart: the
      // customer's list.
      if (cart.scored.length > 0)
        return ownedBy(
          customerId,
          { strategy: 'cart', items: forCart(s, cart.scored, first, options, history) },
          ignored,
        );
    }
    // Recommendations scored from a customer's history name what they bought (most of a known customer's
    // list is often their own purchases) and show, by their strategy, whether the id has a history: a
    // storefront key without a customer token naming them gets what a stranger gets.
    if (!maySeeCustomer(ctx.principal, customerId))
      return ownedBy(
        customerId,
        recommendFromHistory(s, null, historyOf([], s.trained, s.catalog), first, options),
        ignored,
      );
    return ownedBy(customerId, await forCustomer(ctx, s, customerId, first, options), ignored);
  }
}

@Resolver(() => Item)
export class RelatedItemsResolver {
  @FieldResolver(() => [RecommendedItem], {
    nullable: true,
    complexity: recsCost,
    description: `Items like this one (for an item the model has not seen: popular items of its category). ${UNSERVED}`,
  })
  // A storefront key's item page asks for them (item(sku) answers it too): they are about an item, from
  // every customer's events together, and name no customer; their `because` needs read as every one does.
  @Access('read', 'storefront')
  async related(
    @Root() item: StoredItem,
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('rules', () => RecommendationRulesInput, { nullable: true }) rules: RecommendationRulesInput | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<RecommendedItem[] | null> {
    // Related items are about an item, not a customer: rules that leave out a customer's purchases or
    // views have no one to apply to (accepted, they would do nothing).
    for (const rule of ['excludeBought', 'excludeSeen'] as const)
      if (rules?.[rule])
        throw new GraphQLError(`rules.${rule} needs a customer: related items are about an item`, {
          extensions: { code: 'BAD_USER_INPUT', field: `rules.${rule}` },
        });
    const options = serveOptions(rules);
    const s = await served(ctx, options);
    // An item stored after the served catalog snapshot was taken has no neighbours until the next
    // refresh: it gets the popular items of its category, as an item the model has not seen does.
    if (!s.catalog.bySku.has(item.sku)) {
      ctx.recommenders.catalogChanged();
      const context = item.categoryPath.length > 0 ? { contextCategories: [item.categoryPath] } : {};
      return recommendFromHistory(s, null, historyOf([], s.trained, s.catalog), first, {
        ...options,
        ...context,
      }).items;
    }
    return similarItems(s, item.sku, first, options);
  }
}

/**
 * The list with each item marked as `customerId`'s (copies: the histories keep their answers), and the
 * cart's SKUs the store does not know.
 */
function ownedBy(
  customerId: string,
  recs: Pick<Recommendations, 'strategy' | 'items'>,
  ignoredCartItems: string[] = [],
): Recommendations {
  return {
    strategy: recs.strategy,
    items: recs.items.map((item) => ({ ...item, forCustomer: customerId })),
    ignoredCartItems,
  };
}

@Resolver(() => RecommendedItem)
export class RecommendedItemResolver {
  @FieldResolver(() => [Because])
  because(@Root() rec: RecommendedItem, @Ctx() ctx: GatewayContext): Because[] {
    // The schema let a customer token through (check-scopes.ts); here it is the token's own customer only.
    requireCustomerData(ctx.principal, 'RecommendedItem.because', rec.forCustomer ?? null);
    return rec.because;
  }

  @FieldResolver(() => Item, { nullable: true, description: 'The stored item (price, stock, ...), batched.' })
  item(@Root() rec: RecommendedItem, @Ctx() ctx: GatewayContext): Promise<StoredItem | null> {
    return ctx.loaders.item.load(rec.sku);
  }
}

@Resolver(() => Customer)
export class CustomerRecommendationsResolver {
  @FieldResolver(() => Recommendations, {
    nullable: true,
    complexity: recsCost,
    description: `The best items for this customer. ${UNSERVED}`,
  })
  async recommendations(
    @Root() customer: StoredCustomer,
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('rules', () => RecommendationRulesInput, { nullable: true }) rules: RecommendationRulesInput | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Recommendations | null> {
    const options = serveOptions(rules);
    const recs = await forCustomer(ctx, await served(ctx, options), customer.externalId, first, options);
    return { ...recs, ignoredCartItems: [] };
  }
}
