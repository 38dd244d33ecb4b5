/**
 * Model scores (one per model item) spread over the catalog. An item the model has not seen (added after
 * training) is reached through what it shares with trained items, in this order:
 * 1. its category: the mean score of the trained items in its category path (subcategories included);
 * 2. its attributes: the mean score of the trained items sharing any of its attribute values (e.g.
 *    brand=acme), each weighted by how many values it shares;
 * 3. its parent categories, nearest first.
 * An unseen item with none of these is not reachable (score -Infinity).
 */
import type { Catalog } from './catalog.js';

/** Origins of a catalog score: 0 for a model item, else how a new item was reached. */
export const NEW_IN_CATEGORY = 1;
export const NEW_BY_ATTRIBUTES = 2;

const SEP = '\u001f';

/**
 * How a catalog's new items are reached, worked out once per catalog snapshot: groups of trained catalog
 * positions (a category path prefix, or a 'key=value' attribute), in catalog order, and per new item the
 * groups to try. Only the scores change per request.
 */
interface Reach {
  groups: Int32Array[];
  newItems: { c: number; own: number; attributes: number[]; parents: number[] }[];
}

const reaches = new WeakMap<Catalog, Reach>();

function reachOf(catalog: Catalog): Reach {
  let reach = reaches.get(catalog);
  if (reach) return reach;
  const ids = new Map<string, number>();
  const id = (key: string) => {
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
    }
    return g;
  };
  const newItems: Reach['newItems'] = [];
  for (let c = 0; c < catalog.size; c++) {
    if (catalog.modelIndex[c]! >= 0) continue;
    const path = catalog.categoryPath[c]!;
    const parents: number[] = [];
    for (let len = path.length - 1; len >= 1; len--) parents.push(id(`c${path.slice(0, len).join(SEP)}`));
    newItems.push({
      c,
      own: path.length > 0 ? id(`c${path.join(SEP)}`) : -1,
      attributes: catalog.attributeKeys[c]!.map((key) => id(`a${key}`)),
      parents,
    });
  }
  const members: number[][] = Array.from({ length: ids.size }, () => []);
  if (ids.size > 0) {
    for (let c = 0; c < catalog.size; c++) {
      if (catalog.modelIndex[c]! < 0) continue;
      const path = catalog.categoryPath[c]!;
      for (let len = 1; len <= path.length; len++) {
        const g = ids.get(`c${path.slice(0, len).join(SEP)}`);
        if (g !== undefined) members[g]!.push(c);
      }
      for (const key of catalog.attributeKeys[c]!) {
        const g = ids.get(`a${key}`);
        if (g !== undefined) members[g]!.push(c);
      }
    }
  }
  reach = { groups: members.map((m) => Int32Array.from(m)), newItems };
  reaches.set(catalog, reach);
  return reach;
}

/** Writes catalog scores into `out` and the origin of each into `origin`. */
export function catalogScores(
  modelScores: Float64Array,
  catalog: Catalog,
  out: Float64Array,
  origin: Uint8Array,
): Float64Array {
  const n = catalog.size;
  for (let c = 0; c < n; c++) {
    const i = catalog.modelIndex[c]!;
    if (i < 0) continue;
    out[c] = modelScores[i]!;
    origin[c] = 0;
  }
  const { groups, newItems } = reachOf(catalog);
  if (newItems.length === 0) return out;
  // Per category group, the sum and count of its finite trained scores, summed on first use.
  const sums = new Float64Array(groups.length);
  const counts = new Int32Array(groups.length).fill(-1);
  const sum = (g: number) => {
    if (counts[g]! < 0) {
      let s = 0;
      let k = 0;
      for (const c of groups[g]!) {
        if (!Number.isFinite(out[c]!)) continue;
        s += out[c]!;
        k++;
      }
      sums[g] = s;
      counts[g] = k;
    }
    return counts[g]!;
  };
  for (const { c, own, attributes, parents } of newItems) {
    if (own >= 0 && sum(own) > 0) {
      out[c] = sums[own]! / counts[own]!;
      origin[c] = NEW_IN_CATEGORY;
      continue;
    }
    let s = 0;
    let weight = 0;
    for (const g of attributes) {
      for (const t of groups[g]!) {
        if (!Number.isFinite(out[t]!)) continue;
        s += out[t]!;
        weight++;
      }
    }
    if (weight > 0) {
      out[c] = s / weight;
      origin[c] = NEW_BY_ATTRIBUTES;
      continue;
    }
    out[c] = Number.NEGATIVE_INFINITY;
    origin[c] = NEW_IN_CATEGORY;
    for (const g of parents) {
      if (sum(g) > 0) {
        out[c] = sums[g]! / counts[g]!;
        break;
      }
    }
  }
  return out;
}
