import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import {
  embeddedDirectory,
  openStorage,
  redactDatabase,
  resolveDatabase,
  type Storage,
} from '@storewise/storage';
import { UserError } from './errors.js';
import { fileProblem } from './files.js';
import type { CliIo } from './io.js';

/**
 * The database every command uses: `--db`, else `DATABASE_URL`, else the embedded database in
 * `./.storewise/data`. A directory is resolved against the working directory; an empty `--db` is refused
 * (it would mean the working directory).
 */
export function databaseSpec(db: string | undefined, io: CliIo): string {
  if (db !== undefined && db.trim() === '')
    throw new UserError('--db is empty: give a directory, a postgres:// URL or memory:');
  const spec = resolveDatabase(db, io.env).trim();
  const dir = embeddedDirectory(spec);
  if (dir === null) return spec;
  return isAbsolute(dir) ? dir : resolve(io.cwd, dir);
}

/**
 * Opens the database of `--db` (databaseSpec), turning a failure into a one-line user error that hides
 * any password; a path that is a file, or cannot be read, is told as files are (fileProblem).
 */
export async function openDatabase(
  db: string | undefined,
  io: CliIo,
  { create = false }: { create?: boolean } = {},
): Promise<Storage> {
  const spec = databaseSpec(db, io);
  // Only import and demo make a new embedded database: elsewhere a mistyped path would get an empty one
  // (and a directory of it), and the command would then say there is no data.
  if (!create && embeddedDirectory(spec) !== null && !existsSync(spec)) {
    const where =
      db !== undefined
        ? '--db'
        : io.env.DATABASE_URL
          ? 'DATABASE_URL'
          : 'the default; --db or DATABASE_URL names another';
    throw new UserError(
      `no database at ${spec} (${where}): import data into it first (storewise import <file> --db ${spec}, or storewise demo --db ${spec}), or check the path`,
    );
  }
  try {
    return await openStorage(spec);
  } catch (error) {
    const origin = db !== undefined ? '--db' : io.env.DATABASE_URL ? 'DATABASE_URL' : undefined;
    const problem = fileProblem(error, spec, origin);
    if (problem) throw problem;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(
      `cannot open the database ${redactDatabase(spec)}: ${reason || (error as Error).name}`,
    );
  }
}

/** Runs `fn` on the database of `--db` (openDatabase) and closes it after, whatever happens. */
export async function withDatabase(
  db: string | undefined,
  io: CliIo,
  fn: (storage: Storage, spec: string) => Promise<void>,
  options: { create?: boolean } = {},
): Promise<void> {
  const spec = databaseSpec(db, io);
  // A directory this command creates and leaves empty (a first import that failed, a mistyped path) is
  // removed again: it would otherwise be a database the next command opens without a word.
  const made = options.create === true && embeddedDirectory(spec) !== null && !existsSync(spec);
  const storage = await openDatabase(db, io, options);
  let remove = false;
  try {
    await fn(storage, spec);
  } catch (error) {
    if (made) {
      const c = await storage.counts().catch(() => null);
      remove = c !== null && c.customers + c.items + c.events + c.models + c.rejects === 0;
    }
    throw error;
  } finally {
    await storage.close();
    if (remove) rmSync(spec, { recursive: true, force: true });
  }
}
