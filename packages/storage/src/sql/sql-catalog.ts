/** Customers and items for the SQL adapters: upserts that change only what differs, look-ups and scans. */
import { asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
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

/** The row given to an upsert, as its statements name it. */
const EXCLUDED = sql.raw('excluded');
const X = sql.raw('x');

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
  // `g`: the given row (excluded, or x in an UPDATE).
  const newer = (g: SQL) => sql`${g}.facts_at >= coalesce(c.facts_at, '-infinity')`;
  const set = (g: SQL) => sql`country = CASE WHEN ${newer(g)} THEN coalesce(${g}.country, c.country)
            ELSE coalesce(c.country, ${g}.country) END,
          attributes = CASE WHEN ${newer(g)} THEN c.attributes || ${g}.attributes
            ELSE ${g}.attributes || c.attributes END,
          consent = CASE WHEN ${newer(g)} THEN c.consent || ${g}.consent ELSE ${g}.consent || c.consent END,
          facts_at = CASE WHEN ${newer(g)} THEN ${g}.facts_at ELSE c.facts_at END,
          updated_at = now()`;
  const changes = (g: SQL) => sql`CASE WHEN ${newer(g)} THEN
            (${g}.country IS NOT NULL AND ${g}.country IS DISTINCT FROM c.country)
            OR NOT (c.attributes @> ${g}.attributes) OR NOT (c.consent @> ${g}.consent)
          ELSE
            (c.country IS NULL AND ${g}.country IS NOT NULL)
            OR NOT (c.attributes ?& array(SELECT jsonb_object_keys(${g}.attributes)))
            OR NOT (c.consent ?& array(SELECT jsonb_object_keys(${g}.consent)))
          END`;
  const given = sql`SELECT external_id, country, attributes, consent, least(coalesce(facts_at, now()), now()) AS facts_at
        FROM json_to_recordset(${json(rows)})
          AS x(external_id text, country text, attributes jsonb, consent jsonb, facts_at timestamptz)`;
  const changed = await query<{ inserted: boolean; external_id: string }>(
    db,
    options?.existingOnly
      ? // An UPDATE: no insert to try first and no conflict to find (a first import's facts of about
        // 4,400 customers: docs/benchmarks/import.md).
        sql`UPDATE customers AS c SET ${set(X)} FROM (${given}) AS x
          WHERE c.external_id = x.external_id AND ${changes(X)}
          RETURNING false AS inserted, c.external_id`
      : sql`INSERT INTO customers AS c (external_id, country, attributes, consent, facts_at) ${given}
          ON CONFLICT (external_id) DO UPDATE SET ${set(EXCLUDED)} WHERE ${changes(EXCLUDED)}
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
  // `g`: the given row (excluded, or x in an UPDATE).
  const newer = (g: SQL) => sql`${g}.facts_at >= coalesce(i.facts_at, '-infinity')`;
  const pick = (g: SQL, column: string) => {
    const stored = sql.raw(`i.${column}`);
    const value = sql`${g}.${sql.raw(column)}`;
    return sql`CASE WHEN ${newer(g)} THEN coalesce(${value}, ${stored}) ELSE coalesce(${stored}, ${value}) END`;
  };
  const fills = (g: SQL, column: string) =>
    sql`(${sql.raw(`i.${column}`)} IS NULL AND ${g}.${sql.raw(column)} IS NOT NULL)`;
  const set = (g: SQL) => sql`title = ${pick(g, 'title')},
          category_path = CASE WHEN cardinality(${g}.category_path) = 0 THEN i.category_path
            WHEN ${newer(g)} OR cardinality(i.category_path) = 0 THEN ${g}.category_path
            ELSE i.category_path END,
          price = ${pick(g, 'price')},
          currency = ${pick(g, 'currency')},
          stock = ${pick(g, 'stock')},
          attributes = CASE WHEN ${newer(g)} THEN i.attributes || ${g}.attributes
            ELSE ${g}.attributes || i.attributes END,
          facts_at = CASE WHEN ${newer(g)} THEN ${g}.facts_at ELSE i.facts_at END,
          updated_at = now()`;
  const changes = (g: SQL) => sql`CASE WHEN ${newer(g)} THEN
            (${g}.title IS NOT NULL AND ${g}.title IS DISTINCT FROM i.title)
            OR (cardinality(${g}.category_path) > 0 AND ${g}.category_path IS DISTINCT FROM i.category_path)
            OR (${g}.price IS NOT NULL AND ${g}.price IS DISTINCT FROM i.price)
            OR (${g}.currency IS NOT NULL AND ${g}.currency IS DISTINCT FROM i.currency)
            OR (${g}.stock IS NOT NULL AND ${g}.stock IS DISTINCT FROM i.stock)
            OR NOT (i.attributes @> ${g}.attributes)
          ELSE
            ${fills(g, 'title')} OR ${fills(g, 'price')} OR ${fills(g, 'currency')} OR ${fills(g, 'stock')}
            OR (cardinality(i.category_path) = 0 AND cardinality(${g}.category_path) > 0)
            OR NOT (i.attributes ?& array(SELECT jsonb_object_keys(${g}.attributes)))
          END`;
  const given = sql`SELECT sku, title, category_path, price, currency, stock, attributes,
          least(coalesce(facts_at, now()), now()) AS facts_at
        FROM json_to_recordset(${json(rows)})
          AS x(sku text, title text, category_path text[], price float8, currency text, stock int,
            attributes jsonb, facts_at timestamptz)`;
  return upsertResult(
    await query<{ inserted: boolean }>(
      db,
      options?.existingOnly
        ? // An UPDATE: no insert to try first and no conflict to find (see upsertCustomers).
          sql`UPDATE items AS i SET ${set(X)} FROM (${given}) AS x
            WHERE i.sku = x.sku AND ${changes(X)}
            RETURNING false AS inserted`
        : sql`INSERT INTO items AS i (sku, title, category_path, price, currency, stock, attributes, facts_at) ${given}
            ON CONFLICT (sku) DO UPDATE SET ${set(EXCLUDED)} WHERE ${changes(EXCLUDED)}
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
