/**
 * Popularity: every user gets the same ranking of items by
 * - 'count': number of users with the item,
 * - 'weight': summed interaction weights,
 * - 'trending': summed weights decayed by 0.5^(age / halfLife), age from the latest interaction (or
 *   `referenceTime`), so recent activity counts most.
 */
import type { ParamRules } from '../../plugin/params.js';
import { BaseRecommender } from '../model.js';
import { decodeModel, encodeModel, resolveParams, typed } from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';
import type { TopK } from '../top-k.js';

export interface PopularityParams {
  mode: 'count' | 'weight' | 'trending';
  /** Half-life for 'trending', in days. */
  halfLifeDays: number;
  /** Time (ms) the trending decay is measured from; default the latest interaction. */
  referenceTime: number | null;
}

const NAME = 'popularity';
const VERSION = 1;
const DAY_MS = 86_400_000;

export class PopularityModel extends BaseRecommender {
  readonly name = NAME;

  constructor(
    nUsers: number,
    readonly itemScores: Float64Array,
  ) {
    super(nUsers, itemScores.length);
  }

  /** Every user, known or not, gets the same scores. */
  scoreUser(_user: number, out: Float64Array): Float64Array {
    out.set(this.itemScores);
    return out;
  }

  scoreItems(_items: ArrayLike<number>, _weights: ArrayLike<number> | null, out: Float64Array): Float64Array {
    out.set(this.itemScores);
    return out;
  }

  /** The k most popular items (no user needed: for cold start). */
  top(k: number, exclude?: ArrayLike<number> | null): TopK {
    return this.recommend(0, k, exclude);
  }
}

const POPULARITY_RULES: ParamRules<PopularityParams> = {
  mode: ['count', 'weight', 'trending'],
  halfLifeDays: 'positive',
};

export const popularity: SyncRecommenderPlugin<PopularityParams, PopularityModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  defaults: { mode: 'count', halfLifeDays: 30, referenceTime: null },
  fit(data, params, ctx) {
    const p = resolveParams(this.defaults, params, POPULARITY_RULES);
    const scores = new Float64Array(data.nItems);
    if (p.mode === 'count') {
      for (let i = 0; i < data.nItems; i++) scores[i] = data.colptr[i + 1]! - data.colptr[i]!;
    } else if (p.mode === 'weight') {
      for (let q = 0; q < data.indices.length; q++) scores[data.indices[q]!]! += data.values[q]!;
    } else {
      if (!(p.halfLifeDays > 0)) throw new Error('halfLifeDays must be > 0');
      let ref = p.referenceTime ?? Number.NEGATIVE_INFINITY;
      if (p.referenceTime === null) for (const t of data.times) if (t > ref) ref = t;
      const rate = Math.LN2 / (p.halfLifeDays * DAY_MS);
      for (let q = 0; q < data.indices.length; q++) {
        scores[data.indices[q]!]! += data.values[q]! * Math.exp(-rate * (ref - data.times[q]!));
      }
    }
    ctx.progress(1);
    return new PopularityModel(data.nUsers, scores).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) => encodeModel(NAME, VERSION, m, {}, { scores: m.itemScores }),
  deserialize(bytes) {
    const { meta, arrays, userIds, itemIds } = decodeModel<object>(bytes, NAME, VERSION);
    return new PopularityModel(meta.nUsers, typed(arrays, 'scores', Float64Array)).withIds(userIds, itemIds);
  },
};
