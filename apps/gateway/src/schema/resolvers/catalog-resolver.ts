import type { Item as StoredItem } from '@storewise/storage';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { CustomerInput, ItemInput } from '../inputs/catalog-inputs.js';
import { checkCustomers, checkItems } from '../inputs/check-catalog.js';
import { checkListLength } from '../inputs/check-inputs.js';
import { Item } from '../types/item.js';
import { UpsertResult } from '../types/mutation-results.js';

@Resolver()
export class CatalogResolver {
  @Query(() => Item, { nullable: true, description: 'An item by SKU; null if unknown.' })
  @Access('read')
  item(@Arg('sku', () => String) sku: string, @Ctx() ctx: GatewayContext): Promise<StoredItem | null> {
    return ctx.loaders.item.load(sku);
  }

  @Mutation(() => UpsertResult, { complexity: 10, description: 'Creates or updates items by SKU.' })
  @Access('write')
  async upsertItems(
    @Arg('items', () => [ItemInput]) items: ItemInput[],
    @Ctx() ctx: GatewayContext,
  ): Promise<UpsertResult> {
    checkListLength('items', items.length, ctx.config.maxInputList);
    checkItems(items);
    try {
      return await ctx.storage.upsertItems(items);
    } finally {
      ctx.recommenders.catalogChanged();
    }
  }

  @Mutation(() => UpsertResult, { complexity: 10, description: 'Creates or updates customers by id.' })
  @Access('write')
  async upsertCustomers(
    @Arg('customers', () => [CustomerInput]) customers: CustomerInput[],
    @Ctx() ctx: GatewayContext,
  ): Promise<UpsertResult> {
    checkListLength('customers', customers.length, ctx.config.maxInputList);
    checkCustomers(customers);
    try {
      return await ctx.storage.upsertCustomers(customers);
    } finally {
      // Consent may have changed: what serving keeps of these customers is read again.
      ctx.histories.forget(customers.map((c) => c.externalId));
    }
  }
}
