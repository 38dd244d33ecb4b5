/**
 * The items and customers layouts: a shop's catalog (SKUs with titles, categories, prices and stock) and
 * its customers (countries and consent), each row creating or updating one record; every other column is
 * an attribute of the record (columns.ts). CSV with a header row
 * or NDJSON, like the events layout (table.ts). See docs/import-formats.md.
 */
import type { Attributes, ConsentFlags, CustomerInput } from '@storewise/storage';
import { parseBoolean } from '../field-parsers.js';
import type { ColumnsListener, FieldProblem, ParsedRow } from '../types.js';
import { itemFacts, itemNumbers } from './item-fields.js';
import { addProblem, idLengthProblem, nulProblem, rejectRow } from './row.js';
import { type FieldGetter, type RowAttributes, readTable, type TableLayout } from './table.js';

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
  attributes: true,
  foreign: (names) => foreignColumns(names, 'a catalog (items)', ['customer_id']),
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
  attributes: true,
  foreign: (names) => foreignColumns(names, 'customers', ['sku']),
  row: customerRow,
};

/**
 * Why a header given as items or customers (`what`) is another format's: it has an event's columns
 * (`type` and `timestamp`, or `event_id`), or names what the other record layout is keyed by (`other`):
 * its rows would overwrite records with event rows' values, and its other columns become attributes.
 */
function foreignColumns(names: ReadonlySet<string>, what: string, other: readonly string[]): string | null {
  const events = ['type', 'timestamp', 'event_id'].filter((name) => names.has(name));
  if (names.has('event_id') || (names.has('type') && names.has('timestamp')))
    return `looks like an events file, not ${what}: its header has ${events.join(', ')}; import it with --format events (or without --format: its header tells it)`;
  const keys = other.filter((name) => names.has(name));
  if (keys.length === 0) return null;
  return `is not ${what}: its header has ${keys.join(', ')}, which ${what} files do not have (an events or order export? give its format, or leave the column out)`;
}

export function readItems(
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, ITEMS_LAYOUT, onColumns);
}

export function readCustomers(
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, CUSTOMERS_LAYOUT, onColumns);
}

/**
 * One item: its SKU and the facts the row gives. An empty field leaves what is stored; `category` is a
 * path written `A > B > C`; `recommendable` false keeps the item out of recommendations.
 */
function itemRow(
  get: FieldGetter<ItemColumn>,
  line: number,
  raw: string,
  _has: unknown,
  attributes: RowAttributes | null,
): ParsedRow {
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
  for (const p of attributes?.problems ?? []) problems = addProblem(problems, p.field, p.reason);
  if (problems !== null) return rejectRow(line, raw, problems);

  const item = itemFacts(sku, get, numbers.price, numbers.stock) ?? { sku };
  const values: Attributes = { ...attributes?.values };
  if (typeof recommendable === 'boolean') values.recommendable = recommendable;
  if (Object.keys(values).length > 0) item.attributes = values;
  return { line, raw, event: null, item, customer: null, problems: null };
}

/**
 * One customer: their id, country, the consent the row records (an empty field records no choice) and
 * their attributes (the file's other columns; a blank value leaves what is stored).
 */
function customerRow(
  get: FieldGetter<CustomerColumn>,
  line: number,
  raw: string,
  _has: unknown,
  attributes: RowAttributes | null,
): ParsedRow {
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
  for (const p of attributes?.problems ?? []) problems = addProblem(problems, p.field, p.reason);
  if (problems !== null) return rejectRow(line, raw, problems, { id: externalId, field: 'customer_id' });

  const customer: CustomerInput = { externalId };
  const country = get('country').trim();
  if (country) customer.country = country;
  if (Object.keys(consent).length > 0) customer.consent = consent;
  if (attributes !== null && Object.keys(attributes.values).length > 0)
    customer.attributes = attributes.values;
  return { line, raw, event: null, item: null, customer, problems: null };
}
