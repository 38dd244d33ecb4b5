import { trainRecommender } from '@storewise/engine';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecommenderSource } from '../src/recs/recommender-source.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let storage: Storage;

beforeAll(async () => {
  storage = await openStorage('memory:');
  await storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku })));
  await storage.appendEvents(shopEvents());
});
afterAll(() => storage.close());

describe('RecommenderSource', () => {
  it('takes a new catalog snapshot after refreshMs without decoding the model again; a new version after invalidate', async () => {
    let clock = 0;
    const source = new RecommenderSource(storage, 1000, () => clock);
    expect(await source.get()).toBeNull();
    await trainRecommender(storage, { model: 'item-knn', name: 'recs', seed: 7 });
    source.invalidate();
    const first = (await source.get())!;
    expect(first.trained.version).toBe(1);
    await storage.upsertItems([{ sku: 'NEW' }]);
    clock = 999;
    expect(await source.get()).toBe(first);
    clock = 1000;
    const refreshed = (await source.get())!;
    expect(refreshed.catalog.bySku.has('NEW')).toBe(true);
    expect(first.catalog.bySku.has('NEW')).toBe(false);
    // The same decoded model: only the catalog was read again.
    expect(refreshed.trained).toBe(first.trained);
    await trainRecommender(storage, { model: 'item-knn', name: 'recs', seed: 7 });
    source.invalidate();
    const retrained = (await source.get())!;
    expect(retrained.trained.version).toBe(2);
    expect(retrained.catalog.bySku.has('NEW')).toBe(true);
  });
});
