/**
 * Reads for a privacy audit of the store (the engine's `privacyReport`): what is held about customers, in
 * counts, and the customers whose last activity is older than a retention period. Aggregated by the store when
 * it offers the fast path (SQL), otherwise computed here from the customer and event scans, with the same
 * result. Every customer counts, whatever their consent: an audit of what is held leaves nothing held out.
 */
import type { ConsentTally, CustomerHoldings, InactiveCustomers } from './privacy-types.js';
import type { ConsentFlags, Storage } from './types.js';
import { isYesNoValue } from './yes-no.js';

const BATCH = 10_000;
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const FLAGS = [
  'analytics',
  'personalization',
  'marketing',
] as const satisfies readonly (keyof ConsentFlags)[];

/** Customers, consent per flag, attribute names, countries and events with and without a customer. */
export async function customerHoldings(storage: Storage): Promise<CustomerHoldings> {
  if (storage.bulk.customerHoldings) return storage.bulk.customerHoldings();
  const tally = (): ConsentTally => ({ granted: 0, refused: 0, unrecorded: 0 });
  const consent = { analytics: tally(), personalization: tally(), marketing: tally() };
  const attributes = new Map<string, { customers: number; yesNo: boolean }>();
  const countries = new Map<string | null, number>();
  let customers = 0;
  for await (const batch of storage.scanCustomers({ batchSize: BATCH }))
    for (const c of batch) {
      customers++;
      for (const flag of FLAGS) {
        const value = c.consent[flag];
        consent[flag][value === true ? 'granted' : value === false ? 'refused' : 'unrecorded']++;
      }
      for (const [name, value] of Object.entries(c.attributes)) {
        if (value === null || value === undefined) continue;
        const held = attributes.get(name);
        if (held === undefined) attributes.set(name, { customers: 1, yesNo: isYesNoValue(value) });
        else {
          held.customers++;
          held.yesNo &&= isYesNoValue(value);
        }
      }
      countries.set(c.country, (countries.get(c.country) ?? 0) + 1);
    }
  let customerEvents = 0;
  let anonymousEvents = 0;
  let firstEventAt: Date | null = null;
  for await (const batch of storage.scanEvents({ batchSize: BATCH }))
    for (const e of batch) {
      if (e.customerId === null) anonymousEvents++;
      else customerEvents++;
      // The scan is in time order: the first event seen is the oldest.
      firstEventAt ??= e.timestamp;
    }
  return {
    customers,
    consent,
    attributes: [...attributes]
      .map(([name, held]) => ({ name, ...held }))
      .sort((a, b) => byCodeUnit(a.name, b.name)),
    countries: sortCountries([...countries].map(([country, n]) => ({ country, customers: n }))),
    customerEvents,
    anonymousEvents,
    firstEventAt,
  };
}

/** Most customers first, then by country (code units), no country last among equals. */
export function sortCountries<T extends { country: string | null; customers: number }>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      b.customers - a.customers ||
      (a.country === null ? 1 : b.country === null ? -1 : byCodeUnit(a.country, b.country)),
  );
}

/**
 * The customers whose last activity is strictly before `before`: their latest event or, for a customer
 * without events, the creation of their record. The count, and with `ids` their ids (code-unit order).
 */
export async function inactiveCustomers(
  storage: Storage,
  before: Date,
  options: { ids: boolean } = { ids: false },
): Promise<InactiveCustomers> {
  if (storage.bulk.inactiveCustomers) return storage.bulk.inactiveCustomers(before, options);
  const last = new Map<string, number>();
  for await (const batch of storage.scanCustomers({ batchSize: BATCH }))
    for (const c of batch) last.set(c.externalId, c.createdAt.getTime());
  for await (const batch of storage.scanEvents({ batchSize: BATCH }))
    for (const e of batch) {
      if (e.customerId === null || !last.has(e.customerId)) continue;
      // In time order: each event is the customer's latest so far (replacing the record's creation).
      last.set(e.customerId, e.timestamp.getTime());
    }
  const t = before.getTime();
  const ids = [...last].filter(([, at]) => at < t).map(([id]) => id);
  return { count: ids.length, ids: options.ids ? ids.sort(byCodeUnit) : null };
}
