import { buildShopReport } from '@storewise/engine';
import type { EventType } from '@storewise/storage';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import type { EventTypeValue } from '../enums.js';
import { PageSizeScalar } from '../scalars.js';
import { Model } from '../types/model.js';
import { ShopReport } from '../types/shop.js';

@Resolver()
export class InsightResolver {
  @Query(() => [Model], { complexity: 10, description: 'Trained model versions, newest first.' })
  @Access('read')
  async models(
    @Arg('first', () => PageSizeScalar) first: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<Model[]> {
    const models = await ctx.storage.listModels();
    return models
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.version - a.version)
      .slice(0, first)
      .map((m) => ({ ...m, trainedAt: m.createdAt }));
  }

  @Query(() => ShopReport, {
    complexity: 100,
    description: 'What the shop holds. Scans the purchases: costly, cache it on your side.',
  })
  @Access('read')
  async shop(@Ctx() ctx: GatewayContext): Promise<ShopReport> {
    const r = await buildShopReport(ctx.storage);
    const eventsByType = (Object.entries(r.eventsByType) as [EventType, number][]).map(([type, count]) => ({
      type: type as EventTypeValue,
      count,
    }));
    return { ...r, eventsByType };
  }
}
