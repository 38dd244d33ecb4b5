/**
 * The directory an embedded database lives in: made when missing, and refused when it holds files of its
 * own and no database, so that a mistyped --db naming a project folder does not get a PostgreSQL data
 * directory spilled among its files.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LOCK_FILE } from './data-dir-lock.js';
import { holdsDatabase } from './init-data-dir.js';

/**
 * What a PostgreSQL data directory holds at its top (PG_VERSION, base, global, pg_wal, ..., the two
 * configuration files): a directory holding only these (an image extraction cut short, say) is one the
 * next open may extract into again.
 */
const DATA_DIR_ENTRY =
  /^(PG_VERSION|base|global|pg_[a-z_]+(\.conf)?|postgresql(\.auto)?\.conf|postmaster\.(opts|pid))$/;

/** Makes `dataDir` (absolute) if missing; unless it holds a database, checks that one may be created there. */
export function makeDataDir(dataDir: string): void {
  makeDirectory(dataDir);
  if (holdsDatabase(dataDir)) return;
  const foreign = readdirSync(dataDir).filter(
    (name) => name !== LOCK_FILE && !name.startsWith(`${LOCK_FILE}.`) && !DATA_DIR_ENTRY.test(name),
  );
  if (foreign.length > 0)
    throw new Error(
      `${dataDir} holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}) and no embedded database; give a new or empty directory`,
    );
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync never returns for a path under /proc
 * (`--db /proc/nope/x` spun for minutes), where each level's own mkdir fails at once with its reason.
 */
function makeDirectory(path: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw cannotMake(path, error as Error);
    makeDirectory(parent);
    try {
      mkdirSync(path);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotMake(path, again as Error);
    }
  }
}

const cannotMake = (path: string, error: Error) =>
  new Error(`cannot make the directory ${path} for the embedded database: ${error.message}`, {
    cause: error,
  });
