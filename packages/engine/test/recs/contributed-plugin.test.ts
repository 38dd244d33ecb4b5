import {
  BaseRecommender,
  encodeArtifact,
  type IdMap,
  type InteractionMatrix,
  implicitAls,
  type RecommenderPlugin,
} from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  ContributedModelError,
  evaluateRecommenders,
  recommenderPlugin,
  registerRecommender,
  trainRecommender,
} from '../../src/recs/index.js';
import { DEFAULT_EVENT_WEIGHTS, readInteractions } from '../../src/recs/interactions.js';
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
    // Registered in code, a plugin is checked as a loaded module is (it failed at its first fit, or never).
    expect(() =>
      registerRecommender({ ...plugin('no-fit', true), fit: undefined } as unknown as RecommenderPlugin<
        object,
        ConstantModel
      >),
    ).toThrow('model plugin "no-fit" cannot be registered: fit must be a function (got undefined)');
    expect(() => registerRecommender(plugin('', true))).toThrow(
      'model plugin cannot be registered: name must be a non-empty name',
    );
    expect(() => registerRecommender(plugin('auto', true))).toThrow(
      'model plugin recommender/auto: the name "auto" is reserved',
    );
    // Not registered: 'auto' still means choosing.
    expect(() => recommenderPlugin('auto')).toThrow();
    expect(() =>
      registerRecommender({ ...plugin('classy', true), kind: 'classifier' } as unknown as RecommenderPlugin<
        object,
        ConstantModel
      >),
    ).toThrow('"classy" is a classifier, not a recommender');
  });

  it("refuses to train a model that lost the matrix's id maps, or whose bytes lose them", async () => {
    const storage = await seedShop(await openStorage('memory:'));
    registerRecommender(plugin('constant-no-ids', false));
    const noIds = trainRecommender(storage, { model: 'constant-no-ids' });
    await expect(noIds).rejects.toThrow(
      'recommender "constant-no-ids" fitted a model without the matrix\'s id maps',
    );
    // The class whose message the gateway's training job shows (as its other refusals of a plugin).
    await expect(noIds).rejects.toBeInstanceOf(ContributedModelError);
    // Bytes that lose them: refused at training now (such a model was stored, then failed every load).
    registerRecommender(plugin('constant-bytes-lose-ids', true));
    await expect(trainRecommender(storage, { model: 'constant-bytes-lose-ids' })).rejects.toThrow(
      'recommender "constant-bytes-lose-ids" fitted a model that cannot be served: the model read back from its bytes\'s item ids are not the data\'s',
    );
    expect(await storage.listModels()).toEqual([]);
    await storage.close();
  });

  it('refuses, before storing it, a model with the wrong ids or shape, unreadable bytes, or scores that are not finite', async () => {
    const storage = await seedShop(await openStorage('memory:'));
    /** A plugin whose model scores `score` for every item, and reads back with the ids it was fitted with. */
    const made = (
      name: string,
      score: number,
      ids: (data: InteractionMatrix) => [IdMap | null, IdMap | null] = (d) => [d.userIds, d.itemIds],
      deserializeThrows = false,
    ): string => {
      let fitted: ConstantModel | null = null;
      registerRecommender({
        ...plugin(name, true),
        fit: (data) => {
          const model = new ConstantModel(name, data.nUsers, data.nItems);
          model.scoreUser = (_u: number, out: Float64Array) => out.fill(score);
          fitted = model.withIds(...ids(data));
          return fitted;
        },
        deserialize: () => {
          if (deserializeThrows) throw new Error('cannot read');
          return fitted!;
        },
      });
      return name;
    };
    const cases: [string, string][] = [
      // The seed shop has 6 customers and 6 items: swapped maps have the right sizes, not the right ids.
      [
        made('swapped-ids', 1, (d) => [d.itemIds, d.userIds]),
        'the model\'s item ids are not the data\'s, in the data\'s order (index 0: "c1", not "A")',
      ],
      [made('unreadable-here', 1, undefined, true), 'its bytes do not read back (cannot read)'],
      [
        made('infinite', Number.POSITIVE_INFINITY),
        'customer index 0 scores Infinity for item "A" (index 0) (scores must be finite)',
      ],
      [
        made('not-a-number', Number.NaN),
        'customer index 0 scores NaN for item "A" (index 0) (scores must be finite)',
      ],
    ];
    for (const [model, why] of cases)
      await expect(trainRecommender(storage, { model }), model).rejects.toThrow(
        `recommender "${model}" fitted a model that cannot be served: ${why}; it was not stored`,
      );
    expect(await storage.listModels()).toEqual([]);
    // A sound one is stored.
    await trainRecommender(storage, { model: made('sound', 2) });
    expect((await storage.listModels()).map((m) => m.params.model)).toEqual(['sound']);
    await storage.close();
  });

  it('refuses scores of the wrong length, in training and in evaluation, and scores that are not finite in evaluation', async () => {
    const storage = await seedShop(await openStorage('memory:'));
    /** A model whose scoreUser returns its own array of `length(nItems)` scores of `score`; it reads back as fitted. */
    const scoring = (name: string, length: (n: number) => number, score = 1): string => {
      let fitted: ConstantModel | null = null;
      registerRecommender({
        ...plugin(name, true),
        fit: (data) => {
          const model = new ConstantModel(name, data.nUsers, data.nItems);
          model.scoreUser = () => new Float64Array(length(data.nItems)).fill(score);
          fitted = model.withIds(data.userIds, data.itemIds);
          return fitted;
        },
        deserialize: () => fitted!,
      });
      return name;
    };
    const short = scoring('scores-short', (n) => n - 1);
    const long = scoring('scores-long', (n) => n + 5);
    const nan = scoring('scores-nan', (n) => n, Number.NaN);
    const matrix = (await readInteractions(storage, { weights: DEFAULT_EVENT_WEIGHTS })).matrix;
    const evaluate = (model: string) =>
      evaluateRecommenders(matrix, { split: 'random', models: ['pop', model] });
    // The seed shop has 6 items.
    await expect(evaluate(short)).rejects.toThrow(
      'recommender "scores-short" fitted a model that cannot be evaluated: customer index 0 has 5 scores, not one per item (6): scoreUser(user, out) fills `out` and returns it',
    );
    await expect(evaluate(long)).rejects.toThrow('customer index 0 has 11 scores, not one per item (6)');
    await expect(evaluate(nan)).rejects.toThrow(
      'recommender "scores-nan" fitted a model that cannot be evaluated: customer index 0 scores NaN for item "A" (index 0) (scores must be finite)',
    );
    // Training refused the length before (it checked the array it filled, not the one returned).
    await expect(trainRecommender(storage, { model: short })).rejects.toThrow(
      'recommender "scores-short" fitted a model that cannot be served: customer index 0 has 5 scores, not one per item (6): scoreUser(user, out) fills `out` and returns it; it was not stored',
    );
    expect(await storage.listModels()).toEqual([]);
    await storage.close();
  });
});
