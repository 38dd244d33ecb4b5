import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let reader: string;

beforeAll(async () => {
  gw = await startTestGateway({
    rateLimitPoints: 40,
    rateLimitWindowSeconds: 3600,
    maxQueryCost: 300,
    maxDepth: 6,
    maxAliases: 3,
    maxTokens: 400,
    bodyLimitBytes: 4_000,
    corsOrigins: ['https://shop.example.com'],
  });
  reader = await gw.key(['read']);
});
afterAll(() => gw.close());

describe('query limits', () => {
  it('refuses a query nested deeper than the limit', async () => {
    const deep =
      '{ customer(id: "c") { events(first: 1) { edges { node { customer { events(first: 1) { edges { node { sku } } } } } } } } }';
    const r = await gql(gw.url, deep, { key: reader });
    expect(r.status).toBe(400);
    expect(codes(r)).toContain('GRAPHQL_VALIDATION_FAILED');
    // graphql-armor prefixes its limits with "Syntax Error:"; the query is valid syntax, so the gateway drops it.
    expect(r.body.errors?.[0]?.message).toMatch(/^Query depth limit of 6 exceeded, found \d+\.$/);
  });

  it('refuses too many aliases', async () => {
    const r = await gql(
      gw.url,
      '{ a: health { status } b: health { status } c: health { status } d: health { status } }',
      {
        key: reader,
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.message).toBe('Aliases limit of 3 exceeded, found 4.');
  });

  it('refuses a document with too many tokens', async () => {
    const fields = Array.from({ length: 450 }, () => 'status').join(' ');
    const r = await gql(gw.url, `{ health { ${fields} } }`, { key: reader });
    expect(r.status, r.text).toBe(400);
    expect(codes(r)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(r.body.errors?.[0]?.message).toMatch(/more that 400 tokens/);
  });

  it('refuses text holding a NUL character in a variable or an argument, naming it (400)', async () => {
    const q = 'query ($id: String!) { customer(id: $id) { country } }';
    const byVariable = await gql(gw.url, q, { key: reader, variables: { id: 'a\u0000b' } });
    expect(byVariable.status, byVariable.text).toBe(400);
    expect(codes(byVariable)).toEqual(['BAD_USER_INPUT']);
    expect(byVariable.body.errors?.[0]?.message).toBe(
      'variable $id holds a NUL character (U+0000), which Storewise cannot store or look up',
    );
    const byLiteral = await gql(gw.url, '{ customer(id: "a\\u0000b") { country } }', { key: reader });
    expect(byLiteral.status, byLiteral.text).toBe(400);
    expect(byLiteral.body.errors?.[0]?.message).toMatch(/^argument id holds a NUL character/);
    // The same query without it runs (the customer is unknown).
    const fine = await gql(gw.url, q, { key: reader, variables: { id: 'a\\u0000b' } });
    expect(fine.status, fine.text).toBe(200);
    expect(fine.body.data).toEqual({ customer: null });
  });

  it("refuses a NUL character in a variable's default value, naming the variable (400)", async () => {
    const r = await gql(gw.url, 'query ($x: String! = "a\\u0000b") { customer(id: $x) { externalId } }', {
      key: reader,
    });
    expect(r.status, r.text).toBe(400);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.message).toBe(
      'the default value of variable $x holds a NUL character (U+0000), which Storewise cannot store or look up',
    );
    expect(gw.internalErrors).toEqual([]);
  });

  it('refuses a query whose declared cost exceeds the maximum, before running it', async () => {
    const q = '{ customer(id: "c") { events(first: 100) { edges { node { item { sku } } } } } }';
    const r = await gql(gw.url, q, { key: reader });
    expect(r.status, r.text).toBe(400);
    expect(codes(r), r.text).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(r.body.errors?.[0]?.extensions?.maxCost).toBe(300);
  });

  it('prices nested recommendations by their pages, refusing them before they run', async () => {
    // The default limits: depth 8 and 2,000 points.
    const own = await startTestGateway();
    try {
      const key = await own.key(['read']);
      const nested = `query ($n: PageSize!, $m: PageSize!) { recommendations(customerId: "12347", first: $n) {
        items { item { related(first: $m) { sku item { related(first: $m) { sku } } } } } } }`;
      const refused = await gql(own.url, nested, { key, variables: { n: 100, m: 100 } });
      expect(refused.status, refused.text).toBe(400);
      expect(codes(refused)).toEqual(['COST_LIMIT_EXCEEDED']);
      expect(refused.body.errors?.[0]?.extensions?.cost).toBe(1_111_210);
      // The README's example is priced, and runs (no model is trained here yet).
      const example = await gql(
        own.url,
        'query ($id: String!) { recommendations(customerId: $id, first: 5) { strategy items { sku title score because { title event } } } }',
        { key, variables: { id: '14078' } },
      );
      expect(codes(example), example.text).toEqual(['MODEL_NOT_TRAINED']);
      expect(example.body.extensions?.cost).toMatchObject({ requestedQueryCost: 20 });
    } finally {
      await own.close();
    }
  });

  it('caps every list: first is required and at most 100', async () => {
    const missing = await gql(gw.url, '{ models { name } }', { key: reader });
    expect(missing.status, missing.text).toBe(400);
    expect(codes(missing)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const tooMany = await gql(gw.url, '{ models(first: 101) { name } }', { key: reader });
    expect(tooMany.status, tooMany.text).toBe(400);
    expect(tooMany.body.errors?.[0]?.message).toContain('first must be an integer from 1 to 100');
    const viaVariable = await gql(gw.url, 'query ($n: PageSize!) { models(first: $n) { name } }', {
      key: reader,
      variables: { n: 0 },
    });
    expect(viaVariable.status, viaVariable.text).toBe(400);
    expect(codes(viaVariable)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('HTTP protection', () => {
  it('answers a body over the limit with 413 and a GraphQL error body', async () => {
    const r = await gql(gw.url, `{ health { status } } # ${'x'.repeat(5_000)}`, { key: reader });
    expect(r.status).toBe(413);
    expect(codes(r)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(JSON.parse(text).errors[0].message).toBe('the request body is not valid JSON');
    expect(text).not.toMatch(/at .*\.js:\d+/);
    // Valid JSON that is no object: said so, not called invalid.
    for (const body of ['"hello"', '42']) {
      const bare = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(bare.status).toBe(400);
      expect(((await bare.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
        'the request body must be a JSON object ({ "query": ..., "variables": ... }), not a bare JSON value',
      );
    }
  });

  it('allows listed origins and no others (CORS preflight)', async () => {
    const preflight = (origin: string) =>
      fetch(gw.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const ok = await preflight('https://shop.example.com');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const evil = await preflight('https://evil.example.com');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a simple cross-site request (CSRF prevention)', async () => {
    const get = await fetch(`${gw.url}?query=${encodeURIComponent('{ health { status } }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const form = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(form.status).toBe(400);
  });
});

describe('rate limit in cost points', () => {
  it('reports the cost Shopify-style, then answers 429 with Retry-After once the budget is spent', async () => {
    const key = await gw.key(['read']);
    const q = '{ customer(id: "nobody") { externalId scores { score } } }';
    const first = await gql(gw.url, q, { key });
    expect(first.status).toBe(200);
    const cost = first.body.extensions?.cost as {
      requestedQueryCost: number;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number };
    };
    expect(cost.requestedQueryCost).toBe(6);
    expect(cost.throttleStatus.maximumAvailable).toBe(40);
    expect(cost.throttleStatus.currentlyAvailable).toBe(34);
    let last = first;
    for (let i = 0; i < 10 && last.status === 200; i++) last = await gql(gw.url, q, { key });
    expect(last.status).toBe(429);
    expect(codes(last)).toEqual(['RATE_LIMITED']);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.body.extensions?.cost).toMatchObject({ requestedQueryCost: 6 });
    const other = await gql(gw.url, q, { key: reader });
    expect(other.status).toBe(200);
  });

  it('does not charge a refused request: what remains stays for cheaper ones', async () => {
    const key = await gw.key(['read']);
    const six = '{ customer(id: "nobody") { externalId scores { score } } }';
    const one = '{ customer(id: "nobody") { externalId } }';
    for (let i = 0; i < 6; i++) expect((await gql(gw.url, six, { key })).status).toBe(200);
    const refused = await gql(gw.url, six, { key });
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body.extensions?.cost).toMatchObject({
      requestedQueryCost: 6,
      throttleStatus: { currentlyAvailable: 4 },
    });
    expect(refused.body.errors?.[0]?.message).toMatch(/costs 6 points and 4 remain/);
    for (const left of [3, 2, 1, 0]) {
      const r = await gql(gw.url, one, { key });
      expect(r.status, r.text).toBe(200);
      expect(r.body.extensions?.cost).toMatchObject({ throttleStatus: { currentlyAvailable: left } });
    }
    expect((await gql(gw.url, one, { key })).status).toBe(429);
  });

  it("spends a storefront key's budget per client address: one visitor cannot use up a shop's", async () => {
    const key = await gw.key(['storefront']);
    const q = '{ recommendations(customerId: "visitor", first: 5) { items { sku } } }';
    const from = (localAddress: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ query: q });
        const req = request(
          gw.url,
          {
            method: 'POST',
            localAddress,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // 15 points a request (10 + 5 items) of 40: the third is refused.
    const statuses = [await from('127.0.0.1'), await from('127.0.0.1'), await from('127.0.0.1')];
    expect(statuses[2]).toBe(429);
    expect(await from('127.0.0.2')).not.toBe(429);
  });
});
