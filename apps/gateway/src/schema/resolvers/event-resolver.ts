import type { Customer as StoredCustomer, StoredEvent, Item as StoredItem } from '@storewise/storage';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Customer } from '../types/customer.js';
import { Event } from '../types/event.js';
import { Item } from '../types/item.js';

/** An event's item and customer, batched per request through the data loaders. */
@Resolver(() => Event)
export class EventResolver {
  @FieldResolver(() => Item, { nullable: true })
  item(@Root() event: StoredEvent, @Ctx() ctx: GatewayContext): Promise<StoredItem | null> | null {
    return event.sku === null ? null : ctx.loaders.item.load(event.sku);
  }

  @FieldResolver(() => Customer, { nullable: true })
  customer(@Root() event: StoredEvent, @Ctx() ctx: GatewayContext): Promise<StoredCustomer | null> | null {
    return event.customerId === null ? null : ctx.loaders.customer.load(event.customerId);
  }
}
