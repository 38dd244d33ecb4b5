import {
  type AppendResult,
  type CustomerInput,
  type EventColumns,
  type EventConflict,
  eventsOfColumns,
  type ImportReject,
  type ItemInput,
  type Storage,
} from '@storewise/storage';
import { conflictRejects, type EventRow, rowsOf } from './conflict-rejects.js';

/** What one written batch changed. */
export interface BatchOutcome {
  inserted: number;
  duplicates: number;
  /** Events, or customer records, left out because they name a customer on the erasure list. */
  erased: number;
  /** The customers on the erasure list whose events `erased` counts (event formats), each once. */
  erasedCustomers: readonly string[];
  /** Refused rows whose rejects storage left out as they name a customer on the erasure list, and their reasons. */
  erasedRejects: ErasedRejects;
  /** Of the duplicates, rows whose content differs from the stored event's: kept as rejects (conflict-rejects.ts). */
  differing: number;
  /**
   * Rows of duplicates whose content a bulk load compares when it settles (AppendResult.unsettled), in
   * order: the import reports their conflicts then (importFile).
   */
  unsettled: EventRow[];
}

/** Refused rows of erased customers, not kept: how many, and their refused fields per reason. */
export interface ErasedRejects {
  rows: number;
  byReason: Record<string, number>;
}

/** What a batch writes; see BatchCollector. */
export interface WritableBatch {
  events: EventColumns;
  /** The file line of each event. */
  eventLines: Int32Array;
  items: readonly ItemInput[];
  customers: readonly CustomerInput[];
  rejects: readonly ImportReject[];
}

/**
 * Writes one batch: its events, then the facts of its items and customers, then its rejects, in one storage
 * transaction (a batch that fails leaves nothing behind), or with `inTransaction` in the one the caller
 * runs (a first import: if a batch fails, all of it rolls back, so a savepoint per batch would buy nothing
 * for its two statements). Storage creates the customers and items that the events it stores name; the
 * facts then update only those stored (`existingOnly`), so a row skipped as a duplicate creates nothing.
 * With `createRecords` (RECORD_FORMATS: the rows are the items or customers themselves) they create
 * what is not stored.
 */
export async function writeBatch(
  storage: Storage,
  batch: WritableBatch,
  source: string,
  signal: AbortSignal | undefined,
  inTransaction = false,
  createRecords = false,
): Promise<BatchOutcome> {
  const { events, items, customers, rejects } = batch;
  if (events.length === 0 && rejects.length === 0 && items.length === 0 && customers.length === 0)
    return {
      inserted: 0,
      duplicates: 0,
      erased: 0,
      erasedCustomers: [],
      erasedRejects: { rows: 0, byReason: {} },
      differing: 0,
      unsettled: [],
    };
  const write = async (tx: Storage): Promise<BatchOutcome> => {
    signal?.throwIfAborted();
    const appended: AppendResult =
      events.length > 0
        ? await appendColumns(tx, events)
        : { inserted: 0, duplicates: 0, erased: 0, conflicts: [], unsettled: [] };
    signal?.throwIfAborted();
    const existingOnly = !createRecords;
    if (items.length > 0) await tx.upsertItems(items, { existingOnly });
    // Facts of customers named by events: the erased ones are not stored, so left out with their events.
    const upserted = customers.length > 0 ? await tx.upsertCustomers(customers, { existingOnly }) : null;
    const recorded = rejects.length > 0 ? await tx.recordRejects(rejects) : null;
    // The rows storage kept out as repeats with other content (their customers are not erased: such
    // events were left out before any was a duplicate).
    await recordConflicts(tx, source, appended.conflicts, (i) => rowsOf(events, batch.eventLines, [i])[0]!);
    signal?.throwIfAborted();
    const { inserted, duplicates } = appended;
    return {
      inserted,
      duplicates,
      erased: createRecords ? (upserted?.erased ?? 0) : appended.erased,
      erasedCustomers: await erasedNamed(tx, appended, events),
      erasedRejects: rejectsOf(rejects, recorded?.erased ?? []),
      differing: appended.conflicts.length,
      unsettled: rowsOf(events, batch.eventLines, appended.unsettled),
    };
  };
  return inTransaction ? await write(storage) : await storage.transaction(write);
}

/** Keeps the rows of `conflicts` as rejects (conflict-rejects.ts); `rowOf` gives a conflict's row by its index. */
export async function recordConflicts(
  storage: Storage,
  source: string,
  conflicts: readonly EventConflict[],
  rowOf: (index: number) => EventRow,
): Promise<void> {
  if (conflicts.length > 0) await storage.recordRejects(conflictRejects(source, conflicts, rowOf));
}

/** The rows and reasons of the `rejects` that name one of `customers` (a row's rejects all name its customer). */
function rejectsOf(rejects: readonly ImportReject[], customers: readonly string[]): ErasedRejects {
  const out: ErasedRejects = { rows: 0, byReason: {} };
  if (customers.length === 0) return out;
  const erased = new Set(customers);
  // One import's rejects have one source: a line is a row.
  const rows = new Set<number>();
  for (const r of rejects) {
    if (r.customerId == null || !erased.has(r.customerId)) continue;
    rows.add(r.line);
    out.byReason[r.reason] = (out.byReason[r.reason] ?? 0) + 1;
  }
  out.rows = rows.size;
  return out;
}

/** The storage's fast path for columns where it has one, else its events as objects. */
/**
 * The customers whose events the append left out as erased: as storage says, or, from an adapter that does
 * not say (AppendResult.erasedCustomers is optional), asked of its erasure list one by one.
 */
async function erasedNamed(
  storage: Storage,
  appended: AppendResult,
  events: EventColumns,
): Promise<readonly string[]> {
  if (appended.erased === 0) return [];
  if (appended.erasedCustomers !== undefined) return appended.erasedCustomers;
  const erased: string[] = [];
  for (const id of events.customerIds) if (await storage.isErased?.(id)) erased.push(id);
  return erased;
}

function appendColumns(storage: Storage, events: EventColumns): Promise<AppendResult> {
  return storage.appendEventColumns
    ? storage.appendEventColumns(events)
    : storage.appendEvents(eventsOfColumns(events));
}
