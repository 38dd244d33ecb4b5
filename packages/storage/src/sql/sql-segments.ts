/** Segments, memberships and their history for the SQL adapters (see SqlStorage). */
import { eq, type SQL, sql } from 'drizzle-orm';
import { analyticSegmentIds } from '../consent.js';
import type { SegmentFilter } from '../segment-filter.js';
import { unknownCustomer, unknownSegment } from '../storage-errors.js';
import type {
  CustomerSegment,
  CustomerSnapshot,
  Segment,
  SegmentInput,
  SegmentKind,
  SegmentMember,
  SegmentMemberScanOptions,
  SegmentRefreshResult,
  SegmentRevenue,
  SegmentRevenueOptions,
  SegmentSnapshot,
} from '../types.js';
import { batchSizeOf, unstorableText, validateRefresh, validateSegment } from '../validate.js';
import { type Db, json, query, storableKeys } from './db.js';
import { segments } from './schema.js';
import { filterToSql } from './sql-segment-filter.js';

interface SegmentRow {
  id: string;
  name: string;
  kind: string;
  definition: Record<string, unknown>;
  created_at: string | Date;
  refreshed_at: string | Date | null;
  members: number | string;
}

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  name: r.name,
  kind: r.kind as SegmentKind,
  definition: r.definition,
  createdAt: new Date(r.created_at),
  refreshedAt: r.refreshed_at === null ? null : new Date(r.refreshed_at),
  members: Number(r.members),
});

async function selectSegments(db: Db, where: SQL): Promise<Segment[]> {
  const rows = await query<SegmentRow>(
    db,
    sql`SELECT s.id, s.name, s.kind, s.definition, s.created_at, s.refreshed_at,
      (SELECT count(*) FROM segment_members m WHERE m.segment_id = s.id) AS members
      FROM segments s WHERE ${where} ORDER BY s.id`,
  );
  return rows.map(toSegment);
}

export async function upsertSegment(db: Db, input: SegmentInput): Promise<Segment> {
  validateSegment(input);
  await db
    .insert(segments)
    .values({ id: input.id, name: input.name, kind: input.kind, definition: input.definition ?? {} })
    .onConflictDoUpdate({
      target: segments.id,
      set: { name: input.name, kind: input.kind, definition: input.definition ?? {} },
    });
  return (await getSegment(db, input.id))!;
}

export async function getSegment(db: Db, id: string): Promise<Segment | null> {
  if (unstorableText(id)) return null;
  return (await selectSegments(db, sql`s.id = ${id}`))[0] ?? null;
}

export const listSegments = (db: Db): Promise<Segment[]> => selectSegments(db, sql`true`);

/**
 * Takes the customers `externalIds` out of every segment that tells their analysis (analyticSegmentIds):
 * they declined analytics. Their snapshots (the segments' history) are kept, as their stored scores are.
 */
export async function dropAnalyticMemberships(db: Db, externalIds: readonly string[]): Promise<void> {
  const analytic = analyticSegmentIds(
    await query<{ id: string; kind: string; definition: unknown }>(
      db,
      sql`SELECT id, kind, definition FROM segments`,
    ),
  );
  const keys = storableKeys(externalIds);
  if (analytic.length === 0 || keys.length === 0) return;
  await query(
    db,
    sql`DELETE FROM segment_members m USING customers c
        WHERE m.customer_id = c.id AND c.external_id = ANY(${sql.param(keys)}::text[])
          AND m.segment_id = ANY(${sql.param(analytic)}::text[])`,
  );
}

export async function deleteSegment(db: Db, id: string): Promise<boolean> {
  if (unstorableText(id)) return false;
  const rows = await db.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id });
  return rows.length > 0;
}

export async function refreshSegment(
  db: Db,
  id: string,
  customerIds: readonly string[],
  asOf: Date,
): Promise<SegmentRefreshResult> {
  const ids = validateRefresh(id, customerIds, asOf);
  return db.transaction(async (tx) => {
    const [segment] = unstorableText(id)
      ? []
      : await tx
          .select({ id: segments.id, refreshedAt: segments.refreshedAt })
          .from(segments)
          .where(eq(segments.id, id))
          .for('update');
    if (!segment) throw unknownSegment(id);
    const [missing] = await query<{ c: string }>(
      tx,
      sql`SELECT x.c FROM json_array_elements_text(${json(ids)}) AS x(c)
        WHERE NOT EXISTS (SELECT 1 FROM customers WHERE external_id = x.c) LIMIT 1`,
    );
    if (missing) throw unknownCustomer('customerIds', missing.c);
    const at = asOf.toISOString();
    await query(
      tx,
      sql`CREATE TEMP TABLE IF NOT EXISTS segment_refresh (customer_id integer PRIMARY KEY) ON COMMIT DROP`,
    );
    await query(tx, sql`DELETE FROM segment_refresh`);
    await query(
      tx,
      sql`INSERT INTO segment_refresh SELECT c.id FROM json_array_elements_text(${json(ids)}) AS x(c)
        JOIN customers c ON c.external_id = x.c`,
    );
    // A refresh as of a time before the last one records its snapshot only (SegmentRefreshResult.current).
    const current = segment.refreshedAt === null || asOf.getTime() >= segment.refreshedAt.getTime();
    const removed = !current
      ? []
      : await query(
          tx,
          sql`DELETE FROM segment_members m WHERE m.segment_id = ${id}
            AND NOT EXISTS (SELECT 1 FROM segment_refresh r WHERE r.customer_id = m.customer_id) RETURNING 1 AS one`,
        );
    const added = !current
      ? []
      : await query(
          tx,
          sql`INSERT INTO segment_members (segment_id, customer_id, since)
            SELECT ${id}, r.customer_id, ${at}::timestamptz FROM segment_refresh r
            ON CONFLICT (segment_id, customer_id) DO NOTHING RETURNING 1 AS one`,
        );
    await query(
      tx,
      sql`DELETE FROM segment_snapshots WHERE segment_id = ${id} AND as_of = ${at}::timestamptz`,
    );
    await query(
      tx,
      sql`INSERT INTO segment_snapshots (segment_id, as_of, customer_id)
        SELECT ${id}, ${at}::timestamptz, r.customer_id FROM segment_refresh r`,
    );
    await query(
      tx,
      sql`INSERT INTO segment_refreshes (segment_id, as_of, members) VALUES (${id}, ${at}::timestamptz, ${ids.length})
        ON CONFLICT (segment_id, as_of) DO UPDATE SET members = excluded.members`,
    );
    if (current) await tx.update(segments).set({ refreshedAt: asOf }).where(eq(segments.id, id));
    return {
      segmentId: id,
      asOf,
      added: added.length,
      removed: removed.length,
      members: ids.length,
      current,
    };
  });
}

export async function* scanSegmentMembers(
  db: Db,
  id: string,
  options?: SegmentMemberScanOptions,
): AsyncIterable<SegmentMember[]> {
  const size = batchSizeOf(options);
  if (unstorableText(id)) return;
  // No stored id holds U+0000, so the ids after one that does are those after what precedes its first NUL.
  let after = (options?.after ?? '').split('\u0000', 1)[0]!;
  for (;;) {
    const rows = await query<{ external_id: string; since: string | Date }>(
      db,
      sql`SELECT c.external_id, m.since FROM segment_members m JOIN customers c ON c.id = m.customer_id
        WHERE m.segment_id = ${id} AND c.external_id COLLATE "C" > ${after} ORDER BY c.external_id COLLATE "C" LIMIT ${size}`,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({ customerId: r.external_id, since: new Date(r.since) }));
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.external_id;
  }
}

export async function getSegmentSnapshot(db: Db, id: string, at: Date): Promise<SegmentSnapshot | null> {
  if (unstorableText(id)) return null;
  const [latest] = await query<{ as_of: string | Date }>(
    db,
    sql`SELECT max(as_of) AS as_of FROM segment_refreshes WHERE segment_id = ${id} AND as_of <= ${at.toISOString()}::timestamptz`,
  );
  if (!latest || latest.as_of === null) return null;
  const rows = await query<{ external_id: string }>(
    db,
    sql`SELECT c.external_id FROM segment_snapshots s JOIN customers c ON c.id = s.customer_id
      WHERE s.segment_id = ${id} AND s.as_of = ${latest.as_of}::timestamptz ORDER BY c.external_id COLLATE "C"`,
  );
  return { segmentId: id, asOf: new Date(latest.as_of), customerIds: rows.map((r) => r.external_id) };
}

/** The snapshots holding the customer, by as-of date, then segment id. */
export async function customerSnapshots(db: Db, customerId: string): Promise<CustomerSnapshot[]> {
  if (unstorableText(customerId)) return [];
  const rows = await query<{ segment_id: string; as_of: string | Date }>(
    db,
    sql`SELECT s.segment_id, s.as_of FROM segment_snapshots s JOIN customers c ON c.id = s.customer_id
      WHERE c.external_id = ${customerId} ORDER BY s.as_of, s.segment_id COLLATE "C"`,
  );
  return rows.map((r) => ({ segmentId: r.segment_id, asOf: new Date(r.as_of) }));
}

export async function selectCustomers(db: Db, filter: SegmentFilter): Promise<string[]> {
  const rows = await query<{ external_id: string }>(
    db,
    sql`SELECT c.external_id FROM customers c WHERE ${filterToSql(filter)} ORDER BY c.external_id COLLATE "C"`,
  );
  return rows.map((r) => r.external_id);
}

export async function getCustomerSegments(
  db: Db,
  customerIds: readonly string[],
): Promise<CustomerSegment[][]> {
  if (customerIds.length === 0) return [];
  const rows = await query<{ external_id: string; segment_id: string; since: string | Date }>(
    db,
    sql`SELECT c.external_id, m.segment_id, m.since FROM segment_members m JOIN customers c ON c.id = m.customer_id
      WHERE c.external_id IN (SELECT json_array_elements_text(${json(storableKeys(customerIds))}))
      ORDER BY m.segment_id COLLATE "C"`,
  );
  const byCustomer = new Map<string, CustomerSegment[]>();
  for (const r of rows) {
    const list = byCustomer.get(r.external_id) ?? [];
    list.push({ segmentId: r.segment_id, since: new Date(r.since) });
    byCustomer.set(r.external_id, list);
  }
  return customerIds.map((id) => byCustomer.get(id) ?? []);
}

/**
 * Each segment's members' purchase revenue and the total, in one statement (a NULL segment id is the total);
 * with `until`, of the purchases before it.
 */
export async function segmentRevenue(db: Db, options: SegmentRevenueOptions = {}): Promise<SegmentRevenue> {
  const until = options.until ? sql`AND e.ts < ${options.until.toISOString()}::timestamptz` : sql``;
  const rows = await query<{ segment_id: string | null; revenue: number }>(
    db,
    sql`WITH revenue AS (
        SELECT e.customer_id, sum(coalesce(e.quantity, 1) * coalesce(e.unit_price, 0))::float8 AS revenue
        FROM events e WHERE e.type = 'purchase' AND e.customer_id IS NOT NULL ${until} GROUP BY e.customer_id)
      SELECT m.segment_id, sum(r.revenue)::float8 AS revenue
        FROM segment_members m JOIN revenue r ON r.customer_id = m.customer_id GROUP BY m.segment_id
      UNION ALL SELECT NULL, coalesce(sum(revenue), 0)::float8 FROM revenue`,
  );
  const bySegment = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    if (r.segment_id === null) total = Number(r.revenue);
    else bySegment.set(r.segment_id, Number(r.revenue));
  }
  return { total, bySegment };
}
