/**
 * Bulk loading into an empty events table. On the first large batch of a transaction, when `events`
 * holds no rows, the table is locked and every index and constraint on it is dropped (primary key,
 * unique event id, foreign keys if any, the other indexes); the batches then COPY straight into it
 * (bulk-append.ts), with duplicate event ids kept out on the client by the fingerprints of the ids this
 * load stored (a row whose fingerprint was seen is set aside instead, and inserted through the stage with
 * ON CONFLICT once the primary key is built: a true repeat is skipped then, and compared with the stored
 * event of its id (a conflict when their content differs, event-conflicts.ts); an id that only shares a
 * fingerprint is stored), and the transaction builds everything again before it commits (or earlier, when
 * settleDuplicates asks): each index in one pass, each constraint validated in one pass.
 * Building them once is several times cheaper than maintaining them row by row
 * (docs/benchmarks/import.md). DDL is transactional, so a transaction that fails or rolls back gets
 * its indexes back as they were; until it commits, other sessions wait on its lock on `events`.
 */
import { sql } from 'drizzle-orm';
import type { EventColumns } from '../event-columns.js';
import type { EventConflict } from '../event-conflicts.js';
import { BulkRows } from './bulk-rows.js';
import { BinaryCopyWriter } from './copy-binary.js';
import type { CopyIn } from './copy-in.js';
import { type Db, query } from './db.js';
import { CREATE_STAGE, moveStagedEvents, STAGE, STAGE_COPY_TARGET, writeStageRows } from './event-stage.js';
import { IdFingerprints } from './id-fingerprints.js';
import { analyzeEventTables } from './statistics.js';

/**
 * The fingerprints of a load's stored ids, with the rest of its per-batch work: in WebAssembly where it
 * runs (bulk-rows.ts), else in TypeScript (IdFingerprints and bulk-append.ts).
 */
export type StoredIds = BulkRows | IdFingerprints;

const storedIdsSet = (): StoredIds => BulkRows.create() ?? new IdFingerprints();

/** A batch of at least this many events into an empty table starts a bulk load. */
export const BULK_LOAD_MIN_EVENTS = 1_000;

/** Memory for the index builds at the end of a bulk load on a PostgreSQL server (not PGlite's heap). */
const SERVER_INDEX_BUILD_MEMORY = '256MB';
/**
 * The same in PGlite, whose WebAssembly memory never shrinks: what the builds' sorts take stays with
 * the process. Below its default (64MB) the larger sorts spill to temporary files instead: the peak
 * of an import into a new directory was lower in 5 of 5 pairs of runs (by 3-37 MB), no slower.
 */
const EMBEDDED_INDEX_BUILD_MEMORY = '16MB';

/**
 * Rows set aside above this many bytes go to the stage before the next batch (flushAside): the client
 * holds no more of them, whatever the share of repeats in a file.
 */
export const ASIDE_FLUSH_BYTES = 8 << 20;

/** Where a savepoint started, to put the client-side state back if it rolls back (see undo). */
export interface BulkMark {
  readonly active: boolean;
  readonly checked: boolean;
  /** The rows set aside then: their writer and its length. */
  readonly aside: BinaryCopyWriter | null;
  readonly asideLength: number;
  /** Rows set aside then (`numbered`). */
  readonly numbered: number;
  /** What the load would build then, and whether rows were in the stage (a settle in the savepoint: see undo). */
  readonly restore: readonly string[];
  readonly staged: boolean;
}

/** One transaction's bulk load of `events`: what it dropped, and the event ids it stored. */
export class BulkLoad {
  private checked = false;
  private active = false;
  /** Statements that put back what was dropped, in order (constraints first, then the other indexes). */
  private restore: string[] = [];
  /**
   * Fingerprints of the event ids stored by this load (made when it starts); null when a rolled-back
   * savepoint made them unknown (read again), or when no load is under way.
   */
  private ids: StoredIds | null = null;
  /**
   * Rows set aside (setAside) and not yet in the stage, as binary COPY rows of the stage. They go there
   * (flushAside) only where no savepoint of an append is open: at the start of an append, of a nested
   * transaction or of a customer's deletion, and in finish; so a savepoint that rolls back takes with
   * it exactly the rows set aside since it began, here (undo) or in the stage.
   */
  private aside: BinaryCopyWriter | null = null;
  /**
   * Rows set aside so far, which numbers the next ones (`n` in the stage, in the order they came): the
   * position among the load's rows set aside by which finish reports a conflict (AppendResult.unsettled).
   */
  private numbered = 0;
  /** Whether rows went to the stage in this load (finish then moves them). */
  private staged = false;
  private copyIn: CopyIn | null = null;
  /**
   * Ids of customers and items this load has seen (a cache: cleared when a savepoint rolls back).
   */
  readonly customerIds = new Map<string, number>();
  readonly itemIds = new Map<string, number>();
  /** The events sequence, and the next number this load gives an event (see startIfEmpty). */
  private sequence = '';
  private nextSeq = 0;
  /** The buffer of the last batch's COPY rows, once the server has them: the next batch's rows go in it. */
  copyBuffer: Uint8Array | null = null;

  /** @param serverBuild whether the indexes are built by a PostgreSQL server (more memory for the builds). */
  constructor(private readonly serverBuild = false) {}

  /** Whether this transaction is bulk-loading events (its indexes are dropped). */
  get isActive(): boolean {
    return this.active;
  }

  /**
   * Starts a bulk load if this is the transaction's first large batch and `events` is empty: locks the
   * table, checks again that it is empty, and drops its constraints and indexes.
   */
  async startIfEmpty(tx: Db, batchSize: number): Promise<void> {
    if (this.checked || batchSize < BULK_LOAD_MIN_EVENTS) return;
    this.checked = true;
    if (!(await isEmpty(tx))) return;
    // Locked before the second look: no other session can add a row between the check and the drops.
    await tx.execute(sql`LOCK TABLE events IN ACCESS EXCLUSIVE MODE`);
    if (!(await isEmpty(tx))) return;
    const constraints = await query<{ name: string; definition: string }>(
      tx,
      sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'events'::regclass AND contype IN ('p', 'u', 'f')
        ORDER BY CASE contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 ELSE 2 END, conname`,
    );
    const indexes = await query<{ name: string; definition: string }>(
      tx,
      sql`SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'events'::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
        ORDER BY c.relname`,
    );
    // Foreign keys first (they may lean on a unique index dropped after them), then the rest.
    for (const { name } of [...constraints].reverse())
      await tx.execute(sql`ALTER TABLE events DROP CONSTRAINT ${sql.identifier(name)}`);
    for (const { name } of indexes) await tx.execute(sql`DROP INDEX ${sql.identifier(name)}`);
    // An empty file of its own for events in this transaction: where WAL is minimal (PGlite's), PostgreSQL
    // then writes the COPY and the index builds without WAL, and syncs their files at commit instead.
    await tx.execute(sql`TRUNCATE events`);
    // The load numbers its rows itself (COPY takes a value for an identity column): the server then
    // draws no sequence value per row (0.10-0.15 s of a COPY of Online Retail's 535,303 events,
    // docs/benchmarks/import.md). No other session can insert into events while the lock is held;
    // finish moves the sequence past the numbers used.
    const [sequence] = await query<{ name: string; next: string }>(
      tx,
      sql`SELECT pg_get_serial_sequence('events', 'seq') AS name, nextval(pg_get_serial_sequence('events', 'seq'))::text AS next`,
    );
    this.sequence = sequence!.name;
    this.nextSeq = Number(sequence!.next);
    this.restore = [
      ...constraints.map(
        ({ name, definition }) => `ALTER TABLE events ADD CONSTRAINT ${quoteIdent(name)} ${definition}`,
      ),
      ...indexes.map(({ definition }) => definition),
    ];
    this.active = true;
    this.ids = storedIdsSet();
  }

  /**
   * The first of `count` consecutive numbers (events.seq) for rows this load COPYs. Numbers whose rows a
   * savepoint rolled back are not given again: the sequence has gaps, as it has after any rollback.
   */
  takeSeq(count: number): number {
    const first = this.nextSeq;
    this.nextSeq += count;
    return first;
  }

  /** The fingerprints of the event ids this load has stored (read back from the table after a rolled-back savepoint). */
  async storedIds(tx: Db): Promise<StoredIds> {
    if (this.ids === null) {
      const rows = await query<{ event_id: string }>(tx, sql`SELECT event_id FROM events`);
      const ids = storedIdsSet();
      for (const r of rows) ids.add(r.event_id);
      this.ids = ids;
    }
    return this.ids;
  }

  /** Rows set aside so far (the number the next one gets). */
  get setAsideCount(): number {
    return this.numbered;
  }

  /**
   * Sets aside the rows `indexes` of `batch`, whose fingerprints this load has seen: finish inserts them.
   * `textStart`: where each event's text starts (textStarts).
   */
  setAside(batch: EventColumns, indexes: Int32Array, textStart: Int32Array, copyIn: CopyIn): void {
    this.aside ??= new BinaryCopyWriter();
    writeStageRows(this.aside, batch, indexes, textStart, this.numbered);
    this.numbered += indexes.length;
    this.copyIn = copyIn;
  }

  /** Bytes of rows set aside and not yet in the stage. */
  get asideBytes(): number {
    return this.aside?.length ?? 0;
  }

  /** Moves the rows set aside into the stage (call where no append's savepoint is open: see `aside`). */
  async flushAside(tx: Db): Promise<void> {
    if (this.aside === null) return;
    // Each time: a rolled-back savepoint may have taken the table with it.
    await tx.execute(CREATE_STAGE);
    await this.copyAside(tx);
  }

  /** The rows set aside into the stage, which exists. */
  private async copyAside(tx: Db): Promise<void> {
    const aside = this.aside;
    if (aside === null || this.copyIn === null) return;
    this.aside = null;
    await this.copyIn(tx, STAGE_COPY_TARGET, aside.finish());
    this.staged = true;
  }

  /**
   * A customer and their events are being deleted during the load (call before the events go): the
   * stored ids are read back from the table when next needed, customer ids looked up again, and the rows
   * set aside that name the customer, or repeat an id of their events, are deleted too (finish would
   * store them once their first copy is gone).
   */
  async forgetDeleted(tx: Db, externalId: string, customerId: number): Promise<void> {
    if (this.active) this.ids = null;
    this.customerIds.clear();
    // The deletion began with flushAside: every row set aside is in the stage.
    if (this.staged) {
      await tx.execute(CREATE_STAGE);
      await tx.execute(sql`DELETE FROM ${sql.raw(STAGE)} s WHERE s.c = ${externalId}
        OR s.e IN (SELECT event_id FROM events WHERE customer_id = ${customerId})`);
    }
  }

  mark(): BulkMark {
    return {
      active: this.active,
      checked: this.checked,
      aside: this.aside,
      asideLength: this.aside?.length ?? 0,
      numbered: this.numbered,
      restore: this.restore,
      staged: this.staged,
    };
  }

  /** A savepoint begun at `mark` rolled back: forget what it did on the client too. */
  undo(mark: BulkMark): void {
    if (!mark.active && this.active) {
      // The drops themselves were rolled back: the table has its indexes again.
      this.active = false;
      this.restore = [];
    } else if (mark.active && !this.active) {
      // The load finished within the savepoint (settleDuplicates) and that rolled back: the indexes are
      // dropped again, and the rows set aside are back in the stage.
      this.active = true;
      this.restore = [...mark.restore];
      this.staged ||= mark.staged;
    }
    this.checked = mark.checked;
    // Read back when next needed (or made anew by the next load).
    this.ids = null;
    // Rows set aside since the mark go; if they went to the stage, the savepoint took them there.
    if (this.aside !== null && this.aside === mark.aside) this.aside.rewind(mark.asideLength);
    else this.aside = null;
    this.numbered = mark.numbered;
    this.customerIds.clear();
    this.itemIds.clear();
  }

  /**
   * Builds what the load dropped (call last in the transaction, before it commits, or to settle it
   * earlier: later appends then go through the stage), and moves the rows set aside; returns those whose
   * ids are stored with other content, `index` being their number among the rows set aside (see
   * `numbered`).
   */
  async finish(tx: Db): Promise<EventConflict[]> {
    const restore = this.restore;
    const active = this.active;
    this.restore = [];
    this.active = false;
    this.copyBuffer = null;
    this.ids = null;
    if (!active) return [];
    // Before anything draws from the sequence again (the rows set aside, below; later appends).
    await tx.execute(sql`SELECT setval(${this.sequence}::regclass, ${this.nextSeq}, false)`);
    const [row] = await query<{ value: string }>(
      tx,
      sql`SELECT current_setting('maintenance_work_mem') AS value`,
    );
    const buildMemory = this.serverBuild ? SERVER_INDEX_BUILD_MEMORY : EMBEDDED_INDEX_BUILD_MEMORY;
    await tx.execute(sql`SELECT set_config('maintenance_work_mem', ${buildMemory}, true)`);
    for (const statement of restore) await tx.execute(sql.raw(statement));
    await tx.execute(sql`SELECT set_config('maintenance_work_mem', ${row!.value}, true)`);
    // The rows set aside, now that the primary key tells a repeat (nearly all of them) from an id that
    // only shared a fingerprint (stored now, with the customer and item it names).
    let conflicts: EventConflict[] = [];
    if (this.staged || this.aside !== null) {
      await tx.execute(CREATE_STAGE); // a savepoint that rolled back may have taken it
      await this.copyAside(tx);
      this.staged = false;
      // Each row set aside is compared with the stored event of its id (settleDuplicates, types.ts).
      conflicts = (await moveStagedEvents(tx, null)).conflicts;
    }
    this.numbered = 0;
    // Statistics for the planner, which has none for a table filled from empty (statistics.ts).
    await analyzeEventTables(tx);
    return conflicts;
  }
}

async function isEmpty(tx: Db): Promise<boolean> {
  const [row] = await query<{ empty: boolean }>(tx, sql`SELECT NOT EXISTS (SELECT 1 FROM events) AS empty`);
  return row?.empty === true;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
