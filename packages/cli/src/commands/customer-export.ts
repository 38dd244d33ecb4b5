/**
 * `storewise customer export <customerId> [--out <file>]`: the engine's writeCustomerData, to stdout or a
 * file. The file is written beside its final name and renamed once complete (readable by its owner only: it
 * holds a customer's personal data), so a failed export leaves no half document behind; an existing file of
 * that name is replaced, as `> file` replaces it.
 */
import {
  CustomerExportError,
  type ExportedRows,
  heldSpelling,
  IMPORT_SPELLING,
  writeCustomerData,
} from '@storewise/engine';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import { checkOutputFolder, writePrivateFile } from '../files.js';
import type { CliIo } from '../io.js';
import { count } from '../render.js';
import { checkCustomerId } from './segment.js';

/** `"17850" (as an import stores the id spelled so): did you mean storewise customer <command> 17850?` */
export function didYouMean(held: string, command: string): string {
  return `"${held}" (${IMPORT_SPELLING}): did you mean storewise customer ${command} ${held}?`;
}

export async function exportCustomerCommand(
  customerId: string,
  opts: { out?: string; db?: string },
  io: CliIo,
): Promise<void> {
  checkCustomerId(customerId);
  const path = opts.out === undefined ? undefined : checkOutputFolder(opts.out, io.cwd, '--out');
  await withDatabase(opts.db, io, async (storage) => {
    try {
      if (path === undefined) {
        await writeCustomerData(storage, customerId, (text) => writeOut(io, text));
        return;
      }
      const rows = await writePrivateFile(path, '--out', (write) =>
        writeCustomerData(storage, customerId, write),
      );
      io.stdout.write(`wrote the data of customer ${customerId} to ${path}: ${summary(rows)}\n`);
    } catch (error) {
      if (!(error instanceof CustomerExportError)) throw error;
      const held = await heldSpelling(storage, customerId);
      throw new UserError(
        held === null ? error.message : `${error.message}; it holds ${didYouMean(held, 'export')}`,
      );
    }
  });
}

/** `customer 1, events 4, ...`: the rows per table of the document, as `customer delete` reports them. */
function summary(rows: ExportedRows): string {
  const total = Object.values(rows).reduce((s, n) => s + n, 0);
  const tables = Object.entries(rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  return `${count(total, 'row')} (${tables})`;
}

/** Writes to stdout, waiting for a pipe to drain when the process's stream asks to (a long history). */
async function writeOut(io: CliIo, text: string): Promise<void> {
  const stream = io.stdout as { write(text: string): unknown; once?: (e: 'drain', f: () => void) => void };
  if (stream.write(text) === false && stream.once) await new Promise<void>((r) => stream.once!('drain', r));
}
