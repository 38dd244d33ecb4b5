/** `storewise rejects`: the import rejects kept in the database, with file, line, field and reason. */
import { resolve } from 'node:path';
import { quoteInput, rejectSource } from '@storewise/engine';
import type { ImportReject, Storage } from '@storewise/storage';
import type { Command } from 'commander';
import { openDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { count } from '../render.js';
import { DB_HELP, parseWhole } from './segment.js';

interface RejectsOptions {
  clear?: boolean;
  source?: string;
  limit: string;
  db?: string;
  json?: boolean;
}

/** What `rejects` found: the first `limit` rejects in the order they were kept, and how many there are. */
export interface RejectsListing {
  total: number;
  rejects: ImportReject[];
}

export function registerRejectsCommand(program: Command, io: CliIo): void {
  program
    .command('rejects')
    .description(
      'list the rejected import fields kept in the database: file, line, field, reason and the raw row',
    )
    .option('--source <file>', 'only the rejects of this imported file (resolved as import resolves it)')
    .option('--limit <n>', 'list at most this many', '50')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print { total, rejects: [{ source, line, field, reason, raw }] } as JSON')
    .option(
      '--clear',
      "delete the kept rejects (with --source, that file's): their raw rows may hold customers' data, as an erasure request may need gone",
    )
    .action(async (opts: RejectsOptions) => {
      const limit = parseWhole('--limit', opts.limit)!;
      // The key the import kept them under: the file's absolute path, links resolved (rejectSource).
      const source = opts.source === undefined ? undefined : await rejectSource(resolve(io.cwd, opts.source));
      const storage = await openDatabase(opts.db, io);
      try {
        if (opts.clear) {
          if (storage.deleteRejects === undefined)
            throw new UserError(`this database's adapter (${storage.kind}) cannot delete rejects`);
          const deleted = await storage.deleteRejects(source === undefined ? {} : { source });
          io.stdout.write(
            opts.json
              ? `${JSON.stringify({ deleted })}\n`
              : `deleted ${count(deleted, 'rejected field')}${source === undefined ? '' : ` of ${source}`}\n`,
          );
          return;
        }
        const listing = await listRejects(storage, source, limit);
        io.stdout.write(opts.json ? `${JSON.stringify(listing)}\n` : renderRejects(listing, source));
      } finally {
        await storage.close();
      }
    });
}

async function listRejects(
  storage: Storage,
  source: string | undefined,
  limit: number,
): Promise<RejectsListing> {
  const rejects: ImportReject[] = [];
  let total = 0;
  for await (const batch of storage.scanRejects({
    batchSize: 1_000,
    ...(source !== undefined ? { source } : {}),
  })) {
    for (const r of batch) if (rejects.length < limit) rejects.push(r);
    total += batch.length;
  }
  return { total, rejects };
}

/** One line per reject: `file:line  field  reason  "raw row"` (the raw row quoted and escaped). */
function renderRejects({ total, rejects }: RejectsListing, source: string | undefined): string {
  if (total === 0) return `no rejected import fields kept${source === undefined ? '' : ` for ${source}`}\n`;
  const lines = rejects.map(
    (r) => `${r.source}:${r.line}  ${r.field}  ${r.reason}  ${quoteInput(r.raw, 200)}`,
  );
  lines.push(
    rejects.length < total
      ? `${rejects.length} of ${count(total, 'rejected field')} shown (--limit ${rejects.length})`
      : `${count(total, 'rejected field')}`,
  );
  return `${lines.join('\n')}\n`;
}
