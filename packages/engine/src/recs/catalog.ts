/**
 * A snapshot of the shop's items for serving: SKU, stock, category path, attributes, and the item's index in the
 * model (-1 for an item the model has not seen). Request-time rules read it, so that masks are typed
 * arrays over the catalog. Take a new snapshot (`loadCatalog`) after the shop's stock or catalog changes.
 */
import type { Recommender } from '@storewise/core';
import type { Storage } from '@storewise/storage';

const SEP = '\u001f';

export interface Catalog {
  readonly size: number;
  readonly skus: string[];
  /** Catalog position -> model item index, or -1. */
  readonly modelIndex: Int32Array;
  /** Model item index -> catalog position, or -1 (an item no longer in the catalog). */
  readonly catalogIndex: Int32Array;
  /** 1 where stock > 0 or stock is not tracked. */
  readonly inStock: Uint8Array;
  /** 0 for items the shop marked `recommendable: false` (fees, postage, gift cards): never recommended. */
  readonly recommendable: Uint8Array;
  /** Each item's list price as stored (its currency's units); NaN for an item without a price. */
  readonly prices: Float64Array;
  /** Category path joined by U+001F, '' without a category. */
  readonly categoryKey: string[];
  readonly categoryPath: string[][];
  /** Each item's attributes as 'key=value' strings (null values left out), for reaching new items. */
  readonly attributeKeys: string[][];
  readonly titles: (string | null)[];
  readonly bySku: Map<string, number>;
}

/** Reads every item of the store, aligned to the model's item ids. */
export async function loadCatalog(storage: Storage, model: Recommender): Promise<Catalog> {
  const skus: string[] = [];
  const stock: number[] = [];
  const recommendable: number[] = [];
  const prices: number[] = [];
  const categoryPath: string[][] = [];
  const titles: (string | null)[] = [];
  const attributeKeys: string[][] = [];
  for await (const batch of storage.scanItems()) {
    for (const item of batch) {
      skus.push(item.sku);
      stock.push(item.stock === null ? 1 : item.stock > 0 ? 1 : 0);
      recommendable.push(item.attributes.recommendable === false ? 0 : 1);
      prices.push(item.price ?? Number.NaN);
      categoryPath.push(item.categoryPath);
      titles.push(item.title);
      attributeKeys.push(
        Object.entries(item.attributes)
          .filter(([, v]) => v !== null)
          .map(([key, v]) => `${key}=${JSON.stringify(v)}`),
      );
    }
  }
  const size = skus.length;
  const modelIndex = new Int32Array(size).fill(-1);
  const catalogIndex = new Int32Array(model.nItems).fill(-1);
  const bySku = new Map<string, number>();
  for (let c = 0; c < size; c++) {
    const sku = skus[c]!;
    bySku.set(sku, c);
    const i = model.itemIds ? model.itemIds.indexOf(sku) : -1;
    modelIndex[c] = i;
    if (i >= 0) catalogIndex[i] = c;
  }
  return {
    size,
    skus,
    modelIndex,
    catalogIndex,
    inStock: Uint8Array.from(stock),
    recommendable: Uint8Array.from(recommendable),
    prices: Float64Array.from(prices),
    categoryKey: categoryPath.map((p) => p.join(SEP)),
    categoryPath,
    attributeKeys,
    titles,
    bySku,
  };
}

/**
 * Whether two snapshots hold the same items in the same order with the same stock, recommendability, price,
 * category, title and attributes: everything serving reads (model indices follow from the SKUs for one
 * model). A server that takes snapshots periodically keeps the one it has when nothing changed, and with
 * it whatever it worked out from it.
 */
export function sameCatalog(a: Catalog, b: Catalog): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (let c = 0; c < a.size; c++) {
    if (
      a.skus[c] !== b.skus[c] ||
      a.inStock[c] !== b.inStock[c] ||
      a.recommendable[c] !== b.recommendable[c] ||
      !Object.is(a.prices[c], b.prices[c]) ||
      a.categoryKey[c] !== b.categoryKey[c] ||
      a.titles[c] !== b.titles[c]
    ) {
      return false;
    }
    const x = a.attributeKeys[c]!;
    const y = b.attributeKeys[c]!;
    if (x.length !== y.length || x.some((k, i) => k !== y[i])) return false;
  }
  return true;
}

/**
 * The key of a category path given as 'Home > Kitchen' (as imports write it), 'Home/Kitchen' or
 * ['Home', 'Kitchen']. Text holding a '>' is split there only, so a level may hold a slash ('Indoor/Outdoor
 * > Chairs').
 */
export function categoryKeyOf(path: string | readonly string[]): string {
  const parts = typeof path === 'string' ? path.split(path.includes('>') ? '>' : '/') : path;
  const clean = parts.map((p) => p.trim()).filter((p) => p.length > 0);
  // Levels of separators alone (' > / ' split at '>' leaves '/') name nothing either; one among named
  // levels is kept, as the stored path keeps it.
  if (clean.every((p) => /^[>/\s]+$/.test(p))) throw new Error(`category "${String(path)}" is empty`);
  return clean.join(SEP);
}

/** Those of `paths` (as rules take them) that no item of the catalog is under: a typo, most likely. */
export function unknownCategories(
  catalog: Catalog,
  paths: readonly (string | readonly string[])[],
): (string | readonly string[])[] {
  return paths.filter((path) => {
    const key = categoryKeyOf(path);
    for (let c = 0; c < catalog.size; c++) if (inCategory(catalog, c, key)) return false;
    return true;
  });
}

/** Those of `skus` (an allow or deny list) that the catalog does not hold, each once, in their order. */
export function unknownSkus(catalog: Catalog, skus: readonly string[]): string[] {
  return [...new Set(skus.filter((sku) => !catalog.bySku.has(sku)))];
}

/** True when the item's category path starts with `prefixKey` (whole path segments). */
export function inCategory(catalog: Catalog, c: number, prefixKey: string): boolean {
  return keyUnder(catalog.categoryKey[c]!, prefixKey);
}

/**
 * True when an item stored with `categoryPath` (not in a catalog snapshot: one stored since) is under
 * `prefixKey` (`categoryKeyOf`), matched as the rules match a snapshot's items.
 */
export function pathInCategory(categoryPath: readonly string[], prefixKey: string): boolean {
  return keyUnder(categoryPath.join(SEP), prefixKey);
}

const keyUnder = (key: string, prefixKey: string) => key === prefixKey || key.startsWith(prefixKey + SEP);
