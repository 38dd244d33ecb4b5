/**
 * An id typed as a file spells it, when the store holds the customer under the id an import made of it:
 * `customer delete 17850.0` (Online Retail's CustomerID as the CSV shows it) or `" 12347"` would otherwise
 * erase nobody and put an id on the erasure list that no import will ever name.
 */
import type { Storage } from '@storewise/storage';
import { retailCustomerId } from '../import/formats/online-retail.js';

/** The id an import stores for `id` as a file spells it: trimmed, a float's `.0` dropped (online-retail.ts). */
export function importedCustomerId(id: string): string {
  return retailCustomerId(id.trim());
}

/**
 * The id the store holds `id`'s customer under, when it holds no customer `id` itself but one of the id an
 * import makes of it (`importedCustomerId`); null otherwise.
 */
export async function heldSpelling(storage: Storage, id: string): Promise<string | null> {
  const imported = importedCustomerId(id);
  if (imported === id || imported === '') return null;
  if ((await storage.getCustomer(id)) !== null) return null;
  return (await storage.getCustomer(imported)) !== null ? imported : null;
}
