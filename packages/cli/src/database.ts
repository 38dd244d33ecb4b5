import { isAbsolute, resolve } from 'node:path';
import { openStorage, redactDatabase, resolveDatabase, type Storage } from '@storewise/storage';
import { UserError } from './errors.js';
import type { CliIo } from './io.js';

/**
 * The database every command uses: `--db`, else `DATABASE_URL`, else the embedded database in
 * `./.storewise/data`. A directory is resolved against the working directory.
 */
export function databaseSpec(db: string | undefined, io: CliIo): string {
  const spec = resolveDatabase(db, io.env).trim();
  if (spec === 'memory:' || /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || spec.startsWith('pglite:')) return spec;
  return isAbsolute(spec) ? spec : resolve(io.cwd, spec);
}

/** Opens the database, turning a failure into a one-line user error that hides any password. */
export async function openDatabase(spec: string): Promise<Storage> {
  try {
    return await openStorage(spec);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(
      `cannot open the database ${redactDatabase(spec)}: ${reason || (error as Error).name}`,
    );
  }
}
