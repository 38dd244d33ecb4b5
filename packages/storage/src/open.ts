import type { Storage } from './types.js';

/** What `openStorage` accepts, for its messages. */
const ACCEPTED =
  'a postgres:// or postgresql:// URL, a directory for the embedded database (optionally pglite:<directory>), pglite:memory or memory:';

/** `scheme://` at the start, as a URL has (also after `pglite:`); a directory's name does not. */
const URL_SCHEME = /^(?:pglite:)?([a-z][a-z0-9+.-]*):\/\//i;
/** A database URL's scheme with its `//` mistyped (`postgres:/host/db`, `postgresql:host`, `file:/path`). */
const BROKEN_URL = /^(?:pglite:)?(postgres(?:ql)?|mysql|mariadb|sqlite|redis|https?|file):(?!\/\/)/i;

/**
 * Opens a storage from one string, the way every Storewise command takes `--db`:
 * - `memory:` for the memory adapter;
 * - `postgres://...` or `postgresql://...` for a PostgreSQL server;
 * - `pglite:memory` for an embedded database that lives in memory only;
 * - anything else (optionally prefixed `pglite:`) is a directory for the embedded database, except what
 *   looks like a URL of another scheme (`postgress://...`, `mysql://...`): refused, rather than made a
 *   directory named after the mistyped URL.
 * Adapters load lazily: opening PGlite never loads the PostgreSQL driver, and the reverse.
 */
export async function openStorage(
  spec: string,
  options: {
    /** Connections to a PostgreSQL server kept open at most (default 4). */ maxConnections?: number;
  } = {},
): Promise<Storage> {
  const trimmed = spec.trim();
  if (trimmed === '') throw new Error(`database location is empty: give ${ACCEPTED}`);
  if (trimmed === 'memory:') {
    const { createMemoryStorage } = await import('./memory/index.js');
    return createMemoryStorage();
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    const { createPostgresStorage } = await import('./postgres/index.js');
    return createPostgresStorage({
      url: trimmed,
      ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
    });
  }
  const url = URL_SCHEME.exec(trimmed);
  if (url !== null) throw new Error(`unsupported database URL scheme "${url[1]}://": give ${ACCEPTED}`);
  const broken = BROKEN_URL.exec(trimmed);
  if (broken !== null)
    throw new Error(
      `"${broken[0]}" starts a URL without "//" (a PostgreSQL URL is postgres://user@host:5432/database): give ${ACCEPTED}`,
    );
  const { createPgliteStorage } = await import('./pglite/index.js');
  const dir = embeddedDirectory(trimmed);
  return createPgliteStorage(dir === null ? {} : { dataDir: dir });
}

/**
 * The directory of the embedded database `spec` names (without a `pglite:` prefix), or null when it names
 * none: `memory:`, `pglite:memory`, or a URL (a server, or a scheme openStorage refuses).
 */
export function embeddedDirectory(spec: string): string | null {
  const trimmed = spec.trim();
  if (trimmed === '' || trimmed === 'memory:' || URL_SCHEME.test(trimmed) || BROKEN_URL.test(trimmed))
    return null;
  const dir = trimmed.startsWith('pglite:') ? trimmed.slice('pglite:'.length) : trimmed;
  return dir === 'memory' ? null : dir;
}

/** Where the command line keeps its data: `--db`, else `DATABASE_URL`, else `./.storewise/data`. */
export function resolveDatabase(
  db: string | undefined,
  env: Record<string, string | undefined> = process.env,
): string {
  return db ?? env.DATABASE_URL ?? '.storewise/data';
}
