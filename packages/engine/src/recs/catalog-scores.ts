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

/** Writes catalog scores into `out` and the origin of each into `origin`. */
export function catalogScores(
  modelScores: Float64Array,
  catalog: Catalog,
  out: Float64Array,
  origin: Uint8Array,
): Float64Array {
  const n = catalog.size;
  let anyNew = false;
  for (let c = 0; c < n; c++) {
    const i = catalog.modelIndex[c]!;
    if (i < 0) {
      anyNew = true;
      continue;
    }
    out[c] = modelScores[i]!;
    origin[c] = 0;
  }
  if (!anyNew) return out;
  const trained = (c: number) => catalog.modelIndex[c]! >= 0 && Number.isFinite(out[c]!);
  // Sum and count of trained scores per category path prefix.
  const byCategory = new Map<string, [number, number]>();
  for (let c = 0; c < n; c++) {
    if (!trained(c)) continue;
    const path = catalog.categoryPath[c]!;
    for (let len = 1; len <= path.length; len++) {
      const key = path.slice(0, len).join(SEP);
      const acc = byCategory.get(key);
      if (acc) {
        acc[0] += out[c]!;
        acc[1]++;
      } else byCategory.set(key, [out[c]!, 1]);
    }
  }
  let byAttribute: Map<string, number[]> | null = null;
  for (let c = 0; c < n; c++) {
    if (catalog.modelIndex[c]! >= 0) continue;
    const path = catalog.categoryPath[c]!;
    const own = path.length > 0 ? byCategory.get(path.join(SEP)) : undefined;
    if (own) {
      out[c] = own[0] / own[1];
      origin[c] = NEW_IN_CATEGORY;
      continue;
    }
    byAttribute ??= attributeIndex(catalog, trained);
    const shared = attributeScore(catalog.attributeKeys[c]!, byAttribute, out);
    if (shared !== null) {
      out[c] = shared;
      origin[c] = NEW_BY_ATTRIBUTES;
      continue;
    }
    out[c] = Number.NEGATIVE_INFINITY;
    origin[c] = NEW_IN_CATEGORY;
    for (let len = path.length - 1; len >= 1; len--) {
      const parent = byCategory.get(path.slice(0, len).join(SEP));
      if (parent) {
        out[c] = parent[0] / parent[1];
        break;
      }
    }
  }
  return out;
}

/** Trained catalog positions per 'key=value' attribute. */
function attributeIndex(catalog: Catalog, trained: (c: number) => boolean): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let c = 0; c < catalog.size; c++) {
    if (!trained(c)) continue;
    for (const key of catalog.attributeKeys[c]!) {
      const list = index.get(key);
      if (list) list.push(c);
      else index.set(key, [c]);
    }
  }
  return index;
}

/** The overlap-weighted mean score of the trained items sharing any of `keys`, or null if none does. */
function attributeScore(
  keys: readonly string[],
  index: Map<string, number[]>,
  scores: Float64Array,
): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of keys) {
    for (const c of index.get(key) ?? []) {
      sum += scores[c]!;
      weight++;
    }
  }
  return weight > 0 ? sum / weight : null;
}
