/**
 * A validated segment filter (../segment-filter.ts) as one SQL boolean over `customers c`, with the same meaning
 * as `matchesSegmentFilter`: every leaf is wrapped in coalesce(..., false), so a missing value compares false and
 * `not` of it is true, as in memory.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { FieldCondition, SegmentFilter } from '../segment-filter.js';

const jsonb = (v: unknown): SQL => sql`${JSON.stringify(v)}::jsonb`;

function fieldValue(field: string): { expr: SQL; numeric: SQL; kind: 'text' | 'score' | 'jsonb' } {
  if (field === 'customerId') return { expr: sql`c.external_id`, numeric: sql`NULL::float8`, kind: 'text' };
  if (field === 'country') return { expr: sql`c.country`, numeric: sql`NULL::float8`, kind: 'text' };
  if (field.startsWith('score.')) {
    // A customer who declined analytics has no scores to match (consent.ts): stored ones are not served.
    const s = sql`(SELECT s.score FROM customer_scores s WHERE s.customer_id = c.id AND s.model = ${field.slice(6)}
      AND NOT c.consent @> '{"analytics": false}'::jsonb)`;
    return { expr: s, numeric: s, kind: 'score' };
  }
  const a = sql`nullif(c.attributes -> ${field.slice(10)}, 'null'::jsonb)`;
  return {
    expr: a,
    numeric: sql`(CASE WHEN jsonb_typeof(${a}) = 'number' THEN (${a} #>> '{}')::float8 END)`,
    kind: 'jsonb',
  };
}

function segmentLeaf(c: FieldCondition): SQL {
  const member = (ids: readonly (string | number)[]): SQL =>
    sql`EXISTS (SELECT 1 FROM segment_members m WHERE m.customer_id = c.id AND m.segment_id IN (${sql.join(
      ids.map((id) => sql`${String(id)}`),
      sql`, `,
    )}))`;
  if (c.exists !== undefined) {
    const any = sql`EXISTS (SELECT 1 FROM segment_members m WHERE m.customer_id = c.id)`;
    return c.exists ? any : sql`NOT ${any}`;
  }
  if (c.eq !== undefined) return member([c.eq as string]);
  if (c.ne !== undefined) return sql`NOT ${member([c.ne as string])}`;
  if (c.in !== undefined) return member(c.in);
  return sql`NOT ${member(c.notIn!)}`;
}

function leaf(c: FieldCondition): SQL {
  if (c.field === 'segment') return segmentLeaf(c);
  const { expr, numeric, kind } = fieldValue(c.field);
  const lit = (v: unknown): SQL =>
    kind === 'jsonb' ? jsonb(v) : kind === 'score' ? sql`${v}::float8` : sql`${v}`;
  const list = (vs: readonly unknown[]): SQL => sql.join(vs.map(lit), sql`, `);
  let cond: SQL;
  if (c.exists !== undefined) return c.exists ? sql`(${expr} IS NOT NULL)` : sql`(${expr} IS NULL)`;
  if (c.eq !== undefined) cond = sql`${expr} = ${lit(c.eq)}`;
  else if (c.ne !== undefined) cond = sql`${expr} <> ${lit(c.ne)}`;
  else if (c.in !== undefined) cond = sql`${expr} IN (${list(c.in)})`;
  else if (c.notIn !== undefined) cond = sql`${expr} NOT IN (${list(c.notIn)})`;
  else if (c.gt !== undefined) cond = sql`${numeric} > ${c.gt}::float8`;
  else if (c.gte !== undefined) cond = sql`${numeric} >= ${c.gte}::float8`;
  else if (c.lt !== undefined) cond = sql`${numeric} < ${c.lt}::float8`;
  else cond = sql`${numeric} <= ${c.lte!}::float8`;
  return sql`coalesce(${cond}, false)`;
}

/** The filter as a SQL boolean expression over `customers c`. */
export function filterToSql(filter: SegmentFilter): SQL {
  if ('and' in filter) return sql`(${sql.join(filter.and.map(filterToSql), sql` AND `)})`;
  if ('or' in filter) return sql`(${sql.join(filter.or.map(filterToSql), sql` OR `)})`;
  if ('not' in filter) return sql`(NOT ${filterToSql(filter.not)})`;
  return leaf(filter);
}
