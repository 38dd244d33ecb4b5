/** Customer scores: writing them, one customer's, and many customers' in one statement (`bulk.customerScores`). */
import { asc, eq, sql } from 'drizzle-orm';
import { latestScores } from '../score-batch.js';
import { unknownCustomer } from '../storage-errors.js';
import type { CustomerScore, CustomerScoreInput } from '../types.js';
import { unstorableText, validateScores } from '../validate.js';
import { type Db, json, query, storableKeys } from './db.js';
import { customers, customerScores as scoresTable } from './schema.js';

export async function upsertScores(db: Db, scores: readonly CustomerScoreInput[]): Promise<number> {
  validateScores(scores);
  if (scores.length === 0) return 0;
  const rows = latestScores(scores, new Date()).map((s) => ({
    c: s.customerId,
    m: s.model,
    s: s.score,
    t: s.computedAt!.toISOString(),
  }));
  return db.transaction(async (tx) => {
    const [missing] = await query<{ c: string }>(
      tx,
      sql`SELECT x.c FROM json_to_recordset(${json(rows)}) AS x(c text)
        WHERE NOT EXISTS (SELECT 1 FROM customers WHERE external_id = x.c) LIMIT 1`,
    );
    if (missing) throw unknownCustomer('scores', missing.c);
    const written = await query<{ one: number }>(
      tx,
      sql`INSERT INTO customer_scores (customer_id, model, score, computed_at)
        SELECT c.id, x.m, x.s, x.t FROM json_to_recordset(${json(rows)}) AS x(c text, m text, s float8, t timestamptz)
        JOIN customers c ON c.external_id = x.c
        ON CONFLICT (customer_id, model) DO UPDATE SET score = excluded.score, computed_at = excluded.computed_at
          WHERE excluded.computed_at >= customer_scores.computed_at
        RETURNING 1 AS one`,
    );
    return written.length;
  });
}

/** Deletes every customer's score of `model`; returns how many. */
export async function deleteScores(db: Db, model: string): Promise<number> {
  if (unstorableText(model)) return 0;
  const rows = await query<{ one: number }>(
    db,
    sql`DELETE FROM customer_scores WHERE model = ${model} RETURNING 1 AS one`,
  );
  return rows.length;
}

export async function getScores(db: Db, customerId: string): Promise<CustomerScore[]> {
  if (unstorableText(customerId)) return [];
  const rows = await db
    .select({
      model: scoresTable.model,
      score: scoresTable.score,
      computedAt: scoresTable.computedAt,
    })
    .from(scoresTable)
    .innerJoin(customers, eq(customers.id, scoresTable.customerId))
    .where(eq(customers.externalId, customerId))
    .orderBy(asc(scoresTable.model));
  return rows.map((r) => ({ customerId, ...r }));
}

/** Many customers' stored scores, in the order of `customerIds`. */
export async function customerScores(
  db: Db,
  customerIds: readonly string[],
  models?: readonly string[],
): Promise<CustomerScore[][]> {
  if (customerIds.length === 0) return [];
  const rows = await query<{ external_id: string; model: string; score: number; computed_at: string | Date }>(
    db,
    sql`SELECT c.external_id, s.model, s.score, s.computed_at FROM customer_scores s
      JOIN customers c ON c.id = s.customer_id
      WHERE c.external_id IN (SELECT json_array_elements_text(${json(storableKeys(customerIds))}))
      ${models === undefined ? sql`` : sql`AND s.model IN (SELECT json_array_elements_text(${json(storableKeys(models))}))`}
      ORDER BY s.model COLLATE "C"`,
  );
  const byCustomer = new Map<string, CustomerScore[]>();
  for (const r of rows) {
    const list = byCustomer.get(r.external_id) ?? [];
    list.push({
      customerId: r.external_id,
      model: r.model,
      score: Number(r.score),
      computedAt: new Date(r.computed_at),
    });
    byCustomer.set(r.external_id, list);
  }
  return customerIds.map((id) => byCustomer.get(id) ?? []);
}
