/**
 * The items and customers layouts: a shop's catalog (SKUs with titles, categories, prices and stock) and
 * its customers (countries and consent), each row creating or updating one record. CSV with a header row
 * or NDJSON, like the events layout (table.ts). See docs/import-formats.md.
 */
import type { ConsentFlags, CustomerInput } from '@storewise/storage';
import { parseBoolean } from '../field-parsers.js';
import type { FieldProblem, ParsedRow } from '../types.js';
import { itemFacts, itemNumbers } from './item-fields.js';
import { addProblem, idLengthProblem, nulProblem, rejectRow } from './row.js';
import { type FieldGetter, readTable, type TableLayout } from './table.js';

export const ITEM_COLUMNS_REQUIRED = ['sku'] as const;
export const ITEM_COLUMNS_OPTIONAL = [
  'title',
  'category',
  'price',
  'currency',
  'stock',
  'recommendable',
] as const;
type ItemColumn = (typeof ITEM_COLUMNS_REQUIRED)[number] | (typeof ITEM_COLUMNS_OPTIONAL)[number];

export const CUSTOMER_COLUMNS_REQUIRED = ['customer_id'] as const;
export const CUSTOMER_COLUMNS_OPTIONAL = [
  'country',
  'consent_marketing',
  'consent_personalization',
  'consent_analytics',
] as const;
type CustomerColumn = (typeof CUSTOMER_COLUMNS_REQUIRED)[number] | (typeof CUSTOMER_COLUMNS_OPTIONAL)[number];

/** Each consent column and the flag it sets. */
const CONSENT_COLUMNS = {
  consent_marketing: 'marketing',
  consent_personalization: 'personalization',
  consent_analytics: 'analytics',
} as const satisfies Record<string, keyof ConsentFlags>;

export const ITEMS_LAYOUT: TableLayout<
  (typeof ITEM_COLUMNS_REQUIRED)[number],
  (typeof ITEM_COLUMNS_OPTIONAL)[number]
> = {
  name: 'items',
  required: ITEM_COLUMNS_REQUIRED,
  optional: ITEM_COLUMNS_OPTIONAL,
  numbers: new Set<ItemColumn>(['price', 'stock']),
  yesNo: new Set<ItemColumn>(['recommendable']),
  row: itemRow,
};

export const CUSTOMERS_LAYOUT: TableLayout<
  (typeof CUSTOMER_COLUMNS_REQUIRED)[number],
  (typeof CUSTOMER_COLUMNS_OPTIONAL)[number]
> = {
  name: 'customers',
  required: CUSTOMER_COLUMNS_REQUIRED,
  optional: CUSTOMER_COLUMNS_OPTIONAL,
  numbers: new Set<CustomerColumn>(),
  yesNo: new Set<CustomerColumn>(['consent_marketing', 'consent_personalization', 'consent_analytics']),
  row: customerRow,
};

export function readItems(input: AsyncIterable<string | Buffer>, path: string): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, ITEMS_LAYOUT);
}

export function readCustomers(
  input: AsyncIterable<string | Buffer>,
  path: string,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, CUSTOMERS_LAYOUT);
}

/**
 * One item: its SKU and the facts the row gives. An empty field leaves what is stored; `category` is a
 * path written `A > B > C`; `recommendable` false keeps the item out of recommendations.
 */
function itemRow(get: FieldGetter<ItemColumn>, line: number, raw: string): ParsedRow {
  const sku = get('sku').trim();
  let problems: FieldProblem[] | null = null;
  if (sku === '') problems = addProblem(problems, 'sku', 'missing id');
  problems = idLengthProblem(problems, 'sku', sku.length);
  for (const column of ['sku', 'title', 'category', 'currency'] as const)
    problems = nulProblem(problems, column, get(column));
  const numbers = itemNumbers(get, problems);
  problems = numbers.problems;
  const recommendable = parseBoolean(get('recommendable'));
  if (recommendable === undefined) problems = addProblem(problems, 'recommendable', 'not true or false');
  if (problems !== null) return rejectRow(line, raw, problems);

  const item = itemFacts(sku, get, numbers.price, numbers.stock) ?? { sku };
  if (typeof recommendable === 'boolean') item.attributes = { recommendable };
  return { line, raw, event: null, item, customer: null, problems: null };
}

/** One customer: their id, country and the consent the row records (an empty field records no choice). */
function customerRow(get: FieldGetter<CustomerColumn>, line: number, raw: string): ParsedRow {
  const externalId = get('customer_id').trim();
  let problems: FieldProblem[] | null = null;
  if (externalId === '') problems = addProblem(problems, 'customer_id', 'missing id');
  problems = idLengthProblem(problems, 'customer_id', externalId.length);
  problems = nulProblem(problems, 'customer_id', get('customer_id'));
  problems = nulProblem(problems, 'country', get('country'));
  const consent: ConsentFlags = {};
  for (const [column, flag] of Object.entries(CONSENT_COLUMNS) as [
    keyof typeof CONSENT_COLUMNS,
    keyof ConsentFlags,
  ][]) {
    const value = parseBoolean(get(column));
    if (value === undefined) problems = addProblem(problems, column, 'not true or false');
    else if (value !== null) consent[flag] = value;
  }
  if (problems !== null) return rejectRow(line, raw, problems, { id: externalId, field: 'customer_id' });

  const customer: CustomerInput = { externalId };
  const country = get('country').trim();
  if (country) customer.country = country;
  if (Object.keys(consent).length > 0) customer.consent = consent;
  return { line, raw, event: null, item: null, customer, problems: null };
}
