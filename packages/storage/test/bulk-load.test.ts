// A bulk load into an empty events table drops every index and constraint on it, COPYs the batches in
// with duplicate ids skipped on the client, and builds them all before commit (src/sql/bulk-load.ts):
// whatever happens, the table ends with every index of the schema, and each id is stored once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../src/index.js';
import { postgresTestServer } from '../src/testkit/index.js';

const EVENT_INDEXES = [
  'events_customer_ts_idx WHERE (customer_id IS NOT NULL)',
  'events_pkey',
  'events_ts_seq_idx',
];
/** Each index of events by name, with its predicate if it has one. */
const INDEX_QUERY = `SELECT indexname || coalesce(' WHERE ' || pg_get_expr(i.indpred, i.indrelid), '') AS indexname
  FROM pg_indexes x JOIN pg_class c ON c.relname = x.indexname JOIN pg_index i ON i.indexrelid = c.oid
  WHERE x.tablename = 'events' ORDER BY indexname`;
/** How a customer's history is read (sql-events.ts), with sequential scans priced out: is the index usable? */
const HISTORY_PLAN = `SET enable_seqscan = off; EXPLAIN SELECT e.seq FROM events e
  WHERE e.customer_id = (SELECT id FROM customers WHERE external_id = 'c3') ORDER BY e.ts, e.seq LIMIT 100`;
/**
 * A keyset page of views as scanInteractions reads them (sql-bulk.ts): served by walking events_ts_seq_idx
 * when the planner has statistics; without them it guessed a few rows and sorted the whole table per page.
 */
const INTERACTION_PAGE_PLAN = `EXPLAIN SELECT e.seq FROM events e
  WHERE e.customer_id IS NOT NULL AND e.item_id IS NOT NULL AND e.type IN ('view'::event_type)
    AND (e.ts, e.seq) > ('1970-01-01T00:00:01Z'::timestamptz, 2) ORDER BY e.ts, e.seq LIMIT 100`;

const events = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, k) => ({
    eventId: `${prefix}-${k}`,
    type: 'view' as const,
    customerId: `c${k % 30}`,
    sku: `s${k % 20}`,
    timestamp: new Date(k * 1000),
  }));

interface Target {
  open: () => Promise<Storage>;
  /** The rows of the last statement of `script`, run on a connection of its own. */
  query: (script: string) => Promise<Record<string, unknown>[]>;
}

const indexesOf = async (t: Target) => (await t.query(INDEX_QUERY)).map((r) => r.indexname);
/** The plan of HISTORY_PLAN's query, one line per row. */
const historyPlanOf = async (t: Target) =>
  (await t.query(HISTORY_PLAN)).map((r) => Object.values(r)[0]).join('\n');

const ODD_KEYS = ['NULL', 'a "quoted", {braced} \\ key', ' spaced ', 'Ünï,{}'];

/** 1,200 events with every field set or null, odd text and times around the binary COPY's epoch. */
function oddEvents() {
  // The COPY is in binary (copy-binary.ts): times before and after 2000-01-01 (its epoch) and past
  // 2038, with milliseconds; negative and fractional numbers; text beyond ASCII, also in the id.
  return events('f', 1200).map((e, k) => ({
    ...e,
    eventId: k % 11 === 0 ? `f-${k}-ünï ✓ 🛒` : e.eventId,
    type: k % 2 === 0 ? ('purchase' as const) : ('search' as const),
    // Keys as the server reads them from a text[] parameter: quotes, braces, commas, backslashes, NULL.
    customerId: k % 7 === 0 ? null : k % 13 === 5 ? ODD_KEYS[k % 4]! : e.customerId,
    sku: k % 5 === 0 ? null : k % 17 === 2 ? `s-${ODD_KEYS[k % 4]!}` : e.sku,
    timestamp: new Date(
      k % 3 === 0 ? 1_234_567 + k : k % 3 === 1 ? 946_684_800_000 + k * 7 : 2_500_000_000_123 - k,
    ),
    quantity: k % 2 === 0 ? (k % 4 === 0 ? -(k + 0.5) : k + 0.5) : null,
    unitPrice: k % 2 === 0 ? 2.55 : null,
    rating: k === 3 ? 4 : k === 5 ? 3.75 : null,
    query: k % 2 === 1 ? `tab\there, back\\slash, line\nbreak, naïve café ${k} 🧺` : null,
    sessionId: k % 9 === 0 ? '' : `sess-${k % 3}`,
    orderId: k % 2 === 0 ? `o${k}-Ø` : null,
  }));
}

/** The same checks on PGlite (a data directory, read back after close) and on PostgreSQL. */
function bulkLoadTests(name: string, target: () => Promise<Target>): void {
  describe(`bulk load into an empty events table: ${name}`, () => {
    it('settles a bulk load in a savepoint that rolls back, and still builds every index at commit', async () => {
      const t = await target();
      const s = await t.open();
      const repeat = events('a', 1500)
        .slice(0, 10)
        .map((e) => ({ ...e, rating: 5 }));
      await s.transaction(async (tx) => {
        const first = await tx.appendEvents([...events('a', 1500), ...repeat]);
        expect([first.inserted, first.duplicates, first.unsettled.length]).toEqual([1500, 10, 10]);
        await expect(
          tx.transaction(async (inner) => {
            expect(await inner.settleDuplicates!()).toHaveLength(10);
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        // The settle was undone: the load goes on, and settles its rows set aside once more.
        await tx.appendEvents(events('b', 1200));
        const settled = await tx.settleDuplicates!();
        expect(settled.map((c) => [c.index, c.eventId, c.fields.map((f) => f.field)])).toEqual(
          repeat.map((e, k) => [k, e.eventId, ['rating']]),
        );
      });
      expect((await s.counts()).events).toBe(2700);
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });

    it('keeps every index after a committed bulk load in a transaction, and scans use them', async () => {
      const t = await target();
      const s = await t.open();
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(events('a', 1500))).toEqual({
          inserted: 1500,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        expect(await tx.appendEvents(events('a', 2500))).toEqual({
          inserted: 1000,
          duplicates: 1500,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      let scanned = 0;
      for await (const batch of s.scanEvents({ customerId: 'c3', batchSize: 100 })) scanned += batch.length;
      expect(scanned).toBe(84); // k = 3, 33, ..., 2493: 2500 / 30 rounded up for k % 30 = 3
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
      // The customer index leaves out anonymous events; a read by customer still finds it usable.
      expect(await historyPlanOf(t)).toMatch(/Index (Only )?Scan (using|on) events_customer_ts_idx/);
    });

    it('leaves the planner statistics, so that keyset pages walk the time index', async () => {
      const t = await target();
      const s = await t.open();
      expect(await s.appendEvents(events('p', 6000))).toEqual({
        inserted: 6000,
        duplicates: 0,
        erased: 0,
        conflicts: [],
        unsettled: expect.any(Array),
      });
      await s.close();
      const [stats] = await t.query(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'events'`);
      expect(stats!.n).toBeGreaterThan(0);
      const plan = (await t.query(INTERACTION_PAGE_PLAN)).map((r) => Object.values(r)[0]).join('\n');
      expect(plan).toMatch(/Index Scan using events_ts_seq_idx/);
      expect(plan).not.toMatch(/Sort/);
    });

    it('analyzes events once they outgrow their statistics by half, across processes', async () => {
      const t = await target();
      const statsRows = async () =>
        (await t.query(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'events'`))[0]!.n;
      // Batches below BULK_LOAD_MIN_EVENTS are INSERTed through the staging table: no bulk load.
      let s = await t.open();
      expect(await s.appendEvents(events('g', 30))).toEqual({
        inserted: 30,
        duplicates: 0,
        erased: 0,
        conflicts: [],
        unsettled: expect.any(Array),
      });
      await s.close();
      expect(await statsRows()).toBe(0); // one page of events: nothing to plan around yet
      // Another storage (a later CLI run) writes more: its first write looks at the table's size.
      s = await t.open();
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(events('h', 300))).toEqual({
          inserted: 300,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      await s.close();
      expect(await statsRows()).toBeGreaterThan(0);
    });

    it('analyzes events that have no statistics when a storage opens (an upgraded or restored database)', async () => {
      const t = await target();
      await (await t.open()).close();
      // Rows written without the storage, then an index build: pg_class counts the pages, pg_stats is empty.
      const [table] = await t.query(`INSERT INTO events (event_id, type, ts)
          SELECT 'r' || g, 'view', now() FROM generate_series(1, 3000) g;
        REINDEX TABLE events;
        SELECT relpages, (SELECT count(*)::int FROM pg_stats WHERE tablename = 'events') AS stats
          FROM pg_class WHERE relname = 'events'`);
      expect(table).toMatchObject({ stats: 0 });
      expect(Number(table!.relpages)).toBeGreaterThan(1);
      await (await t.open()).close();
      const [after] = await t.query(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'events'`);
      expect(after!.n).toBeGreaterThan(0);
    });

    it('stores every field, customer and item of a bulk load as the staged path does', async () => {
      const t = await target();
      const s = await t.open();
      const input = oddEvents();
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(input)).toEqual({
          inserted: 1200,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      const stored = [];
      for await (const batch of s.scanEvents({ batchSize: 500 })) stored.push(...batch);
      expect(stored.map(({ seq, customerIndex, itemIndex, ...rest }) => rest)).toEqual(
        // Scans are in (time, arrival) order: the input sorted by time, ties in input order (a stable sort).
        [...input].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()),
      );
      // Customers and items were created in order of first appearance: c1 first (k = 0 has none).
      const [first] = await s.getCustomers(['c1']);
      const [second] = await s.getCustomers(['c2']);
      expect(first!.index).toBeLessThan(second!.index);
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });

    it('numbers the events of a bulk load in arrival order, and those appended after it after them', async () => {
      // The load gives each row its seq itself (BulkLoad.takeSeq) and moves the sequence past them at the
      // end: events at the same time are scanned in arrival order, within the load and after it.
      const t = await target();
      const s = await t.open();
      const at = new Date('2024-05-01T10:00:00Z');
      const same = (prefix: string, n: number) => events(prefix, n).map((e) => ({ ...e, timestamp: at }));
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(same('a', 1500))).toEqual({
          inserted: 1500,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        await expect(
          tx.transaction(async (inner) => {
            await inner.appendEvents(same('x', 1200));
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        expect(await tx.appendEvents(same('b', 1200))).toEqual({
          inserted: 1200,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      expect(await s.appendEvents(same('c', 10))).toEqual({
        inserted: 10,
        duplicates: 0,
        erased: 0,
        conflicts: [],
        unsettled: expect.any(Array),
      });
      expect(await s.appendEvents(same('d', 1100))).toEqual({
        inserted: 1100,
        duplicates: 0,
        erased: 0,
        conflicts: [],
        unsettled: expect.any(Array),
      });
      const stored = [];
      for await (const batch of s.scanEvents({ batchSize: 700 })) stored.push(...batch);
      const arrival = [...same('a', 1500), ...same('b', 1200), ...same('c', 10), ...same('d', 1100)];
      expect(stored.map((e) => e.eventId)).toEqual(arrival.map((e) => e.eventId));
      expect(new Set(stored.map((e) => e.seq)).size).toBe(arrival.length);
      await s.close();
    });

    it('stores every field of a large batch staged into a table that holds events, its repeats skipped', async () => {
      const t = await target();
      const s = await t.open();
      expect(await s.appendEvents(events('seed', 1))).toEqual({
        inserted: 1,
        duplicates: 0,
        erased: 0,
        conflicts: [],
        unsettled: expect.any(Array),
      });
      // At least COPY_MIN_EVENTS: COPYed (binary) into the stage, then one INSERT with the indexes in place.
      const input = oddEvents();
      // Repeats keep the first of their id, and create no customer or item only they name.
      const repeats = input.slice(0, 300).map((e, k) => ({
        ...e,
        quantity: 99,
        query: 'a repeat keeps the first',
        customerId: k % 2 === 0 ? 'only-a-repeat' : e.customerId,
        sku: k % 3 === 0 ? 'only-a-repeat' : e.sku,
      }));
      expect(await s.appendEvents([...input, ...repeats])).toEqual({
        inserted: 1200,
        duplicates: 300,
        erased: 0,
        // Each repeat's quantity and query differ from its first's: each is reported, in input order.
        conflicts: repeats.map((e, k) =>
          expect.objectContaining({
            index: 1200 + k,
            eventId: e.eventId,
            fields: expect.arrayContaining([
              { field: 'quantity', stored: input[k]!.quantity ?? null, given: 99 },
              { field: 'query', stored: input[k]!.query ?? null, given: 'a repeat keeps the first' },
            ]),
          }),
        ),
        unsettled: [],
      });
      expect(await s.getCustomers(['only-a-repeat'])).toEqual([null]);
      expect(await s.getItem('only-a-repeat')).toBeNull();
      const stored = [];
      for await (const batch of s.scanEvents({ batchSize: 500 })) stored.push(...batch);
      expect(
        stored
          .filter((e) => e.eventId !== 'seed-0')
          .map(({ seq, customerIndex, itemIndex, ...rest }) => rest),
      ).toEqual([...input].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()));
      await s.close();
    });

    it('forgets what a rolled-back savepoint stored, and keeps counting duplicates exactly', async () => {
      const t = await target();
      const s = await t.open();
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(events('a', 1500))).toEqual({
          inserted: 1500,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        await expect(
          tx.transaction(async (inner) => {
            expect(await inner.appendEvents(events('x', 1200))).toEqual({
              inserted: 1200,
              duplicates: 0,
              erased: 0,
              conflicts: [],
              unsettled: expect.any(Array),
            });
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        // The x events are gone, so they are new again; the a events are still duplicates.
        expect(await tx.appendEvents([...events('x', 1200), ...events('a', 100)])).toEqual({
          inserted: 1200,
          duplicates: 100,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      expect((await s.counts()).events).toBe(2700);
      // The unique event id is enforced again once the load committed.
      expect(await s.appendEvents(events('x', 10))).toEqual({
        inserted: 0,
        duplicates: 10,
        erased: 0,
        conflicts: [],
        unsettled: expect.any(Array),
      });
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });

    it('stores again the events of a customer deleted during the bulk load, once restored', async () => {
      const t = await target();
      const s = await t.open();
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(events('d', 1500))).toEqual({
          inserted: 1500,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        expect((await tx.deleteCustomer('c4')).events).toBe(50); // k % 30 = 4
        expect(await tx.appendEvents(events('d', 1500))).toEqual({
          inserted: 0,
          duplicates: 1450,
          erased: 50,
          erasedCustomers: ['c4'],
          conflicts: [],
          unsettled: expect.any(Array),
        });
        // Restored, their ids are not taken for repeats: the load forgot them with the deletion.
        expect(await tx.restoreCustomer('c4')).toBe(true);
        expect(await tx.appendEvents(events('d', 1500))).toEqual({
          inserted: 50,
          duplicates: 1450,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      expect((await s.counts()).events).toBe(1500);
      let again = 0;
      for await (const batch of s.scanEvents({ customerId: 'c4' })) again += batch.length;
      expect(again).toBe(50);
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });

    it('stores nothing of a deleted customer that was repeated before the deletion', async () => {
      const t = await target();
      const s = await t.open();
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(events('r', 1500))).toEqual({
          inserted: 1500,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        // The repeats are set aside until the primary key is built (bulk-load.ts), c4's 50 among them,
        // one of them (r-4) naming another customer: a repeat of its id all the same.
        const again = events('r', 1500).map((e, k) => (k === 4 ? { ...e, customerId: 'other' } : e));
        expect(await tx.appendEvents(again)).toEqual({
          inserted: 0,
          duplicates: 1500,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        expect((await tx.deleteCustomer('c4')).events).toBe(50);
      });
      expect((await s.counts()).events).toBe(1450);
      expect(await s.getCustomer('c4')).toBeNull();
      expect(await s.getCustomer('other')).toBeNull();
      for await (const batch of s.scanEvents({ customerId: 'c4' })) expect(batch).toEqual([]);
      await s.close();
    });

    it('starts again when the savepoint that started the bulk load rolls back', async () => {
      const t = await target();
      const s = await t.open();
      await s.transaction(async (tx) => {
        await expect(
          tx.transaction(async (inner) => {
            await inner.appendEvents(events('y', 1500));
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        expect(await tx.appendEvents(events('y', 1500))).toEqual({
          inserted: 1500,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        expect(await tx.appendEvents(events('y', 1600))).toEqual({
          inserted: 100,
          duplicates: 1500,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      expect((await s.counts()).events).toBe(1600);
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });

    it('keeps every index, and stores nothing, when the transaction of a bulk load fails', async () => {
      const t = await target();
      const s = await t.open();
      await expect(
        s.transaction(async (tx) => {
          await tx.appendEvents(events('b', 2000));
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect((await s.counts()).events).toBe(0);
      // A lone large call into the empty table is a bulk load of its own.
      expect(await s.appendEvents(events('c', 1200))).toEqual({
        inserted: 1200,
        duplicates: 0,
        erased: 0,
        conflicts: [],
        unsettled: expect.any(Array),
      });
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });

    // A batch's COPY can fail on the server after the client's checks (here a CHECK constraint the
    // load keeps): its own error fails the transaction, or rolls back only the savepoint it ran in.
    const BOOM = `ALTER TABLE events ADD CONSTRAINT no_boom CHECK (order_id IS DISTINCT FROM 'boom')`;
    const withBoom = (prefix: string, n: number) =>
      events(prefix, n).map((e, k) => (k === n - 1 ? { ...e, orderId: 'boom' } : e));
    const openWithBoom = async (t: Target) => {
      await (await t.open()).close(); // the schema
      await t.query(BOOM);
      return t.open();
    };

    it('fails a transaction with the error of a batch whose COPY failed', async () => {
      const t = await target();
      const s = await openWithBoom(t);
      await expect(
        s.transaction(async (tx) => {
          await tx.appendEvents(events('a', 1500));
          await tx.appendEvents(withBoom('b', 1200));
        }),
      ).rejects.toThrow(/no_boom/);
      expect((await s.counts()).events).toBe(0);
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });

    it('rolls back only the savepoint whose batch failed, with its error, and the load goes on', async () => {
      const t = await target();
      const s = await openWithBoom(t);
      await s.transaction(async (tx) => {
        await tx.appendEvents(events('a', 1500));
        await expect(tx.transaction((inner) => inner.appendEvents(withBoom('b', 1200)))).rejects.toThrow(
          /no_boom/,
        );
        // The b events are gone with the savepoint: new again (without the bad one), the a events not.
        expect(await tx.appendEvents([...events('b', 1199), ...events('a', 100)])).toEqual({
          inserted: 1199,
          duplicates: 100,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
        expect(await tx.appendEvents(events('c', 1200))).toEqual({
          inserted: 1200,
          duplicates: 0,
          erased: 0,
          conflicts: [],
          unsettled: expect.any(Array),
        });
      });
      expect((await s.counts()).events).toBe(1500 + 1199 + 1200);
      await s.close();
      expect(await indexesOf(t)).toEqual(EVENT_INDEXES);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'storewise-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let made = 0;
bulkLoadTests('pglite', async () => {
  const dataDir = join(dir, `db-${++made}`);
  return {
    open: () => openStorage(dataDir),
    query: async (script) => {
      const client = new PGlite(dataDir);
      try {
        return (await client.exec(script)).at(-1)!.rows;
      } finally {
        await client.close();
      }
    },
  };
});

describe('bulk load into PGlite', () => {
  it('writes events and their indexes without WAL (its wal_level is minimal)', async () => {
    const dataDir = join(dir, `db-${++made}`);
    const sql = async (script: string) => {
      const client = new PGlite(dataDir);
      try {
        return (await client.exec(script)).at(-1)!.rows as Record<string, unknown>[];
      } finally {
        await client.close();
      }
    };
    await (await openStorage(dataDir)).close();
    const [before] = await sql('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    const s = await openStorage(dataDir);
    // Each relation over wal_skip_threshold (2MB): smaller ones are written to WAL whole at commit.
    expect(await s.appendEvents(events('w', 80_000))).toEqual({
      inserted: 80_000,
      duplicates: 0,
      erased: 0,
      conflicts: [],
      unsettled: expect.any(Array),
    });
    await s.close();
    const [after] =
      await sql(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '${before!.lsn}')::float8 AS wal,
        pg_total_relation_size('events')::float8 AS size`);
    // Logged (events not emptied into a file of its own first), the COPY's rows alone made 7.0 MB of WAL for a
    // table and indexes of 13.8 MB; unlogged, 2.4 MB (what the load changes in the catalog, the relations
    // under wal_skip_threshold).
    expect(Number(after!.size)).toBeGreaterThan(10 * 2 ** 20);
    expect(Number(after!.wal)).toBeLessThan(Number(after!.size) / 4);
  });
});

const server = await postgresTestServer();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});
if (server.available)
  bulkLoadTests('postgres', async () => {
    const db = await server.freshDatabase();
    drops.push(db.drop);
    return {
      open: () => openStorage(db.url),
      query: async (script) => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          const results: pg.QueryResult | pg.QueryResult[] = await client.query(script);
          return (Array.isArray(results) ? results.at(-1)! : results).rows;
        } finally {
          await client.end();
        }
      },
    };
  });
