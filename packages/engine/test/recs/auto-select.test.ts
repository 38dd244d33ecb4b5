import { evaluateRanking, fitContext, stratifiedSplit } from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  AUTO_EASE_MAX_ITEMS,
  autoCandidates,
  DEFAULT_EVENT_WEIGHTS,
  evaluationWarnings,
  MIN_EVALUATED_CUSTOMERS,
  readInteractions,
  recommenderPlugin,
  trainRecommender,
} from '../../src/recs/index.js';
import { fixtureEvents, seedShop } from './shop-fixture.js';

describe("model 'auto'", async () => {
  const storage = await seedShop(await openStorage('memory:'));

  it('fits every candidate on the holdout --evaluate uses, serves the best NDCG, and records them all', async () => {
    const auto = await trainRecommender(storage, { model: 'auto', seed: 3 });
    // Each candidate alone, through the core: the same split (seed 3, a quarter of each customer's
    // interactions), its NDCG@10 over the customers with interactions on both sides.
    const { matrix } = await readInteractions(storage, { weights: DEFAULT_EVENT_WEIGHTS });
    const { train, test } = stratifiedSplit(matrix, { testRatio: 0.25, seed: 3 });
    const users = [...Array(matrix.nUsers).keys()].filter(
      (u) => test.indptr[u + 1]! > test.indptr[u]! && train.indptr[u + 1]! > train.indptr[u]!,
    );
    expect(auto.metrics['auto.customers']).toBe(users.length);
    const ndcg: Record<string, number> = {};
    for (const name of autoCandidates(6)) {
      const model = await recommenderPlugin(name).fit(train, {}, fitContext({ seed: 3 }));
      ndcg[name] = evaluateRanking(model, train, test, { k: 10, users }).ndcg;
      expect(auto.metrics[`auto.${name}.ndcg`], name).toBe(ndcg[name]);
    }
    const best = Math.max(...Object.values(ndcg));
    const first = Object.keys(ndcg).find((name) => ndcg[name] === best)!;
    expect(auto.recommender.plugin.name).toBe(first);
    expect(auto.metrics.ndcg).toBe(best);
    // The stored version says what was chosen and how.
    const stored = (await storage.listModels()).find((m) => m.name === 'recs' && m.active)!;
    expect(stored.params).toMatchObject({ model: first, chosenBy: 'auto' });
    expect(stored.metrics[`auto.${first}.ndcg`]).toBe(best);
  });

  it('leaves EASE out of a catalog it would take long to invert, and refuses parameters', async () => {
    expect(autoCandidates(AUTO_EASE_MAX_ITEMS)).toContain('ease');
    expect(autoCandidates(AUTO_EASE_MAX_ITEMS + 1)).toEqual([
      'popularity',
      'item-knn',
      'cooccurrence',
      'als',
    ]);
    await expect(trainRecommender(storage, { model: 'auto', params: { shrink: 10 } })).rejects.toThrow(
      'model "auto" takes no parameters: it chooses a model with its defaults',
    );
  });

  it('serves the most popular items when no customer has interactions on both sides of the holdout', async () => {
    // One interaction per customer: each is held out whole, so nothing can be compared (nor related).
    const single = await openStorage('memory:');
    await single.appendEvents(fixtureEvents().map((e, n) => ({ ...e, customerId: `solo${n}` })));
    const r = await trainRecommender(single, { model: 'auto', dryRun: true });
    expect(r.recommender.plugin.name).toBe('popularity');
    expect(r.metrics).toEqual({ 'auto.customers': 0 });
    expect(r.warnings).toEqual([
      'the evaluation ranked 0 held-out customers (fewer than 30): its metrics (ndcg, recall, hitRate, ...) say next to nothing about the model; judge it once more customers have events',
    ]);
  });

  it('warns that a holdout of fewer than 30 customers says next to nothing, and not from 30 on', async () => {
    // One customer with two purchases: the split holds one out, the other ranks it first (NDCG 1).
    const one = await openStorage('memory:');
    await one.appendEvents(
      ['a', 'b'].map((sku, n) => ({
        eventId: `e${n}`,
        type: 'purchase' as const,
        customerId: 'c1',
        sku,
        timestamp: new Date(Date.UTC(2024, 0, 1 + n)),
      })),
    );
    const r = await trainRecommender(one, { model: 'auto', dryRun: true });
    expect(r.metrics.users).toBe(1);
    expect(r.warnings).toEqual([
      'the evaluation ranked 1 held-out customer (fewer than 30): its metrics (ndcg, recall, hitRate, ...) say next to nothing about the model; judge it once more customers have events',
    ]);
    expect(evaluationWarnings(29)).toHaveLength(1);
    expect(evaluationWarnings(MIN_EVALUATED_CUSTOMERS)).toEqual([]);
    // No evaluation (a named model without evaluate): nothing to warn about.
    expect(evaluationWarnings(undefined)).toEqual([]);
    expect((await trainRecommender(one, { model: 'popularity', dryRun: true })).warnings).toEqual([]);
  });
});
