/**
 * The per-connection staging table of appendEvents when `events` keeps its indexes (sql-events.ts): a
 * batch is loaded here, then moved into events by one INSERT ... SELECT, and cleared. A large batch
 * arrives by COPY in the binary format, written from its columns (event-columns.ts) byte for byte; a
 * small one as one JSON parameter.
 */
import { sql } from 'drizzle-orm';
import { EVENT_TEXT_FIELDS, type EventColumns } from '../event-columns.js';
import type { EventConflict } from '../event-conflicts.js';
import type { EventInput } from '../types.js';
import { BinaryCopyWriter } from './copy-binary.js';
import type { CopyIn } from './copy-in.js';
import { type Db, json, query } from './db.js';
import { EVENT_TYPE_LABELS, textStarts, writeEventTail } from './event-copy-rows.js';
import { stagedConflicts } from './stage-conflicts.js';

export const STAGE = 'storewise_event_stage';
const STAGE_COLUMNS = 'n, e, t, c, s, ts, q, p, r, qu, se, o';
export const CREATE_STAGE =
  sql.raw(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (n int, e text, t text, c text, s text,
  ts float8, q float8, p float8, r float8, qu text, se text, o text)`);

const TEXT_FIELDS = EVENT_TEXT_FIELDS.length;
/** A stage row's field count, `n` with its length word, four text length words (e, t, c, s), four doubles (ts, q, p, r) and three text length words. */
const FIXED_ROW_BYTES = 2 + 8 + 4 * 4 + 4 * 12 + 3 * 4;
const encoder = new TextEncoder();

/** Where stage rows are COPYed (see writeStageRows). */
export const STAGE_COPY_TARGET = `${STAGE} (${STAGE_COLUMNS})`;

/** Loads a batch of columns into the stage by binary COPY: `n` is each event's index in the batch. */
export async function copyToStage(tx: Db, batch: EventColumns, copyIn: CopyIn): Promise<void> {
  const out = new BinaryCopyWriter(batch.text.length + batch.length * (FIXED_ROW_BYTES + 24) + 64);
  const every = new Int32Array(batch.length).map((_, i) => i);
  writeStageRows(out, batch, every, textStarts(batch), 0);
  await copyIn(tx, STAGE_COPY_TARGET, out.finish());
}

/**
 * Writes the events `rows` of the batch (indexes in it, ascending) as binary COPY rows of the stage (time
 * in epoch milliseconds), their `n` numbered from `firstN`; `textStart` is where each event's text starts
 * (textStarts). A bulk load writes the few rows it sets aside of each batch this way, without a pass over
 * the others: that pass, compiled while most of its rows were skipped, was compiled four times in an
 * Online Retail import (node --trace-opt), the most TurboFan time of any function.
 */
export function writeStageRows(
  out: BinaryCopyWriter,
  batch: EventColumns,
  rows: Int32Array,
  textStart: Int32Array,
  firstN: number,
): void {
  const { text, textLengths } = batch;
  // Each customer's and SKU's bytes once, when a written row first names it.
  const customers: (Uint8Array | undefined)[] = new Array(batch.customerIds.length);
  const skus: (Uint8Array | undefined)[] = new Array(batch.skus.length);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const l = i * TEXT_FIELDS;
    const idLength = textLengths[l]!;
    const queryLength = textLengths[l + 1]!;
    const sessionLength = textLengths[l + 2]!;
    const orderLength = textLengths[l + 3]!;
    const type = EVENT_TYPE_LABELS[batch.type[i]!]!;
    const c = batch.customer[i]!;
    const k = batch.item[i]!;
    const customer = c < 0 ? null : (customers[c] ??= encoder.encode(batch.customerIds[c]!));
    const sku = k < 0 ? null : (skus[k] ??= encoder.encode(batch.skus[k]!));
    out.row(
      12,
      FIXED_ROW_BYTES +
        type.length +
        Math.max(idLength, 0) +
        (customer?.length ?? 0) +
        (sku?.length ?? 0) +
        Math.max(queryLength, 0) +
        Math.max(sessionLength, 0) +
        Math.max(orderLength, 0),
    );
    out.int4(firstN + r);
    let at = textStart[i]!;
    out.utf8(text, at, idLength);
    at += Math.max(idLength, 0);
    out.utf8(type, 0, type.length);
    if (customer === null) out.null();
    else out.utf8(customer, 0, customer.length);
    if (sku === null) out.null();
    else out.utf8(sku, 0, sku.length);
    out.float8(batch.time[i]!);
    writeEventTail(out, batch, i, at);
  }
}

/** Loads a small batch of events into the stage from one JSON parameter. */
export async function insertToStage(tx: Db, batch: readonly EventInput[]): Promise<void> {
  const rows = batch.map((e, n) => ({
    n,
    e: e.eventId,
    t: e.type,
    c: e.customerId,
    s: e.sku,
    ts: e.timestamp.getTime(),
    q: e.quantity ?? null,
    p: e.unitPrice ?? null,
    r: e.rating ?? null,
    qu: e.query ?? null,
    se: e.sessionId ?? null,
    o: e.orderId ?? null,
  }));
  await tx.execute(sql`INSERT INTO ${sql.raw(STAGE)} (${sql.raw(STAGE_COLUMNS)})
    SELECT * FROM json_to_recordset(${json(rows)}) AS u(n int, e text, t text, c text, s text, ts float8,
      q float8, p float8, r float8, qu text, se text, o text)`);
}

/** What moving the stage did: events inserted, and the staged rows whose ids are stored with other content. */
export interface StageMove {
  inserted: number;
  /** `index`: the row's `n` (stage-conflicts.ts). */
  conflicts: EventConflict[];
}

/**
 * Moves the staged events into events, whose indexes are in place, and empties the stage. ON CONFLICT
 * skips known ids, and repeats within the stage after their first (the rows go in `n` order); the rows
 * skipped are compared with the stored events when `staged` (the rows in the stage) says some were, or
 * always when it is null.
 */
export async function moveStagedEvents(tx: Db, staged: number | null): Promise<StageMove> {
  const stage = sql.raw(STAGE);
  // Both in one round trip: data-modifying WITH clauses run once each, whether read or not. Only events
  // not stored yet create their customers and items, as on every adapter: not a repeat within the batch
  // (the INSERT skips it), not an event stored before. Rows naming only stored customers and items are
  // left out first (the CTE is materialized), so that events are probed for the few that name new ones,
  // one key at a time: as a NOT EXISTS, the planner (with no statistics for the stage) hashed the whole
  // of events for each batch once it guessed a few thousand rows, a time that grew with the table (Online
  // Retail after the demo: 14 to 50 ms per batch until an ANALYZE changed its mind).
  await tx.execute(sql`WITH named_new AS MATERIALIZED (SELECT n, e, c, s FROM ${stage} u
      WHERE (u.c IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers x WHERE x.external_id = u.c))
        OR (u.s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM items y WHERE y.sku = u.s))),
    fresh AS (SELECT n, c, s FROM named_new u WHERE (SELECT 1 FROM events e WHERE e.event_id = u.e) IS NULL
      AND NOT EXISTS (SELECT 1 FROM ${stage} v WHERE v.e = u.e AND v.n < u.n)),
    new_customers AS (INSERT INTO customers (external_id)
      SELECT c FROM fresh WHERE c IS NOT NULL GROUP BY c ORDER BY min(n)
      ON CONFLICT (external_id) DO NOTHING),
    new_items AS (INSERT INTO items (sku)
      SELECT s FROM fresh WHERE s IS NOT NULL GROUP BY s ORDER BY min(n)
      ON CONFLICT (sku) DO NOTHING)
    SELECT 1`);
  const [result] = await query<{ inserted: number }>(
    tx,
    sql`WITH ins AS (
      INSERT INTO events (event_id, type, customer_id, item_id, ts, quantity, unit_price, rating, query, session_id, order_id)
      SELECT u.e, u.t::event_type, c.id, i.id, to_timestamp(u.ts / 1000), u.q, u.p, u.r, u.qu, u.se, u.o
      FROM ${stage} u
      LEFT JOIN customers c ON c.external_id = u.c
      LEFT JOIN items i ON i.sku = u.s
      ORDER BY u.n
      ON CONFLICT (event_id) DO NOTHING
      RETURNING 1
    ) SELECT count(*)::int AS inserted FROM ins`,
  );
  const inserted = result?.inserted ?? 0;
  // Only when rows were skipped: a batch of new ids (nearly every one of a first import) costs nothing more.
  const conflicts = staged === null || inserted < staged ? await stagedConflicts(tx, STAGE) : [];
  // TRUNCATE, not DELETE: deleted rows would pile up in the stage of a long transaction.
  await tx.execute(sql`TRUNCATE ${stage}`);
  return { inserted, conflicts };
}
