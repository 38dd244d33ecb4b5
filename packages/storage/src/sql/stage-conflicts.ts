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
    const fields = contentDifferences(contentOf(r, 's'), contentOf(r, ''));
    if (fields.length > 0) out.push({ index: Number(r.n), eventId: r.e, fields });
  }
  return out;
}

/** A row's stored content (its columns named with the prefix `s`) or given content (no prefix). */
function contentOf(r: ConflictRow, prefix: '' | 's'): EventContent {
  const v = (name: string) => (r as unknown as Record<string, string | number | null>)[prefix + name] ?? null;
  const num = (name: string) => numberOrNull(v(name));
  return {
    type: v('t') as EventType,
    customerId: v('c') as string | null,
    sku: v('s') as string | null,
    timestamp: Number(v('ts')),
    quantity: num('q'),
    unitPrice: num('p'),
    rating: num('r'),
    query: v('qu') as string | null,
    sessionId: v('se') as string | null,
    orderId: v('o') as string | null,
  };
}

const numberOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));
