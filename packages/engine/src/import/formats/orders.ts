/**
 * The orders layout: a shop's own order export, one row per order line (`order_id,customer_id,sku,
 * quantity,unit_price,created_at`), as CSV with a header row (separated by commas, semicolons or tabs) or
 * NDJSON, read as the events layout is (readTable). Each line is a purchase, or a return when its
 * quantity is negative. See docs/import-formats.md.
 */
import { parseIsoDateTime, parseOptionalDecimal } from '../field-parsers.js';
import type { ColumnsListener, FieldProblem, ParsedRow } from '../types.js';
import { derivedEventId } from './events-fields.js';
import { type ItemFactColumn, itemFacts } from './item-fields.js';
import {
  addProblem,
  idLengthProblem,
  nulProblem,
  numberRangeProblem,
  optionalPrice,
  rejectRow,
  timeRangeProblem,
} from './row.js';
import { type FieldGetter, readTable, type TableLayout } from './table.js';

export const ORDER_COLUMNS_REQUIRED = ['order_id', 'sku', 'timestamp'] as const;
export const ORDER_COLUMNS_OPTIONAL = [
  'event_id',
  'customer_id',
  'quantity',
  'unit_price',
  'title',
  'category',
  'currency',
  'country',
] as const;
type OrderColumn = (typeof ORDER_COLUMNS_REQUIRED)[number] | (typeof ORDER_COLUMNS_OPTIONAL)[number];

/** The other names an order export gives a column (the first the file has is read; two of them fail it). */
export const ORDER_ALIASES: Readonly<Partial<Record<OrderColumn, readonly string[]>>> = {
  timestamp: ['created_at', 'order_date', 'ordered_at', 'date'],
  event_id: ['line_id'],
};

/** The text columns, stored as written (trimmed). */
const TEXT_COLUMNS = [
  'event_id',
  'order_id',
  'customer_id',
  'sku',
  'title',
  'category',
  'currency',
  'country',
] as const satisfies readonly OrderColumn[];

export const ORDERS_LAYOUT: TableLayout<
  (typeof ORDER_COLUMNS_REQUIRED)[number],
  (typeof ORDER_COLUMNS_OPTIONAL)[number]
> = {
  name: 'orders',
  required: ORDER_COLUMNS_REQUIRED,
  optional: ORDER_COLUMNS_OPTIONAL,
  aliases: ORDER_ALIASES,
  numbers: new Set<OrderColumn>(['quantity', 'unit_price']),
  foreign: (names) =>
    names.has('type')
      ? 'looks like an events file, not orders: its header has type, which says what each row is; import it with --format events (or without --format: its header tells it)'
      : null,
  row: (get, line, raw, has) => orderRow(get, line, raw, !has('event_id')),
};

export function readOrders(
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, ORDERS_LAYOUT, onColumns);
}

/**
 * Whether a header or first record's names (lower case for CSV) are an order export's: an order id, a
 * SKU and a time column, and no `type` (which makes it an events file).
 */
export function isOrdersHeader(names: { has: (name: string) => boolean }): boolean {
  if (names.has('type')) return false;
  return ORDER_COLUMNS_REQUIRED.every((column) =>
    [column, ...(ORDER_ALIASES[column] ?? [])].some((name) => names.has(name)),
  );
}

/**
 * One order line: a purchase of `quantity` units (default 1) of its SKU, by its customer (none: a guest
 * line, an anonymous event), or a return of as many units when the quantity is negative. Without an
 * `event_id` column (`deriveIds`) its id is derived from what the event says (derivedEventId), as an
 * events file's without ids.
 */
function orderRow(get: FieldGetter<OrderColumn>, line: number, raw: string, deriveIds: boolean): ParsedRow {
  let problems: FieldProblem[] | null = null;
  const givenId = get('event_id').trim();
  if (givenId === '' && !deriveIds) problems = addProblem(problems, 'event_id', 'missing id');
  const orderId = get('order_id').trim();
  if (orderId === '') problems = addProblem(problems, 'order_id', 'missing id');
  const sku = get('sku').trim();
  if (sku === '') problems = addProblem(problems, 'sku', 'missing id');
  const timestamp = parseIsoDateTime(get('timestamp'));
  if (timestamp === undefined) problems = addProblem(problems, 'timestamp', 'unparseable date');
  else problems = timeRangeProblem(problems, 'timestamp', timestamp);
  const quantity = parseOptionalDecimal(get('quantity'));
  if (quantity === undefined) problems = addProblem(problems, 'quantity', 'non-numeric quantity');
  else if (quantity === 0) problems = addProblem(problems, 'quantity', 'zero quantity');
  else problems = numberRangeProblem(problems, 'quantity', quantity, 'quantity');
  const unitPrice = optionalPrice(get('unit_price'), 'unit_price', problems);
  problems = unitPrice.problems;
  const customerId = get('customer_id').trim() || null;
  problems = idLengthProblem(problems, 'event_id', givenId.length);
  problems = idLengthProblem(problems, 'customer_id', customerId?.length ?? 0);
  problems = idLengthProblem(problems, 'sku', sku.length);
  for (const column of TEXT_COLUMNS) problems = nulProblem(problems, column, get(column));
  if (problems !== null)
    return rejectRow(line, raw, problems, { id: customerId ?? '', field: 'customer_id' });

  const isReturn = quantity != null && quantity < 0;
  const fields = {
    type: isReturn ? ('return' as const) : ('purchase' as const),
    customerId,
    sku,
    timestamp: timestamp!,
    quantity: Math.abs(quantity ?? 1),
    unitPrice: unitPrice.value,
    rating: null,
    query: null,
    sessionId: null,
    orderId,
  };
  const event = { eventId: givenId === '' ? derivedEventId(fields) : givenId, ...fields };
  // As Online Retail's: the price a purchase line paid (> 0) is the item's price; a return's is not.
  const itemPrice = !isReturn && unitPrice.value !== null && unitPrice.value > 0 ? unitPrice.value : null;
  const facts: FieldGetter<ItemFactColumn> = (column) =>
    column === 'price' || column === 'stock' ? '' : get(column);
  const item = itemFacts(sku, facts, itemPrice, null);
  const country = get('country').trim();
  const customer =
    customerId === null ? null : country ? { externalId: customerId, country } : { externalId: customerId };
  return { line, raw, event, item, customer, problems: null };
}
