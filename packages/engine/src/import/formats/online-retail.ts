import { type CustomerInput, type EventInput, type ItemInput, MAX_KEY_LENGTH } from '@storewise/storage';
import { FILL_ONLY_TIME } from '../batch-collector.js';
import type { CsvRow } from '../csv-rows.js';
import { contentHash } from '../event-id.js';
import { parseDecimal, parseLocalDateTime } from '../field-parsers.js';
import type { ParsedRow } from '../types.js';
import { mapHeader, readCsvWithHeader } from './header.js';
import {
  addProblem,
  idLengthProblem,
  nulProblem,
  numberRangeProblem,
  rejectRow,
  timeRangeProblem,
} from './row.js';

export const RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;

export type RetailColumn = (typeof RETAIL_COLUMNS)[number];

/**
 * The names the newer UCI Online Retail II (2009-2011) gives the columns it renamed; its other columns
 * and its values are those of Online Retail.
 */
const RETAIL_II_NAMES: Readonly<Partial<Record<RetailColumn, readonly string[]>>> = {
  InvoiceNo: ['Invoice'],
  UnitPrice: ['Price'],
  CustomerID: ['Customer ID'],
};

/**
 * Whether a header (its names, trimmed and lower-cased) is Online Retail's, I or II: it names the invoice
 * and the stock code (detect.ts; the reader then checks every column).
 */
export function isRetailHeader(names: ReadonlySet<string>): boolean {
  const has = (column: RetailColumn) =>
    [column, ...(RETAIL_II_NAMES[column] ?? [])].some((name) => names.has(name.toLowerCase()));
  return has('InvoiceNo') && has('StockCode');
}

/**
 * Where each column of the layout sits in a file's records, and what the file calls it (rejects name
 * the file's own column).
 */
export type RetailColumns = Record<RetailColumn, number> & { readonly names: Record<RetailColumn, string> };

/**
 * The UCI Online Retail layout (and Online Retail II's, whose columns Invoice, Price and Customer ID
 * are InvoiceNo, UnitPrice and CustomerID). Each invoice line becomes a purchase (order id = InvoiceNo), or a
 * return when the invoice starts with `C` (quantity stored as the positive number of units returned).
 * Rows without a CustomerID become anonymous events. InvoiceDate has no zone and is read as UTC. A row's
 * Description sets its item's title only when the row is a sale at a price above 0; any other row's only
 * fills a missing title (retailItem).
 * Event ids hash the whole row, so an exact duplicate row is the same event (skipped as a duplicate).
 *
 * An import reads this layout with online-retail-bytes.ts, which gives the same rows faster; this
 * reader is its reference.
 */
export function readOnlineRetail(
  input: AsyncIterable<string | Buffer>,
  path: string,
): AsyncIterable<ParsedRow[]> {
  return readCsvWithHeader(
    input,
    path,
    (fields) => retailHeader(fields, path),
    retailRow,
    retailNoHeader(path),
  );
}

/** The column positions of a header record; fails when a column of the layout is missing. */
export function retailHeader(fields: readonly string[], path: string): RetailColumns {
  const at = mapHeader(fields, RETAIL_COLUMNS, [], path, 'online-retail', RETAIL_II_NAMES);
  const names = {} as Record<RetailColumn, string>;
  for (const column of RETAIL_COLUMNS) names[column] = fields[at[column]]!.trim();
  return { ...at, names };
}

export function retailNoHeader(path: string): string {
  return `${path} holds no CSV header (expected ${RETAIL_COLUMNS.join(', ')})`;
}

/** One data row of the layout: its event with item and customer facts, or its problems. */
export function retailRow(f: string[], row: CsvRow, col: RetailColumns): ParsedRow {
  const name = col.names;
  const invoice = (f[col.InvoiceNo] ?? '').trim();
  const sku = (f[col.StockCode] ?? '').trim();
  const description = (f[col.Description] ?? '').trim();
  const quantityText = f[col.Quantity] ?? '';
  const dateText = f[col.InvoiceDate] ?? '';
  const priceText = f[col.UnitPrice] ?? '';
  const customerText = (f[col.CustomerID] ?? '').trim();
  const country = (f[col.Country] ?? '').trim();

  let problems = nulProblem(null, name.InvoiceNo, invoice);
  problems = nulProblem(problems, name.StockCode, sku);
  problems = nulProblem(problems, name.Description, description);
  problems = nulProblem(problems, name.CustomerID, customerText);
  problems = nulProblem(problems, name.Country, country);
  if (invoice === '') problems = addProblem(problems, name.InvoiceNo, 'missing id');
  if (sku === '') problems = addProblem(problems, name.StockCode, 'missing id');
  const isReturn = invoice.startsWith('C') || invoice.startsWith('c');
  const quantity = parseDecimal(quantityText);
  if (quantity === undefined) problems = addProblem(problems, name.Quantity, 'non-numeric quantity');
  else if (quantity === 0 || (quantity < 0 && !isReturn))
    problems = addProblem(problems, name.Quantity, 'non-positive quantity');
  else problems = numberRangeProblem(problems, name.Quantity, quantity, 'quantity');
  const timestamp = parseLocalDateTime(dateText);
  if (timestamp === undefined) problems = addProblem(problems, name.InvoiceDate, 'unparseable date');
  else problems = timeRangeProblem(problems, name.InvoiceDate, timestamp);
  const price = parseDecimal(priceText);
  if (price === undefined) problems = addProblem(problems, name.UnitPrice, 'non-numeric price');
  else if (price < 0) problems = addProblem(problems, name.UnitPrice, 'negative price');
  else problems = numberRangeProblem(problems, name.UnitPrice, price, 'price');
  const customerId = customerText === '' ? null : retailCustomerId(customerText);
  problems = idLengthProblem(problems, name.CustomerID, customerId?.length ?? 0);
  problems = idLengthProblem(problems, name.StockCode, sku.length);
  // The event id holds the invoice and the stock code (retailEventIdLength).
  if (sku.length <= MAX_KEY_LENGTH)
    problems = idLengthProblem(problems, name.InvoiceNo, retailEventIdLength(invoice.length, sku.length));
  if (problems !== null)
    return rejectRow(row.line, row.raw, problems, { id: customerId ?? '', field: name.CustomerID });
  const event: EventInput = {
    eventId: `or-${invoice}-${sku}-${contentHash(f)}`,
    type: isReturn ? 'return' : 'purchase',
    customerId,
    sku,
    timestamp: timestamp!,
    quantity: Math.abs(quantity!),
    unitPrice: price!,
    orderId: invoice,
  };
  const item = retailItem(sku, description, isReturn ? 0 : price!);
  let customer: CustomerInput | null = null;
  if (customerId !== null)
    customer = country ? { externalId: customerId, country } : { externalId: customerId };
  return { line: row.line, raw: row.raw, event, item, customer, problems: null };
}

/**
 * The longest an Online Retail event id (`or-<invoice>-<stock code>-<hash>`) can be for these lengths:
 * its hash is base36 of at most 53 bits, 11 characters.
 */
export function retailEventIdLength(invoiceLength: number, skuLength: number): number {
  return 'or-'.length + invoiceLength + 1 + skuLength + 1 + 11;
}

/**
 * Stock codes of the data set that are not products: postage (POST, DOT), carriage (C2), discounts (D),
 * manual adjustments (M, m), bank charges, Amazon fees, bad-debt adjustments (B), samples (S), charity
 * commission (CRUK), test pads (PADS), and gift vouchers (gift_...); in Online Retail II also adjustments
 * (ADJUST, ADJUST2: "Adjustment by john on ...") and test items (TEST001, TEST002: "This is a test
 * product."), which an acceptance run on that file found recommended. Their rows stay purchases (they are
 * revenue), but their items are marked `recommendable: false`, so they are never recommended.
 */
const NON_PRODUCT_CODES = new Set([
  'POST',
  'DOT',
  'C2',
  'D',
  'M',
  'm',
  'BANK CHARGES',
  'AMAZONFEE',
  'B',
  'S',
  'CRUK',
  'PADS',
]);

export function isNonProductCode(sku: string): boolean {
  return NON_PRODUCT_CODES.has(sku) || sku.startsWith('gift_') || /^(ADJUST|TEST)\d*$/.test(sku);
}

/**
 * The item facts of a row: its description as the title, and its price when the row is a purchase at a
 * positive price. Only such a sale's facts hold as of its time; those of any other row (a return, or a row
 * at price 0, where the description is often a warehouse note: "adjustment", "check", "amazon" on a
 * product's stock code) hold as of FILL_ONLY_TIME: they only fill a title the item has from no sale.
 */
function retailItem(sku: string, description: string, purchasePrice: number): ItemInput | null {
  const nonProduct = isNonProductCode(sku);
  if (description === '' && !(purchasePrice > 0) && !nonProduct) return null;
  const item: ItemInput = { sku };
  if (nonProduct) item.attributes = { recommendable: false };
  if (description !== '') item.title = description;
  if (purchasePrice > 0) item.price = purchasePrice;
  else item.asOf = new Date(FILL_ONLY_TIME);
  item.currency = 'GBP';
  return item;
}

/**
 * A CustomerID of an Online Retail file as the import stores it: some exports write ids as floats, and
 * `17850.0` is customer `17850` (the bytes reader of online-retail-bytes.ts does the same). `text` is trimmed.
 */
export function retailCustomerId(text: string): string {
  return text.replace(/\.0+$/, '');
}
