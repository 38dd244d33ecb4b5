/**
 * Events whose client-supplied id repeats a stored one but whose content differs. Appending keeps the
 * first stored (an append of the same events again changes nothing) and reports such an event as a
 * conflict (AppendResult.conflicts), so that a repeated id with other content is not passed over as a
 * plain duplicate.
 *
 * Content is every field of an event but its id: type, customer, item (SKU), time (to the millisecond),
 * quantity, unit price, rating, search query, session and order id. A field left out (undefined) is null.
 * The customers' and items' own facts (country, title, price) are not the event's content.
 */
import type { EventInput, StoredEvent } from './types.js';

/** The fields compared, as EventInput names them, in the order a conflict lists its differences. */
export const EVENT_CONTENT_FIELDS = [
  'type',
  'customerId',
  'sku',
  'timestamp',
  'quantity',
  'unitPrice',
  'rating',
  'query',
  'sessionId',
  'orderId',
] as const;
export type EventContentField = (typeof EVENT_CONTENT_FIELDS)[number];

/** A field's value in a conflict: text, a number, a time as an ISO 8601 string (UTC), or null. */
export type EventFieldValue = string | number | null;

/** One field of a conflict: the value stored under the id, and the value the appended event gave. */
export interface EventFieldDifference {
  field: EventContentField;
  stored: EventFieldValue;
  given: EventFieldValue;
}

/** An appended event left out as a duplicate although its content differs from the stored event's. */
export interface EventConflict {
  /** The event's index in the append's input (settleDuplicates: see there). */
  index: number;
  eventId: string;
  /** The fields that differ, in EVENT_CONTENT_FIELDS order (at least one). */
  fields: EventFieldDifference[];
}

/** An event's content, as compared (timestamp as epoch milliseconds). */
export type EventContent = Record<EventContentField, string | number | null>;

/** The content of an appended or a stored event. */
export function eventContent(e: EventInput | StoredEvent): EventContent {
  return {
    type: e.type,
    customerId: e.customerId,
    sku: e.sku,
    timestamp: e.timestamp.getTime(),
    quantity: e.quantity ?? null,
    unitPrice: e.unitPrice ?? null,
    rating: e.rating ?? null,
    query: e.query ?? null,
    sessionId: e.sessionId ?? null,
    orderId: e.orderId ?? null,
  };
}

/** The fields in which `given` differs from `stored` (empty when the contents are the same). */
export function contentDifferences(stored: EventContent, given: EventContent): EventFieldDifference[] {
  const out: EventFieldDifference[] = [];
  for (const field of EVENT_CONTENT_FIELDS) {
    const a = stored[field];
    const b = given[field];
    if (a === b) continue;
    out.push(
      field === 'timestamp'
        ? { field, stored: isoTime(a), given: isoTime(b) }
        : { field, stored: a, given: b },
    );
  }
  return out;
}

const isoTime = (ms: string | number | null): string | null =>
  ms === null ? null : new Date(Number(ms)).toISOString();
