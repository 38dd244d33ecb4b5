/**
 * The embedded default: PostgreSQL compiled to WebAssembly (PGlite), in a data directory on disk or
 * in memory. Nothing to install. Loaded only when used.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Transaction } from '@electric-sql/pglite';
import { type CopyIn, driverClient } from '../sql/copy-in.js';
import { migrationsFolder } from '../sql/migrations.js';
import { SqlStorage } from '../sql/sql-storage.js';
import type { Storage } from '../types.js';
import { holdsDatabase, initDataDir } from './init-data-dir.js';

export interface PgliteStorageOptions {
  /** Data directory, created if missing; leave out for a database that lives in memory only. */
  dataDir?: string;
}

export async function createPgliteStorage(options: PgliteStorageOptions = {}): Promise<Storage> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  let dataDir: string | undefined;
  if (options.dataDir !== undefined) {
    dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  if (dataDir !== undefined && !holdsDatabase(dataDir)) {
    try {
      await initDataDir(dataDir);
    } catch (error) {
      throw new Error(`cannot create the embedded database in ${dataDir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const client = new PGlite(dataDir);
  try {
    await client.waitReady;
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder });
    return new SqlStorage('pglite', db, () => client.close(), copyIn);
  } catch (error) {
    await client.close().catch(() => {});
    const where = dataDir ? `the embedded database in ${dataDir}` : 'the in-memory embedded database';
    throw new Error(`cannot open ${where}: ${(error as Error).message}`, { cause: error });
  }
}

/** PGlite reads COPY input from a blob handed to the query, as the file '/dev/blob'. */
const copyIn: CopyIn = async (db, target, text) => {
  const client = driverClient(db) as Transaction;
  await client.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
};
