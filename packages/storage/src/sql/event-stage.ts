/**
 * The per-connection staging table of appendEvents when `events` keeps its indexes (sql-events.ts): a
 * batch is loaded here, then moved into events by one INSERT ... SELECT, and cleared. A large batch
 * arrives by COPY in the binary format, written from its columns (event-columns.ts) byte for byte; a
 * small one as one JSON parameter.
 */
import { sql } from 'drizzle-orm';
import { EVENT_TEXT_FIELDS, type EventColumns } from '../event-columns.js';
import type { EventInput } from '../types.js';
import { BinaryCopyWriter } from './copy-binary.js';
import type { CopyIn } from './copy-in.js';
import { type Db, json } from './db.js';
import { EVENT_TYPE_LABELS, writeEventTail } from './event-copy-rows.js';

export const STAGE = 'storewise_event_stage';
const STAGE_COLUMNS = 'n, e, t, c, s, ts, q, p, r, qu, se, o';
export const CREATE_STAGE =
  sql.raw(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (n int, e text, t text, c text, s text,
  ts float8, q float8, p float8, r float8, qu text, se text, o text)`);

const TEXT_FIELDS = EVENT_TEXT_FIELDS.length;
/** A stage row's field count, `n` with its length word, four text length words (e, t, c, s), four doubles (ts, q, p, r) and three text length words. */
const FIXED_ROW_BYTES = 2 + 8 + 4 * 4 + 4 * 12 + 3 * 4;
const encoder = new TextEncoder();

/** Loads a batch of columns into the stage by binary COPY: `n` is each event's index in the batch. */
export async function copyToStage(tx: Db, batch: EventColumns, copyIn: CopyIn): Promise<void> {
  await copyIn(tx, `${STAGE} (${STAGE_COLUMNS})`, stageRows(batch));
}

/** The batch as binary COPY rows of the stage (time in epoch milliseconds). */
function stageRows(batch: EventColumns): Uint8Array {
  const { text, textLengths } = batch;
  const customers = batch.customerIds.map((id) => encoder.encode(id));
  const skus = batch.skus.map((sku) => encoder.encode(sku));
  const out = new BinaryCopyWriter(text.length + batch.length * (FIXED_ROW_BYTES + 24) + 64);
  for (let i = 0, at = 0; i < batch.length; i++) {
    const l = i * TEXT_FIELDS;
    const idLength = textLengths[l]!;
    const queryLength = textLengths[l + 1]!;
    const sessionLength = textLengths[l + 2]!;
    const orderLength = textLengths[l + 3]!;
    const type = EVENT_TYPE_LABELS[batch.type[i]!]!;
    const customer = batch.customer[i]! < 0 ? null : customers[batch.customer[i]!]!;
    const sku = batch.item[i]! < 0 ? null : skus[batch.item[i]!]!;
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
    out.int4(i);
    out.utf8(text, at, idLength);
    at += Math.max(idLength, 0);
    out.utf8(type, 0, type.length);
    if (customer === null) out.null();
    else out.utf8(customer, 0, customer.length);
    if (sku === null) out.null();
    else out.utf8(sku, 0, sku.length);
    out.float8(batch.time[i]!);
    at = writeEventTail(out, batch, i, at);
  }
  return out.finish();
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
