import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStorage, redactDatabase, type Storage } from '../src/index.js';
import { createPostgresStorage } from '../src/postgres/index.js';
import { migrationsFolder } from '../src/sql/migrations.js';
import { postgresTestServer, testStorage } from '../src/testkit/index.js';

const server = await postgresTestServer();

if (server.available) {
  const drops = new WeakMap<Storage, () => Promise<void>>();
  testStorage('postgres', {
    create: async () => {
      const db = await server.freshDatabase();
      const storage = await createPostgresStorage({ url: db.url });
      drops.set(storage, db.drop);
      return storage;
    },
    dispose: async (storage) => {
      await storage.close();
      await drops.get(storage)?.();
    },
  });
} else {
  describe.skip('storage conformance: postgres (no server)', () => {
    it('runs the conformance suite against a PostgreSQL server', () => {});
  });
}

describe.skipIf(!server.available)('postgres connection', () => {
  it('keeps at most maxConnections open, and ends statements after the URL options statement_timeout', async () => {
    const db = await server.freshDatabase();
    const storage = await openStorage(`${db.url}?options=-c%20statement_timeout%3D300`, {
      maxConnections: 2,
    });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await storage.upsertItems([{ sku: 'mug', title: 'Mug' }]);
      // Many reads at once share two connections (plus the one listening for changes).
      const database = db.url.slice(db.url.lastIndexOf('/') + 1);
      const backends = async () =>
        Number(
          (
            await admin.query(
              'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
              [database],
            )
          ).rows[0].n,
        );
      await Promise.all(Array.from({ length: 12 }, () => storage.getItem('mug')));
      expect(await backends()).toBeLessThanOrEqual(3);
      // A table locked elsewhere: the read ends after 300 ms instead of waiting for the lock.
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE items IN ACCESS EXCLUSIVE MODE');
      const locked = await storage.getItem('mug').catch((e: Error) => e);
      expect(String((locked as Error & { cause?: Error }).cause?.message)).toMatch(/statement timeout/);
      await admin.query('ROLLBACK');
      expect((await storage.getItem('mug'))?.title).toBe('Mug');
    } finally {
      await admin.end();
      await storage.close();
      await db.drop();
    }
  });

  it('migrates once when two processes open the same fresh database at the same time', async () => {
    const db = await server.freshDatabase();
    try {
      const [a, b] = await Promise.all([openStorage(db.url), openStorage(db.url)]);
      expect(a.kind).toBe('postgres');
      await a.appendEvents([
        { eventId: 'e', type: 'view', customerId: 'c', sku: 's', timestamp: new Date(0) },
      ]);
      expect((await b.counts()).events).toBe(1);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await db.drop();
    }
  });

  it('names the server, without its password, when it cannot connect', async () => {
    await expect(openStorage('postgres://shop:s3cret@127.0.0.1:1/none')).rejects.toThrow(
      /^cannot connect to PostgreSQL at postgres:\/\/shop:\*\*\*@127\.0\.0\.1:1\/none: /,
    );
    expect(redactDatabase('postgres://u:p@h/db')).toBe('postgres://u:***@h/db');
    expect(redactDatabase('postgresql://u@h/db')).toBe('postgresql://u@h/db');
    expect(redactDatabase('.storewise/data')).toBe('.storewise/data');
  });

  it('keeps the artifacts stored before their bytes moved to parts (migration 0008)', async () => {
    const db = await server.freshDatabase();
    // The package's migrations up to 0007, applied as a release before this one did.
    const older = mkdtempSync(join(tmpdir(), 'storewise-migrations-'));
    const client = new pg.Client({ connectionString: db.url });
    try {
      cpSync(migrationsFolder, older, { recursive: true });
      const journal = JSON.parse(readFileSync(join(older, 'meta/_journal.json'), 'utf8'));
      const entries = journal.entries.filter((e: { idx: number }) => e.idx <= 7);
      expect(entries.at(-1).tag).toBe('0007_events_keyed_by_event_id');
      writeFileSync(join(older, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
      await client.connect();
      await migrate(drizzle({ client }), { migrationsFolder: older });
      await client.query(`INSERT INTO model_artifacts (name, version, kind, bytes, active) VALUES
        ('als', 1, 'recommender', '\\x0102ff'::bytea, false), ('als', 2, 'recommender', '\\x'::bytea, true)`);
      await client.end();
      const storage = await openStorage(db.url);
      try {
        expect(Array.from((await storage.loadModel('als', 1))!.bytes)).toEqual([1, 2, 255]);
        expect(await storage.loadModel('als')).toMatchObject({ version: 2, sizeBytes: 0 });
        expect((await storage.listModels()).map((m) => [m.version, m.sizeBytes, m.active])).toEqual([
          [1, 3, false],
          [2, 0, true],
        ]);
      } finally {
        await storage.close();
      }
    } finally {
      rmSync(older, { recursive: true, force: true });
      await db.drop();
    }
  });
});
