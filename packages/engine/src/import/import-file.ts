import { MAX_KEY_LENGTH, type Storage } from '@storewise/storage';
import { recordConflicts, writeBatch } from './batch-writer.js';
import type { EventRow } from './conflict-rejects.js';
import { ErasedOnlyItems } from './erased-items.js';
import { ImportInputError } from './errors.js';
import { detectFormat, FORMAT_READERS } from './formats/index.js';
import { isDecompressError } from './input-stream.js';
import { readBatches } from './read-batches.js';
import { rejectSource } from './reject-source.js';
import {
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  RECORD_FORMATS,
} from './types.js';

/** Rows per batch unless told: events into a PostgreSQL server 20,000, else 5,000 (see defaultBatchSize). */
export function defaultBatchSize(storage: Storage, format?: ImportFormat): number {
  // On a server, larger batches of events mean fewer round trips: a first import of Online Retail was
  // 7-14% faster with 20,000 at about 10 MB more memory. On PGlite the peak rose by up to 80 MB for no
  // gain. Items and customers are upserted a batch at a time, each record in one statement's JSON: a
  // catalog of 250,000 items into PostgreSQL peaked at 369-408 MB in batches of 20,000, 285-303 MB in
  // batches of 5,000, as fast (docs/benchmarks/import.md, sessions 11 to 13).
  return storage.kind === 'postgres' && (format === undefined || !RECORD_FORMATS.has(format))
    ? 20_000
    : 5_000;
}

/**
 * Imports a file of shop data (optionally gzipped) into storage, streaming it in batches of
 * `batchSize` rows, each written in one transaction. Into a storage holding no events yet, the whole
 * import is one transaction instead (its rejects written at its end), so a first import that fails or is
 * aborted leaves nothing, and SQL storage bulk-loads the empty table. Bad rows are recorded as rejects
 * (under the file's absolute path, rejectSource) and skipped; a file not in the declared format fails before anything is written. Importing the same
 * file again stores nothing new (every event comes back as a duplicate).
 *
 * The file is read, parsed and validated in a worker thread (read-worker.ts), a batch or two ahead of
 * the batch being written.
 */
export async function importFile(
  storage: Storage,
  path: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const { signal } = options;
  const format = options.format ?? (await detectFormat(path));
  if (!FORMAT_READERS[format])
    throw new ImportInputError(`unknown format "${format}" (expected one of ${IMPORT_FORMATS.join(', ')})`);
  /** The rows are items or customers, not events. */
  const records = RECORD_FORMATS.has(format);
  const batchSize = options.batchSize ?? defaultBatchSize(storage, format);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ImportInputError(`batchSize must be a positive integer, got ${batchSize}`);
  signal?.throwIfAborted();

  // A first import (no events stored yet) runs in one transaction: it is all or nothing, and lets SQL
  // storage load the empty table in bulk, building its indexes once at the end.
  const firstImport = !(await holdsEvents(storage));
  const source = await rejectSource(path);
  if (source.length > MAX_KEY_LENGTH)
    throw new ImportInputError(
      `${source}: the path is ${source.length} characters long; rejects are kept under it, which storage allows up to ${MAX_KEY_LENGTH}: import the file from a shorter path`,
    );
  const summary: ImportSummary = {
    file: path,
    format,
    rows: 0,
    accepted: 0,
    duplicates: 0,
    differing: 0,
    erased: 0,
    rejected: { total: 0, byReason: {} },
    customers: 0,
    erasedCustomers: 0,
    items: 0,
    erasedItems: 0,
    seconds: 0,
    columns: { ignored: [], attributes: [] },
    unpricedPurchases: 0,
  };
  /** Refused fields per reason of rows left out as erased: taken out of the reader's byReason at the end. */
  const erasedReasons: Record<string, number> = {};
  /** The erased customers the valid rows of an events file named (ImportSummary.erasedCustomers). */
  const erasedNamed = new Set<string>();
  /** The items the valid rows of an events file name only in erased customers' rows (ImportSummary.erasedItems). */
  const erasedItems = new ErasedOnlyItems();
  let bytesRead = 0;
  /** Rows of the batches written so far (committed, except in a first import). */
  let written = 0;
  let totalBytes = 0;
  const progress = (): ImportProgress => ({
    rows: summary.rows,
    accepted: summary.accepted,
    duplicates: summary.duplicates,
    differing: summary.differing,
    rejected: summary.rejected.total,
    bytesRead,
    totalBytes,
  });
  const readAll = async (target: Storage): Promise<void> => {
    // A first import of events keeps their item and customer facts for its end (BatchCollector); records
    // go with their batch: each is written once anyway, and 200,000 of them in one statement took PGlite
    // to a peak of 1.5 GB (a catalog of 250,000 items, docs/benchmarks/import.md).
    const deferFacts = firstImport && !records;
    const batches = readBatches({ path, format, batchSize, deferFacts, source });
    // One batch is written while the next ones are parsed; at most one write is in flight.
    let pending: Promise<void> | null = null;
    /** Rows of duplicates a bulk load compares when it settles (a first import: see settle below). */
    const unsettled: EventRow[] = [];
    try {
      for await (const batch of batches) {
        summary.rows += batch.rows;
        summary.rejected.total += batch.rejectedRows;
        bytesRead = batch.bytesRead;
        totalBytes = batch.totalBytes;
        if (batch.end !== null) {
          summary.customers = batch.end.customers;
          summary.items = batch.end.items;
          summary.rejected.byReason = batch.end.byReason;
          summary.columns = batch.end.columns;
          summary.unpricedPurchases = batch.end.unpricedPurchases;
        }
        if (pending) await pending;
        signal?.throwIfAborted();
        const rows = batch.rows;
        const validRecords = records ? rows - batch.rejectedRows : 0;
        pending = writeBatch(target, batch, source, signal, firstImport, records).then((outcome) => {
          if (!records) erasedItems.see(batch.events, outcome.erasedCustomers);
          batch.release();
          written += rows;
          summary.accepted += records ? validRecords - outcome.erased : outcome.inserted;
          summary.duplicates += outcome.duplicates;
          summary.differing += outcome.differing;
          for (const row of outcome.unsettled) unsettled.push(row);
          // A refused row of an erased customer is left out with their other rows, not kept as a reject.
          const { rows: erasedRows, byReason } = outcome.erasedRejects;
          summary.erased += outcome.erased + erasedRows;
          if (records) summary.erasedCustomers += outcome.erased;
          else for (const id of outcome.erasedCustomers) erasedNamed.add(id);
          summary.rejected.total -= erasedRows;
          for (const [reason, n] of Object.entries(byReason))
            erasedReasons[reason] = (erasedReasons[reason] ?? 0) + n;
          options.onProgress?.(progress());
        });
        // Surface a failure at the next await without an unhandled rejection in between.
        pending.catch(() => {});
      }
      await pending;
      if (unsettled.length > 0) {
        // A first import's bulk load set repeats aside: it settles now (building the indexes it would
        // build at commit), and their conflicts are kept.
        signal?.throwIfAborted();
        const conflicts = (await target.settleDuplicates?.()) ?? [];
        await recordConflicts(target, source, conflicts, (k) => unsettled[k]!);
        summary.differing += conflicts.length;
      }
    } catch (error) {
      if (pending) await (pending as Promise<void>).catch(() => {});
      throw describeInputError(error, path, firstImport ? null : { rows: written, events: summary.accepted });
    }
  };
  if (firstImport) await storage.transaction(readAll);
  else await readAll(storage);
  const reasons = summary.rejected.byReason;
  for (const [reason, n] of Object.entries(erasedReasons)) {
    reasons[reason] = (reasons[reason] ?? 0) - n;
    if (reasons[reason] === 0) delete reasons[reason];
  }
  if (!records) {
    summary.erasedCustomers = erasedNamed.size;
    summary.erasedItems = erasedItems.count;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Whether storage holds any event (one indexed read of at most one row). */
async function holdsEvents(storage: Storage): Promise<boolean> {
  for await (const batch of storage.scanEvents({ batchSize: 1 })) return batch.length > 0;
  return false;
}

/**
 * A decompression error (a truncated or corrupt .gz) as an input error that says what was kept: nothing
 * in a first import (`kept` null: one transaction), else the batches written before it, which a re-run
 * with the complete file skips as duplicates.
 */
function describeInputError(
  error: unknown,
  path: string,
  kept: { rows: number; events: number } | null,
): unknown {
  if (!isDecompressError(error)) return error;
  const what =
    kept === null
      ? 'nothing was imported (a first import is all or nothing)'
      : `the ${plural(kept.rows, 'row')} before it ${kept.rows === 1 ? 'was' : 'were'} imported (${plural(kept.events, 'new event')}) and kept`;
  return new ImportInputError(
    `${path}: cannot decompress: ${(error as Error).message}; ${what}; importing the complete file again adds only what is missing`,
  );
}

const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
