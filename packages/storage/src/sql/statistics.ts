/**
 * Planner statistics of the tables events are read from. PostgreSQL's planner has none for a table filled
 * from empty until ANALYZE runs: autovacuum does it on a server, but PGlite has no autovacuum, and a server
 * may have it turned off. Without statistics each keyset page of events filtered by type sorted the whole
 * table instead of walking events_ts_seq_idx (reading Online Retail's 401,604 interactions from PostgreSQL
 * took 13.5 s instead of 1.0 s). So a bulk load analyzes before it commits (bulk-load.ts), and other writes
 * analyze once `events` has grown by half since its statistics (autovacuum's rule, with a larger share).
 */
import { sql } from 'drizzle-orm';
import { type Db, query } from './db.js';

/**
 * Analyze once the table has grown by half since its statistics. autovacuum's default is a tenth, but it
 * runs in the background: here the write that crosses the line waits for the ANALYZE, and a second import
 * of Online Retail onto the demo shop (541,909 rows in batches of 5,000) analyzed 26 times with a tenth.
 * The planner scales old statistics to the table's size; what it lacks without them is worst.
 */
const GROWTH = 0.5;
/** Events a storage stores between two looks at the table's size (autovacuum's base threshold). */
const LOOK_EVERY = 50;

/**
 * ANALYZE events, customers and items, from a sample of 3,000 rows each (statistics target 10 instead of
 * 100: 30-50 ms instead of 210 ms for 535,303 events on PostgreSQL), enough to see which types and how many
 * anonymous events there are; autovacuum refines them on a server. Runs in the transaction `tx`, whose
 * later ANALYZEs keep the smaller target (`SET LOCAL` ends with the transaction): call it last.
 */
export async function analyzeEventTables(tx: Db): Promise<void> {
  await tx.execute(sql`SET LOCAL default_statistics_target = 10`);
  await tx.execute(sql`ANALYZE events, customers, items`);
}

/**
 * Compares the size of `events` with the size its statistics saw (pg_class.relpages, set by ANALYZE), and
 * analyzes once it is half as large again, or at once when it has no statistics: when a storage opens, then
 * every 50 events it stores outside bulk loads. The size is the table's, so the writes of other processes
 * count too (a CLI that appends a few events per run).
 */
export class StatisticsUpkeep {
  /** Events stored since the last look; null before the first. */
  private stored: number | null = null;

  /** `count` events were stored by INSERT (a bulk load analyzes by itself). */
  add(count: number): void {
    this.stored = (this.stored ?? 0) + count;
  }

  /** Looks and analyzes if due; call outside any transaction (after a write, once it committed). */
  async keep(db: Db): Promise<void> {
    if (this.stored !== null && this.stored < LOOK_EVERY) return;
    this.stored = 0;
    try {
      // Statistics may also be missing while relpages is current: an index build sets it (a database that
      // an earlier version filled, then migrated), and so does a restore from a dump, which has none.
      const [row] = await query<{ pages: number; seen: number; analyzed: boolean }>(
        db,
        sql`SELECT (pg_relation_size('events') / current_setting('block_size')::int)::float8 AS pages,
            relpages::float8 AS seen, EXISTS (SELECT 1 FROM pg_stats
              WHERE schemaname = current_schema() AND tablename = 'events') AS analyzed
          FROM pg_class WHERE oid = 'events'::regclass`,
      );
      if (row === undefined) return;
      const pages = Number(row.pages);
      const due = row.analyzed ? pages > Number(row.seen) * (1 + GROWTH) + 1 : pages > 1;
      if (!due) return;
      await db.transaction((tx) => analyzeEventTables(tx));
    } catch {
      // Statistics are upkeep, not part of the write that succeeded: looked at again after later writes.
    }
  }
}
