import { openRecommender, recommend, similarItems, trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;

const RECS = `query ($rules: RecommendationRulesInput) {
  recommendations(customerId: "c0", first: 3, rules: $rules) { items { sku } } }`;
const RELATED = `query ($rules: RecommendationRulesInput) {
  item(sku: "A") { related(first: 3, rules: $rules) { sku } } }`;
const CUSTOMER = `query ($rules: RecommendationRulesInput) {
  customer(id: "c0") { recommendations(first: 3, rules: $rules) { items { sku } } } }`;

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

describe('SKUs in the rules', () => {
  it('refuses allow and deny SKUs the store does not know, every one at once, on every recommendation field', async () => {
    const rules = { allow: ['A', 'NOPE', 'B'], deny: ['C', 'GONE'] };
    for (const query of [RECS, RELATED, CUSTOMER]) {
      const r = await gql(gw.url, query, { key: reader, variables: { rules } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      const error = r.body.errors![0]!;
      expect(error.message).toBe(
        '2 SKUs the store does not know in rules.allow and rules.deny: rules.allow[1] names an unknown item "NOPE"; rules.deny[1] names an unknown item "GONE"',
      );
      expect(error.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'rules.allow[1]',
        problems: [
          { field: 'rules.allow[1]', message: 'rules.allow[1] names an unknown item "NOPE"' },
          { field: 'rules.deny[1]', message: 'rules.deny[1] names an unknown item "GONE"' },
        ],
      });
    }
    const one = await gql(gw.url, RECS, { key: reader, variables: { rules: { deny: ['A', 'TYPO'] } } });
    expect(one.body.errors?.[0]?.message).toBe('rules.deny[1] names an unknown item "TYPO"');
  });

  it('accepts a SKU stored after the served snapshot was taken, and serves what the engine serves', async () => {
    await gql(gw.url, RECS, { key: reader });
    await gw.storage.upsertItems([{ sku: 'FRESH', title: 'Fresh' }]);
    const rules = { allow: ['A', 'B', 'C', 'FRESH'], deny: ['FRESH'] };
    const r = await gql(gw.url, RECS, { key: reader, variables: { rules } });
    const served = await openRecommender(gw.storage);
    const expected = await recommend(gw.storage, served, 'c0', 3, rules);
    const items = dataOf<{ items: { sku: string }[] }>(r, 'recommendations').items;
    expect(items.map((i) => i.sku)).toEqual(expected.items.map((i) => i.sku));
    expect(items.length).toBeGreaterThan(0);
    const related = await gql(gw.url, RELATED, { key: reader, variables: { rules: { deny: ['B'] } } });
    expect(dataOf<{ related: { sku: string }[] }>(related, 'item').related.map((i) => i.sku)).toEqual(
      similarItems(served, 'A', 3, { deny: ['B'] }).map((i) => i.sku),
    );
  });

  it('refuses an empty allow or includeCategories list, which would leave nothing to recommend', async () => {
    for (const key of ['allow', 'includeCategories']) {
      const r = await gql(gw.url, RECS, { key: reader, variables: { rules: { [key]: [] } } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.extensions?.field).toBe(`rules.${key}`);
      expect(r.body.errors?.[0]?.message).toBe(
        `rules.${key} is empty, which would leave no item to recommend: leave ${key} out (or null) for no such rule`,
      );
    }
    // An empty deny or excludeCategories list leaves nothing out, as it says: accepted.
    const r = await gql(gw.url, RECS, {
      key: reader,
      variables: { rules: { deny: [], excludeCategories: [] } },
    });
    expect(dataOf<{ items: unknown[] }>(r, 'recommendations').items).toHaveLength(3);
  });
});
