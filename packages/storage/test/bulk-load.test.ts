// A bulk load into an empty events table drops its non-unique indexes and builds them before commit
// (src/sql/deferred-indexes.ts): whatever happens, the table ends with every index of the schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../src/index.js';
import { postgresTestServer } from '../src/testkit/index.js';

const EVENT_INDEXES = [
  'events_customer_ts_idx',
  'events_event_id_unique',
  'events_pkey',
  'events_ts_seq_idx',
];
const INDEX_QUERY = `SELECT indexname FROM pg_indexes WHERE tablename = 'events' ORDER BY indexname`;

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
  indexes: () => Promise<string[]>;
}

/** The same checks on PGlite (a data directory, read back after close) and on PostgreSQL. */
function bulkLoadTests(name: string, target: () => Promise<Target>): void {
  describe(`bulk load into an empty events table: ${name}`, () => {
    it('keeps every index after a committed bulk load in a transaction, and scans use them', async () => {
      const t = await target();
      const s = await t.open();
      await s.transaction(async (tx) => {
        expect(await tx.appendEvents(events('a', 1500))).toEqual({ inserted: 1500, duplicates: 0 });
        expect(await tx.appendEvents(events('a', 2500))).toEqual({ inserted: 1000, duplicates: 1500 });
      });
      let scanned = 0;
      for await (const batch of s.scanEvents({ customerId: 'c3', batchSize: 100 })) scanned += batch.length;
      expect(scanned).toBe(84); // k = 3, 33, ..., 2493: 2500 / 30 rounded up for k % 30 = 3
      await s.close();
      expect(await t.indexes()).toEqual(EVENT_INDEXES);
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
      expect(await s.appendEvents(events('c', 1200))).toEqual({ inserted: 1200, duplicates: 0 });
      await s.close();
      expect(await t.indexes()).toEqual(EVENT_INDEXES);
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
    indexes: async () => {
      const client = new PGlite(dataDir);
      try {
        return (await client.query<{ indexname: string }>(INDEX_QUERY)).rows.map((r) => r.indexname);
      } finally {
        await client.close();
      }
    },
  };
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
      indexes: async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          return (await client.query<{ indexname: string }>(INDEX_QUERY)).rows.map((r) => r.indexname);
        } finally {
          await client.end();
        }
      },
    };
  });
