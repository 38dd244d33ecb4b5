import { segmentLifetimeValue } from '@storewise/engine';
import type { Customer as StoredCustomer } from '@storewise/storage';
import { Arg, Ctx, FieldResolver, Float, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { cachedSegmentRevenueShares } from '../../loaders/segment-revenue-cache.js';
import { Access, pagedCost } from '../access.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { PageSizeScalar } from '../scalars.js';
import {
  Segment,
  SegmentKindValue,
  SegmentLifetimeValue,
  SegmentMemberConnection,
} from '../types/segment.js';
import { pageAfter } from './list-page.js';
import { decodeMemberCursor, memberCursor, toSegment } from './segment-views.js';

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => [Segment], {
    complexity: pagedCost,
    description:
      'Segments by id, optionally of one kind; the next page starts after the last id of this one (`after`).',
  })
  @Access('read')
  async segments(
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('kind', () => SegmentKindValue, { nullable: true }) kind: SegmentKindValue | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Segment[]> {
    checkIdLength('after', after);
    const all = await ctx.loaders.allSegments();
    const ofKind = all.filter((s) => kind === null || kind === undefined || s.kind === kind);
    return pageAfter(ofKind, (s) => s.id, first, after, 'segment').map(toSegment);
  }

  @Query(() => Segment, { nullable: true, description: 'A segment by id; null if unknown.' })
  @Access('read')
  async segment(@Arg('id', () => String) id: string, @Ctx() ctx: GatewayContext): Promise<Segment | null> {
    checkIdLength('id', id);
    const s = await ctx.loaders.segment.load(id);
    return s === null ? null : toSegment(s);
  }

  @FieldResolver(() => Float, {
    complexity: 5,
    description:
      "Members' share of the revenue of all customers as of the segment's date (refreshedAt: purchases before it; returns not subtracted), as `storewise segment rfm` prints it; from 0 to 1, 0 when there is no revenue before it. Recomputed after a refresh or a minute.",
  })
  async revenueShare(@Root() segment: Segment, @Ctx() ctx: GatewayContext): Promise<number> {
    const shares = await cachedSegmentRevenueShares(ctx.storage, await ctx.loaders.allSegments());
    return shares.get(segment.id) ?? 0;
  }

  @FieldResolver(() => SegmentLifetimeValue, {
    complexity: 20,
    description:
      "The members' lifetime value: their stored CLV scores (from segment rfm, clv or computeCustomerAnalytics) summed, as of when those were computed. Reads every member's score.",
  })
  // Customers' analytics: read scope even under a write mutation's segment.
  @Access('read')
  async lifetimeValue(@Root() segment: Segment, @Ctx() ctx: GatewayContext): Promise<SegmentLifetimeValue> {
    return segmentLifetimeValue(ctx.storage, segment.id);
  }

  @FieldResolver(() => SegmentMemberConnection, {
    complexity: pagedCost,
    description: 'Current members by customer id; page on with after: pageInfo.endCursor.',
  })
  // Needs read even under a write mutation's segment: the cursors alone name the members.
  @Access('read')
  async members(
    @Root() segment: Segment,
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<SegmentMemberConnection> {
    const from = after === null || after === undefined ? '' : decodeMemberCursor(after);
    let page: { customerId: string; since: Date }[] = [];
    for await (const batch of ctx.storage.scanSegmentMembers(segment.id, {
      after: from,
      batchSize: first + 1,
    })) {
      page = batch;
      break;
    }
    const shown = page.slice(0, first);
    const customers = await ctx.loaders.customer.loadMany(shown.map((m) => m.customerId));
    const edges = shown.map((m, i) => ({
      cursor: memberCursor(m.customerId),
      since: m.since,
      node: customers[i] as StoredCustomer as never,
    }));
    return { edges, pageInfo: { hasNextPage: page.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
