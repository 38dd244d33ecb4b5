import { modelVersions } from '@storewise/engine';
import type { EventType } from '@storewise/storage';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { cachedShopReport, SHOP_REPORT_MAX_AGE_MS } from '../../loaders/shop-report-cache.js';
import { Access } from '../access.js';
import type { EventTypeValue } from '../enums.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { PageSizeScalar } from '../scalars.js';
import { Model, toModel } from '../types/model.js';
import { ShopReport } from '../types/shop.js';
import { pageAfter } from './list-page.js';

@Resolver()
export class InsightResolver {
  @Query(() => [Model], {
    complexity: 10,
    description:
      'Trained model versions, newest first; the next page starts after the last id of this one (`after`).',
  })
  @Access('read')
  async models(
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Model[]> {
    checkIdLength('after', after);
    const models = (await modelVersions(ctx.storage)).map(toModel);
    return pageAfter(models, (m) => m.id, first, after, 'model id');
  }

  // 100 points however often it is served from the cache: a request that finds none pays for the scan.
  @Query(() => ShopReport, {
    complexity: 100,
    description: `What the shop holds: aggregates over every purchase and customer (about a second on half a million events). Computed at most once per ${SHOP_REPORT_MAX_AGE_MS / 1000} s and shared by every request (and alias) meanwhile, so events tracked since may not count yet.`,
  })
  @Access('read')
  async shop(@Ctx() ctx: GatewayContext): Promise<ShopReport> {
    const r = await cachedShopReport(ctx.storage);
    const eventsByType = (Object.entries(r.eventsByType) as [EventType, number][]).map(([type, count]) => ({
      type: type as EventTypeValue,
      count,
    }));
    return { ...r, eventsByType };
  }
}
