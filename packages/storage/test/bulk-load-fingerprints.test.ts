// A bulk load keeps only a fingerprint of each event id it stored (src/sql/id-fingerprints.ts). Two
// different ids that share one must both be stored: here every id of one length shares a fingerprint,
// so that nearly every row of a load is set aside and stored with ON CONFLICT after the index builds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openStorage, type Storage, type StoredEvent } from '../src/index.js';
import type { FingerprintFunction } from '../src/sql/id-fingerprints.js';
import { postgresTestServer } from '../src/testkit/index.js';

vi.mock('../src/sql/id-fingerprints.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/sql/id-fingerprints.js')>();
  const byLength: FingerprintFunction = (_source, start, end, out) => {
    out[0] = 1;
    out[1] = end - start;
    out[2] = 0;
  };
  class CollidingFingerprints extends original.IdFingerprints {
    constructor() {
      super(byLength);
    }
  }
  return { ...original, IdFingerprints: CollidingFingerprints };
});
// The load's fingerprints in TypeScript, where the colliding function above is used (the WebAssembly
// kernel's is not replaceable; test/bulk-rows.test.ts checks that it gives the same answers).
vi.mock('../src/sql/bulk-rows.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/sql/bulk-rows.js')>();
  original.BulkRows.create = () => null;
  return original;
});

const dir = mkdtempSync(join(tmpdir(), 'storewise-fingerprints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ids of 3 to 6 characters (most share a length), customers and items that only some events name. */
const events = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => {
    const k = from + i;
    return {
      eventId: `${prefix}${k}`,
      type: 'purchase' as const,
      customerId: `c${k}`,
      sku: `s${k % 700}`,
      timestamp: new Date(k * 1000),
      quantity: 1 + (k % 3),
    };
  });

async function all(s: Storage): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of s.scanEvents({ batchSize: 1000 })) out.push(...batch);
  return out;
}

/** A check that fails the COPY of an event whose order id is 'boom' (kept through a bulk load, as in bulk-load.test.ts). */
const BOOM = `ALTER TABLE events ADD CONSTRAINT no_boom CHECK (order_id IS DISTINCT FROM 'boom')`;

/** A database's location, and `sql` that runs a statement on a connection of its own. */
interface Target {
  database: string;
  sql: (statement: string) => Promise<void>;
}

let made = 0;
const targets: [string, () => Promise<Target>][] = [
  [
    'pglite',
    async () => {
      const database = join(dir, `db-${++made}`);
      return {
        database,
        sql: async (statement) => {
          const client = new PGlite(database);
          await client.exec(statement);
          await client.close();
        },
      };
    },
  ],
];
const server = await postgresTestServer();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});
if (server.available)
  targets.push([
    'postgres',
    async () => {
      const db = await server.freshDatabase();
      drops.push(db.drop);
      return {
        database: db.url,
        sql: async (statement) => {
          const client = new pg.Client({ connectionString: db.url });
          await client.connect();
          await client.query(statement);
          await client.end();
        },
      };
    },
  ]);

describe.each(targets)('a bulk load whose ids share fingerprints: %s', (_name, target) => {
  it('stores every distinct event once, with its customer and item, and each repeat not again', async () => {
    const s = await openStorage((await target()).database);
    await s.transaction(async (tx) => {
      await tx.appendEvents(events('e', 0, 1500));
      // 500 repeats of the first batch, 1,500 new events.
      await tx.appendEvents(events('e', 1000, 3000));
    });
    const stored = await all(s);
    expect(stored.map((e) => e.eventId).sort()).toEqual(
      events('e', 0, 3000)
        .map((e) => e.eventId)
        .sort(),
    );
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    for (const e of events('e', 0, 3000))
      expect(byId.get(e.eventId)).toMatchObject({
        customerId: e.customerId,
        sku: e.sku,
        quantity: e.quantity,
      });
    expect(await s.counts()).toMatchObject({ events: 3000, customers: 3000, items: 700 });
    // The primary key holds: appending them again stores nothing.
    expect(await s.appendEvents(events('e', 0, 3000))).toEqual({
      inserted: 0,
      duplicates: 3000,
      erased: 0,
      conflicts: [],
      unsettled: [],
    });
    await s.close();
  });

  it('forgets the rows it set aside in a savepoint that rolls back, and keeps those of one that commits', async () => {
    const t = await target();
    await (await openStorage(t.database)).close(); // the schema
    await t.sql(BOOM);
    const s = await openStorage(t.database);
    // 'boom-4000' is the first id of its length, so the only one COPYed: its failure comes after the
    // others (of that length, so sharing its fingerprint) were set aside.
    const boom = events('boom-', 4000, 5200).map((e, k) => (k === 0 ? { ...e, orderId: 'boom' } : e));
    await s.transaction(async (tx) => {
      await tx.appendEvents(events('e', 0, 1500));
      await tx.transaction(async (inner) => {
        await inner.appendEvents(events('e', 1500, 2500));
      });
      await expect(
        tx.transaction(async (inner) => {
          await inner.appendEvents(events('e', 2500, 4000));
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      // Its rows are set aside before its COPY fails: the batch's own savepoint rolls back.
      await expect(tx.appendEvents(boom)).rejects.toThrow(/no_boom/);
      // A deletion sends the rows set aside to the stage first; rolled back, it must not take them along.
      await expect(
        tx.transaction(async (inner) => {
          expect((await inner.deleteCustomer('c10')).events).toBe(1); // e10: the first id of its length, COPYed
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
    });
    const stored = await all(s);
    expect(stored.map((e) => e.eventId).sort()).toEqual(
      events('e', 0, 2500)
        .map((e) => e.eventId)
        .sort(),
    );
    expect(await s.counts()).toMatchObject({ events: 2500, customers: 2500 });
    await s.close();
  });

  it('sends the rows it set aside to the stage once they pass 8 MB, and stores them all', async () => {
    const s = await openStorage((await target()).database);
    await s.transaction(async (tx) => {
      // About 100 bytes a row set aside: the third append finds 10 MB of them and sends them first.
      await tx.appendEvents(events('e', 0, 50_000));
      await tx.appendEvents(events('e', 50_000, 100_000));
      await tx.appendEvents(events('e', 100_000, 101_000));
    });
    expect((await s.counts()).events).toBe(101_000);
    expect(new Set((await all(s)).map((e) => e.eventId)).size).toBe(101_000);
    await s.close();
  });
});
