import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { unstorableText } from '../validate.js';

/** Any drizzle PostgreSQL database or transaction: PGlite and node-postgres both fit. */
// biome-ignore lint/suspicious/noExplicitAny: the schema type parameter is not needed by raw queries.
export type Db = PgDatabase<PgQueryResultHKT, any>;

/** Runs a raw query and returns its rows (both drivers answer with `{ rows }`). */
export async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/** A value as one JSON parameter (`$n::json`), for statements that take a whole batch at once. */
export const json = (value: unknown): SQL => sql`${JSON.stringify(value)}::json`;

/**
 * The distinct keys of `keys` that can name something stored: a key holding U+0000 names nothing (no adapter
 * stores one, validate.ts), and PostgreSQL refuses it, also inside a JSON list it reads as text.
 */
export const storableKeys = (keys: readonly string[]): string[] =>
  [...new Set(keys)].filter((key) => !unstorableText(key));
