/**
 * Erasure that sticks. `deleteCustomer` removes a customer and everything derived from them, and puts them
 * on the erasure list: from then on, every adapter leaves out the events that name them (appendEvents,
 * appendEventColumns, a first import's bulk load) and their customer records (upsertCustomers), counting
 * what it left out as `erased`, until `restoreCustomer` lifts it. A shop's next export still holds the
 * customer's orders; without the list, importing it brought them back.
 *
 * The list keeps the SHA-256 of each id's UTF-8 bytes, not the id in clear, and anyone holding an id can
 * check it, which is what it is for. It is not anonymous: a short or guessable id (a customer number) is
 * found again by hashing candidates, so the table is personal data of those erased, kept to honour their
 * erasure. Events of erased customers are left out,
 * not stored anonymously, as deleteCustomer removes their events rather than anonymising them. They count as
 * erased before anything else: a repeat of such an event, or an id that another event of the batch also
 * has, is counted as erased, not as a duplicate (the conformance suite checks it).
 */
import { createHash } from 'node:crypto';
import { type EventColumns, eventColumns, eventsOfColumns } from './event-columns.js';
import type { EventInput } from './types.js';

/** The erasure list's key of an external customer id (hex), as the SQL adapters compute it in SQL. */
export function erasureHash(externalId: string): string {
  return createHash('sha256').update(externalId, 'utf8').digest('hex');
}

/** The distinct customers a batch of events names. */
export function customersNamed(events: readonly EventInput[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) if (e.customerId !== null) ids.add(e.customerId);
  return ids;
}

/** `events` without those naming a customer in `erased`. */
export function eventsWithout(events: readonly EventInput[], erased: ReadonlySet<string>): EventInput[] {
  return events.filter((e) => e.customerId === null || !erased.has(e.customerId));
}

/**
 * `columns` without the events naming a customer in `erased`. Rare (the batch names an erased customer),
 * so it goes through objects rather than filtering every column in place.
 */
export function columnsWithout(columns: EventColumns, erased: ReadonlySet<string>): EventColumns {
  return eventColumns(eventsWithout(eventsOfColumns(columns), erased));
}
