/** Import rejects, kept once per source, line and field; those naming a customer are removed with them. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ImportReject, RecordRejectsResult, RejectScanOptions } from '../types.js';
import { batchSizeOf, unstorableText, validateRejects } from '../validate.js';
import { type Db, json, query } from './db.js';
import { importRejects } from './schema.js';
import { erasedAmong } from './sql-erasure.js';

/**
 * Stores `rejects` but those naming a customer on the erasure list (checked FOR SHARE, as the writes of
 * events are: sql-erasure.ts).
 */
export async function recordRejects(db: Db, rejects: readonly ImportReject[]): Promise<RecordRejectsResult> {
  if (rejects.length === 0) return { recorded: 0, erased: [] };
  validateRejects(rejects);
  const named = new Set<string>();
  for (const r of rejects) if (r.customerId != null) named.add(r.customerId);
  const erased = named.size === 0 ? new Set<string>() : await erasedAmong(db, named);
  const kept =
    erased.size === 0 ? rejects : rejects.filter((r) => r.customerId == null || !erased.has(r.customerId));
  if (kept.length === 0) return { recorded: 0, erased: [...erased] };
  const rows = kept.map((r) => ({ ...r, customerId: r.customerId ?? null }));
  const written = await query<{ one: number }>(
    db,
    sql`INSERT INTO import_rejects (source, line, field, reason, raw, customer_external_id)
      SELECT source, line, field, reason, raw, "customerId"
      FROM json_to_recordset(${json(rows)})
        AS x(source text, line int, field text, reason text, raw text, "customerId" text)
      ON CONFLICT (source, line, field) DO NOTHING RETURNING 1 AS one`,
  );
  return { recorded: written.length, erased: [...erased] };
}

export async function* scanRejects(db: Db, options?: RejectScanOptions): AsyncIterable<ImportReject[]> {
  const limit = batchSizeOf(options);
  const { source, customerId } = options ?? {};
  if (unstorableText(source) || unstorableText(customerId)) return;
  for (let after = 0; ; ) {
    const rows = await db
      .select()
      .from(importRejects)
      .where(
        and(
          gt(importRejects.id, after),
          source === undefined ? undefined : eq(importRejects.source, source),
          customerId === undefined ? undefined : eq(importRejects.customerExternalId, customerId),
        ),
      )
      .orderBy(asc(importRejects.id))
      .limit(limit);
    if (rows.length === 0) return;
    yield rows.map(({ source, line, field, reason, raw, customerExternalId }) => ({
      source,
      line,
      field,
      reason,
      raw,
      customerId: customerExternalId,
    }));
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
