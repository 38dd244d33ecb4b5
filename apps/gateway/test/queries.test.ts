import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cachedShopReport, SHOP_REPORT_MAX_AGE_MS } from '../src/loaders/shop-report-cache.js';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let reader: string;

beforeAll(async () => {
  gw = await startTestGateway({}, 'pglite:memory');
  reader = await gw.key(['read']);
  await gw.storage.upsertItems([
    { sku: 'A', title: 'Apple' },
    { sku: 'B', title: 'Banana' },
  ]);
  await gw.storage.appendEvents(
    Array.from({ length: 7 }, (_, i) => ({
      eventId: `e${i}`,
      type: i % 2 === 0 ? ('view' as const) : ('purchase' as const),
      customerId: 'c1',
      sku: i % 3 === 0 ? 'A' : 'B',
      // Two events share each timestamp, so the cursor must break ties by sequence.
      timestamp: new Date(Date.UTC(2024, 0, 1 + Math.floor(i / 2))),
      quantity: 1,
      unitPrice: 2,
    })),
  );
  await gw.storage.saveModel({
    name: 'pop',
    kind: 'recommender',
    params: {},
    metrics: { ndcg: 0.3 },
    bytes: new Uint8Array(4),
  });
});
afterAll(() => gw.close());

interface Page {
  edges: { cursor: string; node: { eventId: string; item: { title: string } | null } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PAGE = `query ($after: String) { customer(id: "c1") { externalId events(first: 3, after: $after) {
  edges { cursor node { eventId item { title } } } pageInfo { hasNextPage endCursor } } } }`;

describe('customer events', () => {
  it('pages through all events oldest first with cursors, without repeats or gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r = await gql(gw.url, PAGE, { key: reader, variables: { after } });
      const page = dataOf<{ events: Page }>(r, 'customer').events;
      seen.push(...page.edges.map((e) => e.node.eventId));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(pages).toBe(3);
  });

  it('loads the items of a page in one batched read (no N+1)', async () => {
    const getItems = vi.spyOn(gw.storage, 'getItems');
    const getItem = vi.spyOn(gw.storage, 'getItem');
    const r = await gql(gw.url, PAGE.replace('first: 3', 'first: 7'), {
      key: reader,
      variables: { after: null },
    });
    const titles = dataOf<{ events: Page }>(r, 'customer').events.edges.map((e) => e.node.item?.title);
    expect(titles).toEqual(['Apple', 'Banana', 'Banana', 'Apple', 'Banana', 'Banana', 'Apple']);
    expect(getItems).toHaveBeenCalledTimes(1);
    expect(getItems.mock.calls[0]?.[0]).toEqual(['A', 'B']);
    expect(getItem).not.toHaveBeenCalled();
    getItems.mockRestore();
    getItem.mockRestore();
  });

  it('refuses a cursor it did not issue', async () => {
    const r = await gql(gw.url, PAGE, { key: reader, variables: { after: 'not-a-cursor' } });
    expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers null for an unknown customer', async () => {
    const r = await gql(gw.url, '{ customer(id: "nobody") { externalId } }', { key: reader });
    expect(r.body).toMatchObject({ data: { customer: null } });
    expect(r.body.errors).toBeUndefined();
  });
});

describe('models, shop and health', () => {
  it('lists models with their metrics', async () => {
    const r = await gql(gw.url, '{ models(first: 10) { name version kind metrics active trainedAt } }', {
      key: reader,
    });
    expect(dataOf<unknown[]>(r, 'models')).toEqual([
      {
        name: 'pop',
        version: 1,
        kind: 'recommender',
        metrics: { ndcg: 0.3 },
        active: true,
        trainedAt: expect.any(String),
      },
    ]);
  });

  it('reports the shop from the engine', async () => {
    const r = await gql(
      gw.url,
      '{ shop { customers items events eventsByType { type count } topItems { sku title units } topCountries { country customers } } }',
      { key: reader },
    );
    const shop = dataOf<{
      events: number;
      eventsByType: { type: string; count: number }[];
      topItems: { sku: string; units: number }[];
    }>(r, 'shop');
    expect(shop.events).toBe(7);
    expect(shop.eventsByType).toEqual(
      expect.arrayContaining([
        { type: 'VIEW', count: 4 },
        { type: 'PURCHASE', count: 3 },
      ]),
    );
    // Purchases are e1, e3, e5: skus B (1), A (3), B (5).
    expect(shop.topItems).toEqual([
      { sku: 'B', title: 'Banana', units: 2 },
      { sku: 'A', title: 'Apple', units: 1 },
    ]);
  });

  it('computes the shop report once for all aliases and concurrent requests, again only after 30 s', async () => {
    const own = await startTestGateway({}, 'memory:');
    try {
      const key = await own.key(['read', 'write']);
      await own.storage.appendEvents([
        { eventId: 's1', type: 'purchase', customerId: 'u1', sku: 'A', timestamp: new Date(), quantity: 2 },
      ]);
      const scans = vi.spyOn(own.storage, 'counts');
      const aliases = Array.from({ length: 15 }, (_, i) => `s${i}: shop { events topItems { sku units } }`);
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => gql(own.url, `{ ${aliases.join(' ')} }`, { key })),
      );
      const reference = { events: 1, topItems: [{ sku: 'A', units: 2 }] };
      for (const r of answers) {
        expect(r.body.errors).toBeUndefined();
        expect(Object.values(r.body.data ?? {})).toEqual(Array(15).fill(reference));
      }
      expect(scans).toHaveBeenCalledTimes(1);
      // Within 30 s a new event does not count yet; after, it does.
      await own.storage.appendEvents([
        { eventId: 's2', type: 'purchase', customerId: 'u1', sku: 'B', timestamp: new Date(), quantity: 1 },
      ]);
      expect(dataOf(await gql(own.url, '{ shop { events } }', { key }), 'shop')).toEqual({ events: 1 });
      expect(scans).toHaveBeenCalledTimes(1);
      const later = await cachedShopReport(own.storage, Date.now() + SHOP_REPORT_MAX_AGE_MS);
      expect(later.events).toBe(2);
      expect(scans).toHaveBeenCalledTimes(2);
    } finally {
      await own.close();
    }
  });

  it('reports health with counts to a reader', async () => {
    const r = await gql(gw.url, '{ health { status database counts { customers items events models } } }', {
      key: reader,
    });
    expect(dataOf(r, 'health')).toEqual({
      status: 'ok',
      database: 'pglite',
      counts: { customers: 1, items: 2, events: 7, models: 1 },
    });
  });
});
