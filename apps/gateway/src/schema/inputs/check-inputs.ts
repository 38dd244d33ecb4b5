import {
  EVENT_NUMBER_LIMIT,
  EVENT_TIME_MAX,
  EVENT_TIME_MIN,
  inEventNumberRange,
  inEventTimeRange,
  type EventInput as StorageEventInput,
  textProblem,
} from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import type { EventInput } from './event-input.js';

export const MAX_ID_LENGTH = 128;
/** A search query, session id or order id: far over what a shop sends, far under what a key could flood. */
export const MAX_EVENT_TEXT_LENGTH = 1000;
/** An API key's label: a name for people to read. */
export const MAX_LABEL_LENGTH = 200;
/**
 * How far ahead of the gateway's clock an event's time may lie: room for clocks that run ahead, not for a
 * date typed wrongly. One event centuries ahead would be every report's lastEventAt and skew recency.
 */
export const MAX_EVENT_FUTURE_MS = 24 * 60 * 60 * 1000;
/**
 * The same from a storefront key: its events come from pages, whose clocks trackEvents' `sentAt` corrects
 * (the SDK's tracker sends it). A day's room let anyone who copies the key move the shop's latest event a
 * day ahead, and with it the dates every report and forecast counts from by default.
 */
export const STOREFRONT_MAX_EVENT_FUTURE_MS = 10 * 60 * 1000;

export interface EventProblem {
  index: number;
  field: string;
  message: string;
}

/** Refuses a list longer than the configured cap, naming the argument. */
export function checkListLength(argument: string, length: number, max: number): void {
  if (length > max) {
    throw new GraphQLError(`${argument} holds ${length} entries; at most ${max} are accepted per call`, {
      extensions: { code: 'BAD_USER_INPUT', field: argument },
    });
  }
}

/** Refuses text longer than `max` characters, naming the argument (an API key's label, say). */
export function checkTextLength(argument: string, value: string | null | undefined, max: number): void {
  const problem = lengthProblem(value, max);
  if (problem !== null) {
    throw new GraphQLError(`${argument} ${problem}`, {
      extensions: { code: 'BAD_USER_INPUT', field: argument },
    });
  }
}

/**
 * Refuses an id argument of a look-up longer than any id can be stored (MAX_ID_LENGTH): writes refuse
 * such ids, so nothing is found by one, and it would cost a query and be quoted in messages.
 */
export function checkIdLength(argument: string, value: string | null | undefined): void {
  checkTextLength(argument, value, MAX_ID_LENGTH);
}

/** Refuses an id argument that no write would take: blank, or longer than MAX_ID_LENGTH. */
export function checkId(argument: string, value: string): void {
  const problem = idProblem(value, true);
  if (problem !== null)
    throw new GraphQLError(`${argument} ${problem}`, {
      extensions: { code: 'BAD_USER_INPUT', field: argument },
    });
}

function lengthProblem(value: string | null | undefined, max: number): string | null {
  return typeof value === 'string' && value.length > max ? `must be at most ${max} characters` : null;
}

export function idProblem(value: string | null | undefined, required: boolean): string | null {
  if (value === null || value === undefined) return required ? 'is required' : null;
  if (value.trim() === '') return 'must not be blank';
  return lengthProblem(value, MAX_ID_LENGTH);
}

/** Storage's range of an event number (its limit, not a copy); absent numbers are not checked here. */
function numberProblem(value: number | null | undefined): string | null {
  if (value === null || value === undefined || inEventNumberRange(value)) return null;
  return `must lie within ±${EVENT_NUMBER_LIMIT}`;
}

function timeProblem(value: Date | null | undefined, receivedAt: Date, storefront: boolean): string | null {
  if (value === null || value === undefined) return null;
  const ms = value.getTime();
  if (!inEventTimeRange(ms)) {
    return `must lie from ${new Date(EVENT_TIME_MIN).toISOString()} to before ${new Date(EVENT_TIME_MAX).toISOString()}`;
  }
  const ahead = storefront ? STOREFRONT_MAX_EVENT_FUTURE_MS : MAX_EVENT_FUTURE_MS;
  if (ms > receivedAt.getTime() + ahead) {
    return storefront
      ? `lies more than 10 minutes ahead of the gateway's clock (${receivedAt.toISOString()}), the most a storefront key may send (from a page whose clock runs ahead, send sentAt with the call, as the SDK's tracker does)`
      : `lies more than 24 hours ahead of the gateway's clock (${receivedAt.toISOString()})`;
  }
  return null;
}

/**
 * The events with their timestamps moved by the difference between the gateway's clock and the caller's
 * (`sentAt`: when the caller sent the call, by the clock that stamped its events), as analytics SDKs
 * correct a device's clock: a page whose clock runs an hour ahead records its events at their true time.
 * The network's delay, a fraction of a second, is counted as skew. Without `sentAt`, the events as sent.
 */
export function correctClockSkew(
  events: readonly EventInput[],
  sentAt: Date | null | undefined,
  receivedAt: Date,
): readonly EventInput[] {
  if (sentAt === null || sentAt === undefined) return events;
  const skew = receivedAt.getTime() - sentAt.getTime();
  if (skew === 0) return events;
  return events.map((e) =>
    e.timestamp === null || e.timestamp === undefined
      ? e
      : { ...e, timestamp: new Date(e.timestamp.getTime() + skew) },
  );
}

/** An event's SKU: an id, required for every type but search, naming a known item unless the key may create one. */
function skuProblem(e: EventInput, isUnknownSku: (sku: string) => boolean): string | null {
  const problem = idProblem(e.sku, e.type !== 'search');
  if (problem !== null || e.sku === null || e.sku === undefined || !isUnknownSku(e.sku)) return problem;
  return 'names an item unknown to the catalog (only a key with the write scope creates items)';
}

function eventProblem(
  e: EventInput,
  receivedAt: Date,
  caller: EventCaller,
): { field: string; message: string } | null {
  const checks: [string, string | null][] = [
    (caller.storefront ? storefrontProblem(e, caller.tokenCustomer ?? null) : null) ?? ['type', null],
    ['eventId', idProblem(e.eventId, true) ?? reservedIdProblem(e.eventId, caller)],
    ['customerId', idProblem(e.customerId, false) ?? tokenProblem(e, caller)],
    ['sku', skuProblem(e, caller.isUnknownSku ?? (() => false))],
    [
      'query',
      e.type === 'search' && (e.query ?? '').trim() === ''
        ? 'is required for search events'
        : lengthProblem(e.query, MAX_EVENT_TEXT_LENGTH),
    ],
    ['timestamp', timeProblem(e.timestamp, receivedAt, caller.storefront === true)],
    ['sessionId', lengthProblem(e.sessionId, MAX_EVENT_TEXT_LENGTH)],
    ['orderId', lengthProblem(e.orderId, MAX_EVENT_TEXT_LENGTH)],
    [
      'rating',
      e.type === 'rating' && (e.rating ?? null) === null
        ? 'is required for rating events'
        : numberProblem(e.rating),
    ],
    [
      'quantity',
      e.quantity !== null && e.quantity !== undefined && e.quantity <= 0
        ? 'must be positive'
        : numberProblem(e.quantity),
    ],
    [
      'unitPrice',
      e.unitPrice !== null && e.unitPrice !== undefined && e.unitPrice < 0
        ? 'must not be negative'
        : numberProblem(e.unitPrice),
    ],
  ];
  for (const [field, message] of checks) if (message !== null) return { field, message };
  // Text no adapter stores (a lone surrogate, such as '\uD800') refuses this event, not the whole call as
  // the storage would (U+0000 never gets here: refuseNulInput refuses the operation).
  for (const field of ['eventId', 'customerId', 'sku', 'query', 'sessionId', 'orderId'] as const) {
    const value = e[field];
    const message = typeof value === 'string' ? textProblem(value) : null;
    if (message !== null) return { field, message };
  }
  return null;
}

/** Who sends a trackEvents call, as its checks need it. */
export interface EventCaller {
  /** Refuses events naming SKUs the caller may not create (storage creates the item). */
  isUnknownSku?: (sku: string) => boolean;
  /**
   * A storefront key (no write scope): its purchases and returns are refused, a rating needs the rating
   * customer's token and a value on a 0-10 scale, and its event ids are kept apart from the shop's
   * (STOREFRONT_EVENT_ID_PREFIX), so that a page cannot take the id of an event the shop's server will
   * send and have that event skipped as a duplicate.
   */
  storefront?: boolean;
  /** The customer the request's customer token names, if it carries one. */
  tokenCustomer?: string | null;
  /** A storefront event naming a customer needs a token naming that customer (storefrontEventsNeedToken). */
  customerNeedsToken?: boolean;
}

/** What the ids of events sent with a storefront key are stored under. */
export const STOREFRONT_EVENT_ID_PREFIX = 'storefront:';

/**
 * The largest rating a storefront key may send (stars or a 10-point scale). A rating event weighs its
 * value (times the rating weight): one rating of 1e12, sent from a page for any customer, outweighed that
 * customer's whole history and, once trained on, the shop's neighbours of the item.
 */
export const STOREFRONT_MAX_RATING = 10;

/** What a storefront key may not send, with the field at fault: the type, the rating's customer or its value. */
function storefrontProblem(e: EventInput, tokenCustomer: string | null): [string, string] | null {
  if (e.type === 'purchase' || e.type === 'return')
    return [
      'type',
      `${e.type.toUpperCase()} needs a key with the write scope: purchases and returns, with their prices, come from the shop's server (a storefront key sits in a web page, where anyone can send any price for any customer)`,
    ];
  if (e.type !== 'rating') return null;
  if (tokenCustomer === null || e.customerId !== tokenCustomer)
    return [
      'customerId',
      "a RATING from a storefront key needs a customer token naming the rating customer (a customer's rating is theirs to give)",
    ];
  const r = e.rating;
  if (typeof r === 'number' && !(r >= 0 && r <= STOREFRONT_MAX_RATING))
    return ['rating', `must lie within 0-${STOREFRONT_MAX_RATING} from a storefront key, got ${r}`];
  return null;
}

/** Under storefrontEventsNeedToken: a storefront event speaks for a customer only with their token. */
function tokenProblem(e: EventInput, caller: EventCaller): string | null {
  if (!caller.storefront || !caller.customerNeedsToken || e.customerId == null) return null;
  return e.customerId === caller.tokenCustomer
    ? null
    : "needs a customer token naming this customer: this gateway takes a storefront key's events for the customer its token names only (STOREWISE_STOREFRONT_EVENTS_NEED_TOKEN)";
}

/** The storefront prefix is for the events a storefront key sends: another key may not write under it. */
function reservedIdProblem(eventId: string, caller: EventCaller): string | null {
  return !caller.storefront && eventId.startsWith(STOREFRONT_EVENT_ID_PREFIX)
    ? `must not start with "${STOREFRONT_EVENT_ID_PREFIX}": the prefix is where events sent with a storefront key are kept`
    : null;
}

/**
 * Splits a trackEvents call into the events that can be stored and the problems of the others, each
 * with the event's index and the field at fault (`positions`: each valid event's index in the call).
 * Valid events are never held back by bad ones.
 */
export function splitEvents(
  events: readonly EventInput[],
  receivedAt: Date,
  caller: EventCaller = {},
): { valid: StorageEventInput[]; positions: number[]; problems: EventProblem[] } {
  const valid: StorageEventInput[] = [];
  /** Each valid event's index in the call. */
  const positions: number[] = [];
  const problems: EventProblem[] = [];
  events.forEach((e, index) => {
    const problem = eventProblem(e, receivedAt, caller);
    if (problem !== null) {
      problems.push({
        index,
        field: problem.field,
        message: `events[${index}].${problem.field} ${problem.message}`,
      });
      return;
    }
    positions.push(index);
    valid.push({
      eventId: caller.storefront ? `${STOREFRONT_EVENT_ID_PREFIX}${e.eventId}` : e.eventId,
      type: e.type,
      customerId: e.customerId ?? null,
      sku: e.sku ?? null,
      timestamp: e.timestamp ?? receivedAt,
      quantity: e.quantity ?? null,
      unitPrice: e.unitPrice ?? null,
      rating: e.rating ?? null,
      query: e.query ?? null,
      sessionId: e.sessionId ?? null,
      orderId: e.orderId ?? null,
    });
  });
  return { valid, positions, problems };
}
