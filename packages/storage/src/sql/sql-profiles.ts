/**
 * Customer profiles pushed down into SQL: one aggregate query per range of customers (whole customers per
 * batch, as the order scans), tallies turned into profile columns by the same `toProfileBatch` as the
 * fallback. The shop's top categories come from one grouped count first.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { CustomerProfileBatch, ProfileScanOptions } from '../profile-types.js';
import { type ProfileTally, profileOptions, toProfileBatch } from '../profiles.js';
import { type Db, query } from './db.js';
import { customerRanges } from './sql-bulk.js';

interface TallyRow {
  external_id: string;
  id: number;
  orders: number;
  purchases: number;
  revenue: number;
  returns: number;
  return_value: number;
  views: number;
  carts: number;
  sessions: number;
  first_ms: number;
  last_ms: number;
  last_purchase_ms: number | null;
  price_sum: number;
  price_n: number;
  shopping: number;
  [category: `c${number}`]: number;
}

const SHOPPING = sql`e.type IN ('view', 'purchase')`;

async function topCategories(db: Db, asOf: SQL, top: number): Promise<string[]> {
  if (top === 0) return [];
  const rows = await query<{ category: string }>(
    db,
    sql`SELECT i.category_path[1] AS category FROM events e JOIN items i ON i.id = e.item_id
      WHERE ${SHOPPING} AND e.ts < ${asOf} AND cardinality(i.category_path) > 0
      GROUP BY 1 ORDER BY count(*) DESC, i.category_path[1] COLLATE "C" LIMIT ${top}`,
  );
  return rows.map((r) => r.category);
}

/** The range (id - 1, id] of one customer, if they exist. */
async function* customerRange(db: Db, externalId: string): AsyncIterable<[number, number]> {
  const [row] = await query<{ id: number }>(
    db,
    sql`SELECT id FROM customers WHERE external_id = ${externalId}`,
  );
  if (row) yield [row.id - 1, row.id];
}

export async function* scanCustomerProfiles(
  db: Db,
  options: ProfileScanOptions,
): AsyncIterable<CustomerProfileBatch> {
  const { size, asOf, categories: given, top } = profileOptions(options);
  const asOfSql = sql`${new Date(asOf).toISOString()}::timestamptz`;
  const categories = given ?? (await topCategories(db, asOfSql, top));
  const categoryColumns = categories.map(
    (c, k) =>
      sql`, count(*) FILTER (WHERE ${SHOPPING} AND i.category_path[1] = ${c})::int AS ${sql.identifier(`c${k}`)}`,
  );
  const value = sql`coalesce(e.quantity, 1) * coalesce(e.unit_price, 0)`;
  const ms = (t: SQL) => sql`(extract(epoch FROM ${t}) * 1000)::float8`;
  for await (const [lo, hi] of options.customerId === undefined
    ? customerRanges(db, size)
    : customerRange(db, options.customerId)) {
    const rows = await query<TallyRow>(
      db,
      sql`SELECT c.external_id, c.id,
          count(DISTINCT coalesce(e.order_id, e.event_id)) FILTER (WHERE e.type = 'purchase')::int AS orders,
          count(*) FILTER (WHERE e.type = 'purchase')::int AS purchases,
          coalesce(sum(${value}) FILTER (WHERE e.type = 'purchase'), 0)::float8 AS revenue,
          count(*) FILTER (WHERE e.type = 'return')::int AS returns,
          coalesce(sum(${value}) FILTER (WHERE e.type = 'return'), 0)::float8 AS return_value,
          count(*) FILTER (WHERE e.type = 'view')::int AS views,
          count(*) FILTER (WHERE e.type = 'add_to_cart')::int AS carts,
          count(DISTINCT e.session_id)::int AS sessions,
          ${ms(sql`min(e.ts)`)} AS first_ms,
          ${ms(sql`max(e.ts)`)} AS last_ms,
          ${ms(sql`max(e.ts) FILTER (WHERE e.type = 'purchase')`)} AS last_purchase_ms,
          coalesce(sum(coalesce(e.unit_price, i.price)) FILTER (WHERE ${SHOPPING}), 0)::float8 AS price_sum,
          count(coalesce(e.unit_price, i.price)) FILTER (WHERE ${SHOPPING})::int AS price_n,
          count(e.item_id) FILTER (WHERE ${SHOPPING})::int AS shopping
          ${sql.join(categoryColumns, sql``)}
        FROM events e JOIN customers c ON c.id = e.customer_id LEFT JOIN items i ON i.id = e.item_id
        WHERE e.customer_id > ${lo} AND e.customer_id <= ${hi} AND e.ts < ${asOfSql}
        GROUP BY c.id
        ORDER BY c.id`,
    );
    if (rows.length === 0) continue;
    const tallies: ProfileTally[] = rows.map((r) => ({
      customerId: r.external_id,
      customerIndex: r.id,
      orders: r.orders,
      purchases: r.purchases,
      revenue: Number(r.revenue),
      returns: r.returns,
      returnValue: Number(r.return_value),
      views: r.views,
      addToCarts: r.carts,
      sessions: r.sessions,
      firstMs: Number(r.first_ms),
      lastMs: Number(r.last_ms),
      lastPurchaseMs: r.last_purchase_ms === null ? Number.NaN : Number(r.last_purchase_ms),
      priceSum: Number(r.price_sum),
      priceCount: r.price_n,
      shoppingEvents: r.shopping,
      categoryCounts: categories.map((_, k) => r[`c${k}`]!),
    }));
    yield toProfileBatch(tallies, asOf, categories);
  }
}
