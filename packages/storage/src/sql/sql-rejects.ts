/** Import rejects, kept once per source, line and field. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ImportReject, ScanOptions } from '../types.js';
import { batchSizeOf, unstorableText, validateRejects } from '../validate.js';
import { type Db, json, query } from './db.js';
import { importRejects } from './schema.js';

export async function recordRejects(db: Db, rejects: readonly ImportReject[]): Promise<number> {
  if (rejects.length === 0) return 0;
  validateRejects(rejects);
  const written = await query<{ one: number }>(
    db,
    sql`INSERT INTO import_rejects (source, line, field, reason, raw)
      SELECT source, line, field, reason, raw
      FROM json_to_recordset(${json(rejects)}) AS x(source text, line int, field text, reason text, raw text)
      ON CONFLICT (source, line, field) DO NOTHING RETURNING 1 AS one`,
  );
  return written.length;
}

export async function* scanRejects(
  db: Db,
  options?: ScanOptions & { source?: string },
): AsyncIterable<ImportReject[]> {
  const limit = batchSizeOf(options);
  if (unstorableText(options?.source)) return;
  for (let after = 0; ; ) {
    const rows = await db
      .select()
      .from(importRejects)
      .where(
        and(
          gt(importRejects.id, after),
          options?.source === undefined ? undefined : eq(importRejects.source, options.source),
        ),
      )
      .orderBy(asc(importRejects.id))
      .limit(limit);
    if (rows.length === 0) return;
    yield rows.map(({ source, line, field, reason, raw }) => ({ source, line, field, reason, raw }));
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Deletes the kept rejects of `source`, or all of them; returns how many. */
export async function deleteRejects(db: Db, source: string | undefined): Promise<number> {
  if (unstorableText(source)) return 0;
  const rows = await query<{ one: number }>(
    db,
    source === undefined
      ? sql`DELETE FROM import_rejects RETURNING 1 AS one`
      : sql`DELETE FROM import_rejects WHERE source = ${source} RETURNING 1 AS one`,
  );
  return rows.length;
}
