/** The privacy audit's reads for the SQL adapters (see ../privacy-reads.ts): aggregates in SQL, a few rows each. */
import { sql } from 'drizzle-orm';
import { sortCountries } from '../privacy-reads.js';
import type { ConsentTally, CustomerHoldings, InactiveCustomers } from '../privacy-types.js';
import { YES_NO_WORDS } from '../yes-no.js';
import { type Db, query } from './db.js';

type FlagCounts = Record<`${'a' | 'p' | 'm'}_${'granted' | 'refused'}`, number>;

export async function customerHoldings(db: Db): Promise<CustomerHoldings> {
  const flag = (name: string, value: boolean) =>
    sql`count(*) FILTER (WHERE consent -> ${name} = ${value ? sql`'true'` : sql`'false'`}::jsonb)::int`;
  const [c] = await query<FlagCounts & { customers: number }>(
    db,
    sql`SELECT count(*)::int AS customers,
      ${flag('analytics', true)} AS a_granted, ${flag('analytics', false)} AS a_refused,
      ${flag('personalization', true)} AS p_granted, ${flag('personalization', false)} AS p_refused,
      ${flag('marketing', true)} AS m_granted, ${flag('marketing', false)} AS m_refused
      FROM customers`,
  );
  const customers = Number(c!.customers);
  const tally = (k: 'a' | 'p' | 'm'): ConsentTally => {
    const granted = Number(c![`${k}_granted`]);
    const refused = Number(c![`${k}_refused`]);
    return { granted, refused, unrecorded: customers - granted - refused };
  };
  // Whether each name's values are all yes/no (../yes-no.ts: isYesNoValue) in the same pass.
  const attributes = await query<{ name: string; customers: number; yes_no: boolean }>(
    db,
    sql`SELECT a.key AS name, count(*)::int AS customers,
      bool_and(jsonb_typeof(a.value) = 'boolean' OR (jsonb_typeof(a.value) IN ('string', 'number')
        AND lower(a.value #>> '{}') = ANY(${sql.param(YES_NO_WORDS)}::text[]))) AS yes_no
      FROM customers c, jsonb_each(c.attributes) a
      WHERE jsonb_typeof(a.value) <> 'null' GROUP BY a.key ORDER BY a.key COLLATE "C"`,
  );
  const countries = await query<{ country: string | null; customers: number }>(
    db,
    sql`SELECT country, count(*)::int AS customers FROM customers GROUP BY country`,
  );
  const [e] = await query<{ named: number; anonymous: number; first: string | Date | null }>(
    db,
    sql`SELECT count(customer_id)::float8 AS named, (count(*) - count(customer_id))::float8 AS anonymous,
      min(ts) AS first FROM events`,
  );
  return {
    customers,
    consent: { analytics: tally('a'), personalization: tally('p'), marketing: tally('m') },
    attributes: attributes.map((r) => ({
      name: r.name,
      customers: Number(r.customers),
      yesNo: r.yes_no === true,
    })),
    countries: sortCountries(countries.map((r) => ({ country: r.country, customers: Number(r.customers) }))),
    customerEvents: Number(e!.named),
    anonymousEvents: Number(e!.anonymous),
    firstEventAt: e!.first === null ? null : new Date(e!.first),
  };
}

/**
 * Customers whose latest event (or, without events, their record's creation) is before `before`: the latest
 * event of each is read from the customer index of events (`events_customer_ts_idx`), one probe per customer.
 */
export async function inactiveCustomers(
  db: Db,
  before: Date,
  options: { ids: boolean },
): Promise<InactiveCustomers> {
  const inactive = sql`coalesce((SELECT max(e.ts) FROM events e WHERE e.customer_id = c.id), c.created_at)
    < ${before.toISOString()}::timestamptz`;
  if (!options.ids) {
    const [row] = await query<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM customers c WHERE ${inactive}`,
    );
    return { count: Number(row!.n), ids: null };
  }
  const rows = await query<{ external_id: string }>(
    db,
    sql`SELECT c.external_id FROM customers c WHERE ${inactive} ORDER BY c.external_id COLLATE "C"`,
  );
  return { count: rows.length, ids: rows.map((r) => r.external_id) };
}
