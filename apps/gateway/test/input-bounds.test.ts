import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTextLength, MAX_LABEL_LENGTH } from '../src/schema/inputs/check-inputs.js';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let storefront: string;
let writer: string;
let admin: string;

beforeAll(async () => {
  gw = await startTestGateway();
  storefront = await gw.key(['storefront']);
  writer = await gw.key(['write', 'read']);
  admin = await gw.key(['admin']);
  // A storefront key's events must name items the catalog has.
  await gw.storage.upsertItems([{ sku: 'S1' }]);
});
afterAll(() => gw.close());

const TRACK = `mutation ($events: [EventInput!]!) {
  trackEvents(events: $events) { inserted rejected errors { index field message } }
}`;

describe('text bounds on public input', () => {
  it('rejects a trackEvents query, sessionId or orderId over 1,000 characters, storing the others', async () => {
    const long = 'x'.repeat(200_000);
    const events = [
      { eventId: 'b1', type: 'SEARCH', query: long },
      { eventId: 'b2', type: 'VIEW', sku: 'S1', sessionId: 'y'.repeat(1001) },
      { eventId: 'b3', type: 'ADD_TO_CART', sku: 'S1', customerId: 'u1', orderId: long },
      { eventId: 'b4', type: 'SEARCH', query: 'q'.repeat(1000), sessionId: 's'.repeat(1000) },
      { eventId: 'b5', type: 'ADD_TO_CART', sku: 'S1', customerId: 'u1', orderId: 'o'.repeat(1000) },
    ];
    const r = await gql(gw.url, TRACK, { key: storefront, variables: { events } });
    const result = dataOf<{ inserted: number; rejected: number; errors: unknown[] }>(r, 'trackEvents');
    expect(result).toEqual({
      inserted: 2,
      rejected: 3,
      errors: [
        { index: 0, field: 'query', message: 'events[0].query must be at most 1000 characters' },
        { index: 1, field: 'sessionId', message: 'events[1].sessionId must be at most 1000 characters' },
        { index: 2, field: 'orderId', message: 'events[2].orderId must be at most 1000 characters' },
      ],
    });
    const stored: string[] = [];
    for await (const batch of gw.storage.scanEvents()) stored.push(...batch.map((e) => e.eventId));
    // Stored under the storefront's own ids (check-inputs.ts, STOREFRONT_EVENT_ID_PREFIX).
    expect(stored.sort()).toEqual(['storefront:b4', 'storefront:b5']);
  });

  it('checks a text argument against its bound, naming the argument', () => {
    expect(() => checkTextLength('label', 'l'.repeat(MAX_LABEL_LENGTH + 1), MAX_LABEL_LENGTH)).toThrow(
      expect.objectContaining({
        message: 'label must be at most 200 characters',
        extensions: { code: 'BAD_USER_INPUT', field: 'label' },
      }),
    );
    for (const fine of ['l'.repeat(MAX_LABEL_LENGTH), null, undefined])
      expect(() => checkTextLength('label', fine, MAX_LABEL_LENGTH)).not.toThrow();
  });

  it('refuses an API key label over 200 characters, naming label', async () => {
    const q =
      'mutation ($label: String) { createApiKey(scopes: [READ], label: $label) { apiKey { label } } }';
    const long = await gql(gw.url, q, { key: admin, variables: { label: 'l'.repeat(500_000) } });
    expect(codes(long), long.text.slice(0, 300)).toEqual(['BAD_USER_INPUT']);
    expect(long.body.errors?.[0]?.extensions?.field).toBe('label');
    expect(long.body.errors?.[0]?.message).toBe('label must be at most 200 characters');
    expect((await gw.storage.listApiKeys()).some((k) => (k.label ?? '').length > 200)).toBe(false);
    const fine = await gql(gw.url, q, { key: admin, variables: { label: 'l'.repeat(200) } });
    expect(fine.body.errors, fine.text).toBeUndefined();
  });
});

describe('currency codes', () => {
  const UPSERT = 'mutation ($items: [ItemInput!]!) { upsertItems(items: $items) { inserted } }';

  it('refuses a code ISO 4217 does not list, naming the field', async () => {
    for (const currency of ['XYZ', 'EURO', 'eur']) {
      const items = [
        { sku: 'C1', currency: 'EUR' },
        { sku: 'C2', currency },
      ];
      const r = await gql(gw.url, UPSERT, { key: writer, variables: { items } });
      expect(codes(r), r.text).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.extensions?.field).toBe('items[1].currency');
      expect(r.body.errors?.[0]?.message).toBe(
        'items[1].currency must be an ISO 4217 currency code such as EUR',
      );
    }
    expect(await gw.storage.getItem('C1')).toBeNull();
  });

  it('accepts the codes in use', async () => {
    const items = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK'].map((currency, i) => ({
      sku: `K${i}`,
      currency,
    }));
    const r = await gql(gw.url, UPSERT, { key: writer, variables: { items } });
    expect(dataOf(r, 'upsertItems'), r.text).toEqual({ inserted: 6 });
  });
});

describe('segment ids reserved by customer analytics', () => {
  const CREATE = 'mutation ($input: SegmentInput!) { createSegment(input: $input) { size } }';

  it('refuses rfm:... and cluster:... ids even when no such segment is stored yet', async () => {
    for (const id of ['rfm:newthing', 'cluster:3', 'rfm:']) {
      const input = { id, name: 'Mine', rule: { field: 'country', exists: true } };
      const r = await gql(gw.url, CREATE, { key: writer, variables: { input } });
      expect(codes(r), r.text).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.extensions?.field).toBe('input.id');
      expect(r.body.errors?.[0]?.message).toMatch(/^input\.id .* reserved/);
      expect(await gw.storage.getSegment(id)).toBeNull();
    }
    const mine = { id: 'rfm-like', name: 'Mine', rule: { field: 'country', exists: true } };
    const ok = await gql(gw.url, CREATE, { key: writer, variables: { input: mine } });
    expect(dataOf(ok, 'createSegment'), ok.text).toEqual({ size: 0 });
  });
});

describe('the first problem of a list', () => {
  it('names the first bad record of an upsert, a blank id before a later bad attribute', async () => {
    const CUSTOMERS = 'mutation ($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { inserted } }';
    const r = await gql(gw.url, CUSTOMERS, {
      key: writer,
      variables: {
        c: [
          { externalId: 'ok' },
          { externalId: ' ' },
          { externalId: 'ok3', attributes: { nested: { a: 1 } } },
        ],
      },
    });
    expect(r.body.errors?.[0]).toMatchObject({
      message: 'customers[1].externalId must not be blank',
      extensions: { code: 'BAD_USER_INPUT', field: 'customers[1].externalId' },
    });
    const ITEMS = 'mutation ($i: [ItemInput!]!) { upsertItems(items: $i) { inserted } }';
    const items = await gql(gw.url, ITEMS, { key: writer, variables: { i: [{ sku: 'ok' }, { sku: '' }] } });
    expect(items.body.errors?.[0]).toMatchObject({
      message: 'items[1].sku must not be blank',
      extensions: { code: 'BAD_USER_INPUT', field: 'items[1].sku' },
    });
    expect(await gw.storage.getCustomers(['ok'])).toEqual([null]);
  });

  it('refuses a blank id to deleteCustomer and restoreCustomer, erasing nothing', async () => {
    for (const mutation of ['deleteCustomer(id: $id) { found }', 'restoreCustomer(id: $id)']) {
      const r = await gql(gw.url, `mutation ($id: String!) { ${mutation} }`, {
        key: writer,
        variables: { id: ' ' },
      });
      expect(r.body.errors?.[0]).toMatchObject({
        message: 'id must not be blank',
        extensions: { code: 'BAD_USER_INPUT', field: 'id' },
      });
    }
    expect((await gw.storage.counts()).erasedCustomers).toBe(0);
  });
});

describe('attribute keys after merging', () => {
  const keys = (from: number, n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${from + i}`, i]));

  it('refuses an upsert that would leave a customer or item over 50 keys, naming the record and field', async () => {
    const CUSTOMERS =
      'mutation ($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { inserted updated } }';
    const ITEMS = 'mutation ($i: [ItemInput!]!) { upsertItems(items: $i) { inserted updated } }';
    const first = await gql(gw.url, CUSTOMERS, {
      key: writer,
      variables: { c: [{ externalId: '12359', attributes: { tier: 'gold', ...keys(0, 39) } }] },
    });
    expect(dataOf(first, 'upsertCustomers')).toEqual({ inserted: 1, updated: 0 });
    // 40 stored; 40 more, of which 10 repeat stored keys: 70 once merged.
    const second = await gql(gw.url, CUSTOMERS, {
      key: writer,
      variables: { c: [{ externalId: 'other' }, { externalId: '12359', attributes: keys(29, 40) }] },
    });
    expect(codes(second)).toEqual(['BAD_USER_INPUT']);
    expect(second.body.errors?.[0]?.extensions?.field).toBe('customers[1].attributes');
    expect(second.body.errors?.[0]?.message).toBe(
      'customers[1].attributes would leave customer "12359" with 70 attribute keys once merged with those it has; at most 50 are kept per customer',
    );
    const [stored] = await gw.storage.getCustomers(['12359']);
    expect(Object.keys(stored!.attributes)).toHaveLength(40);
    // Up to 50 merged keys (stored keys sent again count once) are accepted.
    const fits = await gql(gw.url, CUSTOMERS, {
      key: writer,
      variables: { c: [{ externalId: '12359', attributes: { tier: 'silver', ...keys(39, 10) } }] },
    });
    expect(dataOf(fits, 'upsertCustomers')).toEqual({ inserted: 0, updated: 1 });
    // The same item twice in one call merges too.
    const items = await gql(gw.url, ITEMS, {
      key: writer,
      variables: {
        i: [
          { sku: 'M1', attributes: keys(0, 30) },
          { sku: 'M1', attributes: keys(30, 30) },
        ],
      },
    });
    expect(items.body.errors?.[0]?.extensions?.field).toBe('items[1].attributes');
    expect((await gw.storage.getItems(['M1']))[0]).toBeNull();
    await gw.storage.upsertItems([{ sku: 'M2', attributes: keys(0, 45) }]);
    const grown = await gql(gw.url, ITEMS, {
      key: writer,
      variables: { i: [{ sku: 'M2', attributes: keys(45, 6) }] },
    });
    expect(grown.body.errors?.[0]?.message).toBe(
      'items[0].attributes would leave item "M2" with 51 attribute keys once merged with those it has; at most 50 are kept per item',
    );
  });
});
