import { AlsModel, evaluateRanking, fitContext, popularity, stratifiedSplit } from '@storewise/core';
import { openStorage, type Storage } from '@storewise/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoShopFormat, demoShopPath } from '../../src/demo/index.js';
import { importFile } from '../../src/import/index.js';
import { explainerFor, scoreHistory } from '../../src/recs/explain.js';
import {
  activateRecommenderVersion,
  loadRecommender,
  ModelVersionError,
  openRecommender,
  recommend,
  serveModel,
  trainRecommender,
} from '../../src/recs/index.js';
import { DEFAULT_EVENT_WEIGHTS, readInteractions } from '../../src/recs/interactions.js';
import { adapters, seedShop } from './shop-fixture.js';

const CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'stranger'];

describe.each(await adapters())('stored recommenders on %s', (_name, open) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await seedShop(await open());
  });

  it('serves an earlier stored version again, and refuses a version not stored or a propensity model', async () => {
    const [v1, v2] = [
      await trainRecommender(storage, { model: 'item-knn', name: 'rollback', seed: 1 }),
      await trainRecommender(storage, { model: 'popularity', name: 'rollback', seed: 1 }),
    ];
    expect(v2.recommender.version).toBe(v1.recommender.version + 1);
    const served = await activateRecommenderVersion(storage, 'rollback', v1.recommender.version);
    expect(served).toMatchObject({ name: 'rollback', version: v1.recommender.version, active: true });
    expect((await openRecommender(storage, 'rollback')).trained.plugin.name).toBe('item-knn');
    const wrong = await activateRecommenderVersion(storage, 'rollback', 99).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ModelVersionError);
    expect(wrong).toMatchObject({
      field: 'version',
      message: `model "rollback" has no version 99 (its versions: ${v1.recommender.version}, ${v2.recommender.version})`,
    });
    await expect(activateRecommenderVersion(storage, 'nothing', 1)).rejects.toMatchObject({ field: 'name' });
    await storage.saveModel({
      name: 'p',
      kind: 'propensity',
      params: {},
      metrics: {},
      bytes: new Uint8Array(1),
    });
    await expect(activateRecommenderVersion(storage, 'p', 1)).rejects.toThrow(
      '"p" is a propensity model: only recommenders are switched back',
    );
    // The purchase-propensity model is switched back with its scores by activatePropensityVersion: the
    // refusal (the gateway's activateModel) says how.
    await storage.saveModel({
      name: 'purchase-propensity',
      kind: 'classifier',
      params: {},
      metrics: {},
      bytes: new Uint8Array(1),
    });
    await expect(activateRecommenderVersion(storage, 'purchase-propensity', 1)).rejects.toThrow(
      '"purchase-propensity" is a classifier model: its versions go with the scores they stored; switch back with storewise model activate purchase-propensity 1, which rescores every customer with it',
    );
  });

  it('evaluates next to the most popular items on the same split', async () => {
    const options = { testRatio: 0.3, k: 3 };
    const trained = await trainRecommender(storage, {
      model: 'item-knn',
      seed: 5,
      dryRun: true,
      evaluate: options,
    });
    const m = (await readInteractions(storage, { weights: DEFAULT_EVENT_WEIGHTS, duplicates: 'sum' })).matrix;
    const { train, test } = stratifiedSplit(m, { testRatio: 0.3, seed: 5 });
    const pop = await popularity.fit(train, {}, fitContext({ seed: 5 }));
    const want = evaluateRanking(pop, train, test, { k: 3 }).ndcg;
    expect(trained.metrics.popularityNdcg).toBe(want);
    expect(trained.metrics.ndcg).not.toBe(want);
    // Popularity itself has no baseline but itself.
    const itself = await trainRecommender(storage, {
      model: 'popularity',
      seed: 5,
      dryRun: true,
      evaluate: options,
    });
    expect(itself.metrics).toMatchObject({ ndcg: want });
    expect(itself.metrics.popularityNdcg).toBeUndefined();
  });

  it.each([
    ['als', { factors: 4, iterations: 10, backend: 'js' }],
    ['item-knn', {}],
    ['ease', { lambda: 10 }],
    ['bpr', { factors: 4, epochs: 20 }],
  ])('%s: a save/load round trip gives identical recommendations', async (model, params) => {
    const trained = await trainRecommender(storage, { model, params, name: `rt-${model}`, seed: 3 });
    expect(trained.recommender.version).toBeGreaterThan(0);
    const before = await serveModel(storage, trained.recommender);
    const after = await openRecommender(storage, `rt-${model}`);
    expect(after.trained.plugin.name).toBe(trained.recommender.plugin.name);
    for (const customer of CUSTOMERS) {
      const a = await recommend(storage, before, customer, 6, { excludeBought: true, diversity: 0.5 });
      const b = await recommend(storage, after, customer, 6, { excludeBought: true, diversity: 0.5 });
      expect(b).toEqual(a);
    }
    const info = (await storage.listModels()).find((m) => m.name === `rt-${model}`)!;
    expect(info).toMatchObject({
      kind: 'recommender',
      active: true,
      params: { model: trained.recommender.plugin.name },
    });
  });

  it('trains as if the customers who declined analytics had no events', async () => {
    // c2 and c5 declined: the model must be the one trained on a shop where they were deleted, and the
    // same customers get the same recommendations from both.
    const declined = ['c2', 'c5'];
    const withConsent = await seedShop(await open());
    await withConsent.upsertCustomers(
      declined.map((externalId) => ({ externalId, consent: { analytics: false } })),
    );
    const without = await seedShop(await open());
    for (const id of declined) await without.deleteCustomer(id);
    const options = {
      model: 'als',
      params: { factors: 4, iterations: 10, backend: 'js' },
      seed: 3,
      dryRun: true,
    };
    const a = await trainRecommender(withConsent, options);
    const b = await trainRecommender(without, options);
    const all = await trainRecommender(storage, options);
    expect([a.excludedByConsent, b.excludedByConsent, all.excludedByConsent]).toEqual([2, 0, 0]);
    expect([a.customers, a.events, a.pairs]).toEqual([b.customers, b.events, b.pairs]);
    expect(a.customers).toBe(all.customers - 2);
    expect(a.recommender.model.userIds!.has('c2')).toBe(false);
    expect(a.recommender.model.userIds!.toArray()).toEqual(b.recommender.model.userIds!.toArray());
    expect(a.recommender.popularity).toEqual(b.recommender.popularity);
    const servedA = await serveModel(withConsent, a.recommender);
    const servedB = await serveModel(without, b.recommender);
    for (const customer of ['c1', 'c3', 'c4', 'c6', 'stranger']) {
      expect(await recommend(withConsent, servedA, customer, 6)).toEqual(
        await recommend(without, servedB, customer, 6),
      );
    }
    await withConsent.close();
    await without.close();
  });

  it('refuses to load a model that does not exist, naming it', async () => {
    await expect(loadRecommender(storage, 'nope')).rejects.toThrow('model "nope" has no active version');
  });
});

describe('a customer deleted after training (memory)', () => {
  it("is served what a stranger gets, not the model's row kept for them", async () => {
    const storage = await seedShop(await openStorage('memory:'));
    const served = await serveModel(
      storage,
      (await trainRecommender(storage, { model: 'item-knn' })).recommender,
    );
    expect((await recommend(storage, served, 'c1', 3)).strategy).toBe('model');
    const stranger = await recommend(storage, served, 'stranger', 3);
    await storage.deleteCustomer('c1');
    expect(await recommend(storage, served, 'c1', 3)).toEqual(stranger);
    await storage.close();
  });
});

describe('a store of ratings alone (memory)', () => {
  it('trains with the default weights, each rating an interaction of 1 whatever its value', async () => {
    const storage = await openStorage('memory:');
    const rate = (user: string, sku: string, rating: number, hour: number) => ({
      eventId: `${user}-${sku}`,
      type: 'rating' as const,
      customerId: user,
      sku,
      rating,
      timestamp: new Date(Date.UTC(1998, 0, 1, hour)),
    });
    await storage.appendEvents([
      rate('u1', 'fargo', 5, 1),
      rate('u1', 'heat', 1, 2),
      rate('u2', 'fargo', 4, 3),
      rate('u2', 'heat', 2, 4),
      rate('u2', 'alien', 5, 5),
      rate('u3', 'alien', 3, 6),
    ]);
    const byDefault = await trainRecommender(storage, { model: 'item-knn', name: 'ml-default' });
    const asOnes = await trainRecommender(storage, {
      model: 'item-knn',
      name: 'ml-ones',
      weights: { rating: 1 },
    });
    for (const user of ['u1', 'u2', 'u3'])
      expect(await recommend(storage, await serveModel(storage, byDefault.recommender), user, 3)).toEqual(
        await recommend(storage, await serveModel(storage, asOnes.recommender), user, 3),
      );
    // u3 rated alien only; u2, who also rated alien, rated fargo and heat alike (cosine of the columns).
    const forU3 = await recommend(storage, await serveModel(storage, byDefault.recommender), 'u3', 3, {
      excludeSeen: true,
    });
    expect(forU3.items.map((i) => i.sku).sort()).toEqual(['fargo', 'heat']);
    await storage.close();
  });
});

describe('explanations and diversity (memory)', async () => {
  const [[, open]] = (await adapters()) as [[string, () => Promise<Storage>]];
  const storage = await seedShop(await open());

  it("ALS: the engine's cached fold-in scores as core's foldIn; contributions sum to the score", async () => {
    const { recommender } = await trainRecommender(storage, {
      model: 'als',
      params: { factors: 3, iterations: 8, backend: 'js', regularization: 0.1, alpha: 2 },
      dryRun: true,
    });
    const model = recommender.model as AlsModel;
    expect(model).toBeInstanceOf(AlsModel);
    // c5's row of the fixture: B 5, C 5, D 5, F 3 (model indices follow the SKUs' storage order A..F)
    const items = Int32Array.from([1, 2, 3, 5]);
    const weights = Float64Array.from([5, 5, 5, 3]);
    const scores = model.scoreItems(items, weights, new Float64Array(model.nItems));
    const cached = scoreHistory(model, items, weights, new Float64Array(model.nItems))!;
    for (let i = 0; i < model.nItems; i++) expect(cached[i]!).toBeCloseTo(scores[i]!, 6);
    const explain = explainerFor(model, items, weights)!;
    const all = Array.from({ length: model.nItems }, (_, i) => i);
    const parts = explain(all, new Float64Array(model.nItems * items.length));
    for (let i = 0; i < model.nItems; i++) {
      const row = parts.subarray(i * items.length, (i + 1) * items.length);
      // 1e-6: core's fold-in may score in float32 (as its WebAssembly kernel does); the sum here is float64.
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(scores[i]!, 6);
    }
  });

  it.each([
    ['item-knn', { neighbors: 3 }],
    ['ease', { lambda: 10 }],
  ])(
    '%s: contributions sum to the score of every target, a target listed twice included',
    async (name, params) => {
      const { recommender } = await trainRecommender(storage, { model: name, params, dryRun: true });
      const model = recommender.model;
      const items = Int32Array.from([1, 2, 3, 5]);
      const weights = Float64Array.from([5, 5, 5, 3]);
      const scores = model.scoreItems!(items, weights, new Float64Array(model.nItems));
      const targets = [...Array.from({ length: model.nItems }, (_, i) => i), 2];
      const parts = explainerFor(model, items, weights)!(
        targets,
        new Float64Array(targets.length * items.length),
      );
      targets.forEach((item, t) => {
        const row = parts.subarray(t * items.length, (t + 1) * items.length);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(scores[item]!, 10);
      });
      // With 3 neighbours per item, some history item does not reach some target: a zero contribution.
      if (name === 'item-knn') expect(parts.some((v) => v === 0)).toBe(true);
    },
  );

  it('MMR: lambda 1 keeps the score order; lower lambdas move items unlike the first forward', async () => {
    await trainRecommender(storage, { model: 'item-knn', name: 'mmr' });
    const served = await openRecommender(storage, 'mmr');
    const order = async (diversity?: number) =>
      (
        await recommend(storage, served, 'c2', 4, {
          excludeBought: true,
          ...(diversity === undefined ? {} : { diversity }),
        })
      ).items.map((i) => i.sku);
    // By hand from the NumPy cosine matrix (see serve.test.ts): relevance C 1, D 0.382, F 0.335, E 0;
    // similarity rows scaled by their largest off-diagonal value: C->(D .596, E 0, F .439),
    // D->(E .870, F 1), E->(D 1, F .246), F->(D 1, E .214).
    expect(await order()).toEqual(['C', 'D', 'F', 'E']);
    expect(await order(1)).toEqual(['C', 'D', 'F', 'E']);
    expect(await order(0.8)).toEqual(['C', 'D', 'F', 'E']);
    expect(await order(0.6)).toEqual(['C', 'F', 'E', 'D']);
    expect(await order(0)).toEqual(['C', 'E', 'F', 'D']);
  });

  it('MMR: a longer list begins with the shorter one (the demo shop, up to 50 items)', async () => {
    const demo = await openStorage('memory:');
    try {
      await importFile(demo, demoShopPath, { format: demoShopFormat });
      await trainRecommender(demo, { model: 'item-knn' });
      const served = await openRecommender(demo);
      const list = async (k: number) =>
        (await recommend(demo, served, '14078', k, { excludeBought: true, diversity: 0.5 })).items.map(
          (i) => i.sku,
        );
      const longest = await list(50);
      expect(longest).toHaveLength(50);
      for (const k of [5, 10, 20, 40]) expect(await list(k), `first ${k}`).toEqual(longest.slice(0, k));
    } finally {
      await demo.close();
    }
  });
});
