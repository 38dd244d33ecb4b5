/**
 * Bulk loading into an empty events table without maintaining its secondary indexes row by row: on the
 * first large batch of a transaction, when `events` holds no rows, its non-unique indexes are dropped and
 * then built once, before the transaction commits. Building them once is several times cheaper than
 * inserting half a million rows into them (docs/benchmarks/import.md). Unique indexes (the primary key,
 * the event id that ON CONFLICT relies on) are never dropped. DDL is transactional, so a transaction that
 * fails or rolls back gets its indexes back as they were; until it commits, other sessions wait on its
 * lock on `events` instead of reading a half-loaded table.
 */
import { sql } from 'drizzle-orm';
import { type Db, query } from './db.js';

/** A batch of at least this many events into an empty table starts a bulk load. */
export const BULK_LOAD_MIN_EVENTS = 1_000;

/** The events indexes one transaction dropped, to be built before it commits. */
export class DeferredIndexes {
  private checked = false;
  private definitions: string[] = [];

  /** Drops the secondary indexes of `events` if this is the transaction's first large batch and it is empty. */
  async dropIfEmpty(tx: Db, batchSize: number): Promise<void> {
    if (this.checked || batchSize < BULK_LOAD_MIN_EVENTS) return;
    this.checked = true;
    const indexes = await query<{ name: string; definition: string }>(
      tx,
      sql`SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'events'::regclass AND NOT i.indisunique AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM events)
        ORDER BY c.relname`,
    );
    for (const { name, definition } of indexes) {
      await tx.execute(sql`DROP INDEX ${sql.identifier(name)}`);
      // Built with IF NOT EXISTS: a savepoint rolled back after the drop has already restored it.
      this.definitions.push(definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
    }
  }

  /** Builds the dropped indexes again (call last in the transaction, before it commits). */
  async rebuild(tx: Db): Promise<void> {
    const definitions = this.definitions;
    this.definitions = [];
    for (const definition of definitions) await tx.execute(sql.raw(definition));
  }
}
