/**
 * Shopify's customers export (Admin > Customers > Export): a row per customer, keyed by email as in the
 * orders export (shopify-orders.ts), with the choice they made about marketing emails. Customers who never
 * ordered (newsletter subscribers) come in too. See docs/import-formats.md.
 */
import type { CustomerInput } from '@storewise/storage';
import { parseBoolean } from '../field-parsers.js';
import type { ColumnsListener, FieldProblem, ParsedRow } from '../types.js';
import { addProblem, idLengthProblem, nulProblem, rejectRow } from './row.js';
import { type FieldGetter, readTable, type TableLayout } from './table.js';

export const SHOPIFY_CUSTOMER_COLUMNS_REQUIRED = ['Email', 'Total Orders'] as const;
export const SHOPIFY_CUSTOMER_COLUMNS_OPTIONAL = [
  'Accepts Email Marketing',
  'Country Code',
  'Country',
] as const;
type CustomerColumn =
  | (typeof SHOPIFY_CUSTOMER_COLUMNS_REQUIRED)[number]
  | (typeof SHOPIFY_CUSTOMER_COLUMNS_OPTIONAL)[number];

export const SHOPIFY_CUSTOMERS_LAYOUT: TableLayout<
  (typeof SHOPIFY_CUSTOMER_COLUMNS_REQUIRED)[number],
  (typeof SHOPIFY_CUSTOMER_COLUMNS_OPTIONAL)[number]
> = {
  name: 'shopify-customers',
  // Shopify writes its own columns: one close to a read one is listed, not refused.
  nearMisses: 'list',
  required: SHOPIFY_CUSTOMER_COLUMNS_REQUIRED,
  optional: SHOPIFY_CUSTOMER_COLUMNS_OPTIONAL,
  numbers: new Set<CustomerColumn>(),
  // Older exports name the column Accepts Marketing.
  aliases: { 'Accepts Email Marketing': ['Accepts Marketing'] },
  row: customerRow,
};

export function readShopifyCustomers(
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, SHOPIFY_CUSTOMERS_LAYOUT, onColumns);
}

/**
 * One customer: their email, lower-cased (a customer without one, entered by phone only, is rejected:
 * it is the key their orders name), their country (its code, as the orders export writes it) and
 * whether they accept marketing emails (`no`: an explicit refusal).
 */
function customerRow(get: FieldGetter<CustomerColumn>, line: number, raw: string): ParsedRow {
  const externalId = get('Email').trim().toLowerCase();
  let problems: FieldProblem[] | null = null;
  if (externalId === '') problems = addProblem(problems, 'Email', 'missing id');
  problems = idLengthProblem(problems, 'Email', externalId.length);
  const marketing = parseBoolean(get('Accepts Email Marketing'));
  if (marketing === undefined)
    problems = addProblem(problems, 'Accepts Email Marketing', 'not true or false');
  for (const column of ['Email', 'Country Code', 'Country'] as const)
    problems = nulProblem(problems, column, get(column));
  if (problems !== null) return rejectRow(line, raw, problems, { id: externalId, field: 'Email' });

  const customer: CustomerInput = { externalId };
  const country = get('Country Code').trim() || get('Country').trim();
  if (country) customer.country = country;
  if (typeof marketing === 'boolean') customer.consent = { marketing };
  return { line, raw, event: null, item: null, customer, problems: null };
}
