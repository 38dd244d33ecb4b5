import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { EVENT_TYPES } from '../types.js';
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

/**
 * `e.type IN (...)` compared as the `event_type` enum, so that the planner reads the column's statistics
 * (as `e.type::text IN`, it guessed 0.5% of the rows per type and sorted whole tables for each keyset
 * page instead of walking events_ts_seq_idx: 13 s to scan Online Retail's interactions instead of 1 s).
 * Types storage does not know match nothing (null when none is left).
 */
export function eventTypeIn(types: readonly string[]): SQL | null {
  const known = types.filter((t) => (EVENT_TYPES as readonly string[]).includes(t));
  if (known.length === 0) return null;
  return sql`e.type IN (${sql.join(
    known.map((t) => sql`${t}::event_type`),
    sql`, `,
  )})`;
}
