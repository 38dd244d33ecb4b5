/**
 * Item demand per period pushed down into SQL: one grouped query per range of items (whole items per batch,
 * as the order scans take ranges of customers), so that the client reads (item, period) tallies, never
 * events. `events` has no index by item: each range's query reads the events table (by events_ts_seq_idx
 * when since/until narrow it), which is one pass for a catalog of up to `batchSize` items.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { ItemDemandBatch, ItemDemandOptions } from '../bulk-types.js';
import { checkItemDemandOptions, type DemandRow, toDemandBatch } from '../item-demand.js';
import { type Db, json, query, storableKeys } from './db.js';

/** Ranges (lo, hi] of item ids holding up to `size` items each, in id order. */
async function* itemRanges(db: Db, size: number): AsyncIterable<SQL> {
  for (let lo = 0; ; ) {
    const [row] = await query<{ hi: number | null }>(
      db,
      sql`SELECT max(id)::int AS hi FROM (SELECT id FROM items WHERE id > ${lo} ORDER BY id LIMIT ${size}) t`,
    );
    if (row?.hi == null) return;
    yield sql`e.item_id > ${lo} AND e.item_id <= ${row.hi}`;
    lo = row.hi;
  }
}

/** The ids of the named items that exist, `size` per list, in id order. */
async function* namedItems(db: Db, skus: readonly string[], size: number): AsyncIterable<SQL> {
  const keys = storableKeys(skus);
  if (keys.length === 0) return;
  const rows = await query<{ id: number }>(
    db,
    sql`SELECT id FROM items WHERE sku IN (SELECT json_array_elements_text(${json(keys)})) ORDER BY id`,
  );
  for (let i = 0; i < rows.length; i += size)
    yield sql`e.item_id IN (SELECT json_array_elements_text(${json(rows.slice(i, i + size).map((r) => r.id))})::int)`;
}

export async function* scanItemDemand(db: Db, options: ItemDemandOptions): AsyncIterable<ItemDemandBatch> {
  const size = checkItemDemandOptions(options);
  const filters: SQL[] = [sql`e.type IN ('purchase'::event_type, 'return'::event_type)`];
  if (options.since) filters.push(sql`e.ts >= ${options.since.toISOString()}::timestamptz`);
  if (options.until) filters.push(sql`e.ts < ${options.until.toISOString()}::timestamptz`);
  // The period's start as a UTC wall-clock timestamp: its epoch is that of the UTC instant, whatever the
  // session's time zone; date_trunc's weeks start on Monday (ISO 8601). The unit is a literal (one of
  // DEMAND_PERIODS, checked above), so that GROUP BY and SELECT name the same expression.
  const start = sql`date_trunc(${sql.raw(`'${options.period}'`)}, e.ts AT TIME ZONE 'UTC')`;
  const groups = options.skus ? namedItems(db, options.skus, size) : itemRanges(db, size);
  for await (const items of groups) {
    const rows = await query<{ i: number; p: number; b: number; r: number; n: number }>(
      db,
      sql`SELECT e.item_id AS i, (extract(epoch FROM ${start}) * 1000)::float8 AS p,
          coalesce(sum(coalesce(e.quantity, 1)) FILTER (WHERE e.type = 'purchase'), 0)::float8 AS b,
          coalesce(sum(abs(coalesce(e.quantity, 1))) FILTER (WHERE e.type = 'return'), 0)::float8 AS r,
          count(*) FILTER (WHERE e.type = 'purchase')::int AS n
        FROM events e
        WHERE ${sql.join([...filters, items], sql` AND `)}
        GROUP BY e.item_id, ${start}
        ORDER BY 1, 2`,
    );
    if (rows.length === 0) continue;
    yield toDemandBatch(
      rows.map(
        (r): DemandRow => ({
          item: r.i,
          start: Number(r.p),
          purchased: Number(r.b),
          returned: Number(r.r),
          lines: r.n,
        }),
      ),
    );
  }
}
