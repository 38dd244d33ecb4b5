/**
 * appendEvents during a bulk load (bulk-load.ts): `events` has no index or constraint, so the batch is
 * COPYed straight into it, with no staging table and no ON CONFLICT. Event ids the load already stored
 * are skipped here, on the client, against the load's set of stored ids (exact: the table was empty
 * when the load began and the load is its only writer), and the customers and items the batch names are
 * created first, their ids kept for the rest of the load. The rows go in COPY's binary format
 * (copy-binary.ts): the server parses no timestamps or numbers.
 */
import { sql } from 'drizzle-orm';
import type { EventInput } from '../types.js';
import type { BulkLoad } from './bulk-load.js';
import { BinaryCopyWriter, maxTextBytes } from './copy-binary.js';
import type { CopyIn } from './copy-in.js';
import { type Db, query } from './db.js';

const EVENT_COLUMNS =
  'events (event_id, type, customer_id, item_id, ts, quantity, unit_price, rating, query, session_id, order_id)';
/** The bytes of a row's two integers, timestamp and three doubles with their length words. */
const FIXED_ROW_BYTES = 2 * 8 + 4 * 12;

/** Appends the events of `batch` whose ids this load has not stored (the first of repeats within it); returns how many. */
export async function bulkAppend(
  tx: Db,
  batch: readonly EventInput[],
  load: BulkLoad,
  copyIn: CopyIn,
): Promise<number> {
  const stored = await load.storedIds(tx);
  // Ids are added before the COPY: if it fails, the transaction cannot go on until a savepoint rolls
  // back, and that makes the load read its ids back from the table (BulkLoad.undo).
  const fresh: EventInput[] = [];
  for (const e of batch) if (stored.add(e.eventId)) fresh.push(e);
  if (fresh.length === 0) return 0;
  await resolveIds(tx, fresh, load);
  const customerIds = load.customerIds;
  const itemIds = load.itemIds;
  const out = new BinaryCopyWriter(fresh.length * 128);
  let lastCustomerKey: string | null | undefined;
  let customer: number | null = null;
  for (const e of fresh) {
    // Shop events come in runs of one customer (an order's lines): look each customer up once per run.
    if (e.customerId !== lastCustomerKey) {
      lastCustomerKey = e.customerId;
      customer = e.customerId === null ? null : customerIds.get(e.customerId)!;
    }
    out.row(
      11,
      FIXED_ROW_BYTES +
        maxTextBytes(e.eventId) +
        maxTextBytes(e.type) +
        maxTextBytes(e.query) +
        maxTextBytes(e.sessionId) +
        maxTextBytes(e.orderId),
    );
    out.text(e.eventId);
    out.text(e.type);
    if (customer === null) out.null();
    else out.int4(customer);
    if (e.sku === null) out.null();
    else out.int4(itemIds.get(e.sku)!);
    out.timestamp(e.timestamp.getTime());
    out.float8(e.quantity);
    out.float8(e.unitPrice);
    out.float8(e.rating);
    out.text(e.query);
    out.text(e.sessionId);
    out.text(e.orderId);
  }
  await copyIn(tx, EVENT_COLUMNS, out.finish());
  return fresh.length;
}

/**
 * Creates the customers and items of `events` this load has no id for (in order of first appearance,
 * as the staged path does) and reads back their ids, in one statement.
 */
async function resolveIds(tx: Db, events: readonly EventInput[], load: BulkLoad): Promise<void> {
  const customers = new Set<string>();
  const items = new Set<string>();
  for (const e of events) {
    if (e.customerId !== null && !load.customerIds.has(e.customerId)) customers.add(e.customerId);
    if (e.sku !== null && !load.itemIds.has(e.sku)) items.add(e.sku);
  }
  if (customers.size === 0 && items.size === 0) return;
  // A data-modifying WITH clause's rows are not visible to the rest of its statement: new rows come
  // from RETURNING, rows that already existed from the tables.
  const rows = await query<{ kind: 'c' | 'i'; id: number; key: string }>(
    tx,
    sql`WITH c_in AS (SELECT k, n FROM json_array_elements_text(${JSON.stringify([...customers])}::json) WITH ORDINALITY AS u(k, n)),
      i_in AS (SELECT k, n FROM json_array_elements_text(${JSON.stringify([...items])}::json) WITH ORDINALITY AS u(k, n)),
      c_new AS (INSERT INTO customers (external_id) SELECT k FROM c_in ORDER BY n
        ON CONFLICT (external_id) DO NOTHING RETURNING id, external_id),
      i_new AS (INSERT INTO items (sku) SELECT k FROM i_in ORDER BY n
        ON CONFLICT (sku) DO NOTHING RETURNING id, sku)
    SELECT 'c' AS kind, id, external_id AS key FROM c_new
    UNION ALL SELECT 'c', c.id, c.external_id FROM customers c JOIN c_in ON c.external_id = c_in.k
    UNION ALL SELECT 'i', id, sku FROM i_new
    UNION ALL SELECT 'i', i.id, i.sku FROM items i JOIN i_in ON i.sku = i_in.k`,
  );
  for (const { kind, id, key } of rows) (kind === 'c' ? load.customerIds : load.itemIds).set(key, Number(id));
}
