/**
 * Bulk loading through PostgreSQL's COPY, for the adapters whose driver supports it: node-postgres with
 * pg-copy-streams (../postgres) and PGlite's COPY FROM '/dev/blob' (../pglite). The rows travel in COPY's
 * binary format (copy-binary.ts), which the server does not need to parse.
 */
import type { Db } from './db.js';

/**
 * Loads `rows`, in COPY's binary format, into `target` (`table (column, ...)`) on the connection of `db`,
 * which must be a transaction so that the rows land on the same connection as the statements around them.
 */
export type CopyIn = (db: Db, target: string, rows: Uint8Array) => Promise<void>;

/** The COPY statement of CopyIn, reading from `source` (`STDIN`, or PGlite's `'/dev/blob'`). */
export const copyStatement = (target: string, source: string): string =>
  `COPY ${target} FROM ${source} WITH (FORMAT binary)`;

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
