import {
  historyOf,
  openRecommender,
  recommend,
  recommendFromHistory,
  trainRecommender,
} from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;
let storefront: string;

const RECS = `query ($rules: RecommendationRulesInput, $context: RecommendationContextInput) {
  recommendations(customerId: "c0", first: 3, rules: $rules, context: $context) { items { sku } } }`;
const RELATED = `query ($rules: RecommendationRulesInput) {
  item(sku: "A") { related(first: 3, rules: $rules) { sku } } }`;
const CUSTOMER = `query ($rules: RecommendationRulesInput) {
  customer(id: "c0") { recommendations(first: 3, rules: $rules) { items { sku } } } }`;

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  storefront = await gw.key(['storefront']);
  // A-D in Home > Kitchen, E-H in Garden > Tools.
  await gw.storage.upsertItems(
    SHOP_SKUS.map((sku, i) => ({ sku, categoryPath: i < 4 ? ['Home', 'Kitchen'] : ['Garden', 'Tools'] })),
  );
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

const skus = (r: Awaited<ReturnType<typeof gql>>) =>
  dataOf<{ items: { sku: string }[] }>(r, 'recommendations').items.map((i) => i.sku);

describe('categories in the rules', () => {
  it('refuses include and exclude categories no item is under, every one at once, on every recommendation field', async () => {
    // "Homeware" is not under "Home" (whole levels), "Hmoe" is a typo, "Home > Garden" a path no item has.
    const rules = { includeCategories: ['Home', 'Homeware'], excludeCategories: ['Hmoe', 'Home > Garden'] };
    for (const query of [RECS, RELATED, CUSTOMER]) {
      const r = await gql(gw.url, query, { key: reader, variables: { rules } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      const error = r.body.errors![0]!;
      expect(error.message).toBe(
        '3 categories no item is under in rules.includeCategories and rules.excludeCategories: rules.includeCategories[1] names a category no item is under: "Homeware"; rules.excludeCategories[0] names a category no item is under: "Hmoe"; rules.excludeCategories[1] names a category no item is under: "Home > Garden"',
      );
      expect(error.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'rules.includeCategories[1]',
        problems: [
          {
            field: 'rules.includeCategories[1]',
            message: 'rules.includeCategories[1] names a category no item is under: "Homeware"',
          },
          {
            field: 'rules.excludeCategories[0]',
            message: 'rules.excludeCategories[0] names a category no item is under: "Hmoe"',
          },
          {
            field: 'rules.excludeCategories[1]',
            message: 'rules.excludeCategories[1] names a category no item is under: "Home > Garden"',
          },
        ],
      });
    }
    const one = await gql(gw.url, RECS, {
      key: storefront,
      variables: { rules: { includeCategories: ['Hmoe'] } },
    });
    expect(one.body.errors).toEqual([
      {
        message: 'rules.includeCategories[0] names a category no item is under: "Hmoe"',
        path: ['recommendations'],
        locations: [{ line: 2, column: 3 }],
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'rules.includeCategories[0]',
          problems: [
            {
              field: 'rules.includeCategories[0]',
              message: 'rules.includeCategories[0] names a category no item is under: "Hmoe"',
            },
          ],
        },
      },
    ]);
  });

  it('lists unknown SKUs and categories together', async () => {
    const r = await gql(gw.url, RECS, {
      key: reader,
      variables: { rules: { deny: ['NOPE'], excludeCategories: ['Hmoe'] } },
    });
    expect(r.body.errors?.[0]?.message).toBe(
      '2 names that match no item in rules.deny and rules.excludeCategories: rules.deny[0] names an unknown item "NOPE"; rules.excludeCategories[0] names a category no item is under: "Hmoe"',
    );
  });

  it('accepts a category matched by whole levels in any of its spellings, and serves what the engine serves', async () => {
    const served = await openRecommender(gw.storage);
    for (const rules of [
      { includeCategories: ['Garden'] },
      { includeCategories: ['Garden/Tools'] },
      { includeCategories: [' Garden >  Tools '] },
      { excludeCategories: ['Home'] },
    ]) {
      const r = await gql(gw.url, RECS, { key: reader, variables: { rules } });
      const expected = await recommend(gw.storage, served, 'c0', 3, rules);
      expect(skus(r), JSON.stringify(rules)).toEqual(expected.items.map((i) => i.sku));
      expect(skus(r).every((sku) => ['E', 'F', 'G', 'H'].includes(sku))).toBe(true);
      expect(skus(r)).toHaveLength(3);
    }
  });

  it('accepts a category only an item stored since the served snapshot is under', async () => {
    await gql(gw.url, RECS, { key: reader });
    await gw.storage.upsertItems([{ sku: 'KITE', categoryPath: ['Toys', 'Outdoor'] }]);
    const r = await gql(gw.url, RECS, { key: reader, variables: { rules: { excludeCategories: ['Toys'] } } });
    expect(r.body.errors).toBeUndefined();
    expect(skus(r)).toHaveLength(3);
  });

  it('looks for an unknown category in the stored catalog once while the catalog is unchanged', async () => {
    const scans = vi.spyOn(gw.storage, 'scanItems');
    try {
      const rules = { includeCategories: ['Boats'] };
      for (let i = 0; i < 3; i++) {
        const r = await gql(gw.url, RECS, { key: storefront, variables: { rules } });
        expect(r.body.errors?.[0]?.message).toBe(
          'rules.includeCategories[0] names a category no item is under: "Boats"',
        );
      }
      expect(scans).toHaveBeenCalledTimes(1);
      // An item stored under it changes the catalog's version: the next request looks again, and is served.
      await gw.storage.upsertItems([{ sku: 'DINGHY', categoryPath: ['Boats'] }]);
      const r = await gql(gw.url, RECS, { key: storefront, variables: { rules } });
      expect(r.body.errors).toBeUndefined();
      expect(scans).toHaveBeenCalledTimes(2);
    } finally {
      scans.mockRestore();
    }
  });

  it('accepts a browsing context category no item is under: it orders nothing, the list is as without it', async () => {
    const served = await openRecommender(gw.storage);
    const stranger = recommendFromHistory(served, null, historyOf([], served.trained, served.catalog), 3);
    const r = await gql(
      gw.url,
      `query ($context: RecommendationContextInput) {
        recommendations(customerId: "a-visitor", first: 3, context: $context) { items { sku } } }`,
      { key: storefront, variables: { context: { categories: ['New Arrivals'] } } },
    );
    expect(skus(r)).toEqual(stranger.items.map((i) => i.sku));
  });
});
