import type { ColumnsListener, ParsedRow } from '../types.js';
import {
  EVENT_COLUMNS_OPTIONAL,
  EVENT_COLUMNS_REQUIRED,
  type EventColumn,
  parseEventFields,
} from './events-fields.js';
import { isOrdersHeader } from './orders.js';
import { readTable, type TableLayout } from './table.js';

/**
 * The generic events layout, as CSV with a header row (separated by commas, semicolons or tabs) or as
 * NDJSON: readTable. A file without an `event_id` column (NDJSON: a first record without the key) has
 * each row's id derived from what the event says. See docs/import-formats.md.
 */
export const EVENTS_LAYOUT: TableLayout<
  (typeof EVENT_COLUMNS_REQUIRED)[number],
  (typeof EVENT_COLUMNS_OPTIONAL)[number]
> = {
  name: 'events',
  required: EVENT_COLUMNS_REQUIRED,
  optional: EVENT_COLUMNS_OPTIONAL,
  numbers: new Set<EventColumn>(['quantity', 'unit_price', 'rating', 'price', 'stock']),
  // An order export (order_id, sku and a time, no type) lacks type: say which format reads it.
  foreign: (names) =>
    isOrdersHeader(names)
      ? 'looks like an order export, not events: its header has an order id, a SKU and a time but no type; import it with --format orders (or without --format: its header tells it)'
      : null,
  row: (get, line, raw, has) => parseEventFields(get, line, raw, !has('event_id')),
};

export function readEvents(
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, EVENTS_LAYOUT, onColumns);
}
