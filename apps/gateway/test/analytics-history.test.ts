import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { seedInsightShop } from './insights-shop.js';

let gw: TestGateway;
let admin: string;
let writer: string;

beforeAll(async () => {
  gw = await startTestGateway({}, 'pglite:memory');
  [admin, writer] = await Promise.all([gw.key(['admin']), gw.key(['write'])]);
  await seedInsightShop(gw.storage);
});
afterAll(() => gw.close());

interface Run {
  asOf: string;
  customers: number;
  scoresWritten: number;
  segmentsRefreshed: number;
  warnings: string[];
}

const run = async (asOf?: string): Promise<Run> => {
  const r = await gql(
    gw.url,
    `mutation ($asOf: DateTimeISO) { computeCustomerAnalytics(asOf: $asOf) {
      asOf customers scoresWritten segmentsRefreshed warnings } }`,
    { key: admin, variables: asOf === undefined ? {} : { asOf } },
  );
  return dataOf<Run>(r, 'computeCustomerAnalytics');
};

/**
 * Each segment's current members and (but for rule segments, re-evaluated at every run) last refresh, and
 * every stored score of the shop's buyers.
 */
const current = async () => ({
  segments: (await gw.storage.listSegments()).map((s) => [
    s.id,
    s.members,
    s.kind === 'rule' ? null : s.refreshedAt?.toISOString(),
  ]),
  scores: await Promise.all(['ann', 'ben', 'cat'].map((id) => gw.storage.getScores(id))),
});

describe('computeCustomerAnalytics as of a date before the stored analytics', () => {
  it('says the run is history only, as the CLI does, and counts no RFM or cluster segment as refreshed', async () => {
    const latest = await run();
    expect(latest.warnings).toEqual([]);
    // 3 customers x (3 RFM scores and the recency_days, orders and spend they rank).
    expect(latest.scoresWritten).toBe(18);
    const stored = await gw.storage.listSegments();
    const analytic = stored.filter((s) => s.kind !== 'rule').length;
    expect(analytic).toBeGreaterThan(1);
    expect(latest.segmentsRefreshed).toBe(analytic);
    const rule = await gql(
      gw.url,
      'mutation { createSegment(input: {id: "germany", name: "Germany", rule: {field: "country", eq: "Germany"}}) { size } }',
      { key: writer },
    );
    expect(dataOf(rule, 'createSegment')).toEqual({ size: 1 });
    const before = await current();

    const past = await run('2011-12-08');
    expect(past).toEqual({
      asOf: '2011-12-08T00:00:00.000Z',
      customers: 0,
      scoresWritten: 0,
      // The rule segment alone: it is re-evaluated now, on the current scores.
      segmentsRefreshed: 1,
      warnings: [
        'stored as of 2011-12-08 as history only: the stored segments and scores are of a later date and stay current (segment migration reads the history)',
      ],
    });
    const earlier = await run('2024-03-03T06:30:00Z');
    // ann (Mar 1) and ben (Mar 2) had ordered by then.
    expect(earlier).toMatchObject({ customers: 2, scoresWritten: 0, segmentsRefreshed: 1 });
    expect(earlier.warnings).toEqual([
      'stored as of 2024-03-03T06:30:00Z as history only: the stored segments and scores are of a later date and stay current (segment migration reads the history)',
    ]);
    expect(await current()).toEqual(before);
  });
});
