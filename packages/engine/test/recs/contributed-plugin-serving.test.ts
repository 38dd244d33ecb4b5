// A contributed recommender that goes wrong after its training, or in its own code (cases from a tester's
// scratch plugins, bad.js and bad2.js, around their recent-pop.js): every score it serves is checked, and
// what it throws names it. The shop (shop-fixture.ts) has 6 customers and 6 items.
import {
  BaseRecommender,
  decodeModel,
  encodeModel,
  ParamError,
  type RecommenderPlugin,
  withDefaults,
} from '@storewise/core';
import { openStorage, type Storage } from '@storewise/storage';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ContributedModelError,
  evaluateRecommenders,
  forCart,
  loadPlugins,
  openRecommender,
  recommend,
  registerRecommender,
  similarItems,
  trainRecommender,
} from '../../src/recs/index.js';
import { DEFAULT_EVENT_WEIGHTS, readInteractions } from '../../src/recs/interactions.js';
import { laterEvent, seedShop } from './shop-fixture.js';

const NAME = 'served-pop';

/** Each item's summed weight, the same list for every customer and every cart (recent-pop.js without days). */
class PopModel extends BaseRecommender {
  readonly name = NAME;
  constructor(
    nUsers: number,
    nItems: number,
    readonly pop: Float64Array,
  ) {
    super(nUsers, nItems);
  }
  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    out.set(this.pop);
    return out;
  }
  scoreItems(_items: Int32Array, _weights: Float64Array, out: Float64Array): Float64Array {
    out.set(this.pop);
    return out;
  }
}

/** How the plugin's models go wrong, at their fit and when read back from their bytes (bad2.js's cases). */
let mode = 'sound';

function spoil(m: PopModel): PopModel {
  const customer = (u: number) => m.userIds!.idAt(u);
  const scoreUser = m.scoreUser.bind(m);
  if (mode === 'nanUser')
    m.scoreUser = (u, out) => (customer(u) === 'c2' ? out.fill(Number.NaN) : scoreUser(u, out));
  if (mode === 'throwUser')
    m.scoreUser = (u, out) => {
      if (customer(u) === 'c2') throw new Error('plugin boom for one user');
      return scoreUser(u, out);
    };
  if (mode === 'shortRet') m.scoreUser = () => new Float64Array(10).fill(1);
  if (mode === 'nanCart') m.scoreItems = (_i, _w, out) => out.fill(Number.NaN);
  if (mode === 'shortCart') m.scoreItems = () => new Float64Array(3).fill(1);
  if (mode === 'noScoreUser') (m as { scoreUser?: unknown }).scoreUser = undefined;
  return m;
}

const plugin: RecommenderPlugin<{ scale: number }, PopModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: 1,
  defaults: { scale: 1 },
  fit(data, params) {
    const p = withDefaults(this.defaults, params, { scale: 'positive' });
    if (mode === 'fitThrows') throw new Error('boom in fit');
    if (mode === 'plain')
      return {
        name: NAME,
        nUsers: data.nUsers,
        nItems: data.nItems,
        userIds: data.userIds,
        itemIds: data.itemIds,
      } as never;
    const pop = new Float64Array(data.nItems);
    for (let e = 0; e < data.indices.length; e++) pop[data.indices[e]!]! += p.scale * data.values[e]!;
    return spoil(new PopModel(data.nUsers, data.nItems, pop).withIds(data.userIds, data.itemIds));
  },
  serialize: (m) => encodeModel(NAME, 1, m, {}, { pop: m.pop }),
  deserialize(bytes) {
    const { meta, arrays, userIds, itemIds } = decodeModel(bytes, NAME, 1);
    return spoil(
      new PopModel(meta.nUsers, meta.nItems, arrays.pop as Float64Array).withIds(userIds, itemIds),
    );
  },
};

const refused = (problem: string) =>
  `recommender "${NAME}" fitted a model that cannot be served: ${problem}; it was not stored`;

describe('a contributed recommender', () => {
  let storage: Storage;
  beforeAll(async () => {
    registerRecommender(plugin);
    storage = await seedShop(await openStorage('memory:'));
  });
  afterEach(() => {
    mode = 'sound';
  });

  it('is refused at training when its cart scores (scoreItems) are not finite or not one per item', async () => {
    // Served before: a cart got every item at score 0 as the popular items, and the log said ok.
    mode = 'nanCart';
    await expect(trainRecommender(storage, { model: NAME, dryRun: true })).rejects.toThrow(
      refused(
        `scoreItems of customer index 0's items scores NaN for item "A" (index 0) (scores must be finite)`,
      ),
    );
    mode = 'shortCart';
    await expect(trainRecommender(storage, { model: NAME, dryRun: true })).rejects.toThrow(
      refused(
        "scoreItems of customer index 0's items has 3 scores, not one per item (6): scoreItems(items, weights, out) fills `out` and returns it",
      ),
    );
  });

  it('names itself in what its code throws; a refused parameter stays a ParamError', async () => {
    mode = 'fitThrows';
    const thrown = await trainRecommender(storage, { model: NAME, dryRun: true }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ContributedModelError);
    expect((thrown as Error).message).toBe(`recommender plugin "${NAME}": fit failed: boom in fit`);
    const ratings = (await readInteractions(storage, { weights: DEFAULT_EVENT_WEIGHTS })).matrix;
    await expect(evaluateRecommenders(ratings, { split: 'random', models: [NAME] })).rejects.toThrow(
      `recommender plugin "${NAME}": fit failed: boom in fit`,
    );
    mode = 'throwUser';
    await expect(trainRecommender(storage, { model: NAME, dryRun: true })).rejects.toThrow(
      `recommender plugin "${NAME}": scoreUser failed: plugin boom for one user`,
    );
    // A plain object for a model: its bytes failed to read back, in words of the encoder's insides.
    mode = 'plain';
    await expect(trainRecommender(storage, { model: NAME, dryRun: true })).rejects.toThrow(
      refused('it is a model with no scoreUser(user, out) method (a model extends BaseRecommender)'),
    );
    mode = 'sound';
    const param = await trainRecommender(storage, { model: NAME, params: { scale: -3 }, dryRun: true }).catch(
      (e: unknown) => e,
    );
    expect(param).toBeInstanceOf(ParamError);
    expect(param).toMatchObject({ param: 'scale', value: -3 });
  });

  it('loaded from a module and fitted in a worker thread, names itself in what its fit throws', async () => {
    expect(await loadPlugins(['./fixtures/failing-plugin.mjs'], import.meta.dirname)).toEqual(['failing']);
    const thrown = await trainRecommender(storage, { model: 'failing', dryRun: true, offThread: true }).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(ContributedModelError);
    expect((thrown as Error).message).toBe('recommender plugin "failing": fit failed: boom in fit');
  });

  it('stored sound, then changed (same formatVersion): each served score is checked, and the request fails naming it', async () => {
    const shop = await seedShop(await openStorage('memory:'));
    await trainRecommender(shop, { model: NAME });
    const served = async (how: string) => {
      mode = how;
      return openRecommender(shop);
    };
    // The sound model, for reference: the same list for everyone, by summed weight (D: 1 + 5 + 5 + 5 = 16 first).
    const sound = await served('sound');
    expect((await recommend(shop, sound, 'c2', 1)).items.map((i) => [i.sku, i.score, i.reason])).toEqual([
      ['D', 16, 'model'],
    ]);
    const request = `; the request failed`;
    // NaN for one customer printed "0.0000 popular" under the model's strategy; the others are served.
    const nanUser = await served('nanUser');
    await expect(recommend(shop, nanUser, 'c2', 3)).rejects.toThrow(
      `recommender plugin "${NAME}": scoreUser of customer "c2" scores NaN for item "A" (index 0) (scores must be finite)${request}`,
    );
    expect((await recommend(shop, nanUser, 'c1', 3)).strategy).toBe('model');
    await expect(recommend(shop, await served('shortRet'), 'c1', 3)).rejects.toThrow(
      `recommender plugin "${NAME}": scoreUser of customer "c1" has 10 scores, not one per item (6): scoreUser(...) fills \`out\` and returns it${request}`,
    );
    await expect(recommend(shop, await served('throwUser'), 'c2', 3)).rejects.toThrow(
      `recommender plugin "${NAME}": scoreUser failed: plugin boom for one user`,
    );
    const nanCart = await served('nanCart');
    expect(() => forCart(nanCart, ['A'], 3)).toThrow(
      `recommender plugin "${NAME}": scoreItems of the cart scores NaN for item "A" (index 0) (scores must be finite)${request}`,
    );
    // A model without an item-item notion relates an item's category's popular items, as before.
    expect(similarItems(nanCart, 'A', 2).map((i) => i.reason)).toEqual(['popular', 'popular']);
    // A customer with events since the training is folded in through scoreItems.
    await shop.appendEvents([laterEvent('later-1', 'c1', 'view', 'E')]);
    await expect(recommend(shop, nanCart, 'c1', 3)).rejects.toThrow(
      `recommender plugin "${NAME}": scoreItems of customer "c1"'s history scores NaN for item "A" (index 0)`,
    );
    await expect(served('shortCart').then((s) => forCart(s, ['A'], 3))).rejects.toThrow(
      `scoreItems of the cart has 3 scores, not one per item (6)`,
    );
    await expect(served('noScoreUser')).rejects.toThrow(
      `recommender plugin "${NAME}": deserialize gave a model with no scoreUser(user, out) method`,
    );
    await shop.close();
  });
});
