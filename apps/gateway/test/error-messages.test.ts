import { trainRecommender } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;
let storefront: string;
let writer: string;

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  storefront = await gw.key(['storefront']);
  writer = await gw.key(['write']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
  await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
});
afterAll(() => gw.close());

const messages = (r: { body: { errors?: { message: string }[] } }) =>
  (r.body.errors ?? []).map((e) => e.message);

describe('error messages', () => {
  it('drops "Syntax Error:" from a structural cost limit whatever number it found', async () => {
    const r = await gql(gw.url, '{ recommendations(customerId: "c0", first: 99999999999) { strategy } }', {
      key: reader,
    });
    expect(r.status).toBe(400);
    const cost = messages(r).find((m) => m.includes('Query Cost limit'));
    expect(cost).toMatch(/^Query Cost limit of 100000 exceeded, found \d+\.\d+\.$/);
  });

  it('lets a page of 100 events with their customer and item through both cost limits', async () => {
    // Its structural cost is over the limit's old default of 20,000. It declares 502 points: customer 1,
    // events 1 + 100 x (edges 1, node 1, customer 1, consent 1, item 1).
    const q = `{ customer(id: "c0") { events(first: 100) { edges { cursor node {
      eventId type timestamp customerId sku quantity unitPrice rating query sessionId orderId
      customer { externalId country attributes consent { marketing personalization analytics } }
      item { sku title categoryPath price currency stock attributes } } } } } }`;
    const r = await gql(gw.url, q, { key: reader });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect((r.body.extensions as { cost: { requestedQueryCost: number } }).cost.requestedQueryCost).toBe(502);
  });

  it('says which operation was asked for and which the document holds, when none runs', async () => {
    const post = async (query: string, operationName?: string) => {
      const res = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
        body: JSON.stringify({ query, operationName }),
      });
      return { status: res.status, body: (await res.json()) as { errors?: unknown[] } };
    };
    const two = 'query A { health { status } } query B { health { status } }';
    for (const [query, name, message] of [
      [two, undefined, 'the document holds the operations A, B: name the one to run in operationName'],
      [two, 'C', 'operationName "C" names no operation of the document (it holds the operations A, B)'],
      [
        'query A { health { status } }',
        'B',
        'operationName "B" names no operation of the document (it holds the operation A)',
      ],
    ] as const) {
      const r = await post(query, name);
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { message, extensions: { code: 'BAD_USER_INPUT', field: 'operationName' } },
      ]);
    }
  });

  it('points a bad first literal at its place in the document and names the argument', async () => {
    const q =
      '{ customer(id: "c0") {\n  events(first: 5) { pageInfo { hasNextPage } }\n  segments(first: 0) { since }\n} }';
    const r = await gql(gw.url, q, { key: reader });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      {
        message: 'first must be an integer from 1 to 100, got 0',
        locations: [{ line: 3, column: 19 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'first' },
      },
    ]);
  });

  it('names the argument and its type when a literal is of the wrong type, at any depth', async () => {
    const q =
      '{ recommendations(customerId: 14078, first: 3, rules: { allow: ["A", 5], diversity: "a" }) { strategy } }';
    const r = await gql(gw.url, q, { key: reader });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      {
        message: 'customerId must be a String!: String cannot represent a non string value: 14078',
        locations: [{ line: 1, column: 31 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'customerId' },
      },
      {
        message: 'rules.allow[1] must be a String!: String cannot represent a non string value: 5',
        locations: [{ line: 1, column: 70 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'rules.allow[1]' },
      },
      {
        message: 'rules.diversity must be a Float: Float cannot represent non numeric value: "a"',
        locations: [{ line: 1, column: 85 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'rules.diversity' },
      },
    ]);
    // A missing required value inside an input object and a null for a non-null argument are named too.
    const nul = await gql(gw.url, '{ customer(id: null) { externalId } }', { key: reader });
    expect(messages(nul)).toEqual(['id must be a String!: Expected value of type "String!", found null.']);
  });

  it('refuses over-long ids on read paths, naming the argument, and echoes no long value', async () => {
    const long = 'X'.repeat(100_000);
    const cases: [string, Record<string, unknown>, string, string][] = [
      [
        'query ($c: [String!]) { recommendations(customerId: "c0", first: 3, context: { cartItemIds: $c }) { strategy } }',
        { c: ['A', long] },
        'context.cartItemIds[1]',
        storefront,
      ],
      [
        'query ($id: String!) { recommendations(customerId: $id, first: 3) { strategy } }',
        { id: long },
        'customerId',
        storefront,
      ],
      ['query ($s: String!) { item(sku: $s) { sku } }', { s: long }, 'sku', reader],
      ['query ($id: String!) { customer(id: $id) { externalId } }', { id: long }, 'id', reader],
    ];
    for (const [query, variables, field, key] of cases) {
      const r = await gql(gw.url, query, { key, variables });
      expect(codes(r), field).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.extensions?.field).toBe(field);
      expect(r.body.errors?.[0]?.message).toBe(`${field} must be at most 128 characters`);
    }
  });

  it('refuses a blank customer id or SKU on the read paths, as recommendations does', async () => {
    for (const [query, field, key] of [
      ['{ customer(id: "") { externalId } }', 'id', reader],
      ['{ customer(id: "  ") { externalId } }', 'id', reader],
      ['{ item(sku: "") { sku } }', 'sku', reader],
      ['{ recommendations(customerId: " ", first: 1) { strategy } }', 'customerId', storefront],
    ] as const) {
      const r = await gql(gw.url, query, { key });
      expect(codes(r), query).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.message).toBe(`${field} must not be blank`);
      expect(r.body.errors?.[0]?.extensions?.field).toBe(field);
    }
  });

  it('quotes at most a short prefix of a value the client sent, whoever wrote the message', async () => {
    // graphql-js quotes an invalid variable value in full, twice.
    const long = 'Y'.repeat(100_000);
    const r = await gql(gw.url, 'query ($n: PageSize!) { models(first: $n) { name } }', {
      key: reader,
      variables: { n: long },
    });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.text.length).toBeLessThan(2000);
    expect(messages(r)[0]).toContain(`"${'Y'.repeat(64)}..." (100000 characters)`);
  });

  it('keeps every problem of a message listing several, clipping only quoted values', async () => {
    const r = await gql(
      gw.url,
      'mutation ($r: JSONObject!) { createSegment(input: {id: "t2-typo", name: "x", rule: $r}) { size } }',
      {
        key: writer,
        variables: {
          r: {
            or: [
              { field: 'score.p_purchase_30', gte: 0.5 },
              { field: 'segment', eq: 'rfm:no-such' },
            ],
          },
        },
      },
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(messages(r)).toEqual([
      '2 problems: input.rule.or[0].field: no score "p_purchase_30" is stored, nor is it one Storewise computes (stored: none); input.rule.or[1].eq: no segment "rfm:no-such" is stored, nor is it one customer analytics computes (segments: none)',
    ]);
  });
});
