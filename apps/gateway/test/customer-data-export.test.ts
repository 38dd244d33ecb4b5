import { exportCustomerData } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, token, withToken } from './customer-tokens.js';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

const EXPORT = 'query ($id: String!) { customerDataExport(id: $id) }';

let gw: TestGateway;
const keys: Record<string, string> = {};

beforeAll(async () => {
  gw = await startTestGateway({ customerTokenSecret: SECRET });
  for (const scope of ['admin', 'write', 'read', 'storefront']) keys[scope] = await gw.key([scope]);
  await gw.storage.upsertCustomers([{ externalId: 'ann', country: 'DE', consent: { analytics: false } }]);
  await gw.storage.appendEvents([
    {
      eventId: 'a1',
      type: 'view',
      customerId: 'ann',
      sku: 'mug',
      timestamp: new Date('2024-03-01T00:00:00Z'),
    },
    {
      eventId: 'a2',
      type: 'purchase',
      customerId: 'ann',
      sku: 'mug',
      timestamp: new Date('2024-03-02T00:00:00Z'),
    },
    {
      eventId: 'b1',
      type: 'view',
      customerId: 'ben',
      sku: 'mug',
      timestamp: new Date('2024-03-01T00:00:00Z'),
    },
  ]);
});
afterAll(() => gw.close());

/** The document a request returned, parsed, its exportedAt left out (the engine's is a moment later). */
const documentOf = (r: Awaited<ReturnType<typeof gql>>) => ({
  ...JSON.parse(dataOf<string>(r, 'customerDataExport')),
  exportedAt: null,
});

describe('customerDataExport', () => {
  it("returns the engine's document as JSON text to a write or admin key", async () => {
    const expected = { ...(await exportCustomerData(gw.storage, 'ann')), exportedAt: null };
    expect(expected.events.map((e) => e.eventId)).toEqual(['a1', 'a2']);
    for (const scope of ['write', 'admin']) {
      const r = await gql(gw.url, EXPORT, { key: keys[scope], variables: { id: 'ann' } });
      expect(r.status, scope).toBe(200);
      expect(documentOf(r), scope).toEqual(expected);
    }
  });

  it('is refused to a read key and to a storefront key, unless a customer token names that customer', async () => {
    for (const scope of ['read', 'storefront']) {
      const r = await gql(gw.url, EXPORT, { key: keys[scope], variables: { id: 'ann' } });
      expect(codes(r), scope).toEqual(['FORBIDDEN']);
      expect(r.body.errors?.[0]?.message).toBe(
        'this API key lacks the scope for Query.customerDataExport (needs one of: write, a customer token (X-Storewise-Customer-Token) for this customer)',
      );
    }
    const own = await gql(gw.url, EXPORT, {
      key: keys.storefront,
      variables: { id: 'ann' },
      headers: withToken(token('ann')),
    });
    expect(documentOf(own).customerId).toBe('ann');
    const other = await gql(gw.url, EXPORT, {
      key: keys.storefront,
      variables: { id: 'ben' },
      headers: withToken(token('ann')),
    });
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(other.body.errors?.[0]?.message).toBe(
      "the customer token names another customer: Query.customerDataExport is for the token's own customer only (or a key with the write scope)",
    );
    // Any key carries a customer token (docs/gateway.md): a read key with one gets that customer's document only.
    const readOwn = await gql(gw.url, EXPORT, {
      key: keys.read,
      variables: { id: 'ann' },
      headers: withToken(token('ann')),
    });
    expect(documentOf(readOwn).customerId).toBe('ann');
    const readOther = await gql(gw.url, EXPORT, {
      key: keys.read,
      variables: { id: 'ben' },
      headers: withToken(token('ann')),
    });
    expect(codes(readOther)).toEqual(['FORBIDDEN']);
    const anonymous = await gql(gw.url, EXPORT, { variables: { id: 'ann' } });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a blank id as bad input on id, before any look-up', async () => {
    for (const id of ['', '  ']) {
      const r = await gql(gw.url, EXPORT, { key: keys.write, variables: { id } });
      expect(r.body.errors?.[0], JSON.stringify(id)).toMatchObject({
        message: 'id must not be blank',
        extensions: { code: 'BAD_USER_INPUT', field: 'id' },
      });
    }
  });

  it('refuses an unknown customer as bad input on id, and says when they were erased', async () => {
    const unknown = await gql(gw.url, EXPORT, { key: keys.write, variables: { id: 'zed' } });
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'no customer "zed" in the store',
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
    });
    await gql(gw.url, 'mutation { deleteCustomer(id: "ben") { found } }', { key: keys.write });
    const erased = await gql(gw.url, EXPORT, { key: keys.write, variables: { id: 'ben' } });
    expect(erased.body.errors?.[0]?.message).toBe(
      'no customer "ben": they were erased (deleteCustomer), and the store holds nothing about them',
    );
  });

  it('refuses to erase an id as a file spells it that imports store otherwise, naming that id, unless asGiven', async () => {
    await gw.storage.upsertCustomers([{ externalId: '17850' }]);
    const DELETE =
      'mutation ($id: String!, $asGiven: Boolean) { deleteCustomer(id: $id, asGiven: $asGiven) { found total } }';
    const how =
      "an import stores the id so: trimmed, a float's .0 dropped, as Online Retail's 17850.0 is 17850";
    // The store holds 17850: deleting 17850.0 would erase nobody and list an id no import names.
    const typed = await gql(gw.url, DELETE, { key: keys.write, variables: { id: '17850.0' } });
    expect(typed.body.data).toBeNull();
    expect(typed.body.errors?.[0]).toMatchObject({
      message: `no customer "17850.0" in the store, but it holds "17850" (${how}): did you mean deleteCustomer(id: "17850")? Nothing was removed, and "17850.0" was not put on the erasure list (asGiven: true puts it there).`,
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
    });
    const exported = await gql(gw.url, EXPORT, { key: keys.write, variables: { id: '17850.0' } });
    expect(exported.body.errors?.[0]?.message).toBe(
      'no customer "17850.0" in the store; it holds "17850" (an import stores the id so): did you mean "17850"?',
    );
    expect(await gw.storage.getCustomer('17850')).not.toBeNull();
    // Neither held: an Online Retail file would store 55555, which an erasure of 55555.0 would not keep out.
    const neither = await gql(gw.url, DELETE, { key: keys.write, variables: { id: '55555.0' } });
    expect(neither.body.errors?.[0]?.message).toMatch(
      /^no customer "55555\.0" in the store, nor "55555" .*deleteCustomer\(id: "55555"\) erases the id imports store, asGiven: true lists "55555\.0" as typed\.$/,
    );
    const given = await gql(gw.url, DELETE, { key: keys.write, variables: { id: '55555.0', asGiven: true } });
    expect(dataOf(given, 'deleteCustomer')).toEqual({ found: false, total: 0 });
    expect(await gw.storage.isErased?.('55555.0')).toBe(true);
  });
});
