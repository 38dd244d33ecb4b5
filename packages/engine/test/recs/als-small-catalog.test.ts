import { alsDefaultFactors, implicitAls } from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { fitWarnings, trainRecommender } from '../../src/recs/index.js';
import { tasteShopEvents } from './taste-shop.js';

describe('ALS on a small catalog (300 customers, 80 items)', async () => {
  const storage = await openStorage('memory:');
  await storage.appendEvents(tasteShopEvents());

  it('ranks above the most popular items with its defaults, where 64 factors and regularization 0.01 ranked below', async () => {
    const fitted = await trainRecommender(storage, { model: 'als', evaluate: {}, dryRun: true });
    // The popularity baseline on the same holdout is the reference any model has to beat.
    const popular = fitted.metrics.popularityNdcg!;
    expect(fitted.metrics.ndcg).toBeGreaterThan(popular);
    // The defaults before (implicit's, with 64 factors): below the most popular items, as the tester saw.
    const before = await trainRecommender(storage, {
      model: 'als',
      params: { factors: 64, regularization: 0.01 },
      evaluate: {},
      dryRun: true,
    });
    expect(before.metrics.popularityNdcg).toBe(popular);
    expect(before.metrics.ndcg).toBeLessThan(popular / 2);
    // And it says why: the rank is large next to the 80 items.
    expect(before.warnings).toEqual([
      'als: factors 64 is large for 300 customers and 80 items: a rank above min(customers, items) / 10 (at least min(8, min(customers, items) / 2)) learns noise and can rank below random; leave factors unset (8 here) or set at most 8',
    ]);
    expect(fitted.warnings).toEqual([]);
  });

  it('fits min(64, min(customers, items) / 10) factors, at least min(8, half the smaller side), unless told, and stores the factors it fitted', async () => {
    // floor(min(943, 1682) / 10) = 94, capped at 64 (MovieLens 100K); floor(80 / 10) = 8.
    expect(alsDefaultFactors(943, 1682)).toBe(64);
    expect(alsDefaultFactors(300, 80)).toBe(8);
    expect(alsDefaultFactors(300, 89)).toBe(8);
    expect(alsDefaultFactors(5, 100)).toBe(2);
    // Raised to min(8, half the smaller side): 1 factor ranks in one order and makes every cosine +-1.
    expect(alsDefaultFactors(53, 17)).toBe(8);
    expect(alsDefaultFactors(6, 6)).toBe(3);
    expect(alsDefaultFactors(3, 100)).toBe(1);
    expect(alsDefaultFactors(1, 1)).toBe(1);
    expect(implicitAls.defaults.factors).toBe(64);
    await trainRecommender(storage, { model: 'als' });
    const stored = (await storage.listModels()).find((m) => m.name === 'recs' && m.active)!;
    expect(stored.params).toMatchObject({ model: 'als', params: { factors: 8, regularization: 10 } });
    await trainRecommender(storage, { model: 'als', params: { factors: 5 } });
    const told = (await storage.listModels()).find((m) => m.name === 'recs' && m.active)!;
    expect(told.params).toMatchObject({ params: { factors: 5 } });
  });

  it('warns only of ALS factors above the bound', () => {
    expect(fitWarnings('als', { factors: 8 }, 300, 80)).toEqual([]);
    expect(fitWarnings('als', {}, 300, 80)).toEqual([]);
    expect(fitWarnings('als', { factors: 9 }, 300, 80)).toHaveLength(1);
    expect(fitWarnings('bpr', { factors: 64 }, 300, 80)).toEqual([]);
    expect(fitWarnings('als', { factors: 64 }, 943, 1682)).toEqual([]);
  });
});
