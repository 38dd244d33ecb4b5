import type { CustomerInput, ItemInput } from '@storewise/storage';
import { detach } from './detach.js';

// How the batch collector (batch-collector.ts) merges a row's item and customer facts into those it keeps.

/** A row's item facts into those kept: replacing them when `newer`, else filling what they lack. */
export function mergeItem(kept: ItemInput, row: ItemInput, newer: boolean): void {
  if (kept.sku !== row.sku) kept.sku = detach(row.sku);
  if (newer) {
    if (row.title != null && kept.title !== row.title) kept.title = detach(row.title);
    if (row.categoryPath != null) kept.categoryPath = row.categoryPath;
    if (row.price != null) kept.price = row.price;
    if (row.currency != null && kept.currency !== row.currency) kept.currency = detach(row.currency);
    if (row.stock != null) kept.stock = row.stock;
    if (row.attributes != null) kept.attributes = merged(kept.attributes, row.attributes, true);
    return;
  }
  if (kept.title == null && row.title != null) kept.title = detach(row.title);
  if (kept.categoryPath == null && row.categoryPath != null) kept.categoryPath = row.categoryPath;
  if (kept.price == null && row.price != null) kept.price = row.price;
  if (kept.currency == null && row.currency != null) kept.currency = detach(row.currency);
  if (kept.stock == null && row.stock != null) kept.stock = row.stock;
  if (row.attributes != null) kept.attributes = merged(kept.attributes, row.attributes, false);
}

/** A row's customer facts into those kept, as mergeItem. */
export function mergeCustomer(kept: CustomerInput, row: CustomerInput, newer: boolean): void {
  if (kept.externalId !== row.externalId) kept.externalId = detach(row.externalId);
  if (newer) {
    if (row.country != null && kept.country !== row.country) kept.country = detach(row.country);
    if (row.attributes != null) kept.attributes = merged(kept.attributes, row.attributes, true);
    if (row.consent != null) kept.consent = merged(kept.consent, row.consent, true);
    return;
  }
  if (kept.country == null && row.country != null) kept.country = detach(row.country);
  if (row.attributes != null) kept.attributes = merged(kept.attributes, row.attributes, false);
  if (row.consent != null) kept.consent = merged(kept.consent, row.consent, false);
}

/**
 * `{ ...kept, ...row }` (`rowWins`) or `{ ...row, ...kept }`; `kept` itself when either would only copy it
 * (the same keys in the same order, with the same values). Rows repeat their facts (Online Retail's
 * `recommendable: false` on every line of a non-product code): copying kept attributes and storing the
 * row's value again stored a field V8 held constant a second time, which threw away the byte reader's
 * compiled row function (it reads that field), and the change of shape that came with it did so again.
 */
function merged<T extends object>(kept: T | null | undefined, row: T, rowWins: boolean): T {
  if (kept != null && sameEntries(kept, row)) return kept;
  return rowWins ? { ...kept, ...row } : { ...row, ...kept };
}

/** Whether `a` and `b` have the same own keys, in the same order, with the same values. */
function sameEntries(a: object, b: object): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key !== other[k]) return false;
    if (!Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
