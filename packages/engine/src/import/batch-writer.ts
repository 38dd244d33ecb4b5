import {
  type AppendResult,
  type CustomerInput,
  type EventColumns,
  eventsOfColumns,
  type ImportReject,
  type ItemInput,
  type Storage,
} from '@storewise/storage';

/** What one written batch changed. */
export interface BatchOutcome {
  inserted: number;
  duplicates: number;
}

/** What a batch writes; see BatchCollector. */
export interface WritableBatch {
  events: EventColumns;
  items: readonly ItemInput[];
  customers: readonly CustomerInput[];
  rejects: readonly ImportReject[];
}

/**
 * Writes one batch in one storage transaction: its items and customers, its events, and its rejects. A
 * batch that fails leaves nothing behind.
 */
export async function writeBatch(
  storage: Storage,
  batch: WritableBatch,
  signal: AbortSignal | undefined,
): Promise<BatchOutcome> {
  const { events, items, customers, rejects } = batch;
  if (events.length === 0 && rejects.length === 0 && items.length === 0 && customers.length === 0)
    return { inserted: 0, duplicates: 0 };
  const outcome = await storage.transaction(async (tx) => {
    signal?.throwIfAborted();
    if (items.length > 0) await tx.upsertItems(items);
    if (customers.length > 0) await tx.upsertCustomers(customers);
    signal?.throwIfAborted();
    const appended = events.length > 0 ? await appendColumns(tx, events) : { inserted: 0, duplicates: 0 };
    if (rejects.length > 0) await tx.recordRejects(rejects);
    signal?.throwIfAborted();
    return appended;
  });
  return { inserted: outcome.inserted, duplicates: outcome.duplicates };
}

/** The storage's fast path for columns where it has one, else its events as objects. */
function appendColumns(storage: Storage, events: EventColumns): Promise<AppendResult> {
  return storage.appendEventColumns
    ? storage.appendEventColumns(events)
    : storage.appendEvents(eventsOfColumns(events));
}
