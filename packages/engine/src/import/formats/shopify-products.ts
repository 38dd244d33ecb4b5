/**
 * Shopify's products export (Admin > Products > Export): a row per variant, the product's own columns
 * (title, category, status) on its first row only, and rows that add only another image. Each variant is
 * an item. See docs/import-formats.md.
 */
import type { ItemInput } from '@storewise/storage';
import { parseBoolean, parseOptionalDecimal } from '../field-parsers.js';
import type { ColumnsListener, FieldProblem, ParsedRow } from '../types.js';
import { addProblem, idLengthProblem, nulProblem, optionalPrice, rejectRow, stockProblem } from './row.js';
import { type FieldGetter, FirstRowColumns, readTable, type TableLayout } from './table.js';

/** The columns read, as Shopify names them (compared case-insensitively). */
export const SHOPIFY_PRODUCT_COLUMNS_REQUIRED = ['Handle', 'Title', 'Variant Price'] as const;
export const SHOPIFY_PRODUCT_COLUMNS_OPTIONAL = [
  'Variant SKU',
  'Option1 Value',
  'Option2 Value',
  'Option3 Value',
  'Product Category',
  'Type',
  'Variant Inventory Tracker',
  'Variant Inventory Qty',
  'Status',
  'Published',
  'Gift Card',
] as const;
type ProductColumn =
  | (typeof SHOPIFY_PRODUCT_COLUMNS_REQUIRED)[number]
  | (typeof SHOPIFY_PRODUCT_COLUMNS_OPTIONAL)[number];

/** The product's own columns: on its first row, taken from there by its other rows. */
const PRODUCT_COLUMNS = [
  'Title',
  'Product Category',
  'Type',
  'Status',
  'Published',
  'Gift Card',
] as const satisfies readonly ProductColumn[];

/** Shopify's export writes every amount with a dot. */
const NO_DECIMAL_COMMA = new Set<ProductColumn>();

export function readShopifyProducts(
  input: AsyncIterable<string | Buffer>,
  path: string,
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  return readTable(input, path, shopifyProductsLayout(), onColumns);
}

/** The layout, with the product being read (a new one for each file). */
function shopifyProductsLayout(): TableLayout<
  (typeof SHOPIFY_PRODUCT_COLUMNS_REQUIRED)[number],
  (typeof SHOPIFY_PRODUCT_COLUMNS_OPTIONAL)[number]
> {
  let product = '';
  const first = new FirstRowColumns<ProductColumn>(PRODUCT_COLUMNS);
  return {
    name: 'shopify-products',
    nearMisses: 'list',
    required: SHOPIFY_PRODUCT_COLUMNS_REQUIRED,
    optional: SHOPIFY_PRODUCT_COLUMNS_OPTIONAL,
    numbers: NO_DECIMAL_COMMA,
    row: (rowGet, line, raw, has) => {
      const handle = rowGet('Handle').trim() || product;
      if (handle !== product) {
        product = handle;
        first.start(rowGet);
      }
      // A row of another image of the product: no variant on it.
      if (
        (['Variant SKU', 'Variant Price', 'Option1 Value'] as const).every(
          (column) => rowGet(column).trim() === '',
        )
      )
        return null;
      return variantRow(first.filled(rowGet), has, handle, line, raw);
    },
  };
}

/**
 * One variant as an item. Its title is the product's and, unless it is the only one ("Default Title"),
 * its options' (`Mug - Large / Blue`), the name Shopify gives its line items; without a SKU that name is
 * its key, as in the orders export (shopify-orders.ts). A draft, archived or unpublished product, or a gift
 * card, is not recommendable.
 */
function variantRow(
  get: FieldGetter<ProductColumn>,
  has: (column: ProductColumn) => boolean,
  handle: string,
  line: number,
  raw: string,
): ParsedRow {
  let problems: FieldProblem[] | null = null;
  if (handle === '') problems = addProblem(problems, 'Handle', 'missing id');
  const options = (['Option1 Value', 'Option2 Value', 'Option3 Value'] as const)
    .map((column) => get(column).trim())
    .filter((value) => value !== '');
  const variant = options.join(' / ');
  const productTitle = get('Title').trim();
  const title = variant === '' || variant === 'Default Title' ? productTitle : `${productTitle} - ${variant}`;
  const givenSku = get('Variant SKU').trim();
  const sku = givenSku || title;
  if (sku === '') problems = addProblem(problems, 'Variant SKU', 'missing id');
  problems = idLengthProblem(problems, givenSku ? 'Variant SKU' : 'Title', sku.length);
  const price = optionalPrice(get('Variant Price'), 'Variant Price', problems);
  problems = price.problems;
  // Stock only where Shopify tracks it: an untracked variant's quantity (often 0) means nothing.
  const tracked = !has('Variant Inventory Tracker') || get('Variant Inventory Tracker').trim() !== '';
  const stock = tracked ? parseOptionalDecimal(get('Variant Inventory Qty')) : null;
  if (stock === undefined) problems = addProblem(problems, 'Variant Inventory Qty', 'non-numeric stock');
  else problems = stockProblem(problems, 'Variant Inventory Qty', stock);
  const published = parseBoolean(get('Published'));
  const giftCard = parseBoolean(get('Gift Card'));
  for (const column of ['Handle', 'Title', 'Variant SKU', 'Product Category', 'Type'] as const)
    problems = nulProblem(problems, column, get(column));
  if (problems !== null) return rejectRow(line, raw, problems);

  const item: ItemInput = { sku };
  if (title) item.title = title;
  const category = (get('Product Category').trim() || get('Type').trim())
    .split('>')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (category.length > 0) item.categoryPath = category;
  if (price.value !== null) item.price = price.value;
  if (stock !== null) item.stock = stock;
  const status = get('Status').trim().toLowerCase();
  const listed = status !== '' ? status === 'active' : published !== false;
  item.attributes = { recommendable: listed && giftCard !== true };
  return { line, raw, event: null, item, customer: null, problems: null };
}
