import { EVENT_TYPES, type EventType, type ItemInput } from '@storewise/storage';
import { parseDecimal, parseIsoDateTime } from '../field-parsers.js';
import type { FieldProblem, ParsedRow } from '../types.js';
import { addProblem, nulProblem, numberRangeProblem, rejectRow, timeRangeProblem } from './row.js';

export const EVENT_COLUMNS_REQUIRED = ['event_id', 'type', 'timestamp'] as const;
export const EVENT_COLUMNS_OPTIONAL = [
  'customer_id',
  'sku',
  'quantity',
  'unit_price',
  'rating',
  'query',
  'session_id',
  'order_id',
  'title',
  'category',
  'price',
  'currency',
  'stock',
  'country',
] as const;
export type EventColumn = (typeof EVENT_COLUMNS_REQUIRED)[number] | (typeof EVENT_COLUMNS_OPTIONAL)[number];

/** Reads a column's text for the current row; '' when absent or empty. */
export type FieldGetter = (column: EventColumn) => string;

const TYPES = new Set<string>(EVENT_TYPES);
/** The columns whose text is stored as it is (the others are parsed as numbers, dates or a type). */
const TEXT_COLUMNS = [
  'event_id',
  'customer_id',
  'sku',
  'query',
  'session_id',
  'order_id',
  'title',
  'category',
  'currency',
  'country',
] as const satisfies readonly EventColumn[];
const QUANTITY_TYPES = new Set<string>(['purchase', 'return', 'add_to_cart', 'remove_from_cart']);

/** Validates one row of the generic events layout (CSV or NDJSON, same fields) into a ParsedRow. */
export function parseEventFields(get: FieldGetter, line: number, raw: string): ParsedRow {
  let problems: FieldProblem[] | null = null;
  const eventId = get('event_id').trim();
  if (eventId === '') problems = addProblem(problems, 'event_id', 'missing id');
  const type = get('type').trim();
  if (!TYPES.has(type)) problems = addProblem(problems, 'type', 'unknown event type');
  const timestamp = parseIsoDateTime(get('timestamp'));
  if (timestamp === undefined) problems = addProblem(problems, 'timestamp', 'unparseable date');
  else problems = timeRangeProblem(problems, 'timestamp', timestamp);
  const sku = get('sku').trim();
  if (sku === '' && type !== 'search' && TYPES.has(type))
    problems = addProblem(problems, 'sku', 'missing id');
  const quantity = optionalNumber(get('quantity'));
  if (quantity === undefined) problems = addProblem(problems, 'quantity', 'non-numeric quantity');
  else if (quantity !== null && quantity <= 0 && QUANTITY_TYPES.has(type))
    problems = addProblem(problems, 'quantity', 'non-positive quantity');
  else problems = numberRangeProblem(problems, 'quantity', quantity, 'quantity');
  const unitPrice = optionalNumber(get('unit_price'));
  if (unitPrice === undefined) problems = addProblem(problems, 'unit_price', 'non-numeric price');
  else if (unitPrice !== null && unitPrice < 0)
    problems = addProblem(problems, 'unit_price', 'negative price');
  else problems = numberRangeProblem(problems, 'unit_price', unitPrice, 'price');
  const rating = optionalNumber(get('rating'));
  if (rating === undefined) problems = addProblem(problems, 'rating', 'non-numeric rating');
  else if (rating === null && type === 'rating') problems = addProblem(problems, 'rating', 'missing rating');
  else problems = numberRangeProblem(problems, 'rating', rating, 'rating');
  const price = optionalNumber(get('price'));
  if (price === undefined) problems = addProblem(problems, 'price', 'non-numeric price');
  else if (price !== null && price < 0) problems = addProblem(problems, 'price', 'negative price');
  else problems = numberRangeProblem(problems, 'price', price, 'price');
  const stock = optionalNumber(get('stock'));
  if (stock === undefined) problems = addProblem(problems, 'stock', 'non-numeric stock');
  for (const column of TEXT_COLUMNS) problems = nulProblem(problems, column, get(column));
  if (problems !== null) return rejectRow(line, raw, problems);

  const customerId = get('customer_id').trim() || null;
  const event = {
    eventId,
    type: type as EventType,
    customerId,
    sku: sku || null,
    timestamp: timestamp!,
    quantity: quantity ?? null,
    unitPrice: unitPrice ?? null,
    rating: rating ?? null,
    query: get('query') || null,
    sessionId: get('session_id').trim() || null,
    orderId: get('order_id').trim() || null,
  };
  const item = sku ? itemFacts(sku, get, price ?? null, stock ?? null) : null;
  const country = get('country').trim();
  const customer = customerId && country ? { externalId: customerId, country } : null;
  return { line, raw, event, item, customer, problems: null };
}

function itemFacts(
  sku: string,
  get: FieldGetter,
  price: number | null,
  stock: number | null,
): ItemInput | null {
  const title = get('title').trim();
  const category = get('category').trim();
  const currency = get('currency').trim();
  if (!title && !category && !currency && price === null && stock === null) return null;
  const item: ItemInput = { sku };
  if (title) item.title = title;
  if (category)
    item.categoryPath = category
      .split('>')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  if (price !== null) item.price = price;
  if (currency) item.currency = currency.toUpperCase();
  if (stock !== null) item.stock = stock;
  return item;
}

/** null for empty text, undefined for text that is not a number. */
function optionalNumber(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseDecimal(text);
}
