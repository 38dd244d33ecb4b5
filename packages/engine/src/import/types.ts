import type { CustomerInput, EventInput, ItemInput } from '@storewise/storage';
import type { HeaderColumns } from './formats/columns.js';

/** Told what a reader made of a file's columns (formats/columns.ts), once, before its first row. */
export type ColumnsListener = (columns: HeaderColumns) => void;

export const IMPORT_FORMATS = [
  'online-retail',
  'shopify-orders',
  'shopify-products',
  'shopify-customers',
  'events',
  'orders',
  'movielens',
  'items',
  'customers',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Formats whose rows are records, not events: each valid row creates or updates its item or customer. */
export const RECORD_FORMATS: ReadonlySet<ImportFormat> = new Set([
  'items',
  'customers',
  'shopify-products',
  'shopify-customers',
]);

/** One field of one input row that was refused. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * What a format reader makes of one input row: an event (with the item and customer facts the row
 * carries), an item or a customer alone (RECORD_FORMATS), or the problems that made it a reject.
 * Readers reuse nothing across rows.
 */
export interface ParsedRow {
  /** 1-based line number in the (decompressed) file where the row ends. */
  line: number;
  /** The row as it appeared in the file, kept with rejects. */
  raw: string;
  event: EventInput | null;
  item: ItemInput | null;
  customer: CustomerInput | null;
  problems: FieldProblem[] | null;
  /**
   * A refused row's customer: the id its customer field holds (as a valid row's event would name them),
   * when that field was read and is not one of the problems; null or absent otherwise. Kept with the
   * row's rejects (ImportReject.customerId), so that erasing the customer removes them.
   */
  customerId?: string | null;
}

/**
 * A format reader: validates the layout before yielding anything, then yields rows in file order, the
 * rows of each chunk of input together. A layout of named columns tells `onColumns` what it made of the
 * columns it does not read (ignored, or attributes) before its first row.
 */
export type FormatReader = (
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
) => AsyncIterable<ParsedRow[]>;

export interface ImportProgress {
  rows: number;
  accepted: number;
  duplicates: number;
  /** Of the duplicates, rows whose content differs from the stored event's (see ImportSummary.differing). */
  differing: number;
  rejected: number;
  /** Bytes of the file (as stored on disk, compressed or not) read so far. */
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  /** The file's layout; without it, the file's first line tells it (detectFormat). */
  format?: ImportFormat;
  /** Rows per write: a transaction each, except in a first import, which is one transaction (default: defaultBatchSize, 20,000 events into a PostgreSQL server, else 5,000). */
  batchSize?: number;
  /** Called after each written batch (committed, except in a first import, which commits at its end). */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting stops the import; the batch being written is rolled back (a first import: all of it). */
  signal?: AbortSignal;
}

export interface ImportSummary {
  file: string;
  format: ImportFormat;
  /** Data rows read (header excluded; not the rows a layout passes over, as a products export's image rows). */
  rows: number;
  /**
   * Rows that passed validation and were newly stored (items and customers: rows that passed
   * validation, each creating or updating its record).
   */
  accepted: number;
  /** Valid rows whose event id was already stored (an earlier import, or a repeated row). */
  duplicates: number;
  /**
   * Of the duplicates, rows whose content (type, customer, SKU, time, quantity, unit price, rating,
   * query, session, order id) differs from the event stored under their id. The first stored is kept;
   * each such row is kept as rejects, one per differing field (reason "duplicate id, different content:
   * kept the first stored", the stored and this row's values in `raw`), for review. They are not counted
   * in `rejected` (they passed validation): rows = accepted + duplicates + erased + rejected.total.
   */
  differing: number;
  /**
   * Rows left out because they name a customer on the erasure list (`storewise customer delete`,
   * Storage.deleteCustomer), until `storewise customer restore` lifts it: valid rows, and refused rows
   * whose customer field was read (their rejects are not kept either; they are not in `rejected`). For a
   * customers file, the customers left out.
   */
  erased: number;
  rejected: {
    /** Rows refused and kept as rejects (those of erased customers are counted in `erased` instead). */
    total: number;
    /** Refused fields per reason of those rows; a row with two bad fields counts under both reasons. */
    byReason: Record<string, number>;
  };
  /** Distinct customers named by the valid rows, erased ones included (`erasedCustomers`). */
  customers: number;
  /**
   * Of `customers`, those on the erasure list, whose rows were left out: the store holds the other
   * `customers - erasedCustomers`. For a customers file, the customers left out (as `erased`).
   */
  erasedCustomers: number;
  /** Distinct items named by the valid rows, erased customers' rows included (`erasedItems`). */
  items: number;
  /**
   * Of `items`, those named only by rows of erased customers: left out with those rows, so the import did
   * not create them (the store holds one only if it did before). 0 for an items or customers file.
   */
  erasedItems: number;
  seconds: number;
  /**
   * The file's columns (CSV header; NDJSON: the first record's keys) the import did not read: `ignored`,
   * each with the known column it seems to mean (`customerId`: `customer_id`), and, in the items and
   * customers formats, the columns taken as `attributes` of each record, with the kind of direct
   * identifier a name looks like (docs/privacy.md). Empty for Online Retail and MovieLens, whose columns
   * are fixed. See docs/import-formats.md, "Columns".
   */
  columns: HeaderColumns;
  /** Valid purchase rows without a unit price (duplicates included): they count as revenue 0 in the reports. */
  unpricedPurchases: number;
}
