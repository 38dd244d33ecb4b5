/**
 * appendEvents during a bulk load (bulk-load.ts): `events` has no index or constraint, so the batch is
 * COPYed straight into it, with no ON CONFLICT. An event whose id's fingerprint the load has seen (the
 * table was empty when the load began and the load is its only writer) is set aside instead, to be
 * inserted with ON CONFLICT after the indexes are built (bulk-load.ts): it is a repeat, but for a chance
 * of about 1 in 10^16 in three million. The customers and items the batch names are created first,
 * their ids kept for the rest of the load. The batch comes in columns (event-columns.ts)
 * and goes in COPY's binary format (copy-binary.ts), its text copied byte for byte: no object or string
 * per event here, and the server parses no timestamps or numbers. Each row carries its `seq`, numbered by
 * the load (BulkLoad.takeSeq). Where WebAssembly runs, the fingerprints, the sorting of fresh from seen
 * events and the rows are the kernel's (bulk-rows.ts); the functions below are its oracle and the path
 * without it.
 */
import { sql } from 'drizzle-orm';
import { EVENT_TEXT_FIELDS, type EventColumns } from '../event-columns.js';
import type { BulkLoad } from './bulk-load.js';
import { BulkRows, type SplitBatch } from './bulk-rows.js';
import { BinaryCopyWriter, setInt4 } from './copy-binary.js';
import type { CopyIn } from './copy-in.js';
import { type Db, query } from './db.js';
import { EVENT_TYPE_LABELS, textStarts, writeEventTail } from './event-copy-rows.js';
import type { IdFingerprints } from './id-fingerprints.js';

const EVENT_COLUMNS =
  'events (seq, event_id, type, customer_id, item_id, ts, quantity, unit_price, rating, query, session_id, order_id)';
/** A row's field count, two integers, seq, timestamp and three doubles with their length words, and five text length words. */
const FIXED_ROW_BYTES = 2 + 2 * 8 + 5 * 12 + 5 * 4;
const TEXT_FIELDS = EVENT_TEXT_FIELDS.length;

/** What bulkAppend did: the events it stored, and the indexes in the batch of those it set aside. */
export interface BulkAppended {
  inserted: number;
  setAside: readonly number[];
}

/**
 * Appends the events of `batch` whose ids this load has not stored (the first of repeats within it).
 * The others are set aside (see above) and count as duplicates; their content is compared when the load
 * finishes (BulkLoad.finish).
 */
export async function bulkAppend(
  tx: Db,
  batch: EventColumns,
  load: BulkLoad,
  copyIn: CopyIn,
): Promise<BulkAppended> {
  const stored = await load.storedIds(tx);
  // Ids are added before the COPY: if it fails, the transaction cannot go on until a savepoint rolls
  // back, and that makes the load read its ids back from the table (BulkLoad.undo).
  const split = stored instanceof BulkRows ? stored.split(batch) : splitBatch(batch, stored);
  const { fresh, textStart } = split;
  const seen = split.seen.slice();
  if (seen.length > 0) load.setAside(batch, seen, textStart, copyIn);
  const setAside = Array.from(seen);
  if (fresh.length === 0) return { inserted: 0, setAside };
  const firstSeq = load.takeSeq(fresh.length);
  if (stored instanceof BulkRows) {
    const { customers, items } = await resolveIds(tx, batch, split, load);
    await copyIn(tx, EVENT_COLUMNS, stored.rows(firstSeq, customers, items));
    return { inserted: fresh.length, setAside };
  }
  // The rows are written while the server creates the batch's new customers and items: their ids are
  // set in the rows when it answers.
  const resolving = resolveIds(tx, batch, split, load);
  resolving.catch(() => {}); // awaited below; a failure of the rows first must not leave it unhandled
  // All the batch's text: at least that of its fresh events.
  const size = fresh.length * (FIXED_ROW_BYTES + 16) + batch.text.length + 64;
  const spare = load.copyBuffer;
  load.copyBuffer = null; // a failure below leaves it with the rows in flight, not reused
  const out = new BinaryCopyWriter(spare ?? size);
  const customerAt = new Int32Array(fresh.length);
  const itemAt = new Int32Array(fresh.length);
  writeRows(out, batch, fresh, textStart, firstSeq, customerAt, itemAt);
  const rows = out.finish();
  const { customers, items } = await resolving;
  setIds(rows, batch, fresh, customerAt, itemAt, customers, items);
  await copyIn(tx, EVENT_COLUMNS, rows);
  // Sent and acknowledged: the next batch writes its rows in the same buffer.
  load.copyBuffer = out.buffer;
  return { inserted: fresh.length, setAside };
}

/** What BulkRows.split does, in TypeScript: the oracle, and the path without WebAssembly. */
export function splitBatch(batch: EventColumns, stored: IdFingerprints): SplitBatch {
  const freshIndexes = new Int32Array(batch.length);
  const seenIndexes = new Int32Array(batch.length);
  const textStart = textStarts(batch);
  const freshCount = freshEvents(batch, stored, textStart, freshIndexes, seenIndexes);
  const fresh = freshIndexes.subarray(0, freshCount);
  const namedCustomers = new Uint8Array(batch.customerIds.length);
  const namedItems = new Uint8Array(batch.skus.length);
  markNamed(batch, fresh, namedCustomers, namedItems);
  return {
    fresh,
    seen: seenIndexes.subarray(0, batch.length - freshCount),
    textStart,
    namedCustomers,
    namedItems,
  };
}

// The loops over a batch's events are functions of their own, outside the async ones: inside them, each
// call of bulkAppend ran its loops through on-stack replacement and deoptimized on the next batch, and
// TurboFan compiled bulkAppend and resolveIds 7-9 times each in an Online Retail import (node --trace-opt).
// They write into arrays the caller made and return at most a number: TurboFan compiles them (on-stack
// replacement) during their first call, before anything after the loop has run, and an object made there
// (a result object, a subarray) had no type feedback: the compiled code deoptimized at the end of every
// batch until it was compiled again (freshEvents and writeRows 3-4 times each).

/**
 * Sorts the events of `batch` by whether `stored` had seen their ids (added to it: the first of repeats
 * within the batch is fresh): the fresh ones' indexes go to the start of `fresh`, the others' to the
 * start of `seen`. `textStart`: where each event's text starts (textStarts). Returns how many are fresh.
 */
function freshEvents(
  batch: EventColumns,
  stored: IdFingerprints,
  textStart: Int32Array,
  fresh: Int32Array,
  seen: Int32Array,
): number {
  const { text, textLengths } = batch;
  let freshCount = 0;
  let seenCount = 0;
  for (let i = 0; i < batch.length; i++) {
    const at = textStart[i]!;
    if (stored.addBytes(text, at, at + textLengths[i * TEXT_FIELDS]!)) fresh[freshCount++] = i;
    else seen[seenCount++] = i;
  }
  return freshCount;
}

/**
 * The COPY rows of the `fresh` events, numbered from `firstSeq`, with room for their customer and item
 * ids: where each one's goes (-1 for none) into `customerAt` and `itemAt`, for setIds once the server
 * has them.
 */
export function writeRows(
  out: BinaryCopyWriter,
  batch: EventColumns,
  fresh: Int32Array,
  textStart: Int32Array,
  firstSeq: number,
  customerAt: Int32Array,
  itemAt: Int32Array,
): void {
  const { text, textLengths } = batch;
  for (let k = 0; k < fresh.length; k++) {
    const i = fresh[k]!;
    const l = i * TEXT_FIELDS;
    const type = EVENT_TYPE_LABELS[batch.type[i]!]!;
    const idLength = textLengths[l]!;
    const queryLength = textLengths[l + 1]!;
    const sessionLength = textLengths[l + 2]!;
    const orderLength = textLengths[l + 3]!;
    out.row(
      12,
      FIXED_ROW_BYTES +
        type.length +
        idLength +
        Math.max(queryLength, 0) +
        Math.max(sessionLength, 0) +
        Math.max(orderLength, 0),
    );
    let at = textStart[i]!;
    out.int8(firstSeq + k);
    out.utf8(text, at, idLength);
    at += idLength;
    out.utf8(type, 0, type.length);
    if (batch.customer[i]! < 0) {
      out.null();
      customerAt[k] = -1;
    } else customerAt[k] = out.int4Later();
    if (batch.item[i]! < 0) {
      out.null();
      itemAt[k] = -1;
    } else itemAt[k] = out.int4Later();
    out.timestamp(batch.time[i]!);
    writeEventTail(out, batch, i, at);
  }
}

/** The storage ids of the rows' customers and items, where writeRows left room for them. */
export function setIds(
  rows: Uint8Array,
  batch: EventColumns,
  fresh: Int32Array,
  customerAt: Int32Array,
  itemAt: Int32Array,
  customers: Int32Array,
  items: Int32Array,
): void {
  for (let k = 0; k < fresh.length; k++) {
    const i = fresh[k]!;
    if (customerAt[k]! >= 0) setInt4(rows, customerAt[k]!, customers[batch.customer[i]!]!);
    if (itemAt[k]! >= 0) setInt4(rows, itemAt[k]!, items[batch.item[i]!]!);
  }
}

/**
 * The storage ids of the customers and items that the batch's fresh events name (`named`, by their index
 * in `batch.customerIds` and `batch.skus`; 0 for the others): those this load has no id for are created
 * (in order of first appearance, as the staged path does) and read back, in one statement. A customer or
 * item named only by events already stored is not created, as on every adapter.
 */
async function resolveIds(
  tx: Db,
  batch: EventColumns,
  named: SplitBatch,
  load: BulkLoad,
): Promise<{ customers: Int32Array; items: Int32Array }> {
  const { newCustomers, newItems } = unknownKeys(batch, named, load);
  if (newCustomers.length > 0 || newItems.length > 0) {
    // A data-modifying WITH clause's rows are not visible to the rest of its statement: new rows come
    // from RETURNING, rows that already existed from the tables. The keys go as arrays, whose length
    // the planner sees: it looks them up in the unique indexes (a JSON list, estimated at 100 rows,
    // had it scan both tables in every batch).
    const rows = await query<{ kind: 'c' | 'i'; id: number; key: string }>(
      tx,
      sql`WITH c_new AS (INSERT INTO customers (external_id)
          SELECT k FROM unnest(${sql.param(newCustomers)}::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n
          ON CONFLICT (external_id) DO NOTHING RETURNING id, external_id),
        i_new AS (INSERT INTO items (sku)
          SELECT k FROM unnest(${sql.param(newItems)}::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n
          ON CONFLICT (sku) DO NOTHING RETURNING id, sku)
      SELECT 'c' AS kind, id, external_id AS key FROM c_new
      UNION ALL SELECT 'c', id, external_id FROM customers WHERE external_id = ANY(${sql.param(newCustomers)}::text[])
      UNION ALL SELECT 'i', id, sku FROM i_new
      UNION ALL SELECT 'i', id, sku FROM items WHERE sku = ANY(${sql.param(newItems)}::text[])`,
    );
    keepIds(rows, load);
  }
  return { customers: idsOf(batch.customerIds, load.customerIds), items: idsOf(batch.skus, load.itemIds) };
}

/** Marks (1) the customers and items that the `fresh` events of `batch` name, by their index in its lists. */
function markNamed(
  batch: EventColumns,
  fresh: Int32Array,
  namedCustomers: Uint8Array,
  namedItems: Uint8Array,
): void {
  for (let k = 0; k < fresh.length; k++) {
    const i = fresh[k]!;
    const c = batch.customer[i]!;
    const s = batch.item[i]!;
    if (c >= 0) namedCustomers[c] = 1;
    if (s >= 0) namedItems[s] = 1;
  }
}

/** The customers and items the fresh events of `batch` name (`named`) that this load has no id for. */
function unknownKeys(
  batch: EventColumns,
  named: SplitBatch,
  load: BulkLoad,
): { newCustomers: string[]; newItems: string[] } {
  const newCustomers: string[] = [];
  const newItems: string[] = [];
  for (let k = 0; k < batch.customerIds.length; k++) {
    const id = batch.customerIds[k]!;
    if (named.namedCustomers[k] === 1 && !load.customerIds.has(id)) newCustomers.push(id);
  }
  for (let k = 0; k < batch.skus.length; k++) {
    const sku = batch.skus[k]!;
    if (named.namedItems[k] === 1 && !load.itemIds.has(sku)) newItems.push(sku);
  }
  return { newCustomers, newItems };
}

/** The ids the server gave (or had) for the load's new customers and items, kept for the rest of the load. */
function keepIds(rows: readonly { kind: 'c' | 'i'; id: number; key: string }[], load: BulkLoad): void {
  for (const row of rows) (row.kind === 'c' ? load.customerIds : load.itemIds).set(row.key, Number(row.id));
}

/** Each key's id in `ids`, 0 for none. */
function idsOf(keys: readonly string[], ids: ReadonlyMap<string, number>): Int32Array {
  const out = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) out[k] = ids.get(keys[k]!) ?? 0;
  return out;
}
