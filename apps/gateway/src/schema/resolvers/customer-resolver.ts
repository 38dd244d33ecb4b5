import type { Customer as StoredCustomer } from '@storewise/storage';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { analyticsScores } from '../../insights/analytics-scores.js';
import { Access, pagedCost } from '../access.js';
import { checkId } from '../inputs/check-inputs.js';
import { PageSizeScalar } from '../scalars.js';
import { Customer, Score } from '../types/customer.js';
import { EventConnection } from '../types/event.js';
import { customerEventPage } from './event-page.js';

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: 'A customer by your id; null if unknown.' })
  @Access('read')
  customer(@Arg('id', () => String) id: string, @Ctx() ctx: GatewayContext): Promise<StoredCustomer | null> {
    // A blank id names no customer, as recommendations(customerId) and trackEvents say.
    checkId('id', id);
    return ctx.loaders.customer.load(id);
  }

  @FieldResolver(() => [Score], {
    complexity: 5,
    description:
      'Scores models wrote for this customer (batched per request); empty for a customer who declined analytics (consent.analytics false), whatever was scored before.',
  })
  scores(@Root() customer: StoredCustomer, @Ctx() ctx: GatewayContext): Promise<Score[]> {
    return analyticsScores(customer, ctx.loaders);
  }

  @FieldResolver(() => EventConnection, { complexity: pagedCost, description: 'Their events, oldest first.' })
  events(
    @Root() customer: StoredCustomer,
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<EventConnection> {
    return customerEventPage(ctx.storage, customer.externalId, first, after ?? null);
  }
}
