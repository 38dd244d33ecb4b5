import { type AlsModel, BprModel } from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  forCart,
  openRecommender,
  serveModel,
  similarItems,
  trainRecommender,
} from '../../src/recs/index.js';
import { factorsTellItemsApart } from '../../src/recs/item-similarity.js';
import { seedShop } from './shop-fixture.js';

// The item-item cosine of the fixture's matrix (shop-fixture.ts), by scikit-learn:
//   X = [[5,5,5,0,0,0],[5,5,0,0,0,1],[5,0,5,1,0,0],[0,0,0,5,5,0],[0,5,5,5,0,3],[0,0,0,5,1,5]]
//   sklearn.metrics.pairwise.cosine_similarity(X.T)
const COSINE = {
  A: { B: 0.6666666667, C: 0.6666666667, D: 0.0662266179, E: 0, F: 0.0975900073 },
  D: { A: 0.0662266179, B: 0.3311330893, C: 0.3973597071, E: 0.674881906, F: 0.7755667343 },
} as const;

describe('similar items of a model whose item factors cannot tell items apart (memory)', async () => {
  const storage = await seedShop(await openStorage('memory:'));

  it('ALS with 1 factor: its own cosines are all +-1, so related items come from the interactions', async () => {
    const trained = await trainRecommender(storage, { model: 'als', params: { factors: 1 } });
    const model = trained.recommender.model as AlsModel;
    // The tie the tester saw: one factor per item, so every cosine is its sign.
    const y = model.itemFactors;
    for (let j = 1; j < model.nItems; j++) expect(Math.abs(Math.sign(y[0]!) * Math.sign(y[j]!))).toBe(1);
    expect(factorsTellItemsApart(model)).toBe(false);
    // Served from the stored bytes, as the CLI and the gateway serve it.
    const served = await openRecommender(storage);
    expect(served.trained.itemSimilarity).not.toBeNull();
    const related = similarItems(served, 'D', 10);
    expect(related.map((i) => i.sku)).toEqual(['F', 'E', 'C', 'B', 'A']);
    for (const item of related) {
      expect(item.reason).toBe('interactions');
      expect(item.score).toBeCloseTo(COSINE.D[item.sku as keyof typeof COSINE.D], 9);
    }
    // A's neighbours: E shares no customer with A, so it is left out of the model's items.
    const ofA = similarItems(served, 'A', 3);
    expect(ofA.map((i) => [i.sku, i.reason])).toEqual([
      ['B', 'interactions'],
      ['C', 'interactions'],
      ['F', 'interactions'],
    ]);
    expect(ofA[0]!.score).toBeCloseTo(COSINE.A.B, 9);
    expect(ofA[2]!.score).toBeCloseTo(COSINE.A.F, 9);
  });

  it('a cart is scored by the summed cosines of its items, explained by them', async () => {
    await trainRecommender(storage, { model: 'als', params: { factors: 1 } });
    const served = await openRecommender(storage);
    const r = forCart(served, ['D', 'A'], 4);
    // Sums of rows D and A: C 0.3973597071 + 0.6666666667, B 0.3311 + 0.6667, F 0.7756 + 0.0976, E 0.6749.
    expect(r.map((i) => i.sku)).toEqual(['C', 'B', 'F', 'E']);
    expect(r.map((i) => i.score)).toEqual([
      expect.closeTo(1.0640263738, 9),
      expect.closeTo(0.997799756, 9),
      expect.closeTo(0.8731567416, 9),
      expect.closeTo(0.674881906, 9),
    ]);
    expect(r.every((i) => i.reason === 'interactions')).toBe(true);
    expect(r[2]!.because).toEqual([
      { sku: 'D', title: 'Kite', event: 'cart', contribution: expect.closeTo(COSINE.D.F, 9) },
      { sku: 'A', title: 'Mug', event: 'cart', contribution: expect.closeTo(COSINE.A.F, 9) },
    ]);
  });

  it('diversity re-ranks by the interaction cosines, not by ties of 1', async () => {
    await trainRecommender(storage, { model: 'als', params: { factors: 1 } });
    const served = await openRecommender(storage);
    // MMR, lambda 0.2, over D's related items (F .7756, E .6749, C .3974, B .3311, A .0662; relevance scaled
    // to [0, 1] over them) with each picked item's cosine row scaled by its largest value other than its own
    // (F's by D's .7756, E's by D's .6749): F; then E (0.2 * .8580 - 0.8 * .2137 = .0006, C -.2086,
    // A -.1006); then A (-0.8 * .1258 = -.1006, C .0934 - 0.8 * .3775 = -.2086). Without: F, E, C.
    expect(similarItems(served, 'D', 3).map((i) => i.sku)).toEqual(['F', 'E', 'C']);
    const r = similarItems(served, 'D', 3, { diversity: 0.2 });
    expect(r.map((i) => i.sku)).toEqual(['F', 'E', 'A']);
  });

  it('BPR with 1 factor is served from the interactions too', async () => {
    const trained = await trainRecommender(storage, { model: 'bpr', params: { factors: 1 }, dryRun: true });
    expect(trained.recommender.model).toBeInstanceOf(BprModel);
    const served = await serveModel(storage, trained.recommender);
    const related = similarItems(served, 'D', 2);
    expect(related.map((i) => [i.sku, i.reason])).toEqual([
      ['F', 'interactions'],
      ['E', 'interactions'],
    ]);
  });

  it('ALS whose factors all lie on one line (its defaults here) is served from the interactions', async () => {
    const trained = await trainRecommender(storage, { model: 'als', dryRun: true });
    const model = trained.recommender.model as AlsModel;
    // 6 customers and 6 items: floor(6 / 2) = 3 factors by default; regularization 10 leaves every item's
    // factors a multiple of one vector (every cosine at least 0.9999999).
    expect(model.params.factors).toBe(3);
    expect(factorsTellItemsApart(model)).toBe(false);
    const related = similarItems(await serveModel(storage, trained.recommender), 'D', 2);
    expect(related.map((i) => [i.sku, i.reason])).toEqual([
      ['F', 'interactions'],
      ['E', 'interactions'],
    ]);
  });

  it('ALS with factors that tell items apart keeps its own cosines, and no interaction similarity', async () => {
    const params = { factors: 3, regularization: 1 };
    const trained = await trainRecommender(storage, { model: 'als', params, dryRun: true });
    const model = trained.recommender.model as AlsModel;
    expect(trained.recommender.itemSimilarity).toBeNull();
    const related = similarItems(await serveModel(storage, trained.recommender), 'D', 5);
    expect(related.every((i) => i.reason === 'model')).toBe(true);
    // The cosine of D's and each item's factors, computed here.
    const f = 3;
    const y = model.itemFactors;
    const cos = (i: number, j: number) => {
      let dot = 0;
      let ni = 0;
      let nj = 0;
      for (let a = 0; a < f; a++) {
        dot += y[i * f + a]! * y[j * f + a]!;
        ni += y[i * f + a]! ** 2;
        nj += y[j * f + a]! ** 2;
      }
      return dot / Math.sqrt(ni * nj);
    };
    const d = model.itemIds!.indexOf('D');
    for (const item of related) expect(item.score).toBeCloseTo(cos(d, model.itemIds!.indexOf(item.sku)), 9);
    expect(new Set(related.map((i) => i.score.toFixed(4))).size).toBe(5);
  });

  it('a stored 1-factor model without the interaction similarity serves its category, not a tie', async () => {
    const trained = await trainRecommender(storage, { model: 'als', params: { factors: 1 }, dryRun: true });
    const served = await serveModel(storage, { ...trained.recommender, itemSimilarity: null });
    // D is a toy: E (the other toy) first, then the popular items (distinct customers), as for an unseen item.
    const related = similarItems(served, 'D', 3);
    expect(related.map((i) => [i.sku, i.reason, i.score])).toEqual([
      ['E', 'popular', 2],
      ['A', 'popular', 3],
      ['B', 'popular', 3],
    ]);
  });
});
