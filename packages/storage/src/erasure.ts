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
import { EVENT_TEXT_FIELDS, type EventColumns } from './event-columns.js';
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
 * `columns` without the events naming a customer in `erased`, and without those customers in its list:
 * the kept rows' values and text bytes copied as they are (no object or string per event: a first import's
 * batches of 20,000 rows pass through here whenever they name an erased customer).
 */
export function columnsWithout(columns: EventColumns, erased: ReadonlySet<string>): EventColumns {
  const F = EVENT_TEXT_FIELDS.length;
  // The customers kept, renumbered; -1 for an erased one.
  const renumber = new Int32Array(columns.customerIds.length);
  const customerIds: string[] = [];
  columns.customerIds.forEach((id, c) => {
    renumber[c] = erased.has(id) ? -1 : customerIds.push(id) - 1;
  });
  if (customerIds.length === columns.customerIds.length) return columns;
  const n = columns.length;
  const kept: number[] = [];
  const textStart = new Int32Array(n + 1);
  let keptBytes = 0;
  for (let i = 0; i < n; i++) {
    let bytes = 0;
    for (let f = 0; f < F; f++) bytes += Math.max(columns.textLengths[i * F + f]!, 0);
    textStart[i + 1] = textStart[i]! + bytes;
    const c = columns.customer[i]!;
    if (c < 0 || renumber[c]! >= 0) {
      kept.push(i);
      keptBytes += bytes;
    }
  }
  const m = kept.length;
  const out = {
    length: m,
    text: new Uint8Array(keptBytes),
    textLengths: new Int32Array(m * F),
    type: new Uint8Array(m),
    customer: new Int32Array(m),
    customerIds,
    item: new Int32Array(m),
    skus: columns.skus,
    time: new Float64Array(m),
    quantity: new Float64Array(m),
    unitPrice: new Float64Array(m),
    rating: new Float64Array(m),
  };
  let at = 0;
  kept.forEach((i, k) => {
    out.text.set(columns.text.subarray(textStart[i]!, textStart[i + 1]!), at);
    at += textStart[i + 1]! - textStart[i]!;
    out.textLengths.set(columns.textLengths.subarray(i * F, (i + 1) * F), k * F);
    out.type[k] = columns.type[i]!;
    const c = columns.customer[i]!;
    out.customer[k] = c < 0 ? -1 : renumber[c]!;
    out.item[k] = columns.item[i]!;
    out.time[k] = columns.time[i]!;
    out.quantity[k] = columns.quantity[i]!;
    out.unitPrice[k] = columns.unitPrice[i]!;
    out.rating[k] = columns.rating[i]!;
  });
  return out;
}
