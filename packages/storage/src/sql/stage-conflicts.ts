/**
 * The staged events (event-stage.ts) whose ids are stored with other content (event-conflicts.ts): run
 * after the stage's move into events, whose primary key tells each staged row's stored event. A staged
 * row that was stored itself matches its own content and is not one.
 */
import { sql } from 'drizzle-orm';
import { contentDifferences, type EventConflict, type EventContent } from '../event-conflicts.js';
import type { EventType } from '../types.js';
import { type Db, query } from './db.js';

interface ConflictRow {
  n: number;
  e: string;
  st: string;
  sc: string | null;
  ss: string | null;
  sts: number;
  sq: number | null;
  sp: number | null;
  sr: number | null;
  squ: string | null;
  sse: string | null;
  so: string | null;
  t: string;
  c: string | null;
  s: string | null;
  ts: number;
  q: number | null;
  p: number | null;
  r: number | null;
  qu: string | null;
  se: string | null;
  o: string | null;
}

/** The conflicts among the rows of the stage (its table's name), `index` their `n`, in `n` order. */
export async function stagedConflicts(tx: Db, stage: string): Promise<EventConflict[]> {
  // The time as the move stored it (to_timestamp of the staged milliseconds), so equal times compare equal.
  const rows = await query<ConflictRow>(
    tx,
    sql`SELECT u.n, u.e, e.type::text AS st, c.external_id AS sc, i.sku AS ss,
        (extract(epoch FROM e.ts) * 1000)::float8 AS sts, e.quantity AS sq, e.unit_price AS sp,
        e.rating AS sr, e.query AS squ, e.session_id AS sse, e.order_id AS so,
        u.t, u.c, u.s, u.ts, u.q, u.p, u.r, u.qu, u.se, u.o
      FROM ${sql.raw(stage)} u JOIN events e ON e.event_id = u.e
      LEFT JOIN customers c ON c.id = e.customer_id LEFT JOIN items i ON i.id = e.item_id
      WHERE e.type::text IS DISTINCT FROM u.t OR c.external_id IS DISTINCT FROM u.c
        OR i.sku IS DISTINCT FROM u.s OR e.ts IS DISTINCT FROM to_timestamp(u.ts / 1000)
        OR e.quantity IS DISTINCT FROM u.q OR e.unit_price IS DISTINCT FROM u.p
        OR e.rating IS DISTINCT FROM u.r OR e.query IS DISTINCT FROM u.qu
        OR e.session_id IS DISTINCT FROM u.se OR e.order_id IS DISTINCT FROM u.o
      ORDER BY u.n`,
  );
  const out: EventConflict[] = [];
  for (const r of rows) {
    const stored: EventContent = {
      type: r.st as EventType,
      customerId: r.sc,
      sku: r.ss,
      timestamp: Number(r.sts),
      quantity: numberOrNull(r.sq),
      unitPrice: numberOrNull(r.sp),
      rating: numberOrNull(r.sr),
      query: r.squ,
      sessionId: r.sse,
      orderId: r.so,
    };
    const given: EventContent = {
      type: r.t as EventType,
      customerId: r.c,
      sku: r.s,
      timestamp: Number(r.ts),
      quantity: numberOrNull(r.q),
      unitPrice: numberOrNull(r.p),
      rating: numberOrNull(r.r),
      query: r.qu,
      sessionId: r.se,
      orderId: r.o,
    };
    const fields = contentDifferences(stored, given);
    if (fields.length > 0) out.push({ index: Number(r.n), eventId: r.e, fields });
  }
  return out;
}

const numberOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));
