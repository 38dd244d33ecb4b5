import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { forCart, openRecommender, recommend, similarItems, trainRecommender } from '../../src/recs/index.js';
import { laterEvent, seedShop } from './shop-fixture.js';

// The fixture's distinct customers per item (shop-fixture.ts): A 3, B 3, C 3, D 4, E 2, F 3.
describe('popular items and what training counts', async () => {
  const storage = await seedShop(await openStorage('memory:'));
  // A second event of a pair: one more event, no new pair.
  await storage.appendEvents([laterEvent('again', 'c1', 'view', 'A')]);

  it('counts the events read and the distinct customer-item pairs apart', async () => {
    // 18 fixture events on 18 pairs, and c1's second event on A.
    const r = await trainRecommender(storage, { model: 'popularity' });
    expect([r.events, r.pairs]).toEqual([19, 18]);
    const stored = (await storage.listModels()).find((m) => m.name === 'recs' && m.active)!;
    expect(stored.metrics).toMatchObject({ events: 19, pairs: 18, customers: 6, items: 6 });
  });

  it("scores a popular item by its number of customers, whatever category the request's context favours", async () => {
    await trainRecommender(storage, { model: 'popularity' });
    const served = await openRecommender(storage);
    // A cart of E (Toys) puts the Toys first: D (4 customers) with score 4, not 4 + the top score + 1.
    expect(forCart(served, ['E'], 3).map((i) => [i.sku, i.score, i.reason])).toEqual([
      ['D', 4, 'popular'],
      ['A', 3, 'popular'],
      ['B', 3, 'popular'],
    ]);
    // Items like A (Home > Kitchen): the kitchen's B and F first, each with its 3 customers.
    expect(similarItems(served, 'A', 3).map((i) => [i.sku, i.score])).toEqual([
      ['B', 3],
      ['F', 3],
      ['D', 4],
    ]);
    // A stranger: the popular items by their customers, as above.
    const stranger = await recommend(storage, served, 'nobody', 2);
    expect(stranger.items.map((i) => [i.sku, i.score, i.reason])).toEqual([
      ['D', 4, 'popular'],
      ['A', 3, 'popular'],
    ]);
  });
});
