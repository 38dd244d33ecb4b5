import { GraphQLError } from 'graphql/index.js';
import type { CustomerInput, ItemInput } from './catalog-inputs.js';
import { checkId } from './check-inputs.js';

export const MAX_ATTRIBUTES = 50;
export const MAX_TEXT_LENGTH = 1000;
export const MAX_CATEGORY_DEPTH = 20;

/** The ISO 4217 currency codes Node's ICU knows (`EUR`, `USD`, ...): a well-formed `XYZ` is not one. */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

function refuse(field: string, reason: string): never {
  throw new GraphQLError(`${field} ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

function checkText(field: string, value: string | null | undefined, max: number): void {
  if (typeof value === 'string' && value.length > max) refuse(field, `must be at most ${max} characters`);
}

/** Attributes are flat: at most 50 keys, each value a string (at most 1,000 characters), number, boolean or null. */
function checkAttributes(field: string, attributes: Record<string, unknown> | undefined): void {
  if (attributes === undefined || attributes === null) return;
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) refuse(field, `may hold at most ${MAX_ATTRIBUTES} keys`);
  for (const [key, value] of entries) {
    const where = `${field}.${key}`;
    if (key.length > 100) refuse(where, 'has a key longer than 100 characters');
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) refuse(where, 'must be a finite number');
      continue;
    }
    if (typeof value === 'string') {
      checkText(where, value, MAX_TEXT_LENGTH);
      continue;
    }
    refuse(where, 'must be a string, number, boolean or null (attributes are flat)');
  }
}

/** Checks an upsertItems call before it reaches storage; the first problem refuses the call, naming the field. */
export function checkItems(items: readonly ItemInput[]): void {
  items.forEach((item, i) => {
    const at = `items[${i}]`;
    // Blank and over-long ids here, in the order of the list: the first problem is the one named.
    checkId(`${at}.sku`, item.sku);
    checkText(`${at}.title`, item.title, MAX_TEXT_LENGTH);
    if (typeof item.title === 'string' && item.title.trim() === '')
      refuse(`${at}.title`, 'must not be blank (leave it out to keep the stored title)');
    if (item.currency !== null && item.currency !== undefined && !CURRENCIES.has(item.currency)) {
      refuse(`${at}.currency`, 'must be an ISO 4217 currency code such as EUR');
    }
    if (item.price !== null && item.price !== undefined && item.price < 0)
      refuse(`${at}.price`, 'must not be negative');
    const path = item.categoryPath ?? [];
    if (path.length > MAX_CATEGORY_DEPTH)
      refuse(`${at}.categoryPath`, `may hold at most ${MAX_CATEGORY_DEPTH} levels`);
    path.forEach((c, j) => {
      if (c.trim() === '') refuse(`${at}.categoryPath[${j}]`, 'must not be blank');
      checkText(`${at}.categoryPath[${j}]`, c, 200);
    });
    checkAttributes(`${at}.attributes`, item.attributes);
  });
}

/** Checks an upsertCustomers call before it reaches storage. */
export function checkCustomers(customers: readonly CustomerInput[]): void {
  customers.forEach((c, i) => {
    const at = `customers[${i}]`;
    checkId(`${at}.externalId`, c.externalId);
    checkText(`${at}.country`, c.country, 100);
    checkAttributes(`${at}.attributes`, c.attributes);
  });
}

/** One record of an upsert call, with the attributes it sends. */
export interface AttributeWrite {
  id: string;
  attributes: Record<string, unknown> | null | undefined;
}

/**
 * Refuses a call that would leave a record with more than MAX_ATTRIBUTES keys: storage merges attributes
 * key by key into the stored ones (and into those sent for the same record earlier in the call), so each
 * call within the limit could otherwise grow a record past it. `stored` holds the stored attributes of
 * the records the call names (absent: a new record). Names the record and the entry that passes the limit.
 */
export function checkMergedAttributes(
  list: 'customers' | 'items',
  writes: readonly AttributeWrite[],
  stored: ReadonlyMap<string, Record<string, unknown>>,
): void {
  const merged = new Map<string, Set<string>>();
  writes.forEach((w, i) => {
    if (w.attributes === null || w.attributes === undefined) return;
    let keys = merged.get(w.id);
    if (keys === undefined) {
      keys = new Set(Object.keys(stored.get(w.id) ?? {}));
      merged.set(w.id, keys);
    }
    for (const key of Object.keys(w.attributes)) keys.add(key);
    if (keys.size > MAX_ATTRIBUTES) {
      const record = list === 'customers' ? 'customer' : 'item';
      refuse(
        `${list}[${i}].attributes`,
        `would leave ${record} "${w.id}" with ${keys.size} attribute keys once merged with those it has; at most ${MAX_ATTRIBUTES} are kept per ${record}`,
      );
    }
  });
}
