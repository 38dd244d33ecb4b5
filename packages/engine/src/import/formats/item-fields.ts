/** The facts of an item a row may give, in the events and the items layouts: read and checked alike. */
import type { ItemInput } from '@storewise/storage';
import { parseOptionalDecimal } from '../field-parsers.js';
import type { FieldProblem } from '../types.js';
import { addProblem, optionalPrice, stockProblem } from './row.js';
import type { FieldGetter } from './table.js';

export type ItemFactColumn = 'title' | 'category' | 'price' | 'currency' | 'stock';

/** A row's item price and stock (null when empty), with their problems added to `problems`. */
export function itemNumbers(
  get: FieldGetter<ItemFactColumn>,
  problems: FieldProblem[] | null,
): { price: number | null; stock: number | null; problems: FieldProblem[] | null } {
  const price = optionalPrice(get('price'), 'price', problems);
  problems = price.problems;
  const stock = parseOptionalDecimal(get('stock'));
  if (stock === undefined) problems = addProblem(problems, 'stock', 'non-numeric stock');
  else problems = stockProblem(problems, 'stock', stock);
  return { price: price.value, stock: stock ?? null, problems };
}

/**
 * The item facts of a valid row (`price` and `stock` from itemNumbers): only the fields it gives, null
 * when it gives none. `category` is a path written `A > B > C`; `currency` is upper-cased.
 */
export function itemFacts(
  sku: string,
  get: FieldGetter<ItemFactColumn>,
  price: number | null,
  stock: number | null,
): ItemInput | null {
  const title = get('title').trim();
  const category = get('category')
    .split('>')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const currency = get('currency').trim();
  if (!title && category.length === 0 && !currency && price === null && stock === null) return null;
  const item: ItemInput = { sku };
  if (title) item.title = title;
  if (category.length > 0) item.categoryPath = category;
  if (price !== null) item.price = price;
  if (currency) item.currency = currency.toUpperCase();
  if (stock !== null) item.stock = stock;
  return item;
}
