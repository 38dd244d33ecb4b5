import {
  BaseRecommender,
  decodeModel,
  encodeModel,
  type InteractionMatrix,
  type RecommenderFitContext,
  type RecommenderPlugin,
} from '@storewise/core';
import { openStorage, type Storage } from '@storewise/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateRecommenders,
  loadPlugins,
  readFitCatalog,
  registerRecommender,
  trainRecommender,
} from '../../src/recs/index.js';
import { DEFAULT_EVENT_WEIGHTS, readInteractions } from '../../src/recs/interactions.js';
import { seedShop } from './shop-fixture.js';

/** Every item scores 1. */
class Ones extends BaseRecommender {
  readonly name = 'catalog-recorder';
  scoreUser(_user: number, out: Float64Array): Float64Array {
    return out.fill(1);
  }
}

/** What the catalog probe (fixtures/catalog-probe-plugin.mjs) reports of its fit context. */
async function seen(train: (onProgress: (f: number, message?: string) => void) => Promise<unknown>) {
  const messages: string[] = [];
  await train((_f, message) => void (message?.startsWith('catalog') && messages.push(message)));
  return messages;
}

// The seed shop's items (shop-fixture.ts) in the matrix's order (the store's, A to F); F is marked not
// recommendable and A priced below.
const EXPECTED =
  'catalog: A Home/Kitchen 4.5 true, B Home/Kitchen null true, C Home/Garden null true, D Toys null true, E Toys null true, F Home/Kitchen null false';

describe("a contributed recommender's fit context carries the catalog of the matrix's items", () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await seedShop(await openStorage('memory:'));
    await storage.upsertItems([
      { sku: 'A', price: 4.5 },
      { sku: 'F', attributes: { recommendable: false } },
      { sku: 'Z', title: 'Never bought', categoryPath: ['Toys'] }, // no interactions: not in the matrix
    ]);
    expect(await loadPlugins(['./fixtures/catalog-probe-plugin.mjs'], import.meta.dirname)).toEqual([
      'catalog-probe',
    ]);
  });

  it('per item index, on the calling thread and in a worker, and with a holdout evaluation', async () => {
    for (const offThread of [false, true]) {
      const messages = await seen((onProgress) =>
        trainRecommender(storage, { model: 'catalog-probe', dryRun: true, offThread, onProgress }),
      );
      expect(messages, `offThread ${offThread}`).toEqual([EXPECTED]);
    }
    // The holdout's fit gets the same catalog: the split keeps the matrix's item indices.
    const evaluated = await seen((onProgress) =>
      trainRecommender(storage, { model: 'catalog-probe', dryRun: true, evaluate: {}, onProgress }),
    );
    expect(evaluated).toEqual([EXPECTED, EXPECTED]);
  });

  it('the model it fits scores by category: Home 4 of 6 items, Toys 2 of 6', async () => {
    const { recommender } = await trainRecommender(storage, { model: 'catalog-probe', dryRun: true });
    const scores = recommender.model.scoreUser(0, new Float64Array(6));
    expect([...recommender.model.itemIds!.toArray()]).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect([...scores]).toEqual([4 / 6, 4 / 6, 4 / 6, 2 / 6, 2 / 6, 4 / 6]);
  });

  it('reaches evaluateRecommenders when given (eval recs --db), and is absent without a store', async () => {
    const { matrix } = await readInteractions(storage, { weights: DEFAULT_EVENT_WEIGHTS });
    const catalog = await readFitCatalog(storage, matrix.itemIds!);
    expect(catalog.map((i) => [i.sku, i.title, i.categoryPath, i.price, i.recommendable])).toEqual([
      ['A', 'Mug', ['Home', 'Kitchen'], 4.5, true],
      ['B', 'Teapot', ['Home', 'Kitchen'], null, true],
      ['C', 'Trowel', ['Home', 'Garden'], null, true],
      ['D', 'Kite', ['Toys'], null, true],
      ['E', 'Yo-yo', ['Toys'], null, true],
      ['F', 'Kettle', ['Home', 'Kitchen'], null, false],
    ]);
    expect(catalog.map((i) => i.sku)).toEqual(matrix.itemIds!.toArray());
    expect(catalog[5]!.attributes).toEqual({ recommendable: false });
    // A plugin registered in code that keeps what its fits got.
    const got: (string[] | null)[] = [];
    // Typed as a contributor types it, with an async fit (the type refused one before).
    const recorder: RecommenderPlugin<object, Ones> = {
      kind: 'recommender',
      name: 'catalog-recorder',
      formatVersion: 1,
      defaults: {},
      fit: async (data: InteractionMatrix, _params: object, ctx: RecommenderFitContext) => {
        await Promise.resolve(); // I/O of its own
        got.push(ctx.catalog?.map((i) => `${i.sku} ${i.categoryPath[0]}`) ?? null);
        return new Ones(data.nUsers, data.nItems).withIds(data.userIds, data.itemIds);
      },
      serialize: (m) => encodeModel('catalog-recorder', 1, m, {}, {}),
      deserialize: (bytes) => {
        const { meta, userIds, itemIds } = decodeModel(bytes, 'catalog-recorder', 1);
        return new Ones(meta.nUsers, meta.nItems).withIds(userIds, itemIds);
      },
    };
    registerRecommender(recorder);
    const options = { split: 'random', models: ['pop', 'catalog-recorder'], weighted: true } as const;
    await evaluateRecommenders(matrix, { ...options, catalog });
    await evaluateRecommenders(matrix, options); // a ratings file's evaluation: no catalog
    expect(got).toEqual([['A Home', 'B Home', 'C Home', 'D Toys', 'E Toys', 'F Home'], null]);
  });

  it('refuses a store that lacks an item its events name, naming the SKU', async () => {
    const { matrix } = await readInteractions(storage, { weights: DEFAULT_EVENT_WEIGHTS });
    const empty = await openStorage('memory:');
    await expect(readFitCatalog(empty, matrix.itemIds!)).rejects.toThrow(
      'the store holds no item for 6 SKUs its events name (the first "A")',
    );
    await empty.close();
  });
});
