/** Stored scores of many customers in one statement (the SQL adapters' `bulk.customerScores`). */
import { sql } from 'drizzle-orm';
import type { CustomerScore } from '../types.js';
import { type Db, query } from './db.js';

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
      WHERE c.external_id IN (SELECT json_array_elements_text(${JSON.stringify(customerIds)}::json))
      ${models === undefined ? sql`` : sql`AND s.model IN (SELECT json_array_elements_text(${JSON.stringify(models)}::json))`}
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
