/**
 * The embedded default: PostgreSQL compiled to WebAssembly (PGlite), in a data directory on disk or
 * in memory. Nothing to install. Loaded only when used.
 */
import { resolve } from 'node:path';
import type { Transaction } from '@electric-sql/pglite';
import { closable } from '../closed-storage.js';
import { type CopyIn, copyStatement, driverClient } from '../sql/copy-in.js';
import { migrationsFolder } from '../sql/migrations.js';
import { SqlStorage } from '../sql/sql-storage.js';
import type { Storage } from '../types.js';
import { makeDataDir } from './data-dir.js';
import { DATA_DIR_IMAGE_DIR, readDataDirImage } from './data-dir-image.js';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import { holdsDatabase, initDataDir } from './init-data-dir.js';

/**
 * PostgreSQL's buffer cache inside PGlite. Its WebAssembly memory never shrinks, so the cache is a fixed
 * cost of every process that opens the embedded database; at PostgreSQL's default (128MB) it was most of
 * what an open database held resident (WebAssembly memory 152 MB of 325 MB). Pages that do not fit are
 * read through the operating system's page cache. Import of Online Retail into a new directory, three
 * alternating pairs: peak 396-439 MB at 32MB against 518-532 MB at 128MB, no slower (docs/benchmarks/import.md).
 */
const EMBEDDED_SHARED_BUFFERS = '32MB';

export interface PgliteStorageOptions {
  /** Data directory, created if missing; leave out for a database that lives in memory only. */
  dataDir?: string;
  /**
   * Where the image of a new database is (data-dir-image.ts; by default the one the storage build
   * made), or null to run initdb instead. Used only when a new database is created.
   */
  dataDirImage?: string | null;
}

const BYTEA_OID = 17;

/**
 * bytea to and from its hex text with Node's native codec. PGlite's own goes through a JavaScript string
 * per byte: saving a 7.5 MB model (item-kNN on Online Retail) took seconds and a peak of 930 MB, the JS
 * heap holding 577 MB after it.
 */
const BYTEA_AS_HEX = {
  serializers: {
    [BYTEA_OID]: (value: Uint8Array) =>
      `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
  },
  parsers: {
    [BYTEA_OID]: (text: string) => {
      const bytes = Buffer.from(text.slice(2), 'hex');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  },
};

export async function createPgliteStorage(options: PgliteStorageOptions = {}): Promise<Storage> {
  if (options.dataDir === undefined) return openPglite(undefined, options);
  const dataDir = resolve(options.dataDir);
  makeDataDir(dataDir);
  // Held from before a new database is created in the directory until the storage is closed.
  const lock = lockDataDir(dataDir);
  try {
    return await openPglite(dataDir, options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openPglite(
  dataDir: string | undefined,
  options: PgliteStorageOptions,
  lock?: DataDirLock,
): Promise<Storage> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // A new database starts from the build's image when it is usable (data-dir-image.ts); otherwise
  // initdb makes it. A new directory is made in a child process (init-data-dir.ts); a new database in
  // memory within this process.
  let loadDataDir: Blob | undefined;
  if (dataDir === undefined || !holdsDatabase(dataDir)) {
    const imageDir = options.dataDirImage === undefined ? DATA_DIR_IMAGE_DIR : options.dataDirImage;
    const image = imageDir === null ? null : await readDataDirImage(imageDir);
    if (dataDir === undefined) {
      if (image !== null && 'tarball' in image) loadDataDir = new Blob([image.tarball]);
    } else {
      try {
        await initDataDir(dataDir, image !== null && 'tarball' in image ? image.path : null);
      } catch (error) {
        throw new Error(`cannot create the embedded database in ${dataDir}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }
  const startParams = [
    ...PGlite.defaultStartParams,
    ...['-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
    // No replica ever reads this WAL: minimal lets a bulk load write events without it (bulk-load.ts).
    ...['-c', 'wal_level=minimal', '-c', 'max_wal_senders=0'],
  ];
  // One options object: given a data directory of undefined (a database in memory), PGlite's constructor
  // ignores its second argument, and with it the image, the buffer cache and the codecs.
  const client = new PGlite({
    dataDir,
    startParams,
    ...BYTEA_AS_HEX,
    ...(loadDataDir === undefined ? {} : { loadDataDir }),
  });
  try {
    await client.waitReady;
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder });
    const close = async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    };
    const storage = new SqlStorage('pglite', db, close, copyIn);
    await storage.keepStatistics();
    return closable(storage);
  } catch (error) {
    await client.close().catch(() => {});
    const where = dataDir ? `the embedded database in ${dataDir}` : 'the in-memory embedded database';
    throw new Error(`cannot open ${where}: ${(error as Error).message}`, { cause: error });
  }
}

/** PGlite reads COPY input from a blob handed to the query, as the file '/dev/blob'. */
const copyIn: CopyIn = async (db, target, rows) => {
  const client = driverClient(db) as Transaction;
  await client.query(copyStatement(target, "'/dev/blob'"), [], { blob: new Blob([rows]) });
};
