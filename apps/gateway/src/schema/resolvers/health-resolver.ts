import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { Health, StoreCounts } from '../types/health.js';

@Resolver(() => Health)
export class HealthResolver {
  @Query(() => Health, {
    description: 'Liveness of the gateway and its database. Public; counts need a key.',
  })
  @Access('public')
  health(@Ctx() ctx: GatewayContext): Health {
    return { status: 'ok', database: ctx.storage.kind } as Health;
  }

  @FieldResolver(() => StoreCounts)
  async counts(@Ctx() ctx: GatewayContext): Promise<StoreCounts> {
    const c = await ctx.storage.counts();
    return { customers: c.customers, items: c.items, events: c.events, models: c.models };
  }
}
