import { ImportInputError } from '../errors.js';
import { openInput } from '../input-stream.js';
import { quoteInput } from '../quote-input.js';
import { IMPORT_FORMATS, type ImportFormat } from '../types.js';
import { CUSTOMER_COLUMNS_REQUIRED, ITEM_COLUMNS_REQUIRED } from './catalog.js';
import { EVENT_COLUMNS_REQUIRED } from './events-fields.js';
import { isRatingsFirstLine, otherMovieLensFile } from './movielens.js';
import { isRetailHeader } from './online-retail.js';
import { isOrdersHeader, ORDER_ALIASES, ORDER_COLUMNS_REQUIRED } from './orders.js';
import { SHOPIFY_CUSTOMER_COLUMNS_REQUIRED } from './shopify-customers.js';
import { SHOPIFY_COLUMNS_REQUIRED } from './shopify-orders.js';
import { SHOPIFY_PRODUCT_COLUMNS_REQUIRED } from './shopify-products.js';
import { csvDelimiter, headerNames, jsonArrayError } from './table.js';

/** How much of a file detectFormat reads at most for its first line. */
const FIRST_LINE_BYTES = 64 * 1024;

/**
 * The import format of a file (gzipped or not), told by its first line: Online Retail's header (I or II:
 * InvoiceNo or Invoice, and StockCode), a MovieLens ratings file (ratings.csv's header, or a u.data or
 * ratings.dat line), or a CSV header (separated by commas, semicolons or tabs) or NDJSON record with
 * `type` and `timestamp` (events), else with `order_id`, `sku` and a time column and no `type` (orders,
 * isOrdersHeader), else with `sku` and no `customer_id` (items) or the other way round (customers), or
 * one of Shopify's orders, products and customers exports (the columns their readers require).
 * Fails, quoting the
 * line, when it is none of them; the format's reader then checks the whole layout as always.
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const line = await firstLine(path);
  if (
    line
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('[')
  )
    throw jsonArrayError(path);
  const format = formatOfFirstLine(line);
  if (format !== null) return format;
  const other = otherMovieLensFile(path, line);
  if (other !== null) throw other;
  throw new ImportInputError(
    `cannot tell the format of ${path} from its first line (${line.trim() === '' ? 'empty' : quoteInput(line, 200)}): ` +
      `give --format ${IMPORT_FORMATS.slice(0, -1).join(', ')} or ${IMPORT_FORMATS.at(-1)} (docs/import-formats.md)`,
  );
}

/** The format a file with this first line is in, or null (see detectFormat). */
export function formatOfFirstLine(line: string): ImportFormat | null {
  const text = line.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('{')) return ndjsonFormat(text);
  if (isRatingsFirstLine(text)) return 'movielens';
  const names = headerNames(text, ',');
  if (isRetailHeader(names)) return 'online-retail';
  if (csvDelimiter(text, EVENT_COLUMNS_REQUIRED) !== null) return 'events';
  const orders = csvDelimiter(text, ORDER_COLUMNS_REQUIRED, ORDER_ALIASES);
  if (orders !== null && isOrdersHeader(headerNames(text, orders))) return 'orders';
  // Shopify writes its exports with commas, each with the columns its reader requires.
  for (const [format, required] of SHOPIFY_EXPORTS)
    if (required.every((column) => names.has(column.toLowerCase()))) return format;
  // An order export whose names are spelt otherwise (`Order ID`, `CreatedAt`) is one still: its reader then
  // fails it, asking to rename them, instead of its SKU column making it a catalog of items.
  if (nearOrdersHeader(text)) return 'orders';
  const delimiter =
    csvDelimiter(text, ITEM_COLUMNS_REQUIRED) ?? csvDelimiter(text, CUSTOMER_COLUMNS_REQUIRED);
  return delimiter === null ? null : recordFormat(headerNames(text, delimiter));
}

/** A name as letters and digits alone, lower-cased: `Order ID`, `orderId` and `order_id` are `orderid`. */
const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether the header names an orders header's columns once spaces, case and underscores are set aside. */
function nearOrdersHeader(text: string): boolean {
  return [',', ';', '\t'].some((delimiter) => {
    const names = new Set([...headerNames(text, delimiter)].map(squash));
    return isOrdersHeader({ has: (name) => names.has(squash(name)) });
  });
}

/** Shopify's exports, each by the columns its reader requires. */
const SHOPIFY_EXPORTS: readonly [ImportFormat, readonly string[]][] = [
  ['shopify-orders', SHOPIFY_COLUMNS_REQUIRED],
  ['shopify-products', SHOPIFY_PRODUCT_COLUMNS_REQUIRED],
  ['shopify-customers', SHOPIFY_CUSTOMER_COLUMNS_REQUIRED],
];

/**
 * Items when the columns name SKUs and no customers, customers when they name customers and no SKUs;
 * null for both (a file naming both without an order id and time is neither).
 */
function recordFormat(names: { has: (name: string) => boolean }): ImportFormat | null {
  const sku = ITEM_COLUMNS_REQUIRED.every((name) => names.has(name));
  const customer = CUSTOMER_COLUMNS_REQUIRED.every((name) => names.has(name));
  if (sku === customer) return null;
  return sku ? 'items' : 'customers';
}

/**
 * An NDJSON file's format by its first record's keys: events when it has an event's required fields, else
 * orders (isOrdersHeader), else items or customers (recordFormat), else events (whose reader then names the missing fields).
 */
function ndjsonFormat(text: string): ImportFormat {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return 'events';
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'events';
  const has = (name: string) => name in record;
  if (EVENT_COLUMNS_REQUIRED.every(has)) return 'events';
  if (isOrdersHeader({ has })) return 'orders';
  const squashed = new Set(Object.keys(record).map(squash));
  if (isOrdersHeader({ has: (name) => squashed.has(squash(name)) })) return 'orders';
  return recordFormat({ has }) ?? 'events';
}

/** The file's first line, decompressed (at most FIRST_LINE_BYTES of it). */
async function firstLine(path: string): Promise<string> {
  const input = await openInput(path);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      const end = chunk.indexOf(0x0a);
      chunks.push(end >= 0 ? chunk.subarray(0, end) : chunk);
      length += chunk.length;
      if (end >= 0 || length >= FIRST_LINE_BYTES) break;
    }
  } finally {
    input.stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, FIRST_LINE_BYTES).toString('utf8').replace(/\r$/, '');
}
