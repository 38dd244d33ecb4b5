/**
 * Bulk loading through PostgreSQL's COPY, for the adapters whose driver supports it: node-postgres with
 * pg-copy-streams (../postgres) and PGlite's COPY FROM '/dev/blob' (../pglite). The rows travel in COPY's
 * text format (tab-separated, `\N` for null), which the server parses much faster than a JSON parameter,
 * or in its binary format (copy-binary.ts), which it does not need to parse at all.
 */
import type { Db } from './db.js';

/**
 * Loads `rows` into `target` (`table (column, ...)`) on the connection of `db`, which must be a
 * transaction so that the rows land on the same connection as the statements around them. A string is
 * read as COPY's text format, bytes as its binary format.
 */
export type CopyIn = (db: Db, target: string, rows: string | Uint8Array) => Promise<void>;

/** The COPY options for `rows` (see CopyIn). */
export const copyOptions = (rows: string | Uint8Array): string =>
  typeof rows === 'string' ? '' : ' WITH (FORMAT binary)';

/**
 * The driver client under a drizzle database or transaction: for node-postgres a pool (outside a
 * transaction) or the transaction's pooled client, for PGlite the instance or its transaction.
 * drizzle keeps it on the (internal) session; both drivers' sessions name it `client`.
 */
export function driverClient(db: Db): unknown {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (client === undefined)
    throw new Error('copy-in: cannot reach the driver client of this drizzle database');
  return client;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text field in COPY text format: null as `\N`, backslash, tab and line breaks escaped. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;
}

/** A number field in COPY text format (finite numbers only; the caller validated them). */
export function copyNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '\\N' : `${value}`;
}
