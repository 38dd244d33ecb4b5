/**
 * Co-occurrence ("bought together"): how often two items appear in the same user's history (or basket,
 * when the matrix's rows are orders), normalized by count, lift or Jaccard, top-K kept per item. For a
 * cart, `scoreItems(cartItems, null, out)` sums the cart items' neighbour weights; for a user, the
 * history's stored values (e.g. time-decayed affinities) weight the sum, as in SAR.
 */

import { throwIfAborted } from '../../plugin/fit-context.js';
import type { ParamRules } from '../../plugin/params.js';
import { encodeModel, matrixArrays, neighborArrays, resolveParams } from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';
import { topNeighbors } from '../similarity.js';
import { decodeNeighborhood } from './item-knn.js';
import { ItemNeighborhoodModel } from './item-neighborhood.js';

export interface CooccurrenceParams {
  neighbors: number;
  normalization: 'count' | 'lift' | 'jaccard';
  /** Pairs seen together fewer times than this are ignored. */
  minCount: number;
  shrink: number;
}

const NAME = 'cooccurrence';
const VERSION = 1;

const COOCCURRENCE_RULES: ParamRules<CooccurrenceParams> = {
  neighbors: 'count',
  normalization: ['count', 'lift', 'jaccard'],
  minCount: 'count',
  shrink: 'nonNegative',
};

export const cooccurrence: SyncRecommenderPlugin<CooccurrenceParams, ItemNeighborhoodModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  defaults: { neighbors: 100, normalization: 'jaccard', minCount: 1, shrink: 0 },
  fit(data, params, ctx) {
    const p = resolveParams(this.defaults, params, COOCCURRENCE_RULES);
    const neighbors = topNeighbors(
      { ptr: data.colptr, idx: data.rowind, val: data.colValues },
      { ptr: data.indptr, idx: data.indices, val: data.values },
      data.nItems,
      {
        measure: p.normalization,
        k: p.neighbors,
        shrink: p.shrink,
        minCommon: p.minCount,
        onProgress: (done, total) => {
          throwIfAborted(ctx);
          ctx.progress(done / total, 'co-occurrence');
        },
      },
    );
    ctx.progress(1, 'co-occurrence');
    return new ItemNeighborhoodModel(NAME, data, neighbors, false).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) =>
    encodeModel(
      NAME,
      VERSION,
      m,
      { normalize: false },
      {
        ...matrixArrays(m.history, 'hist'),
        ...neighborArrays(m.neighbors),
      },
    ),
  deserialize: (bytes) => decodeNeighborhood(bytes, NAME, VERSION),
};
