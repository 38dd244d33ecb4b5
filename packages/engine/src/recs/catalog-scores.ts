/**
 * Model scores (one per model item) spread over the catalog. An item the model has not seen (added
 * after training) takes the mean score of the trained items of its category (same full category path),
 * so it is reachable through its category; an unseen item without a trained category neighbour is not.
 */
import type { Catalog } from './catalog.js';

export const NEW_ITEM = 1;

/** Writes catalog scores into `out` and flags new items in `origin` (0 model item, NEW_ITEM inherited). */
export function catalogScores(
  modelScores: Float64Array,
  catalog: Catalog,
  out: Float64Array,
  origin: Uint8Array,
): Float64Array {
  const n = catalog.size;
  const sums = new Map<string, [number, number]>();
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
  for (let c = 0; c < n; c++) {
    const i = catalog.modelIndex[c]!;
    const key = catalog.categoryKey[c]!;
    if (i < 0 || key === '' || !Number.isFinite(modelScores[i]!)) continue;
    const acc = sums.get(key);
    if (acc) {
      acc[0] += modelScores[i]!;
      acc[1]++;
    } else sums.set(key, [modelScores[i]!, 1]);
  }
  for (let c = 0; c < n; c++) {
    if (catalog.modelIndex[c]! >= 0) continue;
    const acc = sums.get(catalog.categoryKey[c]!);
    out[c] = acc ? acc[0] / acc[1] : Number.NEGATIVE_INFINITY;
    origin[c] = NEW_ITEM;
  }
  return out;
}
