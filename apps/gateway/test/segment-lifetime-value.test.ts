import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let reader: string;
let storefront: string;

const QUERY = `query ($id: String!) { segment(id: $id) {
  size lifetimeValue { customers members total mean computedAt } } }`;

beforeAll(async () => {
  gw = await startTestGateway();
  [reader, storefront] = await Promise.all([gw.key(['read']), gw.key(['storefront'])]);
  await gw.storage.upsertCustomers([{ externalId: 'a' }, { externalId: 'b' }, { externalId: 'c' }]);
  // a and b have a stored CLV (computed on two days); c has none (no order, say).
  await gw.storage.upsertScores([
    { customerId: 'a', model: 'clv', score: 100.25, computedAt: new Date('2024-03-01T00:00:00Z') },
    { customerId: 'b', model: 'clv', score: 49.75, computedAt: new Date('2024-03-02T00:00:00Z') },
    { customerId: 'b', model: 'p_alive', score: 0.5, computedAt: new Date('2024-03-02T00:00:00Z') },
  ]);
  await gw.storage.upsertSegment({ id: 'vip', name: 'VIP', kind: 'rule' });
  await gw.storage.refreshSegment('vip', ['a', 'b', 'c'], new Date('2024-03-02T00:00:00Z'));
  await gw.storage.upsertSegment({ id: 'none', name: 'Nobody', kind: 'rule' });
});
afterAll(() => gw.close());

describe("a segment's lifetime value", () => {
  it("sums the members' stored CLVs, counting those without one as members only", async () => {
    const r = await gql(gw.url, QUERY, { key: reader, variables: { id: 'vip' } });
    expect(r.body.errors).toBeUndefined();
    // 100.25 + 49.75 = 150 over the 2 members with a CLV; the latest was computed on March 2.
    expect(dataOf(r, 'segment')).toEqual({
      size: 3,
      lifetimeValue: {
        customers: 2,
        members: 3,
        total: 150,
        mean: 75,
        computedAt: '2024-03-02T00:00:00.000Z',
      },
    });
    const empty = await gql(gw.url, QUERY, { key: reader, variables: { id: 'none' } });
    expect(dataOf(empty, 'segment')).toEqual({
      size: 0,
      lifetimeValue: { customers: 0, members: 0, total: 0, mean: 0, computedAt: null },
    });
  });

  it('is analytics: a storefront key is refused', async () => {
    const r = await gql(gw.url, QUERY, { key: storefront, variables: { id: 'vip' } });
    expect(codes(r)).toEqual(['FORBIDDEN']);
  });
});
