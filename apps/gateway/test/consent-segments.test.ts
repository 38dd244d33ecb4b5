import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { seedInsightShop } from './insights-shop.js';

// What declining analytics consent, and granting it again, does to what the gateway serves of a customer
// (docs/segments.md, "Consent"): out of the segments that tell their analysis at once; back in them at the
// next analytics run, while their stored scores are served again at once.

let gw: TestGateway;
let admin: string;
let writer: string;
let reader: string;

beforeAll(async () => {
  gw = await startTestGateway({}, 'pglite:memory');
  [admin, writer, reader] = await Promise.all([gw.key(['admin']), gw.key(['write']), gw.key(['read'])]);
  await seedInsightShop(gw.storage);
});
afterAll(() => gw.close());

interface Seen {
  profile: { rfm: { recency: number } | null };
  segments: { segment: { id: string } }[];
}

const ANN = '{ customer(id: "ann") { profile { rfm { recency } } segments(first: 20) { segment { id } } } }';
const seen = async (): Promise<{ rfm: number | null; segments: string[] }> => {
  const c = dataOf<Seen>(await gql(gw.url, ANN, { key: reader }), 'customer');
  return { rfm: c.profile.rfm?.recency ?? null, segments: c.segments.map((s) => s.segment.id).sort() };
};
const consent = async (analytics: boolean) => {
  const r = await gql(
    gw.url,
    'mutation ($a: Boolean!) { upsertCustomers(customers: [{externalId: "ann", consent: {analytics: $a}}]) { updated } }',
    { key: writer, variables: { a: analytics } },
  );
  expect(dataOf(r, 'upsertCustomers')).toEqual({ updated: 1 });
};
const analytics = async () => {
  const r = await gql(gw.url, 'mutation { computeCustomerAnalytics { customers } }', { key: admin });
  return dataOf<{ customers: number }>(r, 'computeCustomerAnalytics').customers;
};
const rule = async (id: string, filter: object) => {
  const r = await gql(
    gw.url,
    'mutation ($id: String!, $r: JSONObject!) { createSegment(input: {id: $id, name: $id, rule: $r}) { size } }',
    { key: writer, variables: { id, r: filter } },
  );
  expect(dataOf(r, 'createSegment')).toEqual({ size: 1 });
};

describe('analytics consent and segments', () => {
  it('takes a customer who declines out at once, and back in at the next analytics run after they grant it again', async () => {
    expect(await analytics()).toBe(3);
    await rule('germany', { field: 'country', eq: 'Germany' });
    await rule('recent-ann', {
      and: [
        { field: 'country', eq: 'Germany' },
        { field: 'score.rfm_recency', gte: 1 },
      ],
    });
    const analysed = await seen();
    expect(analysed.rfm).not.toBeNull();
    const analytic = analysed.segments.filter((id) => id.startsWith('rfm:') || id.startsWith('cluster:'));
    expect(analytic.length).toBeGreaterThan(0);
    expect(analysed.segments).toEqual([...analytic, 'germany', 'recent-ann'].sort());

    // Declined: out of the RFM and cluster segments and of the rule testing a score, at once; the rule on
    // the country alone still holds them.
    await consent(false);
    expect(await seen()).toEqual({ rfm: null, segments: ['germany'] });

    // Granted again: the stored scores are served again at once; the segments wait for the next run.
    await consent(true);
    expect(await seen()).toEqual({ rfm: analysed.rfm, segments: ['germany'] });

    expect(await analytics()).toBe(3);
    expect(await seen()).toEqual(analysed);
  });
});
