import { EVENT_TYPES, type EventInput, type EventType } from '@storewise/storage';
import { base36, cyrb53Fields } from '../event-id.js';
import { parseIsoDateTime, parseOptionalDecimal } from '../field-parsers.js';
import type { FieldProblem, ParsedRow } from '../types.js';
import { itemFacts, itemNumbers } from './item-fields.js';
import {
  addProblem,
  idLengthProblem,
  nulProblem,
  numberRangeProblem,
  optionalPrice,
  rejectRow,
  timeRangeProblem,
} from './row.js';
import type { FieldGetter } from './table.js';

export const EVENT_COLUMNS_REQUIRED = ['type', 'timestamp'] as const;
/** `event_id` among them: a file without it has each row's id derived from its content (derivedEventId). */
export const EVENT_COLUMNS_OPTIONAL = [
  'event_id',
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

/**
 * Validates one row of the generic events layout (CSV or NDJSON, same fields) into a ParsedRow. With
 * `deriveIds` (the file has no `event_id` column) a row without an id gets one derived from its content;
 * otherwise it is rejected.
 */
export function parseEventFields(
  get: FieldGetter<EventColumn>,
  line: number,
  raw: string,
  deriveIds = false,
): ParsedRow {
  let problems: FieldProblem[] | null = null;
  const givenId = get('event_id').trim();
  if (givenId === '' && !deriveIds) problems = addProblem(problems, 'event_id', 'missing id');
  // Compared without case (`Purchase`, `VIEW`), as column names are.
  const type = get('type').trim().toLowerCase();
  if (!TYPES.has(type)) problems = addProblem(problems, 'type', 'unknown event type');
  const timestamp = parseIsoDateTime(get('timestamp'));
  if (timestamp === undefined) problems = addProblem(problems, 'timestamp', 'unparseable date');
  else problems = timeRangeProblem(problems, 'timestamp', timestamp);
  const sku = get('sku').trim();
  if (sku === '' && type !== 'search' && TYPES.has(type))
    problems = addProblem(problems, 'sku', 'missing id');
  const quantity = parseOptionalDecimal(get('quantity'));
  if (quantity === undefined) problems = addProblem(problems, 'quantity', 'non-numeric quantity');
  else if (quantity !== null && quantity <= 0 && QUANTITY_TYPES.has(type))
    problems = addProblem(problems, 'quantity', 'non-positive quantity');
  else problems = numberRangeProblem(problems, 'quantity', quantity, 'quantity');
  const unitPrice = optionalPrice(get('unit_price'), 'unit_price', problems);
  problems = unitPrice.problems;
  const rating = parseOptionalDecimal(get('rating'));
  if (rating === undefined) problems = addProblem(problems, 'rating', 'non-numeric rating');
  else if (rating === null && type === 'rating') problems = addProblem(problems, 'rating', 'missing rating');
  else problems = numberRangeProblem(problems, 'rating', rating, 'rating');
  const numbers = itemNumbers(get, problems);
  problems = numbers.problems;
  problems = idLengthProblem(problems, 'event_id', givenId.length);
  problems = idLengthProblem(problems, 'customer_id', get('customer_id').trim().length);
  problems = idLengthProblem(problems, 'sku', sku.length);
  for (const column of TEXT_COLUMNS) problems = nulProblem(problems, column, get(column));
  const customerId = get('customer_id').trim() || null;
  if (problems !== null)
    return rejectRow(line, raw, problems, { id: customerId ?? '', field: 'customer_id' });

  const fields = {
    type: type as EventType,
    customerId,
    sku: sku || null,
    timestamp: timestamp!,
    quantity: quantity ?? null,
    unitPrice: unitPrice.value,
    rating: rating ?? null,
    query: get('query') || null,
    sessionId: get('session_id').trim() || null,
    orderId: get('order_id').trim() || null,
  };
  const event = { eventId: givenId === '' ? derivedEventId(fields) : givenId, ...fields };
  const item = sku ? itemFacts(sku, get, numbers.price, numbers.stock) : null;
  const country = get('country').trim();
  const customer = customerId && country ? { externalId: customerId, country } : null;
  return { line, raw, event, item, customer, problems: null };
}

/** Hash seeds of a derived id's two halves: 106 bits in all, against collisions in files of billions of rows. */
const DERIVED_ID_SEEDS = [0, 0x9e3779b9] as const;

/**
 * The id of an event given without one: `ev-` and two hashes of what the event says (its type, customer,
 * item, time to the millisecond, quantity, prices, rating, query, session and order; not the item's or
 * customer's facts), so that importing the file again, or another export holding the same event, finds
 * it stored. The time is hashed as a point in time: `10:00:00Z` and `11:00:00+01:00` are one event. Rows
 * equal in all of these are one event.
 */
export function derivedEventId(event: Omit<EventInput, 'eventId'>): string {
  const fields = [
    event.type,
    event.customerId ?? '',
    event.sku ?? '',
    event.timestamp.toISOString(),
    numberText(event.quantity),
    numberText(event.unitPrice),
    numberText(event.rating),
    event.query ?? '',
    event.sessionId ?? '',
    event.orderId ?? '',
  ];
  return `ev-${DERIVED_ID_SEEDS.map((seed) => base36(cyrb53Fields(fields, '\u001f', seed))).join('-')}`;
}

const numberText = (value: number | null | undefined): string => (value == null ? '' : String(value));
