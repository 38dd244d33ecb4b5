import { historyOf, openRecommender, recommendFromHistory, trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let storefront: string;
let reader: string;

const RECS = `query ($id: String!, $context: RecommendationContextInput) {
  recommendations(customerId: $id, first: 6, context: $context) { strategy items { sku reason } } }`;

beforeAll(async () => {
  gw = await startTestGateway();
  storefront = await gw.key(['storefront']);
  reader = await gw.key(['read']);
  // A-D in Home > Kitchen, E-H in Garden > Tools.
  await gw.storage.upsertItems(
    SHOP_SKUS.map((sku, i) => ({ sku, categoryPath: i < 4 ? ['Home', 'Kitchen'] : ['Garden', 'Tools'] })),
  );
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

describe('context.categories', () => {
  it("puts the browsed category's popular items first for a visitor the model does not know", async () => {
    const served = await openRecommender(gw.storage);
    const stranger = historyOf([], served.trained, served.catalog);
    const expected = recommendFromHistory(served, null, stranger, 6, { contextCategories: ['Garden'] });
    // E-H first (the browsed category), then the rest; without the context, by popularity alone.
    expect(
      expected.items
        .slice(0, 4)
        .map((i) => i.sku)
        .sort(),
    ).toEqual(['E', 'F', 'G', 'H']);
    const plain = recommendFromHistory(served, null, stranger, 6);
    expect(plain.items.map((i) => i.sku)).not.toEqual(expected.items.map((i) => i.sku));
    const r = await gql(gw.url, RECS, {
      key: storefront,
      variables: { id: 'a-visitor', context: { categories: ['Garden'] } },
    });
    const recs = dataOf<{ strategy: string; items: { sku: string; reason: string }[] }>(r, 'recommendations');
    expect(recs.strategy).toBe('POPULAR');
    expect(recs.items.map((i) => i.sku)).toEqual(expected.items.map((i) => i.sku));
  });

  it('leaves a list the model scores as it is, and refuses a category that names none', async () => {
    const asked = (context?: object) =>
      gql(gw.url, RECS, { key: reader, variables: { id: 'c0', ...(context ? { context } : {}) } });
    const withContext = dataOf(await asked({ categories: ['Garden'] }), 'recommendations');
    expect(withContext).toEqual(dataOf(await asked(), 'recommendations'));
    const bad = await asked({ categories: ['Garden', ' / '] });
    expect(bad.body.errors?.[0]).toMatchObject({
      message: 'context.categories[1] names no category: " / " holds only separators (> or /)',
      extensions: { code: 'BAD_USER_INPUT', field: 'context.categories[1]' },
    });
  });
});
