/**
 * An id typed as a file spells it, which no import stores: `customer delete 17850.0` (Online Retail's
 * CustomerID as the CSV shows it) or `" 12347"`. Deleting it erased nobody when the store held the customer
 * under the id an import made of it, and, when it held neither, put an id on the erasure list that an Online
 * Retail file naming the customer would never match (it stores 17850).
 */
import type { Storage } from '@storewise/storage';
import { retailCustomerId } from '../import/formats/online-retail.js';

/** The id an import stores for `id` as a file spells it: trimmed, a float's `.0` dropped (online-retail.ts). */
export function importedCustomerId(id: string): string {
  return retailCustomerId(id.trim());
}

/** How an import spells a customer id, said wherever a typed id is taken for another. */
export const IMPORT_SPELLING =
  "an import stores the id so: trimmed, a float's .0 dropped, as Online Retail's 17850.0 is 17850";

/** `id`, which the store does not hold, and the id an import makes of it: `held` when the store holds that one. */
export interface ImportSpelling {
  imported: string;
  held: boolean;
}

/**
 * When the store holds no customer `id` and `id` is not the id an import makes of it
 * (`importedCustomerId`): that id, and whether the store holds it; null otherwise.
 */
export async function importSpelling(storage: Storage, id: string): Promise<ImportSpelling | null> {
  const imported = importedCustomerId(id);
  if (imported === id || imported === '') return null;
  if ((await storage.getCustomer(id)) !== null) return null;
  return { imported, held: (await storage.getCustomer(imported)) !== null };
}

/**
 * The id the store holds `id`'s customer under, when it holds no customer `id` itself but one of the id an
 * import makes of it; null otherwise.
 */
export async function heldSpelling(storage: Storage, id: string): Promise<string | null> {
  const spelling = await importSpelling(storage, id);
  return spelling?.held ? spelling.imported : null;
}

/**
 * Why deleting `id` was refused (`importSpelling` found it), for the CLI and the gateway: `asGiven` names
 * their way of erasing the id as typed all the same, `deleteImported` the command that erases the other.
 */
export function importSpellingRefusal(
  id: string,
  spelling: ImportSpelling,
  asGiven: string,
  deleteImported: string,
): string {
  const how = IMPORT_SPELLING;
  return spelling.held
    ? `no customer "${id}" in the store, but it holds "${spelling.imported}" (${how}): did you mean ${deleteImported}? Nothing was removed, and "${id}" was not put on the erasure list (${asGiven} puts it there).`
    : `no customer "${id}" in the store, nor "${spelling.imported}" (${how}): a file naming them as "${id}" is stored as "${spelling.imported}" by the Online Retail reader${id.trim() === id ? '' : ' and by every other'}, which an erasure of "${id}" would not keep out. Nothing was put on the erasure list: ${deleteImported} erases the id imports store, ${asGiven} lists "${id}" as typed.`;
}
