/**
 * Rows whose event id repeats a stored event's (or an earlier row's) with other content: storage keeps
 * the first stored (AppendResult.conflicts) and the import keeps each such row as rejects, one per field
 * that differs, so that it is reported, not passed over as a plain duplicate. Its summary counts them
 * in `differing` (of `duplicates`), not in `rejected`: the rows were valid.
 */
import type {
  EventColumns,
  EventConflict,
  EventContentField,
  EventFieldValue,
  ImportReject,
} from '@storewise/storage';

export const CONFLICT_REASON = 'duplicate id, different content: kept the first stored';

/** The field of a conflict's reject: the event field as the events format's columns name it. */
export const CONFLICT_FIELD_NAMES: Readonly<Record<EventContentField, string>> = {
  type: 'type',
  customerId: 'customer_id',
  sku: 'sku',
  timestamp: 'timestamp',
  quantity: 'quantity',
  unitPrice: 'unit_price',
  rating: 'rating',
  query: 'query',
  sessionId: 'session_id',
  orderId: 'order_id',
};

/** The row of an appended event: its line, and the customer it names (kept with its rejects, for erasure). */
export interface EventRow {
  line: number;
  customerId: string | null;
}

/** The rows of the events `indexes` of a batch (copied: the batch's arrays go back to the reader). */
export function rowsOf(events: EventColumns, lines: Int32Array, indexes: readonly number[]): EventRow[] {
  return indexes.map((i) => {
    const c = events.customer[i]!;
    return { line: lines[i]!, customerId: c < 0 ? null : events.customerIds[c]! };
  });
}

/** The rejects of `conflicts`, whose rows `rowOf` gives by the conflict's index. */
export function conflictRejects(
  source: string,
  conflicts: readonly EventConflict[],
  rowOf: (index: number) => EventRow,
): ImportReject[] {
  const out: ImportReject[] = [];
  for (const c of conflicts) {
    const { line, customerId } = rowOf(c.index);
    for (const f of c.fields)
      out.push({
        source,
        line,
        field: CONFLICT_FIELD_NAMES[f.field],
        reason: CONFLICT_REASON,
        raw: `event_id ${c.eventId}: stored ${f.field === 'customerId' ? storedCustomer(f.stored) : shown(f.stored)}, this row ${shown(f.given)}`,
        customerId,
      });
  }
  return out;
}

const shown = (value: EventFieldValue): string => (value === null ? 'nothing' : JSON.stringify(value));

/**
 * The stored event's customer, unnamed: the reject is kept under this row's customer (erasing them removes
 * it), so it must not hold another customer's id, which erasing that one would leave behind.
 */
const storedCustomer = (value: EventFieldValue): string => (value === null ? 'nothing' : 'another customer');
