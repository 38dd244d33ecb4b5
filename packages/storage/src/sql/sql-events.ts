/** Event writes and reads for the SQL adapters: appends staged (event-stage.ts) or bulk-loaded (bulk-load.ts), keyset scans. */
import { type SQL, sql } from 'drizzle-orm';
import { columnsWithout, customersNamed, eventsWithout } from '../erasure.js';
import { type EventColumns, eventColumns, eventsOfColumns } from '../event-columns.js';
import type { EventConflict } from '../event-conflicts.js';
import type { AppendResult, EventInput, EventScanOptions, StoredEvent } from '../types.js';
import { batchSizeOf, unstorableText } from '../validate.js';
import { validateEventColumns, validateEvents } from '../validate-events.js';
import { bulkAppend } from './bulk-append.js';
import { ASIDE_FLUSH_BYTES, BulkLoad } from './bulk-load.js';
import type { CopyIn } from './copy-in.js';
import { type Db, eventTypeIn, query } from './db.js';
import { CREATE_STAGE, copyToStage, insertToStage, moveStagedEvents, type StageMove } from './event-stage.js';
import { type EventRow, toEvent } from './rows.js';
import { erasedAmong } from './sql-erasure.js';
import type { StatisticsUpkeep } from './statistics.js';

/** Batches of at least this many events are staged with COPY where the adapter can (see copy-in.ts). */
export const COPY_MIN_EVENTS = 1_000;

/** A batch to append, as the caller gave it: objects, or columns (see event-columns.ts). */
type AppendBatch =
  | { kind: 'events'; events: readonly EventInput[] }
  | { kind: 'columns'; columns: EventColumns };

/** Runs in the batch's transaction once its events are stored, when any were (e.g. to notify watchers). */
export type AfterStored = (tx: Db, customerIds: Iterable<string>) => Promise<void>;

/**
 * Where and how appends write: the database; the adapter's COPY loader (large batches reach the server
 * through COPY when it is given); `load`, the enclosing storage transaction's bulk load, which builds the
 * indexes before it commits (a lone call builds them itself; `serverBuild`: on a PostgreSQL server, see
 * BulkLoad); and what runs once a batch's events are stored.
 */
export interface AppendTarget {
  db: Db;
  copyIn?: CopyIn;
  load?: BulkLoad;
  serverBuild: boolean;
  afterStored?: AfterStored;
  /** Counts the events stored by INSERT, for the planner statistics' upkeep (statistics.ts). */
  statistics?: StatisticsUpkeep;
}

/**
 * Inserts the events whose ids are new, creating the customers and items they name (in order of first
 * appearance); in one transaction. A large batch into an empty table starts a bulk load (see bulk-load.ts).
 */
export async function appendEvents(
  target: AppendTarget,
  events: readonly EventInput[],
): Promise<AppendResult> {
  validateEvents(events);
  return append(target, { kind: 'events', events });
}

/** appendEvents for a batch in columns: a bulk load writes them without an object per event. */
export async function appendEventColumns(target: AppendTarget, columns: EventColumns): Promise<AppendResult> {
  validateEventColumns(columns);
  return append(target, { kind: 'columns', columns });
}

async function append(
  { db, copyIn, load, serverBuild, afterStored, statistics }: AppendTarget,
  given: AppendBatch,
): Promise<AppendResult> {
  const length = lengthOf(given);
  if (length === 0) return { inserted: 0, duplicates: 0, erased: 0, conflicts: [], unsettled: [] };
  const bulk = load ?? new BulkLoad(serverBuild);
  // Before this batch's savepoint (see BulkLoad.aside): the client keeps no more than this of them.
  if (bulk.asideBytes > ASIDE_FLUSH_BYTES) await bulk.flushAside(db);
  const mark = bulk.mark();
  let erased = 0;
  let erasedCustomers: string[] = [];
  let bulkLoaded = false;
  let stored: StoredBatch;
  try {
    stored = await db.transaction(async (tx) => {
      // First, before any other write of the batch (the lock order of sql-erasure.ts).
      const { batch, inputIndex, erasedNamed } = await withoutErased(tx, given);
      erased = length - lengthOf(batch);
      erasedCustomers = erasedNamed;
      if (lengthOf(batch) === 0) return { inserted: 0, conflicts: [], unsettled: [] };
      if (copyIn !== undefined) await bulk.startIfEmpty(tx, lengthOf(batch));
      bulkLoaded = bulk.isActive;
      const out: StoredBatch = { inserted: 0, conflicts: [], unsettled: [] };
      // The bulk path's set of stored ids also drops repeats within the batch.
      if (bulk.isActive) {
        const columns = batch.kind === 'columns' ? batch.columns : eventColumns(batch.events);
        const { inserted, setAside } = await bulkAppend(tx, columns, bulk, copyIn!);
        out.inserted = inserted;
        out.unsettled = setAside.map(inputIndex);
      } else {
        const moved = await stagedAppend(tx, batch, copyIn);
        out.inserted = moved.inserted;
        out.conflicts = moved.conflicts.map((c) => ({ ...c, index: inputIndex(c.index) }));
      }
      if (out.inserted > 0 && afterStored !== undefined) await afterStored(tx, customerIdsOf(batch));
      if (load === undefined) {
        // A lone call's load settles here: its rows set aside are numbered from 0 (BulkLoad.finish).
        for (const c of await bulk.finish(tx)) out.conflicts.push({ ...c, index: out.unsettled[c.index]! });
        out.conflicts.sort((a, b) => a.index - b.index);
        out.unsettled = [];
      }
      return out;
    });
  } catch (error) {
    bulk.undo(mark);
    throw error;
  }
  const { inserted, conflicts, unsettled } = stored;
  if (!bulkLoaded) statistics?.add(inserted);
  const named = erased > 0 ? { erasedCustomers } : {};
  return { inserted, duplicates: length - erased - inserted, erased, ...named, conflicts, unsettled };
}

/** What a batch's transaction stored, and its conflicts (see AppendResult). */
interface StoredBatch {
  inserted: number;
  conflicts: EventConflict[];
  unsettled: number[];
}

const lengthOf = (batch: AppendBatch): number =>
  batch.kind === 'events' ? batch.events.length : batch.columns.length;

/**
 * The batch without the events of customers on the erasure list (erasure.ts), locking the list, and
 * each kept event's index in the batch given, and the erased customers it named.
 */
async function withoutErased(
  tx: Db,
  batch: AppendBatch,
): Promise<{ batch: AppendBatch; inputIndex: (kept: number) => number; erasedNamed: string[] }> {
  const named = batch.kind === 'columns' ? batch.columns.customerIds : customersNamed(batch.events);
  const erased = await erasedAmong(tx, named);
  if (erased.size === 0) return { batch, inputIndex: (i) => i, erasedNamed: [] };
  const erasedNamed = [...erased];
  const kept: number[] = [];
  if (batch.kind === 'columns') {
    const { customer, customerIds } = batch.columns;
    for (let i = 0; i < batch.columns.length; i++)
      if (customer[i]! < 0 || !erased.has(customerIds[customer[i]!]!)) kept.push(i);
  } else
    batch.events.forEach((e, i) => {
      if (e.customerId === null || !erased.has(e.customerId)) kept.push(i);
    });
  const inputIndex = (i: number): number => kept[i]!;
  return batch.kind === 'columns'
    ? { batch: { kind: 'columns', columns: columnsWithout(batch.columns, erased) }, inputIndex, erasedNamed }
    : { batch: { kind: 'events', events: eventsWithout(batch.events, erased) }, inputIndex, erasedNamed };
}

/** The customers a batch names (with repeats for a batch of objects). */
function customerIdsOf(batch: AppendBatch): Iterable<string> {
  if (batch.kind === 'columns') return batch.columns.customerIds;
  return (function* () {
    for (const e of batch.events) if (e.customerId !== null) yield e.customerId;
  })();
}

/**
 * The batch through the staging table into events, whose indexes are in place: ON CONFLICT skips known
 * ids, and repeats within the batch after their first (the rows go in batch order); the skipped rows
 * whose content differs come back as conflicts, `index` their index in the batch.
 */
async function stagedAppend(tx: Db, batch: AppendBatch, copyIn: CopyIn | undefined): Promise<StageMove> {
  await tx.execute(CREATE_STAGE);
  if (copyIn !== undefined && lengthOf(batch) >= COPY_MIN_EVENTS)
    await copyToStage(tx, batch.kind === 'columns' ? batch.columns : eventColumns(batch.events), copyIn);
  else await insertToStage(tx, batch.kind === 'events' ? batch.events : eventsOfColumns(batch.columns));
  return moveStagedEvents(tx, lengthOf(batch));
}

const EVENT_COLUMNS = sql`e.seq::float8 AS seq, e.event_id, e.type::text AS type, c.external_id AS customer, i.sku, e.customer_id, e.item_id,
  (extract(epoch FROM e.ts) * 1000)::float8 AS ts_ms, e.quantity, e.unit_price, e.rating, e.query,
  e.session_id, e.order_id`;

/** Keyset-paginated scan in (ts, seq) order: each batch is one bounded query. */
export async function* scanEvents(db: Db, options: EventScanOptions = {}): AsyncIterable<StoredEvent[]> {
  const limit = batchSizeOf(options);
  const filters: SQL[] = [];
  if (options.customerId !== undefined) {
    if (unstorableText(options.customerId)) return;
    filters.push(sql`e.customer_id = (SELECT id FROM customers WHERE external_id = ${options.customerId})`);
  }
  if (options.types !== undefined) {
    const typeFilter = eventTypeIn(options.types);
    if (!typeFilter) return;
    filters.push(typeFilter);
  }
  if (options.since) filters.push(sql`e.ts >= ${options.since.toISOString()}::timestamptz`);
  if (options.until) filters.push(sql`e.ts < ${options.until.toISOString()}::timestamptz`);
  let after: { ts: string; seq: number } | null = null;
  for (;;) {
    const where = [...filters];
    if (after) where.push(sql`(e.ts, e.seq) > (${after.ts}::timestamptz, ${after.seq})`);
    const rows: EventRow[] = await query<EventRow>(
      db,
      sql`SELECT ${EVENT_COLUMNS}
        FROM events e LEFT JOIN customers c ON c.id = e.customer_id LEFT JOIN items i ON i.id = e.item_id
        ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ORDER BY e.ts, e.seq LIMIT ${limit}`,
    );
    if (rows.length === 0) return;
    yield rows.map(toEvent);
    if (rows.length < limit) return;
    const last = rows[rows.length - 1]!;
    after = { ts: new Date(Number(last.ts_ms)).toISOString(), seq: Number(last.seq) };
  }
}
