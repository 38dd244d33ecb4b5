import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let writer: string;

beforeAll(async () => {
  gw = await startTestGateway();
  writer = await gw.key(['write', 'read']);
});
afterAll(() => gw.close());

const TRACK = `mutation ($events: [EventInput!]!) {
  trackEvents(events: $events) { inserted duplicates rejected errors { index field message } }
}`;

interface TrackResult {
  inserted: number;
  duplicates: number;
  rejected: number;
  errors: { index: number; field: string; message: string }[];
}

describe('trackEvents', () => {
  it('stores the valid events of a call and reports each bad one by index and field', async () => {
    const events = [
      { eventId: 't1', type: 'VIEW', customerId: 'u1', sku: 'S1', timestamp: '2024-01-01T10:00:00Z' },
      { eventId: '  ', type: 'VIEW', customerId: 'u1', sku: 'S1' },
      { eventId: 't3', type: 'PURCHASE', customerId: 'u1', sku: 'S2', quantity: 2, unitPrice: 3.5 },
      { eventId: 't4', type: 'PURCHASE', customerId: 'u1', sku: null },
      { eventId: 't5', type: 'SEARCH', customerId: null, sku: null, query: 'mugs' },
      { eventId: 't6', type: 'PURCHASE', customerId: 'u1', sku: 'S2', quantity: -1 },
    ];
    const r = await gql(gw.url, TRACK, { key: writer, variables: { events } });
    expect(r.status).toBe(200);
    const result = dataOf<TrackResult>(r, 'trackEvents');
    expect(result).toMatchObject({ inserted: 3, duplicates: 0, rejected: 3 });
    expect(result.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'eventId'],
      [3, 'sku'],
      [5, 'quantity'],
    ]);
    expect(result.errors[1]?.message).toBe('events[3].sku is required');
    const stored: string[] = [];
    for await (const batch of gw.storage.scanEvents()) stored.push(...batch.map((e) => e.eventId));
    expect(stored.sort()).toEqual(['t1', 't3', 't5']);
  });

  it('refuses an event holding text no database stores (a lone surrogate) on its own, storing the others', async () => {
    const events = [
      { eventId: 'sur-ok', type: 'VIEW', customerId: 'u9', sku: 'S1' },
      { eventId: 'sur-\ud800', type: 'VIEW', customerId: 'u9', sku: 'S1' },
      { eventId: 'sur-2', type: 'SEARCH', customerId: 'u9', sku: null, query: 'mug \udc00' },
    ];
    const r = await gql(gw.url, TRACK, { key: writer, variables: { events } });
    const result = dataOf<TrackResult>(r, 'trackEvents');
    expect(result).toMatchObject({ inserted: 1, rejected: 2 });
    expect(result.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'eventId'],
      [2, 'query'],
    ]);
    expect(result.errors[0]?.message).toMatch(/^events\[1\]\.eventId is not well-formed Unicode/);
    const stored: string[] = [];
    for await (const batch of gw.storage.scanEvents()) stored.push(...batch.map((e) => e.eventId));
    expect(stored.filter((id) => id.startsWith('sur-'))).toEqual(['sur-ok']);
  });

  it('reports an event out of storage range or over 24 hours ahead by index and field, storing the valid one', async () => {
    const ahead = new Date(Date.now() + 25 * 60 * 60 * 1000).toISOString();
    const soon = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const events = [
      { eventId: 'r1', type: 'PURCHASE', customerId: 'u9', sku: 'S1', quantity: 1e308, unitPrice: 2 },
      { eventId: 'r2', type: 'PURCHASE', customerId: 'u9', sku: 'S1', quantity: 2, unitPrice: 3 },
      { eventId: 'r3', type: 'PURCHASE', customerId: 'u9', sku: 'S1', quantity: 1, unitPrice: 2e12 },
      { eventId: 'r4', type: 'RATING', customerId: 'u9', sku: 'S1', rating: -1e13 },
      { eventId: 'r5', type: 'VIEW', customerId: 'u9', sku: 'S1', timestamp: '1969-12-31T23:59:59Z' },
      { eventId: 'r6', type: 'VIEW', customerId: 'u9', sku: 'S1', timestamp: '2999-01-01T00:00:00Z' },
      { eventId: 'r7', type: 'VIEW', customerId: 'u9', sku: 'S1', timestamp: ahead },
      { eventId: 'r8', type: 'VIEW', customerId: 'u9', sku: 'S1', timestamp: soon },
    ];
    const r = await gql(gw.url, TRACK, { key: writer, variables: { events } });
    expect(r.status).toBe(200);
    const result = dataOf<TrackResult>(r, 'trackEvents');
    expect(result).toMatchObject({ inserted: 2, duplicates: 0, rejected: 6 });
    expect(result.errors.map((e) => [e.index, e.field])).toEqual([
      [0, 'quantity'],
      [2, 'unitPrice'],
      [3, 'rating'],
      [4, 'timestamp'],
      [5, 'timestamp'],
      [6, 'timestamp'],
    ]);
    expect(result.errors[0]?.message).toBe('events[0].quantity must lie within ±1000000000000');
    expect(result.errors[3]?.message).toBe(
      'events[4].timestamp must lie from 1970-01-01T00:00:00.000Z to before 2200-01-01T00:00:00.000Z',
    );
    expect(result.errors[5]?.message).toMatch(
      /^events\[6\]\.timestamp lies more than 24 hours ahead of the gateway's clock/,
    );
    const stored: string[] = [];
    for await (const batch of gw.storage.scanEvents()) {
      stored.push(...batch.filter((e) => e.eventId.startsWith('r')).map((e) => e.eventId));
    }
    expect(stored.sort()).toEqual(['r2', 'r8']);
  });

  it("refuses a storefront event over 10 minutes ahead, and moves timestamps by the sender's clock skew (sentAt)", async () => {
    const storefront = await gw.key(['storefront']);
    const hour = 60 * 60 * 1000;
    const track = `mutation ($events: [EventInput!]!, $sentAt: DateTimeISO) {
      trackEvents(events: $events, sentAt: $sentAt) { inserted rejected errors { index field message } }
    }`;
    // A page whose clock runs two hours ahead: without sentAt its event is refused, ...
    const pageNow = Date.now() + 2 * hour;
    const tracked = new Date(pageNow - 5 * 60 * 1000); // five minutes ago, by the page's clock
    const event = (eventId: string) => ({
      eventId,
      type: 'VIEW',
      customerId: 'u9',
      sku: 'S1',
      timestamp: tracked,
    });
    const refused = dataOf<TrackResult>(
      await gql(gw.url, track, { key: storefront, variables: { events: [event('k1')] } }),
      'trackEvents',
    );
    expect(refused).toMatchObject({ inserted: 0, rejected: 1 });
    expect(refused.errors[0]?.message).toMatch(
      /^events\[0\]\.timestamp lies more than 10 minutes ahead of the gateway's clock .*send sentAt/,
    );
    // ... with sentAt by the same clock, it is stored at its true time, five minutes ago.
    const before = Date.now();
    const corrected = dataOf<TrackResult>(
      await gql(gw.url, track, {
        key: storefront,
        variables: { events: [event('k2')], sentAt: new Date(pageNow).toISOString() },
      }),
      'trackEvents',
    );
    const after = Date.now();
    expect(corrected).toMatchObject({ inserted: 1, rejected: 0 });
    let ts: Date | null = null;
    for await (const batch of gw.storage.scanEvents())
      for (const e of batch) if (e.eventId === 'storefront:k2') ts = e.timestamp;
    // skew = receivedAt - sentAt, receivedAt within [before, after]: the stored time lies 5 minutes before it.
    expect(ts!.getTime()).toBeGreaterThanOrEqual(before - 5 * 60 * 1000);
    expect(ts!.getTime()).toBeLessThanOrEqual(after - 5 * 60 * 1000);
    // A write key (the shop's server) keeps its day of room.
    const server = dataOf<TrackResult>(
      await gql(gw.url, track, {
        key: writer,
        variables: { events: [{ ...event('k3'), timestamp: new Date(Date.now() + 2 * hour) }] },
      }),
      'trackEvents',
    );
    expect(server).toMatchObject({ inserted: 1, rejected: 0 });
  });

  it('is idempotent by event id, within a call and across calls', async () => {
    const events = [
      { eventId: 'i1', type: 'ADD_TO_CART', customerId: 'u2', sku: 'S1' },
      { eventId: 'i1', type: 'ADD_TO_CART', customerId: 'u2', sku: 'S1' },
      { eventId: 'i2', type: 'VIEW', customerId: 'u2', sku: 'S3' },
    ];
    const first = dataOf<TrackResult>(
      await gql(gw.url, TRACK, { key: writer, variables: { events } }),
      'trackEvents',
    );
    expect(first).toMatchObject({ inserted: 2, duplicates: 1, rejected: 0 });
    const again = dataOf<TrackResult>(
      await gql(gw.url, TRACK, { key: writer, variables: { events } }),
      'trackEvents',
    );
    expect(again).toMatchObject({ inserted: 0, duplicates: 3 });
    expect((await gw.storage.counts()).eventsByType.add_to_cart).toBe(1);
  });

  it('refuses an unknown event type for the whole call, naming the variable path', async () => {
    const r = await gql(gw.url, TRACK, {
      key: writer,
      variables: { events: [{ eventId: 'x', type: 'CLICK', sku: 'S' }] },
    });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.message).toContain('at "events[0].type"');
    // The path as a field, as the gateway's own errors name one (the SDK's StorewiseError.field).
    expect(r.body.errors?.[0]?.extensions?.field).toBe('events[0].type');
    const text = await gql(gw.url, TRACK, {
      key: writer,
      variables: { events: [{ eventId: 'x', type: 'VIEW', sku: 'S', quantity: '1' }] },
    });
    expect(text.body.errors?.[0]).toMatchObject({
      message:
        'Variable "$events" got invalid value "1" at "events[0].quantity"; Float cannot represent non numeric value: "1"',
      extensions: { code: 'BAD_USER_INPUT', field: 'events[0].quantity' },
    });
    const missing = await gql(gw.url, TRACK, { key: writer, variables: {} });
    expect(missing.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'events' });
  });

  it('refuses a call over the list cap', async () => {
    const events = Array.from({ length: 1001 }, (_, i) => ({ eventId: `cap${i}`, type: 'VIEW', sku: 'S1' }));
    const r = await gql(gw.url, TRACK, { key: writer, variables: { events } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.extensions?.field).toBe('events');
    expect((await gw.storage.getCustomers(['cap0']))[0]).toBeNull();
  });
});

describe('upserts', () => {
  it('upserts items and customers and reads them back', async () => {
    const items = await gql(
      gw.url,
      'mutation { upsertItems(items: [{sku: "S1", title: "Mug", price: 4.5, categoryPath: ["Home", "Kitchen"], stock: 3}, {sku: "NEW"}]) { inserted updated } }',
      { key: writer },
    );
    expect(dataOf(items, 'upsertItems')).toEqual({ inserted: 1, updated: 1 });
    const customers = await gql(
      gw.url,
      'mutation { upsertCustomers(customers: [{externalId: "u1", country: "DE", attributes: {tier: "gold"}, consent: {marketing: false}}]) { inserted updated } }',
      { key: writer },
    );
    expect(dataOf(customers, 'upsertCustomers')).toEqual({ inserted: 0, updated: 1 });
    const read = await gql(
      gw.url,
      '{ item(sku: "S1") { title price categoryPath stock } customer(id: "u1") { country attributes consent { marketing analytics } } }',
      { key: writer },
    );
    expect(read.body.data).toEqual({
      item: { title: 'Mug', price: 4.5, categoryPath: ['Home', 'Kitchen'], stock: 3 },
      customer: {
        country: 'DE',
        attributes: { tier: 'gold' },
        consent: { marketing: false, analytics: null },
      },
    });
  });

  it('reports a bad item by its position and field', async () => {
    const r = await gql(gw.url, 'mutation { upsertItems(items: [{sku: "ok"}, {sku: "  "}]) { inserted } }', {
      key: writer,
    });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.extensions?.field).toBe('items[1].sku');
    expect(r.body.errors?.[0]?.path).toEqual(['upsertItems']);
  });
});

describe('deleteCustomer', () => {
  it('removes the customer, their events and scores, reports the rows, and leaves others alone', async () => {
    const events = [
      { eventId: 'd1', type: 'VIEW', customerId: 'gone', sku: 'S1' },
      { eventId: 'd2', type: 'PURCHASE', customerId: 'gone', sku: 'S1', quantity: 1 },
      { eventId: 'k1', type: 'VIEW', customerId: 'kept', sku: 'S1' },
    ];
    await gql(gw.url, TRACK, { key: writer, variables: { events } });
    await gw.storage.upsertScores([
      { customerId: 'gone', model: 'clv', score: 10 },
      { customerId: 'kept', model: 'clv', score: 3 },
    ]);
    const q = 'mutation { deleteCustomer(id: "gone") { found total tables { table rows } } }';
    const report = dataOf<{ found: boolean; total: number; tables: { table: string; rows: number }[] }>(
      await gql(gw.url, q, { key: writer }),
      'deleteCustomer',
    );
    expect(report.found).toBe(true);
    expect(report.tables).toEqual(
      expect.arrayContaining([
        { table: 'customer', rows: 1 },
        { table: 'events', rows: 2 },
        { table: 'scores', rows: 1 },
      ]),
    );
    expect(report.total).toBe(report.tables.reduce((s, t) => s + t.rows, 0));
    const after = await gql(
      gw.url,
      '{ gone: customer(id: "gone") { externalId } kept: customer(id: "kept") { scores { score } } }',
      {
        key: writer,
      },
    );
    expect(after.body.data).toEqual({ gone: null, kept: { scores: [{ score: 3 }] } });
    const second = dataOf<{ found: boolean; total: number }>(
      await gql(gw.url, q, { key: writer }),
      'deleteCustomer',
    );
    expect(second).toMatchObject({ found: false, total: 0 });
  });

  it('keeps the deleted customer out of later tracking and upserts until restoreCustomer', async () => {
    const track = `mutation($events: [EventInput!]!) { trackEvents(events: $events) { inserted duplicates erased } }`;
    const events = [
      { eventId: 'g1', type: 'VIEW', customerId: 'gone', sku: 'S1' },
      { eventId: 'g2', type: 'VIEW', customerId: 'kept', sku: 'S1' },
    ];
    expect(dataOf(await gql(gw.url, track, { key: writer, variables: { events } }), 'trackEvents')).toEqual({
      inserted: 1,
      duplicates: 0,
      erased: 1,
    });
    const upsert =
      'mutation { upsertCustomers(customers: [{externalId: "gone"}]) { inserted updated erased } }';
    expect(dataOf(await gql(gw.url, upsert, { key: writer }), 'upsertCustomers')).toEqual({
      inserted: 0,
      updated: 0,
      erased: 1,
    });
    expect(await gw.storage.getCustomer('gone')).toBeNull();
    const restore = 'mutation { restoreCustomer(id: "gone") }';
    expect(dataOf(await gql(gw.url, restore, { key: writer }), 'restoreCustomer')).toBe(true);
    expect(dataOf(await gql(gw.url, restore, { key: writer }), 'restoreCustomer')).toBe(false);
    expect(dataOf(await gql(gw.url, track, { key: writer, variables: { events } }), 'trackEvents')).toEqual({
      inserted: 1,
      duplicates: 1,
      erased: 0,
    });
    expect((await gw.storage.getCustomer('gone'))?.externalId).toBe('gone');
  });

  it('answers a storefront key alike for an erased customer and any other id, storing nothing of the erased', async () => {
    await gql(gw.url, 'mutation { deleteCustomer(id: "hidden") { found } }', { key: writer });
    const storefront = await gw.key(['storefront']);
    const track = `mutation($events: [EventInput!]!) { trackEvents(events: $events) { inserted duplicates erased } }`;
    const answer = async (customerId: string, eventId: string) =>
      dataOf(
        await gql(gw.url, track, {
          key: storefront,
          variables: { events: [{ eventId, type: 'VIEW', customerId, sku: 'S1' }] },
        }),
        'trackEvents',
      );
    // The write key is told (the test above); a storefront key, which sits in a web page, is not.
    expect(await answer('hidden', 'h1')).toEqual({ inserted: 1, duplicates: 0, erased: 0 });
    expect(await answer('never-seen', 'h2')).toEqual({ inserted: 1, duplicates: 0, erased: 0 });
    const stored: string[] = [];
    for await (const batch of gw.storage.scanEvents()) stored.push(...batch.map((e) => e.eventId));
    expect(stored).toContain('storefront:h2');
    expect(stored).not.toContain('storefront:h1');
    expect(await gw.storage.getCustomer('hidden')).toBeNull();
  });
});

describe('catalog input checks', () => {
  const cases: [string, string, string][] = [
    ['items', '[{sku: "A", attributes: {size: {w: 1}}}]', 'items[0].attributes.size'],
    ['items', '[{sku: "A"}, {sku: "B", currency: "euro"}]', 'items[1].currency'],
    ['items', '[{sku: "A", price: -1}]', 'items[0].price'],
    ['items', '[{sku: "A", categoryPath: ["Home", " "]}]', 'items[0].categoryPath[1]'],
    ['items', '[{sku: "A", title: "Mug"}, {sku: "B", title: "  "}]', 'items[1].title'],
    ['customers', `[{externalId: "${'x'.repeat(129)}"}]`, 'customers[0].externalId'],
    ['customers', '[{externalId: "c", attributes: {tags: ["a"]}}]', 'customers[0].attributes.tags'],
  ];
  for (const [kind, list, field] of cases) {
    it(`refuses ${field} and stores nothing of the call`, async () => {
      const mutation = kind === 'items' ? 'upsertItems(items' : 'upsertCustomers(customers';
      const r = await gql(gw.url, `mutation { ${mutation}: ${list}) { inserted } }`, { key: writer });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.extensions?.field).toBe(field);
    });
  }

  it('stored nothing from the refused calls', async () => {
    expect(await gw.storage.getItem('B')).toBeNull();
    expect(await gw.storage.getCustomer('c')).toBeNull();
  });
});
