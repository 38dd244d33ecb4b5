import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/postgres/index.js';
import { postgresTestServer } from '../src/testkit/index.js';

const server = await postgresTestServer();

describe.skipIf(!server.available)('a pool whose connections are all busy', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await server.freshDatabase();
  });
  afterAll(() => db?.drop());

  it('fails a query that waited acquireTimeoutMs for a connection, instead of queueing it without end', async () => {
    const storage = await createPostgresStorage({ url: db.url, maxConnections: 1, acquireTimeoutMs: 300 });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let inside!: () => void;
      const opened = new Promise<void>((r) => {
        inside = r;
      });
      // The pool's one connection, held by a transaction.
      const holding = storage.transaction(async (tx) => {
        await tx.counts();
        inside();
        await held;
      });
      await opened;
      const waited = await storage.getCustomer('c1').catch((e: unknown) => e);
      release();
      await holding;
      // drizzle's error, the pool's reason as its cause.
      expect((waited as Error).cause).toMatchObject({ message: 'timeout exceeded when trying to connect' });
      // Free again: answered.
      expect(await storage.getCustomer('c1')).toBeNull();
    } finally {
      await storage.close();
    }
  });
});
