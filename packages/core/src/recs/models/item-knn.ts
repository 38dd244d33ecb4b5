/**
 * Item-based k-nearest-neighbour collaborative filtering: cosine or Jaccard similarity between item
 * columns (with shrinkage), the top-K neighbours kept per item, scores as in ItemNeighborhoodModel.
 */
import {
  decodeModel,
  encodeModel,
  matrixArrays,
  matrixFromArrays,
  neighborArrays,
  neighborsFromArrays,
  resolveParams,
} from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';
import { fitNeighbors, NEIGHBOR_RULES } from '../similarity.js';
import { ItemNeighborhoodModel } from './item-neighborhood.js';

export interface ItemKnnParams {
  /** Neighbours kept per item. */
  neighbors: number;
  measure: 'cosine' | 'jaccard';
  shrink: number;
  /** Divide by the summed |w| (the formula); off by default, see docs/benchmarks/recs.md. */
  normalize: boolean;
  /** Minimum number of shared users for two items to be neighbours. */
  minCommon: number;
}

const NAME = 'item-knn';
const VERSION = 1;

export const itemKnn: SyncRecommenderPlugin<ItemKnnParams, ItemNeighborhoodModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  defaults: { neighbors: 100, measure: 'cosine', shrink: 0, normalize: false, minCommon: 1 },
  fit(data, params, ctx) {
    const p = resolveParams(this.defaults, params, NEIGHBOR_RULES);
    const neighbors = fitNeighbors(data, 'items', p, ctx);
    return new ItemNeighborhoodModel(NAME, data, neighbors, p.normalize).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) =>
    encodeModel(
      NAME,
      VERSION,
      m,
      { normalize: m.normalize },
      {
        ...matrixArrays(m.history, 'hist'),
        ...neighborArrays(m.neighbors),
      },
    ),
  deserialize: (bytes) => decodeNeighborhood(bytes, NAME, VERSION),
};

export function decodeNeighborhood(bytes: Uint8Array, name: string, version: number): ItemNeighborhoodModel {
  const { meta, arrays, userIds, itemIds } = decodeModel<{ normalize: boolean }>(bytes, name, version);
  const history = matrixFromArrays(arrays, 'hist', meta.nUsers, meta.nItems);
  const neighbors = neighborsFromArrays(arrays);
  return new ItemNeighborhoodModel(name, history, neighbors, meta.normalize).withIds(userIds, itemIds);
}
