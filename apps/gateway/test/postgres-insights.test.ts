import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { seedInsightShop } from './insights-shop.js';

const server = await postgresTestServer();

describe.skipIf(!server.available)('segments and customer insights on a PostgreSQL server', () => {
  let gw: TestGateway;
  let db: { url: string; drop: () => Promise<void> };
  let key: string;

  beforeAll(async () => {
    db = await server.freshDatabase();
    gw = await startTestGateway({}, db.url);
    key = await gw.key(['read', 'write']);
    await seedInsightShop(gw.storage);
  });
  afterAll(async () => {
    await gw?.close();
    await db?.drop();
  });

  it("answers a customer's profile, segments, propensity and lifetime value", async () => {
    const r = await gql(
      gw.url,
      `{ customer(id: "ann") { profile { orders revenue averageOrderValue returns returnValue rfm { recency } }
        segments(first: 5) { segment { id } } propensity { horizonDays probability } clv { clv horizonDays } } }`,
      { key },
    );
    expect(dataOf(r, 'customer')).toEqual({
      profile: {
        orders: 2,
        revenue: 50,
        averageOrderValue: 25,
        returns: 1,
        returnValue: 10,
        rfm: { recency: 5 },
      },
      segments: [{ segment: { id: 'rfm:champions' } }],
      propensity: [
        { horizonDays: 7, probability: 0.1 },
        { horizonDays: 30, probability: 0.4 },
      ],
      clv: { clv: 321.5, horizonDays: 90 },
    });
  });

  it('creates a rule segment, reports its revenue share, and pages its members by cursor', async () => {
    const created = await gql(
      gw.url,
      'mutation { createSegment(input: { id: "buyers", name: "Buyers", rule: { field: "customerId", in: ["ann", "ben", "cat"] } }) { size } }',
      { key },
    );
    expect(dataOf(created, 'createSegment')).toEqual({ size: 3 });
    const PAGE = `query ($after: String) { segment(id: "buyers") { revenueShare members(first: 2, after: $after) {
      edges { node { externalId } } pageInfo { hasNextPage endCursor } } } }`;
    const one = await gql(gw.url, PAGE, { key, variables: { after: null } });
    type Page = {
      revenueShare: number;
      members: {
        edges: { node: { externalId: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const p1 = dataOf<Page>(one, 'segment');
    expect(p1.revenueShare).toBe(1); // every buyer: 120 of 120
    const two = dataOf<Page>(
      await gql(gw.url, PAGE, { key, variables: { after: p1.members.pageInfo.endCursor } }),
      'segment',
    );
    expect([...p1.members.edges, ...two.members.edges].map((e) => e.node.externalId)).toEqual([
      'ann',
      'ben',
      'cat',
    ]);
    expect([p1.members.pageInfo.hasNextPage, two.members.pageInfo.hasNextPage]).toEqual([true, false]);
    const bad = await gql(
      gw.url,
      'mutation { createSegment(input: { id: "x", name: "X", rule: { field: "age", eq: 1 } }) { size } }',
      {
        key,
      },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors?.[0]?.extensions?.field).toBe('input.rule.field');
  });
});
