import { BaseRecommender, encodeArtifact, implicitAls, type RecommenderPlugin } from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  openRecommender,
  recommenderPlugin,
  registerRecommender,
  trainRecommender,
} from '../../src/recs/index.js';
import { seedShop } from './shop-fixture.js';

class ConstantModel extends BaseRecommender {
  readonly name: string;
  constructor(name: string, nUsers: number, nItems: number) {
    super(nUsers, nItems);
    this.name = name;
  }
  scoreUser(_user: number, out: Float64Array): Float64Array {
    return out.fill(1);
  }
}

/** A plugin whose model keeps the id maps or not, and whose bytes keep them or not. */
function plugin(name: string, fitKeepsIds: boolean): RecommenderPlugin<object, ConstantModel> {
  return {
    kind: 'recommender',
    name,
    formatVersion: 1,
    defaults: {},
    fit: (data) => {
      const model = new ConstantModel(name, data.nUsers, data.nItems);
      return fitKeepsIds ? model.withIds(data.userIds, data.itemIds) : model;
    },
    // The bytes hold only the sizes: the ids are lost (as with encodeArtifact alone, not encodeModel).
    serialize: (m) => encodeArtifact(name, 1, { nUsers: m.nUsers, nItems: m.nItems }),
    deserialize: () => new ConstantModel(name, 6, 6),
  };
}

describe('registerRecommender', () => {
  it('adds a contributed plugin by its name; refuses a taken name, an alias or another kind', () => {
    const mine = plugin('constant-a', true);
    registerRecommender(mine);
    registerRecommender(mine); // the same module loaded twice
    expect(recommenderPlugin('constant-a')).toBe(mine);
    expect(() => registerRecommender({ ...implicitAls })).toThrow('recommender/als is already registered');
    expect(() => registerRecommender(plugin('pop', true))).toThrow(
      'already registered (an alias of popularity)',
    );
    expect(() =>
      registerRecommender({ ...plugin('classy', true), kind: 'classifier' } as unknown as RecommenderPlugin<
        object,
        ConstantModel
      >),
    ).toThrow('"classy" is a classifier, not a recommender');
  });

  it("refuses to train a model that lost the matrix's id maps, and to load one whose bytes lost them", async () => {
    const storage = await seedShop(await openStorage('memory:'));
    registerRecommender(plugin('constant-no-ids', false));
    await expect(trainRecommender(storage, { model: 'constant-no-ids' })).rejects.toThrow(
      'recommender "constant-no-ids" fitted a model without the matrix\'s id maps',
    );
    registerRecommender(plugin('constant-bytes-lose-ids', true));
    await trainRecommender(storage, { model: 'constant-bytes-lose-ids' });
    await expect(openRecommender(storage)).rejects.toThrow(
      'stored recommender "recs" v1: the bytes of plugin "constant-bytes-lose-ids" give back no item ids',
    );
    await storage.close();
  });
});
