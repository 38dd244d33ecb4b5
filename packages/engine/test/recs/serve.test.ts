import type { Storage } from '@storewise/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  openRecommender,
  priceRuleProblems,
  type RecommendedItem,
  recommend,
  type ServedRecommender,
  sameCatalog,
  serveModel,
  trainRecommender,
} from '../../src/recs/index.js';
import { adapters, laterEvent, seedShop } from './shop-fixture.js';

// Item-kNN (cosine, every neighbour kept, unnormalized) scores of the fixture's customers: the matrix of
// shop-fixture.ts times the cosine matrix of its columns (diagonal zeroed), computed with NumPy
// (/usr/bin/python3: W = R'R / outer(n, n); scores = R[u] @ W), printed to 10 decimals.
const KNN: Record<string, Record<string, number>> = {
  c2: { A: 3.4309233406, B: 3.7236933625, C: 6.9594366886, D: 2.7623652699, E: 0.165748386, F: 2.4397501824 },
  c4: { A: 0.3311330893, B: 1.6556654463, C: 1.9867985356, D: 3.37440953, E: 3.37440953, F: 4.7065756018 },
};

/** Checks SKUs (as a set), scores against the reference and that scores never increase down the list. */
function expectRanking(items: RecommendedItem[], skus: string[], ref: Record<string, number>): void {
  expect(items.map((i) => i.sku).sort()).toEqual([...skus].sort());
  for (const item of items) expect(item.score).toBeCloseTo(ref[item.sku]!, 8);
  for (let r = 1; r < items.length; r++) expect(items[r]!.score).toBeLessThanOrEqual(items[r - 1]!.score);
}

// One store per adapter: the rules tests run first on the trained shop, then the fresh-event tests add
// events and items to it (vitest runs a file's tests in order).
describe.each(await adapters())('on %s', (_name, open) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await seedShop(await open());
  });

  describe('recommendations', () => {
    let served: ServedRecommender;
    beforeAll(async () => {
      await trainRecommender(storage, { model: 'item-knn' });
      served = await openRecommender(storage);
    });

    it('scores a trained customer as NumPy does and never returns a bought item with excludeBought', async () => {
      const all = await recommend(storage, served, 'c2', 6, { excludeBought: false });
      expect(all.strategy).toBe('model');
      expectRanking(all.items, ['A', 'B', 'C', 'D', 'E', 'F'], KNN.c2!);
      const r = await recommend(storage, served, 'c2', 6, { excludeBought: true });
      expect(r.items.map((i) => i.sku)).toEqual(['C', 'D', 'F', 'E']);
      expectRanking(r.items, ['C', 'D', 'F', 'E'], KNN.c2!);
      const seen = await recommend(storage, served, 'c2', 6, { excludeSeen: true });
      expect(seen.items.map((i) => i.sku)).toEqual(['C', 'D', 'E']);
    });

    it('keeps out-of-stock items out with inStockOnly (B has stock 0; C is untracked and stays)', async () => {
      const without = await recommend(storage, served, 'c4', 6, { excludeBought: false });
      expect(without.items.map((i) => i.sku)).toContain('B');
      const r = await recommend(storage, served, 'c4', 6, { inStockOnly: true, excludeBought: false });
      expectRanking(r.items, ['A', 'C', 'D', 'E', 'F'], KNN.c4!);
    });

    it('applies category include/exclude by path prefix, allow and deny lists', async () => {
      const home = await recommend(storage, served, 'c4', 6, {
        includeCategories: ['Home'],
        excludeBought: false,
      });
      expect(home.items.map((i) => i.sku)).toEqual(['F', 'C', 'B', 'A']);
      const noKitchen = await recommend(storage, served, 'c4', 6, {
        excludeCategories: [['Home', 'Kitchen']],
        excludeBought: false,
      });
      expectRanking(noKitchen.items, ['C', 'D', 'E'], KNN.c4!);
      // The path as imports write it, and with a slash, name the same category.
      for (const written of ['Home > Kitchen', ' Home>Kitchen ', 'Home/Kitchen']) {
        const r = await recommend(storage, served, 'c4', 6, {
          excludeCategories: [written],
          excludeBought: false,
        });
        expect(r.items).toEqual(noKitchen.items);
      }
      const denied = await recommend(storage, served, 'c4', 6, { deny: ['F', 'D'], excludeBought: false });
      expect(denied.items.map((i) => i.sku)).toEqual(['E', 'C', 'B', 'A']);
      const allowed = await recommend(storage, served, 'c4', 6, {
        allow: ['A', 'E', 'nope'],
        excludeBought: false,
      });
      expect(allowed.items.map((i) => i.sku)).toEqual(['E', 'A']);
    });

    it('keeps to a price range, inclusive, leaving out items without a price; refuses bounds that make none', async () => {
      // Prices given now (the fixture has none): A 8, B 25, C 12.5, D 15, E 3; F keeps none.
      await storage.upsertItems([
        { sku: 'A', price: 8 },
        { sku: 'B', price: 25 },
        { sku: 'C', price: 12.5 },
        { sku: 'D', price: 15 },
        { sku: 'E', price: 3 },
      ]);
      const priced = await serveModel(storage, served.trained);
      expect(priced.catalog.prices[priced.catalog.bySku.get('F')!]).toBeNaN();
      const between = await recommend(storage, priced, 'c4', 6, {
        minPrice: 8,
        maxPrice: 15,
        excludeBought: false,
      });
      expectRanking(between.items, ['A', 'C', 'D'], KNN.c4!);
      const cheap = await recommend(storage, priced, 'c4', 6, { maxPrice: 12.5, excludeBought: false });
      expectRanking(cheap.items, ['A', 'C', 'E'], KNN.c4!);
      const dear = await recommend(storage, priced, 'c4', 6, { minPrice: 15, excludeBought: false });
      expectRanking(dear.items, ['B', 'D'], KNN.c4!);
      // The catalog with prices is another snapshot than the one without.
      expect(sameCatalog(priced.catalog, served.catalog)).toBe(false);
      expect(priceRuleProblems({ minPrice: 20, maxPrice: 10 })).toEqual([
        {
          field: 'minPrice',
          message: 'rules.minPrice 20 is above rules.maxPrice 10: no price is in between',
        },
      ]);
      expect(priceRuleProblems({ minPrice: -1, maxPrice: Number.NaN })).toEqual([
        { field: 'minPrice', message: 'rules.minPrice must be a finite number >= 0, got -1' },
        { field: 'maxPrice', message: 'rules.maxPrice must be a finite number >= 0, got NaN' },
      ]);
      expect(priceRuleProblems({ minPrice: 0, maxPrice: 0 })).toEqual([]);
    });

    it('gives an unknown customer popular items (distinct customers), by context category first', async () => {
      // Counts read off the matrix: D 4; A, B, C, F 3 (catalog order breaks ties); E 2.
      const r = await recommend(storage, served, 'stranger', 6);
      expect(r.strategy).toBe('popular');
      expect(r.items.map((i) => [i.sku, i.score])).toEqual([
        ['D', 4],
        ['A', 3],
        ['B', 3],
        ['C', 3],
        ['F', 3],
        ['E', 2],
      ]);
      const toys = await recommend(storage, served, 'stranger', 3, {
        contextCategories: ['Toys'],
        inStockOnly: true,
      });
      expect(toys.items.map((i) => i.sku)).toEqual(['D', 'E', 'A']);
      expect(toys.items.every((i) => i.reason === 'popular')).toBe(true);
    });
  });

  describe('consent', () => {
    it('serves a customer who declined personalization as an anonymous visitor, until they agree again', async () => {
      await trainRecommender(storage, { model: 'item-knn' });
      const served = await openRecommender(storage);
      const stranger = await recommend(storage, served, 'stranger', 6, { excludeBought: true });
      await storage.upsertCustomers([{ externalId: 'c2', consent: { personalization: false } }]);
      try {
        // c2 has a trained row and purchases: neither is used, not even to leave out what they bought.
        const r = await recommend(storage, served, 'c2', 6, { excludeBought: true });
        expect(r).toEqual(stranger);
        expect(r.strategy).toBe('popular');
        expect(r.items.every((i) => i.because.length === 0)).toBe(true);
      } finally {
        await storage.upsertCustomers([{ externalId: 'c2', consent: { personalization: true } }]);
      }
      const back = await recommend(storage, served, 'c2', 6, { excludeBought: false });
      expect(back.strategy).toBe('model');
      expectRanking(back.items, ['A', 'B', 'C', 'D', 'E', 'F'], KNN.c2!);
    });
  });

  describe('fresh events and new items', () => {
    // One store for the three tests, which run in order: each adds events or items after the training
    // in beforeAll; the first also retrains (the later ones serve the first model).
    let trained: Awaited<ReturnType<typeof trainRecommender>>;
    beforeAll(async () => {
      trained = await trainRecommender(storage, { model: 'item-knn' });
    });

    it('folds a known customer with a fresh purchase in, ranking as a retrain does', async () => {
      const served = await serveModel(storage, trained.recommender);
      await storage.appendEvents([laterEvent('late-3', 'c3', 'purchase', 'D')]);
      const r = await recommend(storage, served, 'c3', 3, { excludeBought: true });
      expect(r.strategy).toBe('fold-in');
      // NumPy: c3's row with D += 5, times the trained cosine matrix: B 8.6534652023, F 6.6052005519,
      // E 4.049291436; after retraining with the event (cosine recomputed): B 8.31, F 5.80, E 3.35.
      expect(r.items.map((i) => i.sku)).toEqual(['B', 'F', 'E']);
      expect(r.items.map((i) => i.score)).toEqual([
        expect.closeTo(8.6534652023, 8),
        expect.closeTo(6.6052005519, 8),
        expect.closeTo(4.049291436, 8),
      ]);
      await trainRecommender(storage, { model: 'item-knn' });
      const retrained = await recommend(storage, await openRecommender(storage), 'c3', 3, {
        excludeBought: true,
      });
      expect(retrained.strategy).toBe('model');
      expect(retrained.items.map((i) => i.sku)).toEqual(r.items.map((i) => i.sku));
    });
    it('folds a new customer with events in and explains with the history item that contributed most', async () => {
      const served = await serveModel(storage, trained.recommender);
      await storage.appendEvents([
        laterEvent('late-1', 'c7', 'view', 'E', 1),
        laterEvent('late-2', 'c7', 'purchase', 'A', 2),
      ]);
      const r = await recommend(storage, served, 'c7', 4, { excludeSeen: true });
      expect(r.strategy).toBe('fold-in');
      // NumPy: h = (A 5, E 1) times the cosine matrix: B 3.3333333333, C 3.3333333333, D 1.0060149953,
      // F 0.6536984225; F's parts: A 5 x 0.0975900073 = 0.4879500365, E 1 x 0.165748386.
      expect(r.items.map((i) => i.sku)).toEqual(['B', 'C', 'D', 'F']);
      const f = r.items[3]!;
      expect(f.score).toBeCloseTo(0.6536984225, 8);
      expect(f.because.map((b) => b.sku)).toEqual(['A', 'E']);
      expect(f.because[0]!.event).toBe('purchase');
      expect(f.because[0]!.contribution).toBeCloseTo(0.4879500365, 8);
      expect(f.because[1]!.event).toBe('view');
      // A marked as a fee (postage, say) still weighs in F's score, but is no reason to show: E alone is.
      await storage.upsertItems([{ sku: 'A', attributes: { recommendable: false } }]);
      try {
        const fee = await recommend(storage, await serveModel(storage, trained.recommender), 'c7', 4, {
          excludeSeen: true,
        });
        const feeF = fee.items.find((i) => i.sku === 'F')!;
        expect(feeF.score).toBeCloseTo(0.6536984225, 8);
        expect(feeF.because.map((b) => b.sku)).toEqual(['E']);
        expect(fee.items.every((i) => i.because.every((b) => b.sku !== 'A'))).toBe(true);
      } finally {
        await storage.upsertItems([{ sku: 'A', attributes: { recommendable: true } }]);
      }
    });

    it('reaches an item added after training through its category (G, in Toys)', async () => {
      await storage.upsertItems([{ sku: 'G', title: 'Top', categoryPath: ['Toys'], stock: 1 }]);
      const served = await serveModel(storage, trained.recommender);
      const r = await recommend(storage, served, 'c4', 6, { excludeBought: true });
      // G takes the mean of the trained Toys items' scores for c4 (D and E: 3.37440953).
      expect(r.items.map((i) => [i.sku, i.reason])).toEqual([
        ['F', 'model'],
        ['G', 'new-in-category'],
        ['C', 'model'],
        ['B', 'model'],
        ['A', 'model'],
      ]);
      expect(r.items[1]!.score).toBeCloseTo(3.37440953, 8);
      // A stranger's popular list: G has no popularity of its own, its score is its category's (the mean
      // of D's and E's), and its reason says so.
      const popular = await recommend(storage, served, 'a-stranger', 10);
      expect(popular.strategy).toBe('popular');
      const bySku = new Map(popular.items.map((i) => [i.sku, i]));
      expect(bySku.get('G')!.reason).toBe('new-in-category');
      expect(bySku.get('G')!.score).toBeCloseTo((bySku.get('D')!.score + bySku.get('E')!.score) / 2, 12);
      expect(popular.items.filter((i) => i.sku !== 'G').every((i) => i.reason === 'popular')).toBe(true);
    });

    it('never recommends an item marked recommendable: false (a fee, postage)', async () => {
      // F is c4's best trained item (KNN above); marked as a fee, it disappears from every answer.
      await storage.upsertItems([{ sku: 'F', attributes: { recommendable: false } }]);
      const served = await serveModel(storage, trained.recommender);
      const r = await recommend(storage, served, 'c4', 10, {});
      expect(r.items.map((i) => i.sku)).not.toContain('F');
      expect(r.items.length).toBeGreaterThan(3);
      await storage.upsertItems([{ sku: 'F', attributes: { recommendable: true } }]);
    });

    it('reaches a new item through shared attributes, then through its parent category', async () => {
      await storage.upsertItems([
        { sku: 'A', attributes: { brand: 'acme' } },
        { sku: 'F', attributes: { brand: 'acme' } },
        { sku: 'H', title: 'Acme mug', attributes: { brand: 'acme', colour: 'red' } },
        { sku: 'I', title: 'Towel', categoryPath: ['Home', 'Bathroom'] },
      ]);
      const served = await serveModel(storage, trained.recommender);
      const r = await recommend(storage, served, 'c4', 10, {});
      const bySku = new Map(r.items.map((i) => [i.sku, i]));
      // H shares brand=acme with A and F: the mean of their scores for c4 (see KNN above).
      expect(bySku.get('H')).toMatchObject({ reason: 'new-by-attributes', because: [] });
      expect(bySku.get('H')!.score).toBeCloseTo((KNN.c4!.A! + KNN.c4!.F!) / 2, 8);
      // No trained item is in Home/Bathroom: I takes the mean of the trained Home items A, B, C and F.
      expect(bySku.get('I')).toMatchObject({ reason: 'new-in-category' });
      const home = (KNN.c4!.A! + KNN.c4!.B! + KNN.c4!.C! + KNN.c4!.F!) / 4;
      expect(bySku.get('I')!.score).toBeCloseTo(home, 8);
    });
  });
});
