/**
 * Item demand per period pushed down into SQL: one grouped query per range of items (whole items per batch,
 * as the order scans take ranges of customers), so that the client reads (item, period) tallies, never
 * events. `events` has no index by item: each range's query reads the events table (by events_ts_seq_idx
 * when since/until narrow it), which is one pass for a catalog of up to `batchSize` items.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { ItemDemandBatch, ItemDemandOptions } from '../bulk-types.js';
import { checkItemDemandOptions } from '../item-demand.js';
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

/** One (item, period) row in a batch packed by the database: item, days since the epoch, lines (int4), sums (float8). */
const PACKED_ROW_BYTES = 28;
const MS_PER_DAY = 86_400_000;

export async function* scanItemDemand(db: Db, options: ItemDemandOptions): AsyncIterable<ItemDemandBatch> {
  const size = checkItemDemandOptions(options);
  const filters: SQL[] = [sql`e.type IN ('purchase'::event_type, 'return'::event_type)`];
  if (options.since) filters.push(sql`e.ts >= ${options.since.toISOString()}::timestamptz`);
  if (options.until) filters.push(sql`e.ts < ${options.until.toISOString()}::timestamptz`);
  // The period's first day as a UTC date, whatever the session's time zone; date_trunc's weeks start on
  // Monday (ISO 8601). The unit is a literal (one of DEMAND_PERIODS, checked above). Grouping by a date and
  // sending days since the epoch spares a numeric epoch per event (extract returns numeric).
  const utc = sql`(e.ts AT TIME ZONE 'UTC')`;
  const day =
    options.period === 'day'
      ? sql`${utc}::date`
      : sql`date_trunc(${sql.raw(`'${options.period}'`)}, ${utc})::date`;
  const groups = options.skus ? namedItems(db, options.skus, size) : itemRanges(db, size);
  for await (const items of groups) {
    // The batch comes back as one bytea of fixed-width big-endian values (as scanInteractions' pages): PGlite's
    // driver decodes each field of each row in JavaScript (1.7-1.8 s for Online Retail's 102,566 weekly rows
    // with a row each, 0.7 s packed); node-postgres took the same time either way.
    const [page] = await query<{ n: number; packed: Uint8Array | null }>(
      db,
      sql`WITH g AS (SELECT e.item_id AS i, ${day} - DATE '1970-01-01' AS d,
            coalesce(sum(coalesce(e.quantity, 1)) FILTER (WHERE e.type = 'purchase'), 0)::float8 AS b,
            coalesce(sum(abs(coalesce(e.quantity, 1))) FILTER (WHERE e.type = 'return'), 0)::float8 AS r,
            count(*) FILTER (WHERE e.type = 'purchase')::int AS n
          FROM events e
          WHERE ${sql.join([...filters, items], sql` AND `)}
          GROUP BY 1, 2)
        SELECT count(*)::int AS n, string_agg(int4send(i) || int4send(d) || int4send(n::int4) || float8send(b)
            || float8send(r), ''::bytea ORDER BY i, d) AS packed
        FROM g`,
    );
    const n = page?.n ?? 0;
    if (n === 0 || !page?.packed) continue;
    const view = new DataView(page.packed.buffer, page.packed.byteOffset, page.packed.byteLength);
    const batch: ItemDemandBatch = {
      length: n,
      itemIndex: new Int32Array(n),
      periodStart: new Float64Array(n),
      purchased: new Float64Array(n),
      returned: new Float64Array(n),
      purchaseLines: new Int32Array(n),
    };
    for (let k = 0, at = 0; k < n; k++, at += PACKED_ROW_BYTES) {
      batch.itemIndex[k] = view.getInt32(at);
      batch.periodStart[k] = view.getInt32(at + 4) * MS_PER_DAY;
      batch.purchaseLines[k] = view.getInt32(at + 8);
      batch.purchased[k] = view.getFloat64(at + 12);
      batch.returned[k] = view.getFloat64(at + 20);
    }
    yield batch;
  }
}
