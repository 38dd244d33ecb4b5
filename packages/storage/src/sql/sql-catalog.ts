/** Customers and items for the SQL adapters: upserts that change only what differs, look-ups and scans. */
import { asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type {
  Customer,
  CustomerInput,
  Item,
  ItemInput,
  ScanOptions,
  UpsertOptions,
  UpsertResult,
} from '../types.js';
import { batchSizeOf, normalizeCustomers, normalizeItems, unstorableText } from '../validate.js';
import { type Db, json, query, storableKeys } from './db.js';
import { toCustomer, toItem } from './rows.js';
import { customers, items } from './schema.js';
import { erasedAmong } from './sql-erasure.js';

function upsertResult(rows: { inserted: boolean }[]): UpsertResult {
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, erased: 0 };
}

/**
 * Inserts new customers and updates the stored ones whose values would change, leaving out those on the
 * erasure list (to be called in a transaction: sql-erasure.ts); returns the counts and the ids of the
 * updated ones (whose readers elsewhere are told, see SqlStorage.upsertCustomers).
 */
export async function upsertCustomers(
  db: Db,
  input: readonly CustomerInput[],
  options?: UpsertOptions,
): Promise<UpsertResult & { updatedIds: string[] }> {
  const normalized = normalizeCustomers(input);
  const erased = await erasedAmong(
    db,
    normalized.map((c) => c.externalId),
  );
  const rows = normalized
    .filter((c) => !erased.has(c.externalId))
    .map((c) => ({
      external_id: c.externalId,
      country: c.country ?? null,
      attributes: c.attributes ?? {},
      consent: c.consent ?? {},
      facts_at: c.asOf?.toISOString() ?? null,
    }));
  if (rows.length === 0) return { inserted: 0, updated: 0, erased: erased.size, updatedIds: [] };
  // Only rows whose stored values would change are updated (and counted), so a repeated upsert is a no-op.
  // Facts older than the stored ones (facts_at) only fill what the customer lacks (ItemInput.asOf); facts
  // of a future time hold as of now, or a mistyped year would keep every later catalog from correcting them.
  const newer = sql`excluded.facts_at >= coalesce(c.facts_at, '-infinity')`;
  const changed = await query<{ inserted: boolean; external_id: string }>(
    db,
    sql`INSERT INTO customers AS c (external_id, country, attributes, consent, facts_at)
        SELECT external_id, country, attributes, consent, least(coalesce(facts_at, now()), now())
        FROM json_to_recordset(${json(rows)})
          AS x(external_id text, country text, attributes jsonb, consent jsonb, facts_at timestamptz)
        ${options?.existingOnly ? sql`WHERE EXISTS (SELECT 1 FROM customers s WHERE s.external_id = x.external_id)` : sql``}
        ON CONFLICT (external_id) DO UPDATE SET
          country = CASE WHEN ${newer} THEN coalesce(excluded.country, c.country)
            ELSE coalesce(c.country, excluded.country) END,
          attributes = CASE WHEN ${newer} THEN c.attributes || excluded.attributes
            ELSE excluded.attributes || c.attributes END,
          consent = CASE WHEN ${newer} THEN c.consent || excluded.consent ELSE excluded.consent || c.consent END,
          facts_at = CASE WHEN ${newer} THEN excluded.facts_at ELSE c.facts_at END,
          updated_at = now()
        WHERE CASE WHEN ${newer} THEN
            (excluded.country IS NOT NULL AND excluded.country IS DISTINCT FROM c.country)
            OR NOT (c.attributes @> excluded.attributes) OR NOT (c.consent @> excluded.consent)
          ELSE
            (c.country IS NULL AND excluded.country IS NOT NULL)
            OR NOT (c.attributes ?& array(SELECT jsonb_object_keys(excluded.attributes)))
            OR NOT (c.consent ?& array(SELECT jsonb_object_keys(excluded.consent)))
          END
        RETURNING (xmax = 0) AS inserted, external_id`,
  );
  const updatedIds = changed.filter((r) => !r.inserted).map((r) => r.external_id);
  return { ...upsertResult(changed), erased: erased.size, updatedIds };
}

export async function getCustomer(db: Db, externalId: string): Promise<Customer | null> {
  if (unstorableText(externalId)) return null;
  const [row] = await db.select().from(customers).where(eq(customers.externalId, externalId));
  return row ? toCustomer(row) : null;
}

export async function getCustomers(db: Db, externalIds: readonly string[]): Promise<(Customer | null)[]> {
  const keys = storableKeys(externalIds);
  const rows =
    keys.length === 0 ? [] : await db.select().from(customers).where(inArray(customers.externalId, keys));
  const byId = new Map(rows.map((r) => [r.externalId, toCustomer(r)]));
  return externalIds.map((id) => byId.get(id) ?? null);
}

export function scanCustomers(db: Db, options?: ScanOptions): AsyncIterable<Customer[]> {
  return scanById(
    (after, limit) =>
      db.select().from(customers).where(gt(customers.id, after)).orderBy(asc(customers.id)).limit(limit),
    toCustomer,
    options,
  );
}

/** Inserts new items and updates the stored ones whose values would change. */
export async function upsertItems(
  db: Db,
  input: readonly ItemInput[],
  options?: UpsertOptions,
): Promise<UpsertResult> {
  const rows = normalizeItems(input).map((it) => ({
    sku: it.sku,
    title: it.title ?? null,
    category_path: it.categoryPath ?? [],
    price: it.price ?? null,
    currency: it.currency ?? null,
    stock: it.stock ?? null,
    attributes: it.attributes ?? {},
    facts_at: it.asOf?.toISOString() ?? null,
  }));
  if (rows.length === 0) return { inserted: 0, updated: 0, erased: 0 };
  // Fields left out (null, or an empty category path) keep their stored values; facts older than the
  // stored ones (facts_at) only fill the fields the item lacks (ItemInput.asOf); future ones hold as of now.
  const newer = sql`excluded.facts_at >= coalesce(i.facts_at, '-infinity')`;
  const pick = (column: string) => {
    const stored = sql.raw(`i.${column}`);
    const given = sql.raw(`excluded.${column}`);
    return sql`CASE WHEN ${newer} THEN coalesce(${given}, ${stored}) ELSE coalesce(${stored}, ${given}) END`;
  };
  const fills = (column: string) => sql.raw(`(i.${column} IS NULL AND excluded.${column} IS NOT NULL)`);
  return upsertResult(
    await query<{ inserted: boolean }>(
      db,
      sql`INSERT INTO items AS i (sku, title, category_path, price, currency, stock, attributes, facts_at)
        SELECT sku, title, category_path, price, currency, stock, attributes, least(coalesce(facts_at, now()), now())
        FROM json_to_recordset(${json(rows)})
          AS x(sku text, title text, category_path text[], price float8, currency text, stock int,
            attributes jsonb, facts_at timestamptz)
        ${options?.existingOnly ? sql`WHERE EXISTS (SELECT 1 FROM items s WHERE s.sku = x.sku)` : sql``}
        ON CONFLICT (sku) DO UPDATE SET
          title = ${pick('title')},
          category_path = CASE WHEN cardinality(excluded.category_path) = 0 THEN i.category_path
            WHEN ${newer} OR cardinality(i.category_path) = 0 THEN excluded.category_path
            ELSE i.category_path END,
          price = ${pick('price')},
          currency = ${pick('currency')},
          stock = ${pick('stock')},
          attributes = CASE WHEN ${newer} THEN i.attributes || excluded.attributes
            ELSE excluded.attributes || i.attributes END,
          facts_at = CASE WHEN ${newer} THEN excluded.facts_at ELSE i.facts_at END,
          updated_at = now()
        WHERE CASE WHEN ${newer} THEN
            (excluded.title IS NOT NULL AND excluded.title IS DISTINCT FROM i.title)
            OR (cardinality(excluded.category_path) > 0 AND excluded.category_path IS DISTINCT FROM i.category_path)
            OR (excluded.price IS NOT NULL AND excluded.price IS DISTINCT FROM i.price)
            OR (excluded.currency IS NOT NULL AND excluded.currency IS DISTINCT FROM i.currency)
            OR (excluded.stock IS NOT NULL AND excluded.stock IS DISTINCT FROM i.stock)
            OR NOT (i.attributes @> excluded.attributes)
          ELSE
            ${fills('title')} OR ${fills('price')} OR ${fills('currency')} OR ${fills('stock')}
            OR (cardinality(i.category_path) = 0 AND cardinality(excluded.category_path) > 0)
            OR NOT (i.attributes ?& array(SELECT jsonb_object_keys(excluded.attributes)))
          END
        RETURNING (xmax = 0) AS inserted`,
    ),
  );
}

export async function getItem(db: Db, sku: string): Promise<Item | null> {
  if (unstorableText(sku)) return null;
  const [row] = await db.select().from(items).where(eq(items.sku, sku));
  return row ? toItem(row) : null;
}

export async function getItems(db: Db, skus: readonly string[]): Promise<(Item | null)[]> {
  const keys = storableKeys(skus);
  const rows = keys.length === 0 ? [] : await db.select().from(items).where(inArray(items.sku, keys));
  const bySku = new Map(rows.map((r) => [r.sku, toItem(r)]));
  return skus.map((sku) => bySku.get(sku) ?? null);
}

export function scanItems(db: Db, options?: ScanOptions): AsyncIterable<Item[]> {
  return scanById(
    (after, limit) => db.select().from(items).where(gt(items.id, after)).orderBy(asc(items.id)).limit(limit),
    toItem,
    options,
  );
}

/** Keyset pages by id: each page is one bounded query of the rows after the last id seen. */
async function* scanById<R extends { id: number }, T>(
  page: (after: number, limit: number) => Promise<R[]>,
  convert: (row: R) => T,
  options: ScanOptions | undefined,
): AsyncIterable<T[]> {
  const limit = batchSizeOf(options);
  for (let after = 0; ; ) {
    const rows = await page(after, limit);
    if (rows.length === 0) return;
    yield rows.map(convert);
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!.id;
  }
}
