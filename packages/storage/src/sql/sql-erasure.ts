/**
 * The erasure list of the SQL adapters (`erased_customers`, see ../erasure.ts): who is on it, putting a
 * customer on it and lifting it.
 *
 * Writes and erasures exclude each other: a write that stores events or customer records checks the list
 * with `FOR SHARE` (a ROW SHARE lock on the table, held to the end of its transaction, that writes share),
 * and an erasure locks the table EXCLUSIVE first, before it deletes anything. So an erasure waits for the
 * writes in flight to commit, and then deletes what they stored; a write that starts later waits for the
 * erasure and then finds the customer on the list. Both take that lock before any other of their writes.
 */
import { sql } from 'drizzle-orm';
import type { ErasureEntry } from '../types.js';
import { type Db, query, storableKeys } from './db.js';

const hashOf = (param: unknown) => sql`sha256(convert_to(${param}, 'UTF8'))`;

/**
 * The ids among `externalIds` that are on the erasure list. With the list empty (the usual case) the
 * server hashes nothing: the EXISTS is evaluated once, before any row.
 */
export async function erasedAmong(db: Db, externalIds: Iterable<string>): Promise<Set<string>> {
  const ids = storableKeys([...externalIds]);
  const rows = await query<{ id: string }>(
    db,
    sql`SELECT u.id FROM unnest(${sql.param(ids)}::text[]) AS u(id)
      JOIN erased_customers e ON e.id_hash = ${hashOf(sql`u.id`)}
      WHERE EXISTS (SELECT 1 FROM erased_customers)
      FOR SHARE OF e`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Locks the erasure list against writes in flight (see above): an erasure's first statement. */
export async function lockErasureList(tx: Db): Promise<void> {
  await tx.execute(sql`LOCK TABLE erased_customers IN EXCLUSIVE MODE`);
}

/**
 * Puts `externalId` on the erasure list, recording whether the store `held` their record (lastErasureAt);
 * on it already, only an erasure that held them moves its time. Run after lockErasureList.
 */
export async function eraseCustomerId(tx: Db, externalId: string, held: boolean): Promise<void> {
  await tx.execute(
    sql`INSERT INTO erased_customers (id_hash, held) VALUES (${hashOf(externalId)}, ${held})
      ON CONFLICT (id_hash) DO UPDATE SET erased_at = now(), held = true WHERE excluded.held`,
  );
}

/** Takes `externalId` off the erasure list; whether it was on it. */
export async function restoreCustomerId(db: Db, externalId: string): Promise<boolean> {
  const rows = await query<{ one: number }>(
    db,
    sql`DELETE FROM erased_customers WHERE id_hash = ${hashOf(externalId)} RETURNING 1 AS one`,
  );
  return rows.length > 0;
}

/** Whether `externalId` is on the erasure list. */
export async function isErased(db: Db, externalId: string): Promise<boolean> {
  const rows = await query<{ one: number }>(
    db,
    sql`SELECT 1 AS one FROM erased_customers WHERE id_hash = ${hashOf(externalId)}`,
  );
  return rows.length > 0;
}

/** When the latest customer on the erasure list whose record was held was put on it (null: none). */
export async function lastErasureAt(db: Db): Promise<Date | null> {
  const [row] = await query<{ at: string | Date | null }>(
    db,
    sql`SELECT max(erased_at) AS at FROM erased_customers WHERE held`,
  );
  return row?.at == null ? null : new Date(row.at);
}

/** Every entry of the erasure list, by hash. */
export async function listErasures(db: Db): Promise<ErasureEntry[]> {
  const rows = await query<{ id_hash: string; erased_at: string | Date; held: boolean }>(
    db,
    sql`SELECT encode(id_hash, 'hex') AS id_hash, erased_at, held FROM erased_customers ORDER BY id_hash`,
  );
  return rows.map((r) => ({ idHash: r.id_hash, erasedAt: new Date(r.erased_at), held: r.held }));
}

/** Puts entries on the erasure list (Storage.addErasures); how many were not on it. Run after lockErasureList. */
export async function addErasures(tx: Db, entries: readonly ErasureEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await query<{ inserted: boolean }>(
    tx,
    sql`INSERT INTO erased_customers (id_hash, erased_at, held)
      SELECT decode(h, 'hex'), a, k
      FROM unnest(${sql.param(entries.map((e) => e.idHash))}::text[],
        ${sql.param(entries.map((e) => e.erasedAt.toISOString()))}::timestamptz[],
        ${sql.param(entries.map((e) => e.held))}::boolean[]) AS u(h, a, k)
      ON CONFLICT (id_hash) DO UPDATE SET
        erased_at = greatest(erased_customers.erased_at, excluded.erased_at),
        held = erased_customers.held OR excluded.held
      RETURNING (xmax = 0) AS inserted`,
  );
  return rows.filter((r) => r.inserted).length;
}
