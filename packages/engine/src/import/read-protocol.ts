import type { CustomerInput, EventColumns, ImportReject, ItemInput } from '@storewise/storage';
import type { HeaderColumns } from './formats/columns.js';
import type { ImportFormat } from './types.js';

/** What the import's worker thread reads (its workerData). */
export interface ReadJob {
  path: string;
  format: ImportFormat;
  /** Events and rejects per batch. */
  batchSize: number;
  /** Merge item and customer facts across batches (see BatchCollector). */
  deferFacts: boolean;
  /** The file's name as recorded with rejects. */
  source: string;
}

/** Totals of the whole file, sent with the last batch. */
export interface ReadTotals {
  /** Distinct customers and items named by valid rows. */
  customers: number;
  items: number;
  /** Refused fields per reason. */
  byReason: Record<string, number>;
  /** Valid purchase rows without a unit price. */
  unpricedPurchases: number;
  /** The file's columns the reader did not read (ignored) or took as attributes. */
  columns: HeaderColumns;
}

export interface BatchMessage {
  kind: 'batch';
  events: EventColumns;
  /** The file line of each event (CollectedBatch.eventLines). */
  eventLines: Int32Array;
  items: ItemInput[];
  customers: CustomerInput[];
  rejects: ImportReject[];
  rows: number;
  rejectedRows: number;
  /** Bytes of the file on disk read so far, and its size. */
  bytesRead: number;
  totalBytes: number;
  /** Set on the last batch only. */
  end: ReadTotals | null;
}

/** The worker failed: what the error said (an ImportInputError is rebuilt as one on the main thread). */
export interface ErrorMessage {
  kind: 'error';
  name: string;
  message: string;
  code: string | null;
  stack: string | null;
}

export type WorkerMessage = BatchMessage | ErrorMessage;

/**
 * From the main thread: 'more' (it took a batch: the worker may read one more ahead), or the buffers of
 * a batch's events once it is written, for the worker to reuse (ReadBatch.release).
 */
export type MainMessage = 'more' | { spare: ArrayBuffer[] };
