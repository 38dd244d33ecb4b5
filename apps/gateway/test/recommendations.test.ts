import { forCart, openRecommender, recommend, similarItems, trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;
let storefront: string;

const RECS = `query ($id: String!, $rules: RecommendationRulesInput, $context: RecommendationContextInput) {
  recommendations(customerId: $id, first: 3, rules: $rules, context: $context) {
    strategy items { sku score reason because { sku event } item { sku } } } }`;

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  storefront = await gw.key(['storefront']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
});
afterAll(() => gw.close());

describe('recommendations', () => {
  it('answers MODEL_NOT_TRAINED before any recommender is trained', async () => {
    const r = await gql(gw.url, RECS, { key: reader, variables: { id: 'c0' } });
    expect(codes(r)).toEqual(['MODEL_NOT_TRAINED']);
    expect(r.body.errors?.[0]?.message).toMatch(/no recommender has been trained/);
  });

  it('serves what the engine recommends, with explanations, to read and storefront keys', async () => {
    await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
    const served = await openRecommender(gw.storage);
    const expected = await recommend(gw.storage, served, 'c0', 3, { excludeBought: true });
    for (const key of [reader, storefront]) {
      const r = await gql(gw.url, RECS, { key, variables: { id: 'c0', rules: { excludeBought: true } } });
      const recs = dataOf<{
        strategy: string;
        items: { sku: string; score: number; item: { sku: string } }[];
      }>(r, 'recommendations');
      expect(recs.strategy).toBe(expected.strategy);
      expect(recs.items.map((i) => i.sku)).toEqual(expected.items.map((i) => i.sku));
      expect(recs.items.map((i) => i.score)).toEqual(expected.items.map((i) => i.score));
      expect(recs.items.every((i) => i.item.sku === i.sku)).toBe(true);
    }
    expect(expected.items.length).toBeGreaterThan(0);
  });

  it('recommends for a cart, and refuses a cart item it does not know by its position', async () => {
    const served = await openRecommender(gw.storage);
    const expected = forCart(served, ['A'], 3);
    const r = await gql(gw.url, RECS, {
      key: reader,
      variables: { id: 'anyone', context: { cartItemIds: ['A'] } },
    });
    const recs = dataOf<{ strategy: string; items: { sku: string }[] }>(r, 'recommendations');
    expect(recs.strategy).toBe('cart');
    expect(recs.items.map((i) => i.sku)).toEqual(expected.map((i) => i.sku));
    const bad = await gql(gw.url, RECS, {
      key: reader,
      variables: { id: 'x', context: { cartItemIds: ['A', 'ZZZ'] } },
    });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors?.[0]?.extensions?.field).toBe('context.cartItemIds[1]');
  });

  it('gives popular items to an unknown customer and checks the rules', async () => {
    const r = await gql(gw.url, RECS, { key: reader, variables: { id: 'never-seen' } });
    expect(dataOf<{ strategy: string }>(r, 'recommendations').strategy).toBe('popular');
    const bad = await gql(gw.url, RECS, { key: reader, variables: { id: 'c0', rules: { diversity: 2 } } });
    expect(bad.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'rules.diversity' });
  });

  it('serves related items on an item and recommendations on a customer', async () => {
    const served = await openRecommender(gw.storage);
    const r = await gql(
      gw.url,
      '{ item(sku: "A") { related(first: 2) { sku because { sku event } } } customer(id: "c1") { recommendations(first: 2) { items { sku } } } }',
      { key: reader },
    );
    const related = dataOf<{ related: { sku: string }[] }>(r, 'item').related;
    expect(related.map((i) => i.sku)).toEqual(similarItems(served, 'A', 2).map((i) => i.sku));
    const forC1 = (await recommend(gw.storage, served, 'c1', 2)).items.map((i) => i.sku);
    expect(
      dataOf<{ recommendations: { items: { sku: string }[] } }>(r, 'customer').recommendations.items.map(
        (i) => i.sku,
      ),
    ).toEqual(forC1);
  });

  it('keeps item and customer reads from a storefront key', async () => {
    const r = await gql(gw.url, '{ item(sku: "A") { related(first: 2) { sku } } }', { key: storefront });
    expect(r.status).toBe(403);
  });
});
