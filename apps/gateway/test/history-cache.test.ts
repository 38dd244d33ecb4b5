import { openRecommender, recommend, trainRecommender } from '@storewise/engine';
import { openStorage } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, enumName, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

// The gateway keeps customers' events in memory for recommendations (src/recs/customer-histories.ts):
// a write through the gateway must show in the very next recommendation, on every store; on PostgreSQL,
// a write by another process as soon as the store tells of it.
const server = await postgresTestServer();
const databases: [string, () => Promise<{ url: string; drop(): Promise<void> }>][] = [
  ['memory', async () => ({ url: 'memory:', drop: async () => {} })],
  ['PGlite', async () => ({ url: 'pglite:memory', drop: async () => {} })],
  ...(server.available
    ? [
        ['PostgreSQL', () => server.freshDatabase()] as [
          string,
          () => ReturnType<typeof server.freshDatabase>,
        ],
      ]
    : []),
];

const RECS = `query ($id: String!) { recommendations(customerId: $id, first: 3, rules: { excludeBought: true }) {
  strategy items { sku score because { sku event } } } }`;
const TRACK = 'mutation ($e: [EventInput!]!) { trackEvents(events: $e) { inserted } }';
const CONSENT =
  'mutation ($id: String!, $on: Boolean!) { upsertCustomers(customers: [{ externalId: $id, consent: { personalization: $on } }]) { updated } }';

interface Recs {
  strategy: string;
  items: { sku: string; score: number; because: { sku: string; event: string }[] }[];
}

describe.each(databases)('recommendations after writes, on %s', (name, create) => {
  let gw: TestGateway;
  let db: { url: string; drop(): Promise<void> };
  let key: string;
  const recs = async (id: string) =>
    dataOf<Recs>(await gql(gw.url, RECS, { key, variables: { id } }), 'recommendations');
  /** What the engine recommends reading the customer's events straight from the store. */
  const fromStore = async (id: string): Promise<Recs> => {
    const r = await recommend(gw.storage, await openRecommender(gw.storage), id, 3, { excludeBought: true });
    return {
      strategy: enumName(r.strategy),
      items: r.items.map((i) => ({
        sku: i.sku,
        score: i.score,
        because: i.because.map((b) => ({ sku: b.sku, event: enumName(b.event) })),
      })),
    };
  };

  beforeAll(async () => {
    db = await create();
    // An hour, so that on PostgreSQL no entry expires while a test runs (what shows, shows because it was told).
    gw = await startTestGateway({ historyCacheSeconds: 3600 }, db.url);
    key = await gw.key(['read', 'write']);
    await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
    await gw.storage.appendEvents(shopEvents());
    await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
  });
  afterAll(async () => {
    await gw?.close();
    await db?.drop();
  });

  it('leaves out an item the customer bought through trackEvents in the next recommendation', async () => {
    const before = await recs('c0');
    expect(before).toEqual(await fromStore('c0'));
    // c0 bought A and C and viewed B: B and D (the rest of their group) lead.
    expect(before.strategy).toBe('MODEL');
    expect(
      before.items
        .slice(0, 2)
        .map((i) => i.sku)
        .sort(),
    ).toEqual(['B', 'D']);
    const bought = before.items[0]!.sku;
    const purchase = { eventId: 'c0-buys', type: 'PURCHASE', customerId: 'c0', sku: bought, quantity: 1 };
    const tracked = await gql(gw.url, TRACK, { key, variables: { e: [purchase] } });
    expect(dataOf<{ inserted: number }>(tracked, 'trackEvents').inserted).toBe(1);
    const after = await recs('c0');
    expect(after.items.map((i) => i.sku)).not.toContain(bought);
    // The purchase is newer than the model, so the customer is folded in from their events.
    expect(after.strategy).toBe('FOLD_IN');
    expect(after).toEqual(await fromStore('c0'));
  });

  // On PostgreSQL the store itself tells the gateway (the next test).
  if (name !== 'PostgreSQL')
    it('sees a write made straight to the store once the embedding process tells the gateway to forget', async () => {
      const before = await recs('c4');
      const bought = before.items[0]!.sku;
      await gw.storage.appendEvents([
        {
          eventId: 'c4-buys',
          type: 'purchase',
          customerId: 'c4',
          sku: bought,
          quantity: 1,
          timestamp: new Date(),
        },
      ]);
      // Kept in memory: not seen yet.
      expect((await recs('c4')).items.map((i) => i.sku)).toContain(bought);
      gw.gateway.histories.forget(['c4']);
      const after = await recs('c4');
      expect(after.items.map((i) => i.sku)).not.toContain(bought);
      expect(after).toEqual(await fromStore('c4'));
    });

  it('serves a deleted customer, and their id used again, the popular items a stranger gets', async () => {
    const before = await recs('c2');
    expect(before.strategy).toBe('MODEL');
    expect(before.items.some((i) => i.because.length > 0)).toBe(true);
    const stranger = await recs('never-seen');
    expect(stranger.strategy).toBe('POPULAR');
    const deleted = await gql(gw.url, 'mutation { deleteCustomer(id: "c2") { found } }', { key });
    expect(dataOf<{ found: boolean }>(deleted, 'deleteCustomer').found).toBe(true);
    // The served model still has a row for c2: it serves nobody until a model trained since.
    expect(await recs('c2')).toEqual(stranger);
    await new Promise((r) => setTimeout(r, 2));
    const reuse =
      'mutation { upsertCustomers(customers: [{ externalId: "c2", country: "FR" }]) { inserted erased } }';
    // Erased until restored: the id is not stored again before.
    expect(dataOf(await gql(gw.url, reuse, { key }), 'upsertCustomers')).toEqual({ inserted: 0, erased: 1 });
    const restored = await gql(gw.url, 'mutation { restoreCustomer(id: "c2") }', { key });
    expect(dataOf(restored, 'restoreCustomer')).toBe(true);
    expect(dataOf(await gql(gw.url, reuse, { key }), 'upsertCustomers')).toEqual({ inserted: 1, erased: 0 });
    expect(await recs('c2')).toEqual(stranger);
  });

  it('serves a customer who declines personalization as a stranger from the next request on', async () => {
    const setConsent = async (id: string, on: boolean) =>
      dataOf<{ updated: number }>(
        await gql(gw.url, CONSENT, { key, variables: { id, on } }),
        'upsertCustomers',
      );
    const personal = await recs('c3');
    expect(personal.strategy).not.toBe('POPULAR');
    const stranger = await recs('never-seen');
    expect(await setConsent('c3', false)).toEqual({ updated: 1 });
    try {
      expect(await recs('c3')).toEqual(stranger);
      expect(await fromStore('c3')).toEqual(stranger);
    } finally {
      await setConsent('c3', true);
    }
    expect(await recs('c3')).toEqual(personal);
  });

  if (name === 'PostgreSQL')
    it("sees another process's consent change as soon as it commits", async () => {
      const other = await openStorage(db.url);
      try {
        const personal = await recs('c5');
        const stranger = await recs('never-seen');
        expect(personal).not.toEqual(stranger);
        await other.upsertCustomers([{ externalId: 'c5', consent: { personalization: false } }]);
        expect(await until(recs.bind(null, 'c5'), (r) => r.strategy === 'POPULAR')).toEqual(stranger);
        await other.upsertCustomers([{ externalId: 'c5', consent: { personalization: true } }]);
        expect(await until(recs.bind(null, 'c5'), (r) => r.strategy !== 'POPULAR')).toEqual(personal);
      } finally {
        await other.close();
      }
    });

  if (name === 'PostgreSQL')
    it("sees another process's purchase and deletion as soon as they commit, without being told", async () => {
      const other = await openStorage(db.url);
      try {
        const before = await recs('c4');
        const bought = before.items[0]!.sku;
        await other.appendEvents([
          {
            eventId: 'c4-buys-elsewhere',
            type: 'purchase',
            customerId: 'c4',
            sku: bought,
            timestamp: new Date(),
          },
        ]);
        const after = await until(recs.bind(null, 'c4'), (r) => !r.items.some((i) => i.sku === bought));
        expect(after).toEqual(await fromStore('c4'));
        expect((await recs('c6')).items.some((i) => i.because.length > 0)).toBe(true);
        expect((await other.deleteCustomer('c6')).customer).toBe(1);
        const gone = await until(recs.bind(null, 'c6'), (r) => r.items.every((i) => i.because.length === 0));
        expect(gone).toEqual(await recs('never-seen'));
      } finally {
        await other.close();
      }
    });

  if (name === 'PostgreSQL')
    it('serves a customer deleted through another gateway as a stranger, in it and in one started later', async () => {
      const second = await startTestGateway({ historyCacheSeconds: 3600 }, db.url);
      const secondKey = await second.key(['read']);
      const recsOf = async (g: TestGateway, k: string, id: string) =>
        dataOf<Recs>(await gql(g.url, RECS, { key: k, variables: { id } }), 'recommendations');
      try {
        expect((await recsOf(second, secondKey, 'c8')).strategy).toBe('MODEL');
        const stranger = await recsOf(second, secondKey, 'never-seen');
        const deleted = await gql(gw.url, 'mutation { deleteCustomer(id: "c8") { found } }', { key });
        expect(dataOf<{ found: boolean }>(deleted, 'deleteCustomer').found).toBe(true);
        expect(
          await until(
            () => recsOf(second, secondKey, 'c8'),
            (r) => r.strategy === 'POPULAR',
          ),
        ).toEqual(stranger);
        await new Promise((r) => setTimeout(r, 2));
        await gql(gw.url, 'mutation { upsertCustomers(customers: [{ externalId: "c8" }]) { inserted } }', {
          key,
        });
        // A process that never saw the deletion, started after the id was used again.
        const third = await startTestGateway({ historyCacheSeconds: 3600 }, db.url);
        try {
          expect(await recsOf(third, await third.key(['read']), 'c8')).toEqual(stranger);
        } finally {
          await third.close();
        }
        expect(await recsOf(second, secondKey, 'c8')).toEqual(stranger);
      } finally {
        await second.close();
      }
    });
});

/** Asks again every 20 ms until `done` holds (5 s at most, far below the cache's hour). */
async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() - started > 5_000) throw new Error(`still ${JSON.stringify(value)} after 5 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
