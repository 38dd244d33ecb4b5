/**
 * Shopify's orders export (Admin > Orders > Export, "CSV for Excel, Numbers, or other spreadsheet
 * programs"): one row per line item, the order's own columns (time, email, currency, status, addresses)
 * filled on its first row and often blank on the rest, which take them from the order's first row. See
 * docs/import-formats.md.
 */
import type { CustomerInput, EventInput, EventType, ItemInput } from '@storewise/storage';
import { parseBoolean, parseIsoDateTime, parseOptionalDecimal } from '../field-parsers.js';
import type { ColumnsListener, FieldProblem, ParsedRow } from '../types.js';
import {
  addProblem,
  idLengthProblem,
  nulProblem,
  numberRangeProblem,
  optionalPrice,
  rejectRow,
  timeRangeProblem,
} from './row.js';
import { type FieldGetter, FirstRowColumns, readTable, type TableLayout } from './table.js';

/** The columns read, as Shopify names them (compared case-insensitively). */
export const SHOPIFY_COLUMNS_REQUIRED = [
  'Name',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
] as const;
export const SHOPIFY_COLUMNS_OPTIONAL = [
  'Email',
  'Financial Status',
  'Accepts Marketing',
  'Currency',
  'Lineitem sku',
  'Billing Country',
  'Shipping Country',
  'Cancelled at',
] as const;
type ShopifyColumn = (typeof SHOPIFY_COLUMNS_REQUIRED)[number] | (typeof SHOPIFY_COLUMNS_OPTIONAL)[number];

/** The order's own columns: blank on a later row of the order, they are taken from its first row. */
const ORDER_COLUMNS = [
  'Created at',
  'Email',
  'Financial Status',
  'Accepts Marketing',
  'Currency',
  'Billing Country',
  'Shipping Country',
  'Cancelled at',
] as const satisfies readonly ShopifyColumn[];

/** Shopify's export writes every amount with a dot. */
const NO_DECIMAL_COMMA = new Set<ShopifyColumn>();

export function readShopifyOrders(
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, shopifyOrdersLayout(), onColumns);
}

/** The layout, with the state of the order being read (a new one for each file). */
function shopifyOrdersLayout(): TableLayout<
  (typeof SHOPIFY_COLUMNS_REQUIRED)[number],
  (typeof SHOPIFY_COLUMNS_OPTIONAL)[number]
> {
  let order = '';
  let line = 0;
  const first = new FirstRowColumns<ShopifyColumn>(ORDER_COLUMNS);
  /**
   * Line items read of each order that is not the current one: should an order's rows come apart (not as
   * Shopify writes them), its later rows go on numbering instead of repeating the first ones' event ids.
   */
  const linesOf = new Map<string, number>();
  return {
    name: 'shopify-orders',
    nearMisses: 'list',
    required: SHOPIFY_COLUMNS_REQUIRED,
    optional: SHOPIFY_COLUMNS_OPTIONAL,
    numbers: NO_DECIMAL_COMMA,
    row: (rowGet, at, raw) => {
      // A row whose Name is blank, or the last row's, is another line of the same order.
      const name = rowGet('Name').trim() || order;
      if (name !== order) {
        if (order !== '') linesOf.set(order, line);
        order = name;
        line = linesOf.get(name) ?? 0;
        first.start(rowGet);
      }
      line++;
      return shopifyRow(first.filled(rowGet), name, line, at, raw);
    },
  };
}

/**
 * One line item: a purchase by the order's email (lower-cased; none: anonymous) of its SKU (or, for a
 * product without one, its name), at the order's time. A cancelled or voided order's lines become
 * add_to_cart events: wanted, not bought.
 */
function shopifyRow(
  get: FieldGetter<ShopifyColumn>,
  name: string,
  lineOfOrder: number,
  line: number,
  raw: string,
): ParsedRow {
  let problems: FieldProblem[] | null = null;
  if (name === '') problems = addProblem(problems, 'Name', 'missing id');
  const eventId = `sh-${name}-${lineOfOrder}`;
  problems = idLengthProblem(problems, 'Name', eventId.length);
  const title = get('Lineitem name').trim();
  const givenSku = get('Lineitem sku').trim();
  const sku = givenSku || title;
  if (sku === '') problems = addProblem(problems, 'Lineitem sku', 'missing id');
  problems = idLengthProblem(problems, givenSku ? 'Lineitem sku' : 'Lineitem name', sku.length);
  const email = get('Email').trim().toLowerCase();
  problems = idLengthProblem(problems, 'Email', email.length);
  const timestamp = parseIsoDateTime(get('Created at'));
  if (timestamp === undefined) problems = addProblem(problems, 'Created at', 'unparseable date');
  else problems = timeRangeProblem(problems, 'Created at', timestamp);
  const quantity = parseOptionalDecimal(get('Lineitem quantity'));
  if (quantity === undefined) problems = addProblem(problems, 'Lineitem quantity', 'non-numeric quantity');
  else if (quantity === null || quantity <= 0)
    problems = addProblem(problems, 'Lineitem quantity', 'non-positive quantity');
  else problems = numberRangeProblem(problems, 'Lineitem quantity', quantity, 'quantity');
  const priced = optionalPrice(get('Lineitem price'), 'Lineitem price', problems);
  problems = priced.problems;
  const price = priced.value;
  const marketing = parseBoolean(get('Accepts Marketing'));
  if (marketing === undefined) problems = addProblem(problems, 'Accepts Marketing', 'not true or false');
  for (const column of [
    'Name',
    'Email',
    'Lineitem name',
    'Lineitem sku',
    'Currency',
    'Billing Country',
    'Shipping Country',
  ] as const)
    problems = nulProblem(problems, column, get(column));
  if (problems !== null) return rejectRow(line, raw, problems, { id: email, field: 'Email' });

  const status = get('Financial Status').trim().toLowerCase();
  const cancelled = get('Cancelled at').trim() !== '' || status === 'voided';
  const type: EventType = cancelled ? 'add_to_cart' : 'purchase';
  const currency = get('Currency').trim().toUpperCase();
  const customerId = email || null;
  const event: EventInput = {
    eventId,
    type,
    customerId,
    sku,
    timestamp: timestamp!,
    quantity: quantity!,
    unitPrice: price,
    orderId: name,
  };
  const item: ItemInput = { sku };
  if (title) item.title = title; // an empty one would blank the stored title
  if (price !== null && price > 0) item.price = price;
  if (currency) item.currency = currency;
  let customer: CustomerInput | null = null;
  if (customerId !== null) {
    customer = { externalId: customerId };
    const country = get('Billing Country').trim() || get('Shipping Country').trim();
    if (country) customer.country = country;
    if (typeof marketing === 'boolean') customer.consent = { marketing };
  }
  return { line, raw, event, item, customer, problems: null };
}
