import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { storeAnswers } from '../../server/probes.js';
import { Access } from '../access.js';
import { Health, StoreCounts } from '../types/health.js';

@Resolver(() => Health)
export class HealthResolver {
  @Query(() => Health, {
    description: 'Liveness of the gateway and its database. Public; counts need a key.',
  })
  @Access('public')
  health(@Ctx() ctx: GatewayContext): Health {
    return { database: ctx.storage.kind } as Health;
  }

  /** As /readyz: a query that waited on a database that does not answer said "ok". */
  @FieldResolver(() => String, {
    description:
      '"ok" when the database answers a cheap read within 2 s, else "store unreachable" (as /readyz).',
  })
  async status(@Ctx() ctx: GatewayContext): Promise<string> {
    return (await storeAnswers(ctx.storage)) ? 'ok' : 'store unreachable';
  }

  @FieldResolver(() => StoreCounts)
  async counts(@Ctx() ctx: GatewayContext): Promise<StoreCounts> {
    const c = await ctx.storage.counts();
    return { customers: c.customers, items: c.items, events: c.events, models: c.models };
  }
}
