import { trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let storefront: string;
let writer: string;

const TRACK = `mutation ($events: [EventInput!]!) {
  trackEvents(events: $events) { inserted duplicates rejected errors { index field message } }
}`;

interface Tracked {
  inserted: number;
  rejected: number;
  errors: { index: number; field: string; message: string }[];
}

beforeAll(async () => {
  gw = await startTestGateway();
  storefront = await gw.key(['storefront']);
  writer = await gw.key(['write']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

describe('trackEvents and the catalog', () => {
  it('refuses a storefront event naming a SKU the catalog does not know, storing the others', async () => {
    // Served once, so the gateway holds a catalog snapshot; NEWER is stored after it was taken.
    await gql(gw.url, '{ recommendations(customerId: "c0", first: 1) { strategy } }', { key: storefront });
    await gw.storage.upsertItems([{ sku: 'NEWER', title: 'Newer' }]);
    const events = [
      { eventId: 'u1', type: 'VIEW', sku: 'A', customerId: 'a-new-visitor' },
      { eventId: 'u2', type: 'VIEW', sku: 'MADE-UP', customerId: 'c0' },
      { eventId: 'u3', type: 'ADD_TO_CART', sku: 'NEWER', customerId: 'c1', quantity: 1 },
      { eventId: 'u4', type: 'SEARCH', query: 'mugs' },
    ];
    const r = await gql(gw.url, TRACK, { key: storefront, variables: { events } });
    expect(dataOf<Tracked>(r, 'trackEvents')).toMatchObject({
      inserted: 3,
      rejected: 1,
      errors: [
        {
          index: 1,
          field: 'sku',
          message: expect.stringMatching(/^events\[1\]\.sku names an item unknown to the catalog/),
        },
      ],
    });
    expect(await gw.storage.getItems(['MADE-UP'])).toEqual([null]);
    expect((await gw.storage.getCustomers(['a-new-visitor']))[0]).not.toBeNull();
  });

  it('checks a batch of 1,000 made-up SKUs with one catalog read, and creates none', async () => {
    const getItems = vi.spyOn(gw.storage, 'getItems');
    const events = Array.from({ length: 1000 }, (_, i) => ({
      eventId: `m${i}`,
      type: 'VIEW',
      sku: `FAKE-${i}`,
    }));
    try {
      const r = await gql(gw.url, TRACK, { key: storefront, variables: { events } });
      expect(dataOf<Tracked>(r, 'trackEvents')).toMatchObject({ inserted: 0, rejected: 1000 });
      expect(getItems).toHaveBeenCalledTimes(1);
    } finally {
      getItems.mockRestore();
    }
    expect((await gw.storage.getItems(['FAKE-0', 'FAKE-999'])).every((i) => i === null)).toBe(true);
  });

  it('lets a write key create items through events, as before', async () => {
    const events = [{ eventId: 'w1', type: 'VIEW', sku: 'MADE-UP', customerId: 'c0' }];
    const r = await gql(gw.url, TRACK, { key: writer, variables: { events } });
    expect(dataOf<Tracked>(r, 'trackEvents')).toMatchObject({ inserted: 1, rejected: 0, errors: [] });
    expect((await gw.storage.getItems(['MADE-UP']))[0]?.sku).toBe('MADE-UP');
  });
});
