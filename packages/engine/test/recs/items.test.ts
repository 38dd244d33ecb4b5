import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  forCart,
  loadCatalog,
  openRecommender,
  readHistory,
  sameCatalog,
  similarItems,
  trainRecommender,
} from '../../src/recs/index.js';
import { seedShop } from './shop-fixture.js';

// Row D of the fixture's item-kNN cosine matrix (NumPy, see serve.test.ts): A 0.0662266179,
// B 0.3311330893, C 0.3973597071, E 0.674881906, F 0.7755667343.
const ROW_D = { A: 0.0662266179, B: 0.3311330893, C: 0.3973597071, E: 0.674881906, F: 0.7755667343 };

describe('similarItems and forCart (memory)', async () => {
  const storage = await seedShop(await openStorage('memory:'));
  await trainRecommender(storage, { model: 'item-knn' });
  await storage.upsertItems([{ sku: 'G', title: 'Top', categoryPath: ['Toys'], stock: 1 }]);
  const served = await openRecommender(storage);

  it('similarItems: the item-kNN neighbours, never the item itself, under the rules', () => {
    const all = similarItems(served, 'D', 10);
    // G (new, Toys) takes the mean of the Toys items' row values: (D 0 + E 0.674881906) / 2.
    expect(all.map((i) => i.sku)).toEqual(['F', 'E', 'C', 'G', 'B', 'A']);
    const want = { ...ROW_D, G: 0.674881906 / 2 };
    for (const item of all) expect(item.score).toBeCloseTo(want[item.sku as keyof typeof want], 8);
    expect(similarItems(served, 'D', 10, { inStockOnly: true, deny: ['F'] }).map((i) => i.sku)).toEqual([
      'E',
      'C',
      'G',
      'A',
    ]);
  });

  it('similarItems of an item newer than the model: the popular items of its category first', () => {
    // D (4 customers) and E (2) share Toys with G; then the rest by popularity, catalog order on ties.
    const r = similarItems(served, 'G', 3);
    expect(r.map((i) => [i.sku, i.reason])).toEqual([
      ['D', 'popular'],
      ['E', 'popular'],
      ['A', 'popular'],
    ]);
    expect(() => similarItems(served, 'nope', 3)).toThrow('item "nope" is not in the catalog');
  });

  it('forCart: scores from the cart items, explains with them, leaves the cart out', () => {
    const r = forCart(served, ['D'], 4, { excludeCategories: ['Home/Garden'] });
    expect(r.map((i) => i.sku)).toEqual(['F', 'E', 'G', 'B']);
    expect(r[0]!.score).toBeCloseTo(ROW_D.F, 8);
    expect(r[0]!.because).toEqual([
      { sku: 'D', title: 'Kite', event: 'cart', contribution: expect.closeTo(ROW_D.F, 8) },
    ]);
    // G is new: the mean of the trained Toys items' scores for this cart (D 0, E 0.674881906) / 2
    expect(r[2]!).toMatchObject({ sku: 'G', reason: 'new-in-category', because: [] });
    expect(r[2]!.score).toBeCloseTo(0.674881906 / 2, 8);
    expect(() => forCart(served, ['A', 'zzz'], 3)).toThrow('cart item "zzz" is not in the catalog');
  });

  it("forCart with the cart owner's history: excludeBought and excludeSeen leave out what they bought and saw", async () => {
    // c6 viewed E and bought D and F; a cart of D scores F, E, C, G, B, A (ROW_D, G new in Toys).
    const history = await readHistory(storage, 'c6', served.trained, served.catalog);
    const all = forCart(served, ['D'], 10, { excludeBought: false }, history).map((i) => i.sku);
    expect(all).toEqual(['F', 'E', 'C', 'G', 'B', 'A']);
    // With the owner's history, what they bought is left out by default, as from their own list.
    for (const rules of [{ excludeBought: true }, {}])
      expect(forCart(served, ['D'], 10, rules, history).map((i) => i.sku)).toEqual(['E', 'C', 'G', 'B', 'A']);
    expect(forCart(served, ['D'], 10, { excludeSeen: true }, history).map((i) => i.sku)).toEqual([
      'C',
      'G',
      'B',
      'A',
    ]);
    // Without a history the rules have nothing to leave out.
    expect(forCart(served, ['D'], 10, { excludeBought: true }).map((i) => i.sku)).toEqual(all);
    // A cart of an item the model has not seen falls back to popular items, under the same rules.
    const cold = forCart(served, ['G'], 10, { excludeBought: true }, history).map((i) => i.sku);
    expect(cold).not.toContain('D');
    expect(cold).not.toContain('F');
    expect(cold).toContain('E');
  });
});

describe('similarItems and forCart where the model relates fewer than k items (memory)', async () => {
  // c7 alone bought H and I (Toys): the model relates H to I and to nothing else (score 0).
  const storage = await seedShop(await openStorage('memory:'));
  await storage.upsertItems([
    { sku: 'H', title: 'Ball', categoryPath: ['Toys'], stock: 1 },
    { sku: 'I', title: 'Bat', categoryPath: ['Toys'], stock: 1 },
  ]);
  await storage.appendEvents(
    ['H', 'I'].map((sku, n) => ({
      eventId: `h${n}`,
      type: 'purchase' as const,
      customerId: 'c7',
      sku,
      timestamp: new Date(Date.UTC(2025, 1, 1 + n)),
    })),
  );
  await trainRecommender(storage, { model: 'item-knn' });
  const served = await openRecommender(storage);

  it('ranks the related items, then the popular items of the category, then the rest, as popular with score 0', () => {
    // Distinct customers: D 4 (Toys), A, B, C, F 3, E 2 (Toys); ties in catalog order.
    const r = similarItems(served, 'H', 4);
    expect(r.map((i) => [i.sku, i.reason, i.score])).toEqual([
      ['I', 'model', 1],
      ['D', 'popular', 0],
      ['E', 'popular', 0],
      ['A', 'popular', 0],
    ]);
    expect(r[0]!.because).toEqual([{ sku: 'H', title: 'Ball', event: 'item', contribution: 1 }]);
    expect(r.slice(1).every((i) => i.because.length === 0)).toBe(true);
    // The rules hold for the items filled in too (C's stock is not tracked: it counts as in stock).
    expect(similarItems(served, 'H', 4, { deny: ['D'], inStockOnly: true }).map((i) => i.sku)).toEqual([
      'I',
      'E',
      'A',
      'C',
    ]);
  });

  it("fills a cart's list the same way, favouring the cart's categories", () => {
    expect(forCart(served, ['H'], 3).map((i) => [i.sku, i.reason, i.score])).toEqual([
      ['I', 'model', 1],
      ['D', 'popular', 0],
      ['E', 'popular', 0],
    ]);
  });
});

describe('sameCatalog', async () => {
  const storage = await seedShop(await openStorage('memory:'));
  await trainRecommender(storage, { model: 'item-knn' });
  const model = (await openRecommender(storage)).trained.model;
  const snapshot = () => loadCatalog(storage, model);

  it('is true for two snapshots of an unchanged store, false after any change serving reads', async () => {
    const first = await snapshot();
    expect(sameCatalog(first, await snapshot())).toBe(true);
    const changes: Parameters<typeof storage.upsertItems>[0][] = [
      [{ sku: 'A', stock: 0 }],
      [{ sku: 'A', stock: 0, title: 'Renamed' }],
      [{ sku: 'A', stock: 0, title: 'Renamed', categoryPath: ['Elsewhere'] }],
      [{ sku: 'A', stock: 0, title: 'Renamed', categoryPath: ['Elsewhere'], attributes: { colour: 'red' } }],
      [{ sku: 'NEW' }],
    ];
    let before = first;
    for (const change of changes) {
      await storage.upsertItems(change);
      const after = await snapshot();
      expect(sameCatalog(before, after)).toBe(false);
      expect(sameCatalog(after, await snapshot())).toBe(true);
      before = after;
    }
  });
});
