/**
 * A contributor's recommender plugin, complete: "buy again". Each customer gets back the items they
 * interacted with, scored by the interaction's weight (purchase 5, add to cart 3, view 1) halved every
 * `halfLifeDays` since: the consumables a customer reorders come first. It is written as any plugin is
 * (docs/plugins.md): a model on `BaseRecommender`, parameters checked by rules, bytes with the id maps.
 */
import {
  BaseRecommender,
  decodeModel,
  encodeModel,
  type RecommenderPlugin,
  withDefaults,
} from '@storewise/core';

export interface BuyAgainParams {
  /** Days after which an interaction counts half. */
  halfLifeDays: number;
}

const NAME = 'buy-again';
const VERSION = 1;
const DAY_MS = 86_400_000;

export class BuyAgainModel extends BaseRecommender {
  readonly name = NAME;

  /** Row u of the fitted matrix: `items[ptr[u] .. ptr[u+1])` with their decayed `scores`. */
  constructor(
    nUsers: number,
    nItems: number,
    readonly ptr: Int32Array,
    readonly items: Int32Array,
    readonly scores: Float64Array,
  ) {
    super(nUsers, nItems);
  }

  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    out.fill(0);
    for (let p = this.ptr[user]!; p < this.ptr[user + 1]!; p++) out[this.items[p]!] = this.scores[p]!;
    return out;
  }
}

export const buyAgain: RecommenderPlugin<BuyAgainParams, BuyAgainModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  // Its recommendations are what the customer has: served without the default that leaves those out.
  repeatsOwned: true,
  defaults: { halfLifeDays: 90 },
  fit(data, params, ctx) {
    const p = withDefaults(this.defaults, params, { halfLifeDays: 'positive' });
    // Ages are measured from the latest interaction (data.times: each entry's latest time).
    let latest = 0;
    for (const t of data.times) if (t > latest) latest = t;
    const rate = Math.LN2 / (p.halfLifeDays * DAY_MS);
    const scores = Float64Array.from(data.values, (v, e) => v * Math.exp(-rate * (latest - data.times[e]!)));
    ctx.progress(1, NAME);
    // The id maps come along: serving finds customers and SKUs through them.
    return new BuyAgainModel(
      data.nUsers,
      data.nItems,
      data.indptr.slice(),
      data.indices.slice(),
      scores,
    ).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) => encodeModel(NAME, VERSION, m, {}, { ptr: m.ptr, items: m.items, scores: m.scores }),
  deserialize(bytes) {
    const { meta, arrays, userIds, itemIds } = decodeModel(bytes, NAME, VERSION);
    const { ptr, items, scores } = arrays;
    if (!(ptr instanceof Int32Array && items instanceof Int32Array && scores instanceof Float64Array))
      throw new Error(`${NAME} model bytes lack their arrays`);
    return new BuyAgainModel(meta.nUsers, meta.nItems, ptr, items, scores).withIds(userIds, itemIds);
  },
};

// The CLI and the gateway load a plugin module by its default export (`--plugin`, STOREWISE_PLUGINS).
export default buyAgain;
