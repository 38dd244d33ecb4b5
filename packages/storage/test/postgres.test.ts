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
