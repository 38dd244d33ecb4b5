/** Campaigns and their assignments for the SQL adapters (see SqlStorage); same behaviour as ../memory/memory-campaigns.ts. */
import { type SQL, sql } from 'drizzle-orm';
import type {
  Campaign,
  CampaignAssignment,
  CampaignAssignmentInput,
  CampaignInput,
  CampaignOutcomeBatch,
  CampaignOutcomeOptions,
  CampaignStatus,
} from '../campaign-types.js';
import { validateAssignments, validateCampaign, validateStatus } from '../campaign-validate.js';
import {
  couponTaken,
  unknownAssignmentCampaign,
  unknownCampaign,
  unknownCustomer,
} from '../storage-errors.js';
import type { ScanOptions } from '../types.js';
import { batchSizeOf, StorageInputError, unstorableText } from '../validate.js';
import { type Db, json, query, storableKeys } from './db.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const date = (v: string | Date): Date => new Date(v);
const dateOrNull = (v: string | Date | null): Date | null => (v === null ? null : new Date(v));

interface CampaignRow {
  id: string;
  name: string;
  status: CampaignStatus;
  definition: Record<string, unknown>;
  starts_at: string | Date | null;
  ends_at: string | Date | null;
  created_at: string | Date;
  started_at: string | Date | null;
  stopped_at: string | Date | null;
}

const toCampaign = (r: CampaignRow): Campaign => ({
  id: r.id,
  name: r.name,
  status: r.status,
  definition: r.definition,
  startsAt: dateOrNull(r.starts_at),
  endsAt: dateOrNull(r.ends_at),
  createdAt: date(r.created_at),
  startedAt: dateOrNull(r.started_at),
  stoppedAt: dateOrNull(r.stopped_at),
});

interface AssignmentRow {
  campaign_id: string;
  external_id: string;
  arm: string | null;
  holdout: boolean;
  reason: Record<string, unknown>;
  coupon_code: string | null;
  cost: number | string;
  assigned_at: string | Date;
}

const toAssignment = (r: AssignmentRow): CampaignAssignment => ({
  campaignId: r.campaign_id,
  customerId: r.external_id,
  arm: r.arm,
  holdout: r.holdout,
  reason: r.reason,
  couponCode: r.coupon_code,
  cost: Number(r.cost),
  assignedAt: date(r.assigned_at),
});

const ASSIGNMENT_COLUMNS = sql`a.campaign_id, c.external_id, a.arm, a.holdout, a.reason, a.coupon_code, a.cost, a.assigned_at`;

async function selectCampaigns(db: Db, where: SQL): Promise<Campaign[]> {
  const rows = await query<CampaignRow>(
    db,
    sql`SELECT id, name, status, definition, starts_at, ends_at, created_at, started_at, stopped_at
      FROM campaigns WHERE ${where} ORDER BY id COLLATE "C"`,
  );
  return rows.map(toCampaign);
}

export async function getCampaign(db: Db, id: string): Promise<Campaign | null> {
  if (unstorableText(id)) return null;
  return (await selectCampaigns(db, sql`id = ${id}`))[0] ?? null;
}

export const listCampaigns = (db: Db): Promise<Campaign[]> => selectCampaigns(db, sql`true`);

export async function upsertCampaign(db: Db, c: CampaignInput): Promise<Campaign> {
  validateCampaign(c);
  await query(
    db,
    sql`INSERT INTO campaigns (id, name, definition, starts_at, ends_at)
      VALUES (${c.id}, ${c.name}, ${JSON.stringify(c.definition)}::jsonb, ${iso(c.startsAt)}::timestamptz, ${iso(c.endsAt)}::timestamptz)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition,
        starts_at = excluded.starts_at, ends_at = excluded.ends_at`,
  );
  return (await getCampaign(db, c.id))!;
}

export async function setCampaignStatus(
  db: Db,
  id: string,
  status: CampaignStatus,
  at: Date,
): Promise<Campaign> {
  validateStatus(id, status, at);
  const t = at.toISOString();
  const rows = unstorableText(id)
    ? []
    : await query<{ id: string }>(
        db,
        sql`UPDATE campaigns SET status = ${status}::campaign_status,
        started_at = CASE WHEN ${status} = 'running' THEN coalesce(started_at, ${t}::timestamptz) ELSE started_at END,
        stopped_at = CASE WHEN ${status} = 'stopped' THEN ${t}::timestamptz ELSE NULL END
      WHERE id = ${id} RETURNING id`,
      );
  if (rows.length === 0) throw unknownCampaign(id);
  return (await getCampaign(db, id))!;
}

export async function recordAssignments(
  db: Db,
  input: readonly CampaignAssignmentInput[],
): Promise<CampaignAssignment[]> {
  validateAssignments(input);
  if (input.length === 0) return [];
  const rows = input.map((a) => ({
    g: a.campaignId,
    c: a.customerId,
    arm: a.arm,
    h: a.holdout,
    r: a.reason,
    code: a.couponCode ?? null,
    cost: a.cost ?? 0,
    t: a.assignedAt.toISOString(),
  }));
  const x = sql`json_to_recordset(${json(rows)}) AS x(g text, c text, arm text, h boolean, r jsonb, code text, cost float8, t timestamptz)`;
  return db.transaction(async (tx) => {
    const [campaign] = await query<{ g: string }>(
      tx,
      sql`SELECT x.g FROM ${x} WHERE NOT EXISTS (SELECT 1 FROM campaigns WHERE id = x.g) LIMIT 1`,
    );
    if (campaign) throw unknownAssignmentCampaign(campaign.g);
    const [customer] = await query<{ c: string }>(
      tx,
      sql`SELECT x.c FROM ${x} WHERE NOT EXISTS (SELECT 1 FROM customers WHERE external_id = x.c) LIMIT 1`,
    );
    if (customer) throw unknownCustomer('assignments', customer.c);
    // Without a conflict target, DO NOTHING also skips a row whose coupon code is taken; found below.
    await query(
      tx,
      sql`INSERT INTO campaign_assignments (campaign_id, customer_id, arm, holdout, reason, coupon_code, cost, assigned_at)
        SELECT x.g, c.id, x.arm, x.h, x.r, x.code, x.cost, x.t FROM ${x} JOIN customers c ON c.external_id = x.c
        ON CONFLICT DO NOTHING`,
    );
    const stored = await query<AssignmentRow & { k: number }>(
      tx,
      sql`SELECT x.k, ${ASSIGNMENT_COLUMNS}
        FROM json_to_recordset(${json(rows.map((r, k) => ({ g: r.g, c: r.c, k })))}) AS x(g text, c text, k int)
        JOIN customers c ON c.external_id = x.c
        LEFT JOIN campaign_assignments a ON a.campaign_id = x.g AND a.customer_id = c.id`,
    );
    const out: CampaignAssignment[] = new Array(input.length);
    for (const r of stored) {
      if (r.campaign_id === null) {
        const a = input[r.k]!;
        throw couponTaken(r.k, a.couponCode!);
      }
      out[r.k] = toAssignment(r);
    }
    return out;
  });
}

export async function getAssignment(
  db: Db,
  campaignId: string,
  customerId: string,
): Promise<CampaignAssignment | null> {
  if (unstorableText(campaignId) || unstorableText(customerId)) return null;
  const [row] = await query<AssignmentRow>(
    db,
    sql`SELECT ${ASSIGNMENT_COLUMNS} FROM campaign_assignments a JOIN customers c ON c.id = a.customer_id
      WHERE a.campaign_id = ${campaignId} AND c.external_id = ${customerId}`,
  );
  return row ? toAssignment(row) : null;
}

/** The customer's assignments in every campaign, by assignment time, then campaign id. */
export async function customerAssignments(db: Db, customerId: string): Promise<CampaignAssignment[]> {
  if (unstorableText(customerId)) return [];
  const rows = await query<AssignmentRow>(
    db,
    sql`SELECT ${ASSIGNMENT_COLUMNS} FROM campaign_assignments a JOIN customers c ON c.id = a.customer_id
      WHERE c.external_id = ${customerId} ORDER BY a.assigned_at, a.campaign_id COLLATE "C"`,
  );
  return rows.map(toAssignment);
}

export async function offerTimes(db: Db, customerIds: readonly string[], since: Date): Promise<Date[][]> {
  if (customerIds.length === 0) return [];
  const rows = await query<{ external_id: string; assigned_at: string | Date }>(
    db,
    sql`SELECT c.external_id, a.assigned_at FROM campaign_assignments a JOIN customers c ON c.id = a.customer_id
      WHERE c.external_id IN (SELECT json_array_elements_text(${json(storableKeys(customerIds))}))
        AND a.arm IS NOT NULL AND a.assigned_at >= ${since.toISOString()}::timestamptz
      ORDER BY a.assigned_at`,
  );
  const byId = new Map<string, Date[]>();
  for (const r of rows) byId.set(r.external_id, [...(byId.get(r.external_id) ?? []), date(r.assigned_at)]);
  return customerIds.map((id) => [...(byId.get(id) ?? [])]);
}

/** One page of a campaign's assignments after customer id `after`. */
async function assignmentPage(
  db: Db,
  campaignId: string,
  after: string,
  size: number,
): Promise<AssignmentRow[]> {
  return query<AssignmentRow>(
    db,
    sql`SELECT ${ASSIGNMENT_COLUMNS} FROM campaign_assignments a JOIN customers c ON c.id = a.customer_id
      WHERE a.campaign_id = ${campaignId} AND c.external_id COLLATE "C" > ${after}
      ORDER BY c.external_id COLLATE "C" LIMIT ${size}`,
  );
}

export async function* scanAssignments(
  db: Db,
  campaignId: string,
  options?: ScanOptions,
): AsyncIterable<CampaignAssignment[]> {
  const size = batchSizeOf(options);
  if (unstorableText(campaignId)) return;
  for (let after = ''; ; ) {
    const rows = await assignmentPage(db, campaignId, after, size);
    if (rows.length === 0) return;
    yield rows.map(toAssignment);
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.external_id;
  }
}

export async function campaignCost(db: Db, campaignId: string): Promise<number> {
  if (unstorableText(campaignId)) return 0;
  const [row] = await query<{ total: number | string | null }>(
    db,
    sql`SELECT sum(cost) AS total FROM campaign_assignments WHERE campaign_id = ${campaignId}`,
  );
  return Number(row?.total ?? 0);
}

/** The bulk read: each page of assignments joined (LATERAL, by the events' customer index) with its purchases. */
export async function* scanCampaignOutcomes(
  db: Db,
  campaignId: string,
  options: CampaignOutcomeOptions,
): AsyncIterable<CampaignOutcomeBatch> {
  const size = batchSizeOf(options);
  if (!(options.window > 0))
    throw new StorageInputError('outcome options', 'window', `must be > 0, got ${options.window}`);
  if (unstorableText(campaignId)) return;
  const until = options.until ? sql`AND e.ts < ${options.until.toISOString()}::timestamptz` : sql``;
  for (let after = ''; ; ) {
    const rows = await query<AssignmentRow & { purchases: [number, number][] | null }>(
      db,
      sql`SELECT p.*, (SELECT json_agg(json_build_array(extract(epoch FROM e.ts) * 1000,
            coalesce(e.quantity, 1) * coalesce(e.unit_price, 0)) ORDER BY e.ts, e.seq)
          FROM events e WHERE e.customer_id = p.customer_index AND e.type = 'purchase'
            AND e.ts > p.assigned_at AND e.ts <= p.assigned_at + ${options.window} * interval '1 millisecond' ${until}
        ) AS purchases
        FROM (SELECT ${ASSIGNMENT_COLUMNS}, a.customer_id AS customer_index
          FROM campaign_assignments a JOIN customers c ON c.id = a.customer_id
          WHERE a.campaign_id = ${campaignId} AND c.external_id COLLATE "C" > ${after}
          ORDER BY c.external_id COLLATE "C" LIMIT ${size}) p
        ORDER BY p.external_id COLLATE "C"`,
    );
    if (rows.length === 0) return;
    const offsets = new Int32Array(rows.length + 1);
    let total = 0;
    rows.forEach((r, i) => {
      total += r.purchases?.length ?? 0;
      offsets[i + 1] = total;
    });
    const time = new Float64Array(total);
    const value = new Float64Array(total);
    let j = 0;
    for (const r of rows)
      for (const [t, v] of r.purchases ?? []) {
        time[j] = Number(t);
        value[j++] = Number(v);
      }
    yield {
      assignments: rows.map(toAssignment),
      purchaseOffsets: offsets,
      purchaseTime: time,
      purchaseValue: value,
    };
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.external_id;
  }
}

/**
 * The bulk read of customersExistingAt (../campaign-reads.ts): a stored record at or before `at` (to the
 * millisecond, as JavaScript dates hold it) or an event at or before it, by the events' customer index.
 */
export async function customersExistingAt(db: Db, at: Date, among?: readonly string[]): Promise<string[]> {
  const t = at.toISOString();
  const only =
    among === undefined
      ? sql``
      : sql`AND c.external_id IN (SELECT json_array_elements_text(${json(storableKeys(among))}))`;
  const rows = await query<{ external_id: string }>(
    db,
    sql`SELECT c.external_id FROM customers c
      WHERE (date_trunc('milliseconds', c.created_at) <= ${t}::timestamptz
        OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.id AND e.ts <= ${t}::timestamptz)) ${only}
      ORDER BY c.external_id COLLATE "C"`,
  );
  return rows.map((r) => r.external_id);
}

/** The model names of the stored scores (the bulk read of scoreModels in ../campaign-reads.ts). */
export async function scoreModels(db: Db): Promise<string[]> {
  const rows = await query<{ model: string }>(
    db,
    sql`SELECT DISTINCT model COLLATE "C" AS model FROM customer_scores ORDER BY 1`,
  );
  return rows.map((r) => r.model);
}

/** The latest computed_at of the stored scores of `models` (the bulk read of latestScoreAt in ../campaign-reads.ts). */
export async function latestScoreAt(db: Db, models: readonly string[]): Promise<Date | null> {
  const [row] = await query<{ latest_ms: number | null }>(
    db,
    sql`SELECT (extract(epoch FROM max(computed_at)) * 1000)::float8 AS latest_ms FROM customer_scores
      WHERE model = ANY(${sql.param([...models])}::text[])`,
  );
  return row?.latest_ms == null ? null : new Date(Number(row.latest_ms));
}

/** The campaign's transaction-scoped advisory lock (released when the transaction ends). */
export async function lockCampaign(db: Db, campaignId: string): Promise<void> {
  // No campaign has such an id: there is nothing to serialise.
  if (unstorableText(campaignId)) return;
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`campaign:${campaignId}`}, 0))`);
}
