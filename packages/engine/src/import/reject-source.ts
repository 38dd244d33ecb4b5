import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * The `source` an import keeps its rejects under: the file's absolute path, symbolic links resolved.
 * Rejects are kept once per source, line and field, so two files of one name (a/orders.csv and
 * b/orders.csv, monthly exports) each keep theirs, while the same file imported again from another
 * working directory, or through a link, finds its rejects already stored and adds none. A file that
 * cannot be resolved (missing: the import then fails on reading it) keeps its absolute path.
 */
export async function rejectSource(path: string): Promise<string> {
  const absolute = resolve(path);
  return realpath(absolute).catch(() => absolute);
}
