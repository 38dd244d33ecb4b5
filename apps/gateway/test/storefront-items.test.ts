import { trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../src/config/gateway-config.js';
import { SECRET, token, withToken } from './customer-tokens.js';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

const ITEM = '{ item(sku: "T2-MUG") { sku stock inStock attributes } }';
const ATTRIBUTES = { supplier: 'ACME Ltd', unitCost: 2.1, color: 'red', size: 'L' };

async function shop(config: Parameters<typeof startTestGateway>[0]): Promise<TestGateway> {
  const gw = await startTestGateway({ customerTokenSecret: SECRET, ...config });
  await gw.storage.upsertItems([
    ...SHOP_SKUS.map((sku) => ({ sku, stock: sku === 'A' ? 0 : null, attributes: { unitCost: 1 } })),
    { sku: 'T2-MUG', stock: 3, attributes: ATTRIBUTES },
  ]);
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
  return gw;
}

describe("a storefront key reading items (the gateway's defaults)", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await shop({});
  });
  afterAll(() => gw.close());

  it('reads no attribute and no exact stock, but whether the item is in stock', async () => {
    const storefront = await gw.key(['storefront']);
    const r = await gql(gw.url, ITEM, { key: storefront });
    expect(r.body.errors).toBeUndefined();
    expect(dataOf(r, 'item')).toEqual({ sku: 'T2-MUG', stock: null, inStock: true, attributes: {} });
    // With a customer token too: the token opens the customer's data, not the catalog's.
    const withTok = await gql(gw.url, ITEM, { key: storefront, headers: withToken(token('c0')) });
    expect(dataOf(withTok, 'item')).toEqual({ sku: 'T2-MUG', stock: null, inStock: true, attributes: {} });
  });

  it('hides them in recommended and related items as well', async () => {
    const storefront = await gw.key(['storefront']);
    const r = await gql(
      gw.url,
      '{ recommendations(customerId: "x", first: 8) { items { sku item { stock inStock attributes } } } }',
      { key: storefront },
    );
    const items = dataOf<{ items: { sku: string; item: Record<string, unknown> }[] }>(
      r,
      'recommendations',
    ).items;
    expect(items.length).toBeGreaterThan(0);
    for (const { sku, item } of items)
      expect(item).toEqual({ stock: null, inStock: sku === 'A' ? false : null, attributes: {} });
    const related = await gql(
      gw.url,
      '{ item(sku: "B") { related(first: 3) { item { attributes stock } } } }',
      {
        key: storefront,
      },
    );
    for (const rel of dataOf<{ related: { item: unknown }[] }>(related, 'item').related)
      expect(rel.item).toEqual({ attributes: {}, stock: null });
  });

  it('leaves read, write and admin keys reading everything', async () => {
    for (const scopes of [['read'], ['read', 'storefront'], ['admin']]) {
      const r = await gql(gw.url, ITEM, { key: await gw.key(scopes) });
      expect(dataOf(r, 'item'), scopes.join()).toEqual({
        sku: 'T2-MUG',
        stock: 3,
        inStock: true,
        attributes: ATTRIBUTES,
      });
    }
    const writer = await gw.key(['write']);
    const upsert = await gql(
      gw.url,
      'mutation { upsertItems(items: [{sku: "T2-MUG", stock: 0}]) { inserted updated } }',
      { key: writer },
    );
    expect(upsert.body.errors).toBeUndefined();
    const after = await gql(gw.url, ITEM, { key: await gw.key(['read']) });
    expect(dataOf(after, 'item')).toMatchObject({ stock: 0, inStock: false });
  });
});

describe('a storefront key with the attributes and the stock it may read set', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await shop(
      readGatewayConfig({
        STOREWISE_STOREFRONT_ITEM_ATTRIBUTES: 'color, size,weight',
        STOREWISE_STOREFRONT_EXACT_STOCK: 'true',
      }),
    );
  });
  afterAll(() => gw.close());

  it('reads the listed attributes the item has and its exact stock', async () => {
    const r = await gql(gw.url, ITEM, { key: await gw.key(['storefront']) });
    expect(dataOf(r, 'item')).toEqual({
      sku: 'T2-MUG',
      stock: 3,
      inStock: true,
      attributes: { color: 'red', size: 'L' },
    });
  });
});

describe('the storefront item settings', () => {
  it('default to no attribute and no exact stock, and refuse a malformed flag', () => {
    expect(readGatewayConfig({})).toMatchObject({
      storefrontItemAttributes: [],
      storefrontExactStock: false,
    });
    expect(() => readGatewayConfig({ STOREWISE_STOREFRONT_EXACT_STOCK: 'maybe' })).toThrow(
      'STOREWISE_STOREFRONT_EXACT_STOCK must be true or false, got "maybe"',
    );
  });
});
