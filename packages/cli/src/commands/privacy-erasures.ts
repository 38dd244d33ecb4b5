/**
 * `storewise privacy erasures export|import <file>`: the erasure list as a file of its stored hashes (the
 * engine's erasure-list.ts), to carry it to another database before importing the shop's files there.
 */
import {
  ErasureListError,
  ErasureListUnsupportedError,
  exportErasureList,
  formatErasureList,
  importErasureList,
  parseErasureList,
} from '@storewise/engine';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import { checkOutputFolder, readUserFile, writePrivateFile } from '../files.js';
import type { CliIo } from '../io.js';
import { count } from '../render.js';
import { DB_HELP } from './segment.js';

export function registerErasureCommands(privacy: Command, io: CliIo): void {
  const erasures = privacy
    .command('erasures')
    .description(
      'the erasure list as a file, to carry it to another database (a move to PostgreSQL): the SHA-256 of each erased id, as the store keeps them (it keeps no id), when it was listed and whether the store held the customer',
    );
  const unsupported = (error: unknown) => {
    throw error instanceof ErasureListUnsupportedError ? new UserError(error.message) : error;
  };
  erasures
    .command('export')
    .description(
      'write the erasure list to a CSV file (id_hash,erased_at,held), readable by its owner only: it is personal data of those erased (a guessable id is found by hashing candidates); an existing file of that name is replaced',
    )
    .argument('<file>', 'the file to write')
    .option('--db <database>', DB_HELP)
    .action(async (file: string, opts: { db?: string }) => {
      const path = checkOutputFolder(file, io.cwd, '<file>');
      await withDatabase(opts.db, io, async (storage) => {
        const entries = await exportErasureList(storage).catch(unsupported);
        await writePrivateFile(path, '<file>', (write) => write(formatErasureList(entries)));
        io.stdout.write(
          `wrote the erasure list to ${path}: ${count(entries.length, 'erased customer')} (hashes of their ids; storewise privacy erasures import ${file} --db <new database> puts them on another database's list)\n`,
        );
      });
    });
  erasures
    .command('import')
    .description(
      "put the entries of a file of `erasures export` on this database's erasure list, in one transaction: later imports and tracked events leave the rows of those customers out; a customer this database already holds whose id is listed is erased now (as customer delete). A malformed file is refused, naming its line, before anything is written",
    )
    .argument('<file>', 'a file written by storewise privacy erasures export')
    .option('--db <database>', DB_HELP)
    .action(async (file: string, opts: { db?: string }) => {
      const text = await readUserFile(file, io.cwd, '<file>');
      let entries: ReturnType<typeof parseErasureList>;
      try {
        entries = parseErasureList(text, file);
      } catch (error) {
        throw error instanceof ErasureListError ? new UserError(error.message) : error;
      }
      await withDatabase(opts.db, io, async (storage) => {
        const r = await importErasureList(storage, entries).catch(unsupported);
        const already = r.entries - r.added;
        io.stdout.write(
          `erasure list: ${count(r.added, 'customer')} added from ${file}${already > 0 ? ` (${already} listed already)` : ''}; ${
            r.erasedNow > 0
              ? `${count(r.erasedNow, 'customer')} this database held erased now (${count(r.rowsRemoved, 'row')} removed)`
              : 'none of them is held by this database'
          }. Later imports leave their rows out.\n`,
        );
      });
    });
}
