/** The bulk reads pushed down into SQL: interactions with weights, per-customer order aggregates, counts. */
import { type SQL, sql } from 'drizzle-orm';
import { roundToCents } from '../money.js';
import type {
  CustomerOrderAggregate,
  EventType,
  InteractionBatch,
  InteractionScanOptions,
  ItemNetUnits,
  OrderAggregateOptions,
  OrderBatch,
  OrderScanOptions,
  StorageCounts,
} from '../types.js';
import { batchSizeOf } from '../validate.js';
import { weightedTypes } from '../weights.js';
import { type Db, eventTypeIn, query } from './db.js';

/** One interaction in a page packed by the database: customer, item (int4), weight, time in ms (float8), seq (int8). */
const PACKED_INTERACTION_BYTES = 32;

interface PackedPage {
  n: number;
  packed: Uint8Array | null;
}

export async function* scanInteractions(
  db: Db,
  options: InteractionScanOptions,
): AsyncIterable<InteractionBatch> {
  const limit = batchSizeOf(options);
  const types = weightedTypes(options.weights);
  if (types.length === 0) return;
  const weightCase = sql.join(
    types.map(([type, w]) =>
      type === 'rating'
        ? sql`WHEN 'rating' THEN ${w}::float8 * coalesce(e.rating, 0)`
        : sql`WHEN ${type} THEN ${w}::float8`,
    ),
    sql` `,
  );
  const filters: SQL[] = [sql`e.customer_id IS NOT NULL`, sql`e.item_id IS NOT NULL`];
  const typeFilter = eventTypeIn(types.map(([t]) => t));
  if (!typeFilter) return;
  filters.push(typeFilter);
  if (options.since) filters.push(sql`e.ts >= ${options.since.toISOString()}::timestamptz`);
  if (options.until) filters.push(sql`e.ts < ${options.until.toISOString()}::timestamptz`);
  // Keyset pages in (ts, seq) order, as scanEvents reads: events_ts_seq_idx serves them (seq has no index).
  // Each page comes back as one bytea of fixed-width big-endian values: PGlite's driver copies and decodes
  // every field of every row in JavaScript (4.6-6.1 s for Online Retail's 401,604 interactions with a row
  // each, 1.3-1.6 s packed); node-postgres took the same time either way.
  let after: SQL | null = null;
  for (;;) {
    const pages: PackedPage[] = await query<PackedPage>(
      db,
      sql`WITH page AS (SELECT e.seq, e.ts, e.customer_id AS u, e.item_id AS i,
            (CASE e.type::text ${weightCase} END) AS w
          FROM events e
          WHERE ${sql.join(after ? [...filters, after] : filters, sql` AND `)}
          ORDER BY e.ts, e.seq LIMIT ${limit})
        SELECT count(*)::int AS n, string_agg(int4send(u) || int4send(i) || float8send(w)
            || float8send((extract(epoch FROM ts) * 1000)::float8) || int8send(seq), ''::bytea ORDER BY ts, seq)
          AS packed
        FROM page`,
    );
    const page: PackedPage | undefined = pages[0];
    const n: number = page?.n ?? 0;
    if (n === 0 || !page?.packed) return;
    const view: DataView = new DataView(page.packed.buffer, page.packed.byteOffset, page.packed.byteLength);
    const batch: InteractionBatch = {
      length: n,
      customerIndex: new Int32Array(n),
      itemIndex: new Int32Array(n),
      weight: new Float64Array(n),
      time: new Float64Array(n),
    };
    for (let k = 0, at = 0; k < n; k++, at += PACKED_INTERACTION_BYTES) {
      batch.customerIndex[k] = view.getInt32(at);
      batch.itemIndex[k] = view.getInt32(at + 4);
      batch.weight[k] = view.getFloat64(at + 8);
      batch.time[k] = view.getFloat64(at + 16);
    }
    yield batch;
    if (n < limit) return;
    const last: number = (n - 1) * PACKED_INTERACTION_BYTES;
    const lastTime: string = new Date(view.getFloat64(last + 16)).toISOString();
    after = sql`(e.ts, e.seq) > (${lastTime}::timestamptz, ${Number(view.getBigInt64(last + 24))})`;
  }
}

interface AggregateRow {
  external_id: string;
  id: number;
  orders: number;
  purchase_lines: number;
  units: number;
  revenue: number;
  return_lines: number;
  return_value: number;
  first_ms: number;
  last_ms: number;
}

/** Ranges (lo, hi] of customer ids holding up to `size` customers each, in id order. */
export async function* customerRanges(db: Db, size: number): AsyncIterable<[number, number]> {
  for (let lo = 0; ; ) {
    const [row] = await query<{ hi: number | null }>(
      db,
      sql`SELECT max(id)::int AS hi FROM (SELECT id FROM customers WHERE id > ${lo} ORDER BY id LIMIT ${size}) t`,
    );
    if (row?.hi == null) return;
    yield [lo, row.hi];
    lo = row.hi;
  }
}

export async function* scanOrderAggregates(
  db: Db,
  options: OrderAggregateOptions = {},
): AsyncIterable<CustomerOrderAggregate[]> {
  const until = options.until ? sql`AND e.ts < ${options.until.toISOString()}::timestamptz` : sql``;
  if (options.customerIds !== undefined) {
    // A few named customers (a profile look-up): one statement over their events.
    const size = batchSizeOf(options);
    const ids = JSON.stringify(options.customerIds);
    const rows = await orderAggregates(
      db,
      sql`e.customer_id IN (SELECT id FROM customers WHERE external_id IN (SELECT json_array_elements_text(${ids}::json))) ${until}`,
    );
    for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
    return;
  }
  for await (const [lo, hi] of customerRanges(db, batchSizeOf(options))) {
    const rows = await orderAggregates(db, sql`e.customer_id > ${lo} AND e.customer_id <= ${hi} ${until}`);
    if (rows.length > 0) yield rows;
  }
}

async function orderAggregates(db: Db, where: SQL): Promise<CustomerOrderAggregate[]> {
  const rows = await query<AggregateRow>(
    db,
    sql`SELECT c.external_id, c.id,
        count(DISTINCT coalesce(e.order_id, e.event_id)) FILTER (WHERE e.type = 'purchase')::int AS orders,
        count(*) FILTER (WHERE e.type = 'purchase')::int AS purchase_lines,
        coalesce(sum(coalesce(e.quantity, 1)) FILTER (WHERE e.type = 'purchase'), 0)::float8 AS units,
        coalesce(sum(coalesce(e.quantity, 1) * coalesce(e.unit_price, 0)) FILTER (WHERE e.type = 'purchase'), 0)::float8 AS revenue,
        count(*) FILTER (WHERE e.type = 'return')::int AS return_lines,
        coalesce(sum(coalesce(e.quantity, 1) * coalesce(e.unit_price, 0)) FILTER (WHERE e.type = 'return'), 0)::float8 AS return_value,
        (extract(epoch FROM min(e.ts) FILTER (WHERE e.type = 'purchase')) * 1000)::float8 AS first_ms,
        (extract(epoch FROM max(e.ts) FILTER (WHERE e.type = 'purchase')) * 1000)::float8 AS last_ms
      FROM events e JOIN customers c ON c.id = e.customer_id
      WHERE ${where} AND e.type IN ('purchase', 'return')
      GROUP BY c.id
      HAVING count(*) FILTER (WHERE e.type = 'purchase') > 0
      ORDER BY c.id`,
  );
  return rows.map((r) => ({
    customerId: r.external_id,
    customerIndex: r.id,
    orders: r.orders,
    purchaseLines: r.purchase_lines,
    units: Number(r.units),
    revenue: roundToCents(Number(r.revenue)),
    returnLines: r.return_lines,
    returnValue: roundToCents(Number(r.return_value)),
    firstPurchaseAt: new Date(Number(r.first_ms)),
    lastPurchaseAt: new Date(Number(r.last_ms)),
  }));
}

export async function* scanOrders(db: Db, options: OrderScanOptions = {}): AsyncIterable<OrderBatch> {
  const until = options.until ? sql`AND e.ts < ${options.until.toISOString()}::timestamptz` : sql``;
  for await (const [lo, hi] of customerRanges(db, batchSizeOf(options))) {
    const rows = await query<{ c: number; t: number; v: number }>(
      db,
      sql`SELECT e.customer_id AS c, (extract(epoch FROM min(e.ts)) * 1000)::float8 AS t,
          sum(coalesce(e.quantity, 1) * coalesce(e.unit_price, 0))::float8 AS v
        FROM events e
        WHERE e.type = 'purchase' AND e.customer_id > ${lo} AND e.customer_id <= ${hi} ${until}
        GROUP BY e.customer_id, coalesce(e.order_id, e.event_id)
        ORDER BY 1, 2`,
    );
    if (rows.length === 0) continue;
    const n = rows.length;
    const batch: OrderBatch = {
      length: n,
      customerIndex: new Int32Array(n),
      time: new Float64Array(n),
      value: new Float64Array(n),
    };
    for (let k = 0; k < n; k++) {
      const r = rows[k]!;
      batch.customerIndex[k] = r.c;
      batch.time[k] = Number(r.t);
      batch.value[k] = roundToCents(Number(r.v));
    }
    yield batch;
  }
}

/** The items with the most units sold net of returns: one aggregation in the database. */
export async function topItemsByNetUnits(db: Db, limit: number): Promise<ItemNetUnits[]> {
  const rows = await query<{ sku: string; title: string | null; units: number }>(
    db,
    sql`SELECT i.sku, i.title, u.units FROM (
        SELECT e.item_id, sum(CASE WHEN e.type = 'return' THEN -coalesce(e.quantity, 1)
          ELSE coalesce(e.quantity, 1) END)::float8 AS units
        FROM events e WHERE e.item_id IS NOT NULL AND e.type IN ('purchase', 'return')
        GROUP BY e.item_id) u
      JOIN items i ON i.id = u.item_id
      ORDER BY u.units DESC, i.sku COLLATE "C" LIMIT ${limit}`,
  );
  return rows.map((r) => ({ sku: r.sku, title: r.title, units: Number(r.units) }));
}

export async function counts(db: Db): Promise<StorageCounts> {
  const [totals] = await query<{
    customers: number;
    items: number;
    models: number;
    rejects: number;
    erased: number;
    first_ms: number | null;
    last_ms: number | null;
  }>(
    db,
    sql`SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM items)::int AS items,
      (SELECT count(*) FROM model_artifacts)::int AS models, (SELECT count(*) FROM import_rejects)::int AS rejects,
      (SELECT count(*) FROM erased_customers)::int AS erased,
      (SELECT extract(epoch FROM min(ts)) * 1000 FROM events)::float8 AS first_ms,
      (SELECT extract(epoch FROM max(ts)) * 1000 FROM events)::float8 AS last_ms`,
  );
  const byType = await query<{ type: EventType; n: number; unpriced: number; last_ms: number }>(
    db,
    sql`SELECT type::text AS type, count(*)::int AS n,
        count(*) FILTER (WHERE type = 'purchase' AND unit_price IS NULL)::int AS unpriced,
        (extract(epoch FROM max(ts)) * 1000)::float8 AS last_ms
      FROM events GROUP BY type ORDER BY type`,
  );
  const eventsByType: StorageCounts['eventsByType'] = {};
  const lastEventAtByType: NonNullable<StorageCounts['lastEventAtByType']> = {};
  let events = 0;
  let unpricedPurchases = 0;
  for (const { type, n, unpriced, last_ms } of byType) {
    unpricedPurchases += Number(unpriced);
    eventsByType[type] = n;
    lastEventAtByType[type] = new Date(Number(last_ms));
    events += n;
  }
  return {
    customers: totals!.customers,
    items: totals!.items,
    events,
    eventsByType,
    models: totals!.models,
    rejects: totals!.rejects,
    erasedCustomers: totals!.erased,
    unpricedPurchases,
    firstEventAt: totals!.first_ms === null ? null : new Date(Number(totals!.first_ms)),
    lastEventAt: totals!.last_ms === null ? null : new Date(Number(totals!.last_ms)),
    lastEventAtByType,
  };
}
