import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../src/index.js';
import { createPostgresStorage } from '../src/postgres/index.js';
import { postgresTestServer } from '../src/testkit/index.js';

const server = await postgresTestServer();

/** Terminates, from a connection of its own, the server processes of `db` that match `where`; how many. */
async function terminate(url: string, where: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`,
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

describe.skipIf(!server.available)('a connection the server terminates', () => {
  let db: { url: string; drop(): Promise<void> };
  let storage: Storage;
  beforeAll(async () => {
    db = await server.freshDatabase();
    storage = await createPostgresStorage({ url: db.url });
  });
  afterAll(async () => {
    await storage?.close();
    await db?.drop();
  });

  it('fails the transaction it was in, not the process, and the storage goes on with other connections', async () => {
    let inside!: () => void;
    const opened = new Promise<void>((r) => {
      inside = r;
    });
    const transaction = storage.transaction(async (tx) => {
      await tx.counts();
      inside();
      await new Promise((r) => setTimeout(r, 1500));
      return tx.counts();
    });
    await opened;
    // The transaction's connection, idle in its transaction while it sleeps (a failover, a DBA's kill).
    expect(await terminate(db.url, "state LIKE 'idle in transaction%'")).toBe(1);
    // Before the connection's error had a listener, the process ended here ("Unhandled 'error' event").
    await expect(transaction).rejects.toThrow();
    expect((await storage.counts()).events).toBe(0);
  });

  it('names the connections in pg_stat_activity', async () => {
    await storage.counts();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'storewise'",
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
  });
});
