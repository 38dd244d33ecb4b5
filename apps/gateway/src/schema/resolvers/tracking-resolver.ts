import type { AppendResult } from '@storewise/storage';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { maySeeCustomer } from '../../auth/check-scopes.js';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { checkListLength, correctClockSkew, idProblem, splitEvents } from '../inputs/check-inputs.js';
import { EventInput } from '../inputs/event-input.js';
import { DateTimeScalar } from '../scalars.js';
import { TrackEventsResult } from '../types/mutation-results.js';
import { conflictsOfCall } from './event-conflicts.js';

/**
 * The SKUs of a call the catalog does not know, for a key that may not create items: the served snapshot
 * answers for most, one batched read for the rest (an item stored since the snapshot was taken is known).
 * A storefront key sits in a web page: events naming made-up SKUs would fill the catalog (and training).
 */
async function unknownSkus(
  events: readonly EventInput[],
  ctx: GatewayContext,
  storefront: boolean,
): Promise<Set<string>> {
  if (!storefront) return new Set();
  // Malformed SKUs are refused by the event checks and not looked up.
  const named = new Set(events.flatMap((e) => (e.sku && idProblem(e.sku, true) === null ? [e.sku] : [])));
  const candidates = ctx.recommenders.notInSnapshot(named);
  if (candidates.length === 0) return new Set();
  const items = await ctx.storage.getItems(candidates);
  return new Set(candidates.filter((_, i) => items[i] === null));
}

@Resolver()
export class TrackingResolver {
  @Mutation(() => TrackEventsResult, {
    complexity: 10,
    description:
      'Stores a batch of events, idempotent by eventId: an event whose eventId is already stored is not stored again, and one whose content differs from the stored event is reported in conflicts. Bad events are reported by index and field; the valid ones in the same call are stored.',
  })
  @Access('write', 'storefront')
  async trackEvents(
    @Arg('events', () => [EventInput]) sent: EventInput[],
    @Arg('sentAt', () => DateTimeScalar, {
      nullable: true,
      description:
        "When the call was sent, by the clock that stamped its events' timestamps (the SDK's tracker sends it): each timestamp is moved by the difference between the gateway's clock and this one, so that a device whose clock runs ahead or behind records its events at their true time.",
    })
    sentAt: Date | null | undefined,
    @Ctx() ctx: GatewayContext,
  ): Promise<TrackEventsResult> {
    checkListLength('events', sent.length, ctx.config.maxInputList);
    const receivedAt = new Date();
    const events = correctClockSkew(sent, sentAt, receivedAt);
    // A key without the write scope: a storefront's, in a web page (check-inputs.ts, EventCaller).
    const storefront = !maySeeCustomer(ctx.principal, null, ['write']);
    const unknown = await unknownSkus(events, ctx, storefront);
    const { valid, positions, problems } = splitEvents(events, receivedAt, {
      isUnknownSku: (sku) => unknown.has(sku),
      storefront,
      tokenCustomer: ctx.principal?.customerId ?? null,
      customerNeedsToken: ctx.config.storefrontEventsNeedToken,
    });
    let stored: AppendResult = { inserted: 0, duplicates: 0, erased: 0, conflicts: [], unsettled: [] };
    try {
      if (valid.length > 0) stored = await ctx.storage.appendEvents(valid);
    } finally {
      // Also when the write fails: forgetting costs one read, a kept history that missed events is wrong.
      ctx.histories.forget(valid.map((e) => e.customerId));
      // An event naming an unknown SKU creates the item: the next catalog snapshot must show it.
      ctx.recommenders.noteSkus(valid.flatMap((e) => (e.sku === null ? [] : [e.sku])));
    }
    const untimed = new Set(positions.filter((index) => events[index]!.timestamp == null));
    const { inserted, duplicates, erased } = stored;
    // A storefront key sits in a web page: counting its events for an erased customer apart would tell
    // anyone who copies the key which ids asked to be erased. It is told they were stored, as for any id.
    return {
      inserted: storefront ? inserted + erased : inserted,
      duplicates,
      erased: storefront ? 0 : erased,
      ...conflictsOfCall(stored.conflicts, positions, untimed, storefront),
      rejected: problems.length,
      errors: problems,
    };
  }
}
