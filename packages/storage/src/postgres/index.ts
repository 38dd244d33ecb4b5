/**
 * A PostgreSQL server, reached by URL through node-postgres. Loaded only when used, so users of the
 * embedded database never load the driver.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import { closable } from '../closed-storage.js';
import { redactDatabase } from '../redact.js';
import { type CopyIn, copyStatement, driverClient } from '../sql/copy-in.js';
import { migrationsFolder } from '../sql/migrations.js';
import { SqlStorage } from '../sql/sql-storage.js';
import type { ChangeWatch, Storage, StoreChange, WatchOptions } from '../types.js';
import { listenForChanges } from './change-listener.js';

export interface PostgresStorageOptions {
  /** e.g. postgres://user:password@host:5432/shop */
  url: string;
  /** Pool size (default 4). */
  maxConnections?: number;
  /** The connections' `application_name`, as `pg_stat_activity` shows them (default 'storewise'). */
  applicationName?: string;
  /**
   * How long a query waits for one of the pool's connections (all busy: a table locked, a slow query)
   * before it fails, in ms (default 10,000): without it, requests queued behind a lock without end.
   */
  acquireTimeoutMs?: number;
}

const MIGRATION_LOCK = 0x5157_4d49; // any constant shared by every Storewise process

export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 4,
    application_name: options.applicationName ?? 'storewise',
    // pg-pool's connect timeout bounds both opening a connection and waiting for a busy pool's.
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 10_000,
  });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Nor must a checked-out client's (a transaction's connection terminated by the server, a failover, a
  // proxy's restart): the pool listens only to idle clients, and an 'error' event without a listener ends
  // the process. The query in flight rejects with the error all the same, and the client is discarded.
  pool.on('connect', (connected) => {
    connected.on('error', () => {});
  });
  let client: InstanceType<typeof pg.Client> & { release(): void };
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(
      `cannot connect to PostgreSQL at ${redactDatabase(options.url)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  try {
    // Two processes starting at once must not both run the migrations.
    const migrator = drizzle({ client });
    await migrator.execute(sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migrate(migrator, { migrationsFolder });
    } finally {
      await migrator.execute(sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } catch (error) {
    client.release();
    await pool.end().catch(() => {});
    throw new Error(
      `cannot migrate the database at ${redactDatabase(options.url)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  client.release();
  // Watches end with the storage: each holds a connection of its own.
  const watches = new Set<ChangeWatch>();
  const watchChanges = async (
    onChange: (change: StoreChange) => void,
    watchOptions: WatchOptions = {},
  ): Promise<ChangeWatch> => {
    const watch = await listenForChanges(pg, options.url, onChange, watchOptions);
    watches.add(watch);
    return {
      close: async () => {
        watches.delete(watch);
        await watch.close();
      },
    };
  };
  const close = async () => {
    await Promise.all([...watches].map((w) => w.close()));
    await pool.end();
  };
  const storage = new SqlStorage(
    'postgres',
    drizzle({ client: pool }),
    close,
    copyIn,
    undefined,
    watchChanges,
  );
  await storage.keepStatistics();
  return closable(Object.assign(storage, { exclusive: exclusiveOn(pool) }));
}

/** COPY ... FROM STDIN on the transaction's pooled client, through pg-copy-streams (loaded on first use). */
const copyIn: CopyIn = async (db, target, rows) => {
  const { from } = await import('pg-copy-streams');
  const client = driverClient(db) as PoolClient;
  const chunk = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  await pipeline(Readable.from([chunk]), client.query(from(copyStatement(target, 'STDIN'))));
};

/**
 * Storage.exclusive on a pool: the lock is a session advisory lock, held on a connection taken for it (the
 * work itself uses the others), keyed by the name's hash in the `storewise.` namespace.
 */
function exclusiveOn(pool: { connect(): Promise<PoolClient> }) {
  return async <T>(name: string, fn: () => Promise<T>, onWait?: () => void): Promise<T> => {
    const key = `storewise.${name}`;
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ got: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS got',
        [key],
      );
      if (!rows[0]?.got) {
        onWait?.();
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      }
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
      }
    } finally {
      client.release();
    }
  };
}
