import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { checkListLength, splitEvents } from '../inputs/check-inputs.js';
import { EventInput } from '../inputs/event-input.js';
import { TrackEventsResult } from '../types/mutation-results.js';

@Resolver()
export class TrackingResolver {
  @Mutation(() => TrackEventsResult, {
    complexity: 10,
    description:
      'Stores a batch of events, idempotent by eventId. Bad events are reported by index and field; the valid ones in the same call are stored.',
  })
  @Access('write', 'storefront')
  async trackEvents(
    @Arg('events', () => [EventInput]) events: EventInput[],
    @Ctx() ctx: GatewayContext,
  ): Promise<TrackEventsResult> {
    checkListLength('events', events.length, ctx.config.maxInputList);
    const { valid, problems } = splitEvents(events, new Date());
    let stored = { inserted: 0, duplicates: 0 };
    try {
      if (valid.length > 0) stored = await ctx.storage.appendEvents(valid);
    } finally {
      // Also when the write fails: forgetting costs one read, a kept history that missed events is wrong.
      ctx.histories.forget(valid.map((e) => e.customerId));
      // An event naming an unknown SKU creates the item: the next catalog snapshot must show it.
      ctx.recommenders.noteSkus(valid.flatMap((e) => (e.sku === null ? [] : [e.sku])));
    }
    return { ...stored, rejected: problems.length, errors: problems };
  }
}
