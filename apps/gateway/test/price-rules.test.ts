import { openRecommender, recommend, similarItems, trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;

const RECS = `query ($rules: RecommendationRulesInput) {
  recommendations(customerId: "c0", first: 8, rules: $rules) { items { sku } } }`;
const RELATED = `query ($rules: RecommendationRulesInput) {
  item(sku: "A") { related(first: 8, rules: $rules) { sku } } }`;

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  // A costs 1, B 2, ... G 7; H has no price.
  await gw.storage.upsertItems(
    SHOP_SKUS.map((sku, i) => ({ sku, title: `Item ${sku}`, ...(sku === 'H' ? {} : { price: i + 1 }) })),
  );
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

const skusOf = (r: Awaited<ReturnType<typeof gql>>) =>
  dataOf<{ items: { sku: string }[] }>(r, 'recommendations').items.map((i) => i.sku);

describe('price rules', () => {
  it('keeps to the price range as the engine does, for a customer and for related items', async () => {
    const served = await openRecommender(gw.storage);
    for (const rules of [{ minPrice: 2, maxPrice: 6 }, { maxPrice: 3 }, { minPrice: 5 }]) {
      const r = await gql(gw.url, RECS, { key: reader, variables: { rules } });
      const expected = (await recommend(gw.storage, served, 'c0', 8, rules)).items.map((i) => i.sku);
      expect(skusOf(r), JSON.stringify(rules)).toEqual(expected);
      const prices = skusOf(r).map((sku) => SHOP_SKUS.indexOf(sku) + 1);
      expect(prices.every((p) => p >= (rules.minPrice ?? 0) && p <= (rules.maxPrice ?? 7))).toBe(true);
    }
    // H, without a price, is never in a price-ruled list (it is in the list without one).
    expect(skusOf(await gql(gw.url, RECS, { key: reader }))).toContain('H');
    const related = await gql(gw.url, RELATED, { key: reader, variables: { rules: { minPrice: 3 } } });
    expect(dataOf<{ related: { sku: string }[] }>(related, 'item').related.map((i) => i.sku)).toEqual(
      similarItems(served, 'A', 8, { minPrice: 3 }).map((i) => i.sku),
    );
  });

  it('refuses a negative bound, and a minimum above the maximum, naming the field', async () => {
    const refused = async (rules: object) => {
      const r = await gql(gw.url, RECS, { key: reader, variables: { rules } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      return r.body.errors![0]!;
    };
    expect(await refused({ minPrice: -1 })).toMatchObject({
      message: 'rules.minPrice must be a finite number >= 0, got -1',
      extensions: { field: 'rules.minPrice' },
    });
    expect(await refused({ minPrice: 6, maxPrice: 2 })).toMatchObject({
      message: 'rules.minPrice 6 is above rules.maxPrice 2: no price is in between',
      extensions: { field: 'rules.minPrice' },
    });
  });
});
