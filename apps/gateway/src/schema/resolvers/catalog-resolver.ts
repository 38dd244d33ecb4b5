import type { Item as StoredItem } from '@storewise/storage';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { CustomerInput, ItemInput } from '../inputs/catalog-inputs.js';
import {
  type AttributeWrite,
  checkCustomers,
  checkItems,
  checkMergedAttributes,
} from '../inputs/check-catalog.js';
import { checkId, checkListLength } from '../inputs/check-inputs.js';
import { Item } from '../types/item.js';
import { UpsertResult } from '../types/mutation-results.js';

/** The stored attributes of the records an upsert adds attributes to, by id: one batched read. */
async function storedAttributes(
  writes: readonly AttributeWrite[],
  read: (ids: string[]) => Promise<({ attributes: Record<string, unknown> } | null)[]>,
): Promise<Map<string, Record<string, unknown>>> {
  const ids = [
    ...new Set(writes.filter((w) => w.attributes && Object.keys(w.attributes).length > 0).map((w) => w.id)),
  ];
  if (ids.length === 0) return new Map();
  const records = await read(ids);
  return new Map(ids.flatMap((id, i) => (records[i] ? [[id, records[i].attributes]] : [])));
}

@Resolver()
export class CatalogResolver {
  @Query(() => Item, { nullable: true, description: 'An item by SKU; null if unknown.' })
  // A storefront key too: an item's catalog fields are what its page shows, and its related items are made
  // from every customer's events together, naming none (their `because` needs read).
  @Access('read', 'storefront')
  item(@Arg('sku', () => String) sku: string, @Ctx() ctx: GatewayContext): Promise<StoredItem | null> {
    checkId('sku', sku);
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
    const writes = items.map((it) => ({ id: it.sku, attributes: it.attributes }));
    checkMergedAttributes(
      'items',
      writes,
      await storedAttributes(writes, (ids) => ctx.storage.getItems(ids)),
    );
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
    const writes = customers.map((c) => ({ id: c.externalId, attributes: c.attributes }));
    const stored = await storedAttributes(writes, (ids) => ctx.storage.getCustomers(ids));
    checkMergedAttributes('customers', writes, stored);
    try {
      return await ctx.storage.upsertCustomers(customers);
    } finally {
      // Consent may have changed: what serving keeps of these customers is read again.
      ctx.histories.forget(customers.map((c) => c.externalId));
    }
  }
}
