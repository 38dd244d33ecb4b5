import type { Storage } from './types.js';

/**
 * Opens a storage from one string, the way every Storewise command takes `--db`:
 * - `memory:` for the memory adapter;
 * - `postgres://...` or `postgresql://...` for a PostgreSQL server;
 * - `pglite:memory` for an embedded database that lives in memory only;
 * - anything else (optionally prefixed `pglite:`) is a directory for the embedded database.
 * Adapters load lazily: opening PGlite never loads the PostgreSQL driver, and the reverse.
 */
export async function openStorage(spec: string): Promise<Storage> {
  const trimmed = spec.trim();
  if (trimmed === '')
    throw new Error('database location is empty: give a directory, a postgres:// URL or memory:');
  if (trimmed === 'memory:') {
    const { createMemoryStorage } = await import('./memory/index.js');
    return createMemoryStorage();
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    const { createPostgresStorage } = await import('./postgres/index.js');
    return createPostgresStorage({ url: trimmed });
  }
  const { createPgliteStorage } = await import('./pglite/index.js');
  const dir = trimmed.startsWith('pglite:') ? trimmed.slice('pglite:'.length) : trimmed;
  return createPgliteStorage(dir === 'memory' ? {} : { dataDir: dir });
}

/** Where the command line keeps its data: `--db`, else `DATABASE_URL`, else `./.storewise/data`. */
export function resolveDatabase(
  db: string | undefined,
  env: Record<string, string | undefined> = process.env,
): string {
  return db ?? env.DATABASE_URL ?? '.storewise/data';
}
