import { customerProfile } from '@storewise/engine';
import { declines, type Customer as StoredCustomer } from '@storewise/storage';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { analyticsScores } from '../../insights/analytics-scores.js';
import { lifetimeValueView, profileView, propensityView } from '../../insights/score-views.js';
import { Access, pagedCost } from '../access.js';
import { DateTimeScalar, PageSizeScalar } from '../scalars.js';
import { Customer } from '../types/customer.js';
import { CustomerBehavior } from '../types/customer-behavior.js';
import { CustomerProfile, LifetimeValue, PropensityScore } from '../types/customer-insights.js';
import { CustomerSegment } from '../types/segment.js';
import { toSegment } from './segment-views.js';

/** What the shop knows about a customer: figures, segments, propensity and lifetime value (batched per request). */
@Resolver(() => Customer)
export class CustomerInsightResolver {
  @FieldResolver(() => CustomerProfile, {
    complexity: 5,
    description:
      'Their purchase history in figures, with RFM scores once customer analytics has run (none for a customer who declined analytics).',
  })
  @Access('read')
  async profile(@Root() customer: StoredCustomer, @Ctx() ctx: GatewayContext): Promise<CustomerProfile> {
    const [orders, scores] = await Promise.all([
      ctx.loaders.orders.load(customer.externalId),
      analyticsScores(customer, ctx.loaders),
    ]);
    return profileView(orders, scores);
  }

  @FieldResolver(() => CustomerBehavior, {
    nullable: true,
    complexity: 10,
    description:
      'Their behaviour as of `asOf` (default: just after the latest stored event): recency, frequency, money, sessions, views, carts, conversion rates, returns, price band and category shares, as purchase propensity sees it. Null for a customer with no event before asOf, and for one who declined analytics (consent.analytics false). One query per customer: ask for it on a few.',
  })
  @Access('read')
  async behavior(
    @Root() customer: StoredCustomer,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf: Date | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomerBehavior | null> {
    if (declines(customer.consent, 'analytics')) return null;
    const p = await customerProfile(ctx.storage, customer.externalId, asOf ? { asOf } : {});
    if (p === null || p.profile === null) return null;
    return {
      asOf: p.asOf,
      ...p.profile,
      categoryShares: Object.entries(p.categoryShares).map(([category, share]) => ({ category, share })),
    };
  }

  @FieldResolver(() => [CustomerSegment], {
    complexity: pagedCost,
    description: 'The segments they are in now, by segment id.',
  })
  @Access('read')
  async segments(
    @Root() customer: StoredCustomer,
    @Arg('first', () => PageSizeScalar) first: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomerSegment[]> {
    const memberships = (await ctx.loaders.customerSegments.load(customer.externalId)).slice(0, first);
    const segments = await ctx.loaders.segment.loadMany(memberships.map((m) => m.segmentId));
    return memberships.flatMap((m, i) => {
      const s = segments[i];
      return s && !(s instanceof Error) ? [{ segment: toSegment(s), since: m.since }] : [];
    });
  }

  @FieldResolver(() => [PropensityScore], {
    complexity: 2,
    description:
      'Stored purchase propensities (p_purchase_<N>d), shortest horizon first; empty when none, and for a customer who declined analytics (consent.analytics false), whatever was scored before.',
  })
  @Access('read')
  async propensity(@Root() customer: StoredCustomer, @Ctx() ctx: GatewayContext): Promise<PropensityScore[]> {
    return propensityView(await analyticsScores(customer, ctx.loaders));
  }

  @FieldResolver(() => LifetimeValue, {
    nullable: true,
    complexity: 2,
    description:
      'Lifetime value from the last customer analytics run; null when not computed for them, and for a customer who declined analytics.',
  })
  @Access('read')
  async clv(@Root() customer: StoredCustomer, @Ctx() ctx: GatewayContext): Promise<LifetimeValue | null> {
    return lifetimeValueView(await analyticsScores(customer, ctx.loaders));
  }
}
