import { EVENT_TIME_MAX, EVENT_TIME_MIN } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, startTestGateway, type TestGateway } from './harness.js';

const LEAKS = /select|insert|relation|pglite|postgres|closed|\.ts:\d+|\.js:\d+|stack|at async/i;

describe('formatError hides internals', () => {
  it('answers a failing resolver with a generic error, keeping the path', async () => {
    const gw = await startTestGateway();
    const key = await gw.key(['read']);
    gw.storage.getCustomers = async () => {
      throw new Error(
        'select * from "customers" where external_id = $1: relation "customers" does not exist',
      );
    };
    const r = await gql(gw.url, '{ customer(id: "c1") { externalId } }', { key });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ customer: null });
    expect(r.body.errors).toEqual([
      {
        message: 'internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['customer'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(r.text).not.toMatch(LEAKS);
    expect(String(gw.internalErrors[0])).toContain('relation "customers"');
    await gw.close();
  });

  it('answers with no SQL or stack when the storage itself is closed', async () => {
    const gw = await startTestGateway({}, 'pglite:memory');
    const key = await gw.key(['read']);
    await gw.storage.close();
    const r = await gql(gw.url, '{ customer(id: "c1") { externalId } }', { key });
    expect(r.status).toBe(500);
    expect(codes(r)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(r.text).not.toMatch(LEAKS);
    expect(gw.internalErrors.length).toBeGreaterThan(0);
    await gw.gateway.stop();
  });
});

describe('GraphQL over HTTP', () => {
  let gw: TestGateway;
  let key: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    key = await gw.key(['read', 'write']);
  });
  afterAll(() => gw.close());

  const url = (query: string) => `${gw.url}?query=${encodeURIComponent(query)}`;

  it('runs queries over GET (with a preflight-forcing header)', async () => {
    const res = await fetch(url('{ health { status } }'), {
      headers: {
        'apollo-require-preflight': '1',
        authorization: `Bearer ${key}`,
        accept: 'application/graphql-response+json',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(((await res.json()) as { data: unknown }).data).toEqual({ health: { status: 'ok' } });
  });

  it('marks every answer no-store (it is per key and per customer), without an ETag', async () => {
    const ok = await gql(gw.url, '{ health { status } }', { key });
    const refused = await gql(gw.url, '{ health { status } }', { key: 'sw_0000000000000000_wrong' });
    const invalid = await gql(gw.url, '{ health { nope } }', { key });
    expect([ok.status, refused.status, invalid.status]).toEqual([200, 401, 400]);
    for (const r of [ok, refused, invalid]) {
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('etag')).toBeNull();
    }
  });

  it('refuses mutations over GET with 405', async () => {
    const res = await fetch(url('mutation { upsertItems(items: [{sku: "G"}]) { inserted } }'), {
      headers: { 'apollo-require-preflight': '1', authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(405);
    expect(await gw.storage.getItem('G')).toBeNull();
  });

  it('answers application/json to clients that ask for it', async () => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${key}`,
      },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED and a validation error with 400', async () => {
    const parse = await gql(gw.url, '{ health { status ', { key });
    expect(parse.status).toBe(400);
    expect(codes(parse)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const invalid = await gql(gw.url, '{ health { nope } }', { key });
    expect(invalid.status).toBe(400);
    expect(codes(invalid)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('answers introspection when it is on', async () => {
    const r = await gql(gw.url, '{ __schema { queryType { name } } }', { key });
    expect(r.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('introspection off', () => {
  it('refuses introspection and field suggestions when configured off', async () => {
    const gw = await startTestGateway({ introspection: false });
    const key = await gw.key(['read']);
    const r = await gql(gw.url, '{ __schema { queryType { name } } }', { key });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const typo = await gql(gw.url, '{ healt { status } }', { key });
    expect(typo.text).not.toMatch(/Did you mean/);
    await gw.close();
  });
});

describe('forged event cursors', () => {
  const PAGE =
    'query ($after: String) { customer(id: "c1") { events(first: 2, after: $after) { edges { cursor } } } }';
  // Out of a Date's range, out of the times a stored event can have (storage's event range), or an inexact seq.
  const forged = [
    '99999999999999999999:1',
    '-99999999999999:0',
    '8640000000000001:1',
    '8640000000000000:0',
    `${EVENT_TIME_MAX}:0`,
    `${EVENT_TIME_MIN - 1}:0`,
    '0:99999999999999999999',
  ];

  for (const database of ['memory:', 'pglite:memory']) {
    it(`answers a cursor whose time or seq is out of range with BAD_USER_INPUT naming after (${database})`, async () => {
      const gw = await startTestGateway({}, database);
      try {
        const key = await gw.key(['read']);
        await gw.storage.upsertCustomers([{ externalId: 'c1' }]);
        for (const text of [...forged, 'garbage']) {
          const after = Buffer.from(text, 'utf8').toString('base64');
          const r = await gql(gw.url, PAGE, { key, variables: { after } });
          expect(codes(r), `${text}: ${r.text}`).toEqual(['BAD_USER_INPUT']);
          expect(r.body.errors?.[0]?.extensions?.field).toBe('after');
        }
        expect(gw.internalErrors).toEqual([]);
        // The extremes of that range are still cursors.
        for (const text of [`${EVENT_TIME_MIN}:0`, `${EVENT_TIME_MAX - 1}:${Number.MAX_SAFE_INTEGER}`]) {
          const after = Buffer.from(text, 'utf8').toString('base64url');
          const r = await gql(gw.url, PAGE, { key, variables: { after } });
          expect(r.body.errors, `${text}: ${r.text}`).toBeUndefined();
        }
      } finally {
        await gw.close();
      }
    });
  }
});
