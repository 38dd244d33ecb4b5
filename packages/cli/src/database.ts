import { isAbsolute, resolve } from 'node:path';
import { openStorage, redactDatabase, resolveDatabase, type Storage } from '@storewise/storage';
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
  if (spec === 'memory:' || /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || spec.startsWith('pglite:')) return spec;
  return isAbsolute(spec) ? spec : resolve(io.cwd, spec);
}

/**
 * Opens the database of `--db` (databaseSpec), turning a failure into a one-line user error that hides
 * any password; a path that is a file, or cannot be read, is told as files are (fileProblem).
 */
export async function openDatabase(db: string | undefined, io: CliIo): Promise<Storage> {
  const spec = databaseSpec(db, io);
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
