import { basename } from 'node:path';
import type { Storage } from '@storewise/storage';
import { BatchWriter } from './batch-writer.js';
import { detach } from './detach.js';
import { ImportInputError } from './errors.js';
import { FORMAT_READERS } from './formats/index.js';
import { openInput } from './input-stream.js';
import { IMPORT_FORMATS, type ImportOptions, type ImportProgress, type ImportSummary } from './types.js';

const DEFAULT_BATCH_SIZE = 5_000;

/**
 * Imports a file of shop data (optionally gzipped) into storage, streaming it in batches of
 * `batchSize` rows, each written in one transaction. Into a storage holding no events yet, the whole
 * import is one transaction instead (each batch a savepoint), so a first import that fails or is
 * aborted leaves nothing, and SQL storage bulk-loads the empty table. Bad rows are recorded as rejects
 * and skipped; a file not in the declared format fails before anything is written. Importing the same
 * file again stores nothing new (every event comes back as a duplicate).
 */
export async function importFile(
  storage: Storage,
  path: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const { format, signal } = options;
  const read = FORMAT_READERS[format];
  if (!read)
    throw new ImportInputError(`unknown format "${format}" (expected one of ${IMPORT_FORMATS.join(', ')})`);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ImportInputError(`batchSize must be a positive integer, got ${batchSize}`);
  signal?.throwIfAborted();

  // A first import (no events stored yet) runs in one transaction, each batch a savepoint: it is all or
  // nothing, and lets SQL storage load the empty table in bulk, building its indexes once at the end.
  const firstImport = !(await holdsEvents(storage));
  const input = await openInput(path);
  const writer = new BatchWriter(basename(path), signal, firstImport);
  const customers = new Set<string>();
  const items = new Set<string>();
  const byReason: Record<string, number> = {};
  let rows = 0;
  let rejected = 0;
  let accepted = 0;
  let duplicates = 0;
  let pending: Promise<void> | null = null;
  const progress = (): ImportProgress => ({
    rows,
    accepted,
    duplicates,
    rejected,
    bytesRead: input.bytesRead(),
    totalBytes: input.totalBytes,
  });
  const readAll = async (target: Storage): Promise<void> => {
    // One batch is written while the next one is parsed; at most one write is in flight.
    const commit = async (final: boolean): Promise<void> => {
      if (pending) await pending;
      const writing = writer.flush(target, final);
      pending = writing.then((outcome) => {
        accepted += outcome.inserted;
        duplicates += outcome.duplicates;
        options.onProgress?.(progress());
      });
      // Surface a failure at the next await without an unhandled rejection in between.
      pending.catch(() => {});
    };
    try {
      for await (const row of read(input.stream, path)) {
        rows++;
        if (row.problems !== null) {
          rejected++;
          for (const p of row.problems) byReason[p.reason] = (byReason[p.reason] ?? 0) + 1;
        } else {
          const event = row.event!;
          if (event.customerId !== null && !customers.has(event.customerId))
            customers.add(detach(event.customerId));
          if (event.sku !== null && !items.has(event.sku)) items.add(detach(event.sku));
        }
        writer.add(row);
        if (writer.size >= batchSize) {
          signal?.throwIfAborted();
          await commit(false);
        }
      }
      await commit(true);
      await pending;
    } catch (error) {
      input.stream.destroy();
      if (pending) await (pending as Promise<void>).catch(() => {});
      throw describeInputError(error, path);
    }
  };
  if (firstImport) await storage.transaction(readAll);
  else await readAll(storage);
  return {
    file: path,
    format,
    rows,
    accepted,
    duplicates,
    rejected: { total: rejected, byReason },
    customers: customers.size,
    items: items.size,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Whether storage holds any event (one indexed read of at most one row). */
async function holdsEvents(storage: Storage): Promise<boolean> {
  for await (const batch of storage.scanEvents({ batchSize: 1 })) return batch.length > 0;
  return false;
}

function describeInputError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new ImportInputError(`${path}: cannot decompress: ${(error as Error).message}`);
  return error;
}
