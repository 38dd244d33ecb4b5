import { openRecommender, recommend, trainRecommender } from '@storewise/engine';
import type { StoredEvent } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../src/config/gateway-config.js';
import { SECRET, token, withToken } from './customer-tokens.js';
import { dataOf, enumName, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

const MSG_TOKEN =
  "a RATING from a storefront key needs a customer token naming the rating customer (a customer's rating is theirs to give)";

// What a storefront key (in a web page, where anyone can read it and name any customer id) may do with a
// customer's data, and what it may write.

let gw: TestGateway;
let storefront: string;
let writer: string;

const TRACK = `mutation ($events: [EventInput!]!) {
  trackEvents(events: $events) { inserted duplicates rejected errors { index field message } }
}`;
const RECS = `query ($id: String!) { recommendations(customerId: $id, first: 4) { strategy items { sku score } } }`;

interface Tracked {
  inserted: number;
  duplicates: number;
  rejected: number;
  errors: { index: number; field: string; message: string }[];
}
type Recs = { strategy: string; items: { sku: string; score: number }[] };

async function eventsOf(customerId: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of gw.storage.scanEvents({ customerId })) out.push(...batch);
  return out;
}

beforeAll(async () => {
  gw = await startTestGateway({ customerTokenSecret: SECRET });
  storefront = await gw.key(['storefront']);
  writer = await gw.key(['write']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

describe('a storefront key', () => {
  it('records no purchase or return (prices come from the shop server), storing the other events', async () => {
    const events = [
      { eventId: 'p1', type: 'VIEW', customerId: 'c1', sku: 'E' },
      {
        eventId: 'p2',
        type: 'PURCHASE',
        customerId: 'c1',
        sku: 'E',
        quantity: 1000,
        unitPrice: 999_999,
        orderId: 'fake',
      },
      { eventId: 'p3', type: 'RETURN', customerId: 'c1', sku: 'F', quantity: 1, unitPrice: 1 },
      { eventId: 'p4', type: 'ADD_TO_CART', customerId: 'c1', sku: 'F' },
    ];
    const r = await gql(gw.url, TRACK, { key: storefront, variables: { events } });
    const tracked = dataOf<Tracked>(r, 'trackEvents');
    expect(tracked).toMatchObject({ inserted: 2, rejected: 2 });
    expect(tracked.errors.map((e) => [e.index, e.field, e.message.split(':')[0]])).toEqual([
      [1, 'type', 'events[1].type PURCHASE needs a key with the write scope'],
      [2, 'type', 'events[2].type RETURN needs a key with the write scope'],
    ]);
    const stored = (await eventsOf('c1')).filter((e) => e.eventId.startsWith('storefront:p'));
    expect(stored.map((e) => [e.eventId, e.type])).toEqual([
      ['storefront:p1', 'view'],
      ['storefront:p4', 'add_to_cart'],
    ]);
    // The shop's server records the purchase.
    const server = await gql(gw.url, TRACK, { key: writer, variables: { events: [events[1]] } });
    expect(dataOf<Tracked>(server, 'trackEvents')).toMatchObject({ inserted: 1, rejected: 0 });
  });

  it("rates only for its customer token's customer, on a 0-10 scale", async () => {
    const rate = (rating: number, customerId: string, eventId: string) => ({
      eventId,
      type: 'RATING',
      customerId,
      sku: 'E',
      rating,
    });
    const bare = await gql(gw.url, TRACK, { key: storefront, variables: { events: [rate(5, 'c1', 'r1')] } });
    expect(dataOf<Tracked>(bare, 'trackEvents').errors).toEqual([
      {
        index: 0,
        field: 'customerId',
        message: `events[0].customerId ${MSG_TOKEN}`,
      },
    ]);
    const events = [rate(4, 'c1', 'r2'), rate(1e12, 'c1', 'r3'), rate(5, 'c3', 'r4')];
    const r = await gql(gw.url, TRACK, {
      key: storefront,
      variables: { events },
      headers: withToken(token('c1')),
    });
    const tracked = dataOf<Tracked>(r, 'trackEvents');
    expect(tracked.inserted).toBe(1);
    expect(tracked.errors.map((e) => [e.index, e.field, e.message])).toEqual([
      [1, 'rating', 'events[1].rating must lie within 0-10 from a storefront key, got 1000000000000'],
      [2, 'customerId', `events[2].customerId ${MSG_TOKEN}`],
    ]);
    expect(
      (await eventsOf('c1')).filter((e) => e.type === 'rating').map((e) => [e.eventId, e.rating]),
    ).toEqual([['storefront:r2', 4]]);
    // The shop's server rates on its own scale.
    const server = await gql(gw.url, TRACK, { key: writer, variables: { events: [rate(1e6, 'c3', 'r5')] } });
    expect(dataOf<Tracked>(server, 'trackEvents').inserted).toBe(1);
  });

  it("cannot take the id of an event the shop's server will send: its ids are kept apart", async () => {
    const claim = { eventId: 'order-5001-line-1', type: 'VIEW', customerId: 'attacker', sku: 'A' };
    const first = await gql(gw.url, TRACK, { key: storefront, variables: { events: [claim] } });
    expect(dataOf<Tracked>(first, 'trackEvents')).toMatchObject({ inserted: 1, duplicates: 0 });
    // A retry of the page's own event is still a duplicate.
    const retry = await gql(gw.url, TRACK, { key: storefront, variables: { events: [claim] } });
    expect(dataOf<Tracked>(retry, 'trackEvents')).toMatchObject({ inserted: 0, duplicates: 1 });
    const purchase = {
      eventId: 'order-5001-line-1',
      type: 'PURCHASE',
      customerId: 'c2',
      sku: 'C',
      quantity: 3,
      unitPrice: 2.95,
      orderId: '5001',
    };
    const real = await gql(gw.url, TRACK, { key: writer, variables: { events: [purchase] } });
    expect(dataOf<Tracked>(real, 'trackEvents')).toMatchObject({ inserted: 1, duplicates: 0 });
    expect((await eventsOf('c2')).find((e) => e.eventId === 'order-5001-line-1')).toMatchObject({
      type: 'purchase',
      sku: 'C',
      quantity: 3,
    });
    expect((await eventsOf('attacker')).map((e) => e.eventId)).toEqual(['storefront:order-5001-line-1']);
    // The prefix is the storefront's: the shop's server cannot write there either.
    const under = { ...purchase, eventId: 'storefront:order-9001-line-1' };
    const refused = await gql(gw.url, TRACK, { key: writer, variables: { events: [under] } });
    expect(dataOf<Tracked>(refused, 'trackEvents').errors).toEqual([
      {
        index: 0,
        field: 'eventId',
        message:
          'events[0].eventId must not start with "storefront:": the prefix is where events sent with a storefront key are kept',
      },
    ]);
  });

  it("gets a stranger's list for a customer without that customer's token, their own with it", async () => {
    const served = await openRecommender(gw.storage);
    const stranger = await recommend(gw.storage, served, 'nobody-at-all', 4);
    const own = await recommend(gw.storage, served, 'c0', 4);
    expect(stranger.strategy).toBe('popular');
    expect(own.strategy).not.toBe('popular');
    // c0's own list leads with what c0 bought (A, C): served without a token it would tell a page so.
    expect(own.items.map((i) => i.sku)).not.toEqual(stranger.items.map((i) => i.sku));
    const bare = dataOf<Recs>(
      await gql(gw.url, RECS, { key: storefront, variables: { id: 'c0' } }),
      'recommendations',
    );
    expect(bare).toEqual({
      strategy: 'POPULAR',
      items: stranger.items.map(({ sku, score }) => ({ sku, score })),
    });
    const other = await gql(gw.url, RECS, {
      key: storefront,
      variables: { id: 'c0' },
      headers: withToken(token('c4')),
    });
    expect(dataOf<Recs>(other, 'recommendations').strategy).toBe('POPULAR');
    const mine = await gql(gw.url, RECS, {
      key: storefront,
      variables: { id: 'c0' },
      headers: withToken(token('c0')),
    });
    expect(dataOf<Recs>(mine, 'recommendations')).toEqual({
      strategy: enumName(own.strategy),
      items: own.items.map(({ sku, score }) => ({ sku, score })),
    });
  });

  it("speaks only for its token's customer where STOREWISE_STOREFRONT_EVENTS_NEED_TOKEN is on", async () => {
    expect(() => readGatewayConfig({ STOREWISE_STOREFRONT_EVENTS_NEED_TOKEN: '1' })).toThrow(
      'STOREWISE_STOREFRONT_EVENTS_NEED_TOKEN needs STOREWISE_CUSTOMER_TOKEN_SECRET',
    );
    const strict = await startTestGateway({ customerTokenSecret: SECRET, storefrontEventsNeedToken: true });
    try {
      await strict.storage.upsertItems([{ sku: 'A' }]);
      const key = await strict.key(['storefront']);
      const events = [
        { eventId: 's1', type: 'ADD_TO_CART', customerId: 'c1', sku: 'A' },
        { eventId: 's2', type: 'ADD_TO_CART', customerId: 'c2', sku: 'A' },
        { eventId: 's3', type: 'SEARCH', query: 'mugs' },
      ];
      const r = await gql(strict.url, TRACK, { key, variables: { events }, headers: withToken(token('c1')) });
      expect(dataOf<Tracked>(r, 'trackEvents')).toMatchObject({
        inserted: 2,
        rejected: 1,
        errors: [
          {
            index: 1,
            field: 'customerId',
            message:
              "events[1].customerId needs a customer token naming this customer: this gateway takes a storefront key's events for the customer its token names only (STOREWISE_STOREFRONT_EVENTS_NEED_TOKEN)",
          },
        ],
      });
      const bare = await gql(strict.url, TRACK, {
        key,
        variables: { events: [{ ...events[0], eventId: 's4' }] },
      });
      expect(dataOf<Tracked>(bare, 'trackEvents')).toMatchObject({ inserted: 0, rejected: 1 });
    } finally {
      await strict.close();
    }
  });
});
