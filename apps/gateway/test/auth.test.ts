import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let admin: string;
let reader: string;
let writer: string;
let storefront: string;

beforeAll(async () => {
  gw = await startTestGateway();
  [admin, reader, writer, storefront] = await Promise.all([
    gw.key(['admin']),
    gw.key(['read']),
    gw.key(['write']),
    gw.key(['storefront']),
  ]);
  await gw.storage.upsertCustomers([{ externalId: 'c1', country: 'FR' }]);
  // A storefront key's events must name items the catalog has.
  await gw.storage.upsertItems([{ sku: 'A' }]);
});
afterAll(() => gw.close());

const TRACK =
  'mutation { trackEvents(events: [{eventId: "e1", type: VIEW, customerId: "c1", sku: "A"}]) { inserted } }';

describe('API keys', () => {
  it('refuses data without a key with 401 and a GraphQL error body', async () => {
    const r = await gql(gw.url, '{ customer(id: "c1") { country } }');
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.body.data ?? null).toBeNull();
  });

  it("checks the scopes of the operation that runs with its own variables' defaults, not another's", async () => {
    // Two operations give $e different defaults: B's false once made A's fields go unchecked (a tester
    // read a customer's events and minted an admin key this way, with no key at all).
    const post = async (query: string, operationName: string, key?: string) => {
      const res = await fetch(gw.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query, operationName }),
      });
      return {
        status: res.status,
        body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
      };
    };
    const other = 'query B($e: Boolean! = false) { health @include(if: $e) { status } }';
    const cases: [string, string | undefined, number][] = [
      ['query A($e: Boolean! = true) { customer(id: "c1") @include(if: $e) { country } }', undefined, 401],
      [
        'mutation A($e: Boolean! = true) { createApiKey(scopes: [ADMIN], label: "x") @include(if: $e) { key } }',
        undefined,
        401,
      ],
      [
        'mutation A($e: Boolean! = true) { createApiKey(scopes: [ADMIN], label: "x") @include(if: $e) { key } }',
        storefront,
        403,
      ],
      ['query A($e: Boolean! = true) { customer(id: "c1") @include(if: $e) { country } }', writer, 403],
    ];
    for (const [query, key, status] of cases) {
      const r = await post(`${query} ${other}`, 'A', key);
      expect(r.status, query).toBe(status);
      expect(r.body.data ?? null).toBeNull();
    }
    // The other way round, the operation that runs is B, whose fields are public: it answers.
    const b = await post(`${cases[0]![0]} ${other}`, 'B');
    expect(b.status).toBe(200);
    expect(b.body.data).toEqual({});
    expect((await gw.storage.listApiKeys()).filter((k) => k.label === 'x')).toEqual([]);
  });

  it('answers public health without a key but not its counts', async () => {
    const ok = await gql(gw.url, '{ health { status database } }');
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ health: { status: 'ok', database: 'memory' } });
    const counts = await gql(gw.url, '{ health { counts { customers } } }');
    expect(counts.status).toBe(401);
    expect(counts.body.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'API_KEY_MISSING',
      field: 'authorization',
    });
    const withKey = await gql(gw.url, '{ health { counts { customers } } }', { key: reader });
    expect(withKey.body.data).toEqual({ health: { counts: { customers: 1 } } });
  });

  it('refuses a wrong secret, a malformed key and an unknown key id with 401', async () => {
    const wrongSecret =
      `${reader.slice(0, -4)}AAAA` === reader ? `${reader.slice(0, -4)}BBBB` : `${reader.slice(0, -4)}AAAA`;
    // A wrong secret and an unknown key id are one reason (which of them is not told).
    for (const [key, reason] of [
      [wrongSecret, 'API_KEY_INVALID'],
      ['sw_nope', 'API_KEY_MALFORMED'],
      ['sw_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'API_KEY_INVALID'],
    ]) {
      const r = await gql(gw.url, '{ health { status } }', { key });
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason,
        field: 'authorization',
      });
    }
    // The header the key came in.
    const x = await gql(gw.url, '{ health { status } }', { headers: { 'x-api-key': 'sw_nope' } });
    expect(x.body.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'API_KEY_MALFORMED',
      field: 'x-api-key',
    });
  });

  it('accepts the key in X-Api-Key too', async () => {
    const r = await gql(gw.url, '{ customer(id: "c1") { country } }', { headers: { 'x-api-key': reader } });
    expect(r.body.data).toEqual({ customer: { country: 'FR' } });
  });

  it("refuses revoking the request's own key, and lets another admin key revoke it", async () => {
    const own = await gw.key(['admin']);
    const ownId = own.split('_')[1]!;
    const self = await gql(gw.url, `mutation { revokeApiKey(keyId: "${ownId}") }`, { key: own });
    expect(self.body.errors).toEqual([
      {
        message: 'this is the key of this request; revoke it with another admin key',
        locations: [{ line: 1, column: 12 }],
        path: ['revokeApiKey'],
        extensions: { code: 'BAD_USER_INPUT', field: 'keyId' },
      },
    ]);
    expect((await gql(gw.url, '{ health { status } }', { key: own })).status).toBe(200);
    const other = await gql(gw.url, `mutation { revokeApiKey(keyId: "${ownId}") }`, { key: admin });
    expect(other.body.data).toEqual({ revokeApiKey: true });
    expect((await gql(gw.url, '{ health { status } }', { key: own })).status).toBe(401);
  });

  it('refuses a revoked key, while a second live key (rotation) keeps working', async () => {
    const old = await gw.key(['read']);
    const created = await gql(
      gw.url,
      'mutation { createApiKey(scopes: [READ], label: "new") { key apiKey { keyId scopes label } } }',
      {
        key: admin,
      },
    );
    const fresh = dataOf<{ key: string }>(created, 'createApiKey').key;
    expect(fresh).toMatch(/^sw_[0-9a-f]{16}_[A-Za-z0-9_-]{32}$/);
    expect((await gql(gw.url, '{ health { status } }', { key: old })).status).toBe(200);
    expect((await gql(gw.url, '{ health { status } }', { key: fresh })).status).toBe(200);
    const oldId = old.split('_')[1]!;
    const revoked = await gql(gw.url, `mutation { revokeApiKey(keyId: "${oldId}") }`, { key: admin });
    expect(revoked.body.data).toEqual({ revokeApiKey: true });
    const refused = await gql(gw.url, '{ health { status } }', { key: old });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.message).toContain('revoked');
    expect(refused.body.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'API_KEY_REVOKED',
      field: 'authorization',
    });
    expect((await gql(gw.url, '{ health { status } }', { key: fresh })).status).toBe(200);
    // The labels of the keys a start makes (and revokes at the next start) are not for other keys.
    const reserved = await gql(
      gw.url,
      'mutation { createApiKey(scopes: [READ], label: "admin key generated at start") { key } }',
      { key: admin },
    );
    expect(reserved.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'label' });
  });

  it('stores only a hash of the secret and records the last use', async () => {
    const key = await gw.key(['read'], 'touch');
    const [, keyId, secret] = /^sw_([0-9a-f]+)_(.+)$/.exec(key)!;
    await gql(gw.url, '{ health { status } }', { key });
    const record = await gw.storage.getApiKey(keyId!);
    expect(record?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(secret!);
    await expect.poll(async () => (await gw.storage.getApiKey(keyId!))?.lastUsedAt).not.toBeNull();
  });
});

describe('scopes', () => {
  it('lets a storefront key track events and read items, and nothing else', async () => {
    const ok = await gql(gw.url, TRACK, { key: storefront });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ trackEvents: { inserted: 1 } });
    for (const q of [
      '{ customer(id: "c1") { country } }',
      'mutation { upsertItems(items: [{sku: "B"}]) { inserted } }',
      'mutation { deleteCustomer(id: "c1") { total } }',
      '{ health { counts { events } } }',
    ]) {
      const r = await gql(gw.url, q, { key: storefront });
      expect(r.status, q).toBe(403);
      expect(codes(r), q).toEqual(['FORBIDDEN']);
    }
    // An item's catalog fields are what its page shows.
    const item = await gql(gw.url, '{ item(sku: "A") { sku } }', { key: storefront });
    expect(item.status).toBe(200);
  });

  it('keeps reads from a write key and writes from a read key', async () => {
    expect((await gql(gw.url, '{ customer(id: "c1") { country } }', { key: writer })).status).toBe(403);
    expect((await gql(gw.url, TRACK, { key: reader })).status).toBe(403);
    expect((await gql(gw.url, TRACK, { key: writer })).status).toBe(200);
  });

  it('keeps API key management to admins', async () => {
    for (const key of [reader, writer, storefront]) {
      expect((await gql(gw.url, '{ apiKeys(first: 5) { keyId } }', { key })).status).toBe(403);
      expect((await gql(gw.url, 'mutation { createApiKey(scopes: [ADMIN]) { key } }', { key })).status).toBe(
        403,
      );
      expect((await gql(gw.url, 'mutation { revokeApiKey(keyId: "x") }', { key })).status).toBe(403);
    }
    const list = await gql(gw.url, '{ apiKeys(first: 100) { keyId scopes } }', { key: admin });
    expect(list.status).toBe(200);
    expect(dataOf<unknown[]>(list, 'apiKeys').length).toBeGreaterThanOrEqual(4);
    expect(list.text).not.toMatch(/secretHash/);
  });

  it("refuses a segment's members to a write key under a write mutation, answering the segment itself", async () => {
    const created = await gql(
      gw.url,
      'mutation { createSegment(input: {id: "fr", name: "France", rule: {field: "country", in: ["FR"]}}) { size } }',
      { key: writer },
    );
    expect(dataOf(created, 'createSegment')).toEqual({ size: 1 });
    const members = `mutation { refreshSegment(id: "fr") { segment { members(first: 2) { edges { cursor
      node { externalId country attributes consent { marketing analytics } scores { model score } } } } } } }`;
    const refused = await gql(gw.url, members, { key: writer });
    expect([refused.status, codes(refused)]).toEqual([403, ['FORBIDDEN']]);
    expect(refused.body.errors?.[0]?.extensions?.field).toBe('Segment.members');
    const own = await gql(gw.url, 'mutation { refreshSegment(id: "fr") { size segment { id size } } }', {
      key: writer,
    });
    expect(dataOf(own, 'refreshSegment')).toEqual({ size: 1, segment: { id: 'fr', size: 1 } });
    const read = await gql(
      gw.url,
      '{ segment(id: "fr") { members(first: 2) { edges { node { country } } } } }',
      {
        key: reader,
      },
    );
    expect(dataOf(read, 'segment')).toEqual({ members: { edges: [{ node: { country: 'FR' } }] } });
  });

  it('checks fields reached through fragments too', async () => {
    const q = 'query { ...F } fragment F on Query { customer(id: "c1") { country } }';
    expect((await gql(gw.url, q, { key: storefront })).status).toBe(403);
  });
});
