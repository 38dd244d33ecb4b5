import { describe, expect, it } from 'vitest';
import { openStorage, redactDatabase, type Storage } from '../src/index.js';
import { createPostgresStorage } from '../src/postgres/index.js';
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
});
