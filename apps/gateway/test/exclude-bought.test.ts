import { trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;

const RECS = `query ($id: String!, $rules: RecommendationRulesInput) {
  recommendations(customerId: $id, first: 8, rules: $rules) { items { sku } } }`;
const CUSTOMER_RECS = `query ($id: String!, $rules: RecommendationRulesInput) {
  customer(id: $id) { recommendations(first: 8, rules: $rules) { items { sku } } } }`;

// c0 bought A and C and viewed B (recs-shop.ts); here they also rate D.
beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents([
    ...shopEvents(),
    {
      eventId: 'c0-rates-D',
      type: 'rating',
      customerId: 'c0',
      sku: 'D',
      rating: 4,
      timestamp: new Date(Date.UTC(2024, 0, 1, 5)),
    },
  ]);
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

async function skus(query: string, rules: Record<string, unknown> | null): Promise<string[]> {
  const r = await gql(gw.url, query, { key: reader, variables: { id: 'c0', rules } });
  const data =
    query === RECS
      ? dataOf<{ items: { sku: string }[] }>(r, 'recommendations')
      : dataOf<{ recommendations: { items: { sku: string }[] } }>(r, 'customer').recommendations;
  return data.items.map((i) => i.sku);
}

describe("a customer's recommendations leave out what they bought or rated by default", () => {
  for (const [name, query] of [
    ['recommendations', RECS],
    ['customer { recommendations }', CUSTOMER_RECS],
  ] as const) {
    it(`${name}: without A, C (bought) and D (rated), with B (viewed); excludeBought: false brings them back`, async () => {
      const all = await skus(query, { excludeBought: false });
      expect(all).toEqual(expect.arrayContaining(['A', 'B', 'C', 'D']));
      // Leaving items out keeps the others in their order: the full list without A, C and D.
      const expected = all.filter((sku) => !['A', 'C', 'D'].includes(sku));
      expect(expected).toContain('B');
      expect(await skus(query, null)).toEqual(expected);
      expect(await skus(query, { inStockOnly: false })).toEqual(expected);
      expect(await skus(query, { excludeBought: true })).toEqual(expected);
    });
  }
});

describe("a cart given with its owner's id leaves out what they bought or rated by default", () => {
  const CART = `query ($id: String!, $rules: RecommendationRulesInput) {
    recommendations(customerId: $id, first: 8, rules: $rules, context: { cartItemIds: ["B"] }) {
      strategy items { sku } } }`;
  const cart = async (key: string, rules: Record<string, unknown> | null) => {
    const r = await gql(gw.url, CART, { key, variables: { id: 'c0', rules } });
    const data = dataOf<{ strategy: string; items: { sku: string }[] }>(r, 'recommendations');
    expect(data.strategy).toBe('CART');
    return data.items.map((i) => i.sku);
  };

  it('for a key that may read the customer; a storefront key without their token gets the cart alone', async () => {
    const all = await cart(reader, { excludeBought: false });
    expect(all).toEqual(expect.arrayContaining(['A', 'C', 'D']));
    const expected = all.filter((sku) => !['A', 'C', 'D'].includes(sku));
    expect(await cart(reader, null)).toEqual(expected);
    // A stranger's cart (nothing of c0's history used, nothing revealed): as with excludeBought false.
    const storefront = await gw.key(['storefront']);
    expect(await cart(storefront, null)).toEqual(all);
  });
});
