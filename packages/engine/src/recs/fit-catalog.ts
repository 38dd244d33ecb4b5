/**
 * The catalog a contributed recommender's fit gets (core's RecommenderFitContext.catalog): the stored item
 * at each item index of the matrix, read in one scan of the items.
 */
import type { FitItem, IdMap } from '@storewise/core';
import type { Storage } from '@storewise/storage';

/**
 * Per index of `itemIds` (the matrix's SKUs), the stored item. Every SKU an event names is a stored item
 * (appendEvents creates it, and nothing deletes items), so one missing is an adapter's fault: refused,
 * naming it, rather than fitted without.
 */
export async function readFitCatalog(storage: Storage, itemIds: IdMap): Promise<FitItem[]> {
  const catalog: (FitItem | undefined)[] = new Array(itemIds.size);
  for await (const batch of storage.scanItems()) {
    for (const item of batch) {
      const i = itemIds.indexOf(item.sku);
      if (i < 0) continue; // an item without interactions: the model does not index it
      catalog[i] = {
        sku: item.sku,
        title: item.title,
        categoryPath: item.categoryPath,
        price: item.price,
        attributes: item.attributes,
        recommendable: item.attributes.recommendable !== false,
      };
    }
  }
  const missing: string[] = [];
  for (let i = 0; i < catalog.length; i++) if (catalog[i] === undefined) missing.push(itemIds.idAt(i));
  if (missing.length > 0)
    throw new Error(
      `the store holds no item for ${missing.length} SKU${missing.length === 1 ? '' : 's'} its events name (the first "${missing[0]}"): an adapter's appendEvents creates the items its events name`,
    );
  return catalog as FitItem[];
}
