import { trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../src/config/gateway-config.js';
import { claims, jwt, nowSeconds, SECRET, token, withToken } from './customer-tokens.js';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

const RECS = `query ($id: String!, $rules: RecommendationRulesInput, $context: RecommendationContextInput) {
  recommendations(customerId: $id, first: 3, rules: $rules, context: $context) {
    strategy items { sku because { sku event } } } }`;
type Recs = { strategy: string; items: { sku: string; because: { sku: string; event: string }[] }[] };

let gw: TestGateway;
let reader: string;
let storefront: string;

beforeAll(async () => {
  gw = await startTestGateway({ customerTokenSecret: SECRET });
  reader = await gw.key(['read']);
  storefront = await gw.key(['storefront']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

describe('customer tokens', () => {
  it("give a storefront key its own customer's explained list and rules, as a read key gets them", async () => {
    for (const variables of [
      { id: 'c0' },
      { id: 'c0', rules: { excludeBought: true } },
      { id: 'c0', rules: { excludeSeen: true } },
      { id: 'c0', rules: { excludeBought: true }, context: { cartItemIds: ['B'] } },
    ]) {
      const asReader = dataOf<Recs>(await gql(gw.url, RECS, { key: reader, variables }), 'recommendations');
      const r = await gql(gw.url, RECS, { key: storefront, variables, headers: withToken(token('c0')) });
      expect(r.status, JSON.stringify(variables)).toBe(200);
      expect(dataOf<Recs>(r, 'recommendations')).toEqual(asReader);
    }
    // c0 bought A and C (recs-shop.ts): the explanation names them, and excludeBought leaves them out.
    const own = dataOf<Recs>(
      await gql(gw.url, RECS, { key: storefront, variables: { id: 'c0' }, headers: withToken(token('c0')) }),
      'recommendations',
    );
    expect(own.items.flatMap((i) => i.because.map((b) => `${b.sku} ${b.event}`))).toContain('A PURCHASE');
    const excluded = dataOf<Recs>(
      await gql(gw.url, RECS, {
        key: storefront,
        variables: { id: 'c0', rules: { excludeBought: true } },
        headers: withToken(token('c0')),
      }),
      'recommendations',
    );
    expect(excluded.items.map((i) => i.sku)).not.toContain('A');
    expect(excluded.items.map((i) => i.sku)).not.toContain('C');
  });

  it("keep another customer's history from the token's holder", async () => {
    const other = await gql(gw.url, RECS, {
      key: storefront,
      variables: { id: 'c2' },
      headers: withToken(token('c0')),
    });
    expect(other.status).toBe(403);
    expect(new Set(codes(other))).toEqual(new Set(['FORBIDDEN']));
    expect(other.body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      field: 'RecommendedItem.because',
    });
    expect(other.body.errors?.[0]?.message).toMatch(/the customer token names another customer/);
    // The list is nullable (5ee43fc): the refusal nulls it, not the whole answer.
    expect(other.body.data).toEqual({ recommendations: null });
    const rule = await gql(gw.url, RECS.replace(' because { sku event }', ''), {
      key: storefront,
      variables: { id: 'c2', rules: { excludeBought: true } },
      headers: withToken(token('c0')),
    });
    expect(rule.status).toBe(403);
    expect(rule.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', field: 'rules.excludeBought' });
    // Nor does a token open what only read keys reach: customers, the explanation of related items.
    for (const [query, field] of [
      ['{ customer(id: "c0") { externalId } }', 'Query.customer'],
      [
        '{ recommendations(customerId: "c0", first: 1) { items { item { related(first: 2) { because { sku } } } } } }',
        'RecommendedItem.because',
      ],
    ]) {
      const r = await gql(gw.url, query!, { key: storefront, headers: withToken(token('c0')) });
      expect(r.status, query).toBe(403);
      expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', field });
      // Related items' explanations are of no customer: the message says so, not "another customer".
      if (field === 'RecommendedItem.because')
        expect(r.body.errors?.[0]?.message).toBe(
          'RecommendedItem.because here is of no customer, which a customer token does not open (or a key with the read scope)',
        );
    }
  });

  it('say, without a token, that a customer token would do', async () => {
    const r = await gql(gw.url, RECS, { key: storefront, variables: { id: 'c0' } });
    expect(r.status).toBe(403);
    expect(r.body.errors?.[0]?.message).toBe(
      'this API key lacks the scope for RecommendedItem.because (needs one of: read, a customer token (X-Storewise-Customer-Token) for this customer)',
    );
  });

  it('are refused, saying why, when they are not valid', async () => {
    const now = nowSeconds();
    const without = (claim: string) => {
      const c: Record<string, unknown> = claims('c0');
      delete c[claim];
      return c;
    };
    const cases: [string, RegExp, string][] = [
      [jwt(claims('c0', { exp: now - 120 })), /has expired \(exp\)/, 'CUSTOMER_TOKEN_EXPIRED'],
      [
        jwt(claims('c0'), 'another-secret-of-32-characters-long'),
        /signature does not match/,
        'CUSTOMER_TOKEN_INVALID',
      ],
      [jwt(without('exp')), /has no exp claim/, 'CUSTOMER_TOKEN_INVALID'],
      [jwt(without('sub')), /has no sub claim/, 'CUSTOMER_TOKEN_INVALID'],
      [jwt(without('iat')), /has no iat claim/, 'CUSTOMER_TOKEN_INVALID'],
      // Tied to Storewise: a JWT the shop signed for something else with the same secret is refused.
      [jwt(without('aud')), /has no aud claim/, 'CUSTOMER_TOKEN_INVALID'],
      [
        jwt(claims('c0', { aud: 'shop-sessions' })),
        /its aud claim must be "storewise"/,
        'CUSTOMER_TOKEN_INVALID',
      ],
      // At most a day old, whatever its exp (a token cannot be revoked); not signed in the future.
      [
        jwt(claims('c0', { iat: now - 25 * 3600 })),
        /signed more than 24 hours ago \(iat\)/,
        'CUSTOMER_TOKEN_EXPIRED',
      ],
      [
        jwt(claims('c0', { iat: now + 3600 })),
        /iat claim \(when it was signed\) is in the future/,
        'CUSTOMER_TOKEN_INVALID',
      ],
      [
        jwt(claims('')),
        /sub claim \(the customer id\) must be text of 1-128 characters/,
        'CUSTOMER_TOKEN_INVALID',
      ],
      [jwt(claims('x'.repeat(129))), /1-128 characters/, 'CUSTOMER_TOKEN_INVALID'],
      [
        jwt(claims('c0'), SECRET, { alg: 'HS512', typ: 'JWT' }),
        /must be signed with HS256/,
        'CUSTOMER_TOKEN_INVALID',
      ],
      // An unsigned token ("alg": "none") must never pass.
      [
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims('c0'))).toString('base64url')}.`,
        /must be signed with HS256/,
        'CUSTOMER_TOKEN_INVALID',
      ],
      ['not-a-token', /not a signed JWT/, 'CUSTOMER_TOKEN_INVALID'],
    ];
    for (const [t, reason, code] of cases) {
      const r = await gql(gw.url, RECS, { key: storefront, variables: { id: 'c0' }, headers: withToken(t) });
      expect(r.status, t).toBe(401);
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      // What a program branches on: an expired token calls for a fresh one, the header says which.
      expect(r.body.errors?.[0]?.extensions, t).toEqual({
        code: 'UNAUTHENTICATED',
        reason: code,
        field: 'x-storewise-customer-token',
      });
      expect(r.body.errors?.[0]?.message, t).toMatch(/^the customer token is not valid: /);
      expect(r.body.errors?.[0]?.message, t).toMatch(reason);
      expect(r.body.errors?.[0]?.message).not.toContain(t.slice(0, 20));
    }
    // A token alone is no key.
    const alone = await gql(gw.url, '{ health { status } }', { headers: withToken(token('c0')) });
    expect(alone.status).toBe(401);
    expect(alone.body.errors?.[0]?.message).toMatch(/a customer token goes with an API key/);
    expect(alone.body.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'API_KEY_MISSING',
      field: 'authorization',
    });
  });

  it('are refused by a gateway without a secret, which says how to set one', async () => {
    const plain = await startTestGateway();
    try {
      const key = await plain.key(['storefront']);
      const r = await gql(plain.url, '{ health { status } }', { key, headers: withToken(token('c0')) });
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.message).toMatch(/STOREWISE_CUSTOMER_TOKEN_SECRET is not set/);
      expect(r.body.errors?.[0]?.extensions).toMatchObject({
        reason: 'CUSTOMER_TOKEN_NOT_ACCEPTED',
        field: 'x-storewise-customer-token',
      });
    } finally {
      await plain.close();
    }
    expect(readGatewayConfig({ STOREWISE_CUSTOMER_TOKEN_SECRET: SECRET }).customerTokenSecret).toBe(SECRET);
    expect(readGatewayConfig({}).customerTokenSecret).toBeNull();
    expect(() => readGatewayConfig({ STOREWISE_CUSTOMER_TOKEN_SECRET: 'short' })).toThrow(
      /STOREWISE_CUSTOMER_TOKEN_SECRET must be at least 32 characters .* got 5/,
    );
  });

  it('may be sent from a browser (CORS preflight allows the header)', async () => {
    const browser = await startTestGateway({
      corsOrigins: ['https://shop.example.com'],
      customerTokenSecret: SECRET,
    });
    try {
      const preflight = await fetch(browser.url, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization,x-storewise-customer-token',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('x-storewise-customer-token');
      // Another origin is told what to do (it got Apollo's CSRF 400 about a header).
      const other = await fetch(browser.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
      });
      expect(other.status).toBe(403);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(await other.text()).toBe(
        'the origin https://elsewhere.example may not call this gateway from a browser: add it to STOREWISE_CORS_ORIGINS\n',
      );
    } finally {
      await browser.close();
    }
  });
});
