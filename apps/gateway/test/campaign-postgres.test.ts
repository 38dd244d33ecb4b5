import { campaignReport } from '@storewise/engine';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EU_CUSTOMERS, seedCampaignShop, springDefinition } from './campaign-shop.js';
import { SECRET, token, withToken } from './customer-tokens.js';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

const server = await postgresTestServer();

describe.skipIf(!server.available)('campaigns over GraphQL on a PostgreSQL server', () => {
  let gw: TestGateway;
  let db: { url: string; drop: () => Promise<void> };
  let key: string;
  let storefront: string;

  beforeAll(async () => {
    db = await server.freshDatabase();
    gw = await startTestGateway({ customerTokenSecret: SECRET }, db.url);
    [key, storefront] = await Promise.all([gw.key(['read', 'write']), gw.key(['storefront'])]);
    await seedCampaignShop(gw.storage);
  });
  afterAll(async () => {
    await gw?.close();
    await db?.drop();
  });

  it('creates, starts, offers, and reports the same results as the engine', async () => {
    await gql(gw.url, 'mutation ($input: SegmentInput!) { createSegment(input: $input) { size } }', {
      key,
      variables: { input: { id: 'eu', name: 'EU', rule: { field: 'country', in: ['Germany', 'France'] } } },
    });
    const bad = await gql(
      gw.url,
      'mutation ($input: CampaignInput!) { createCampaign(input: $input) { id } }',
      {
        key,
        variables: { input: { definition: { ...springDefinition(), attributionWindowDays: 0 } } },
      },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors?.[0]?.extensions?.field).toBe('input.definition.attributionWindowDays');

    const created = await gql(
      gw.url,
      'mutation ($input: CampaignInput!) { createCampaign(input: $input) { id status } }',
      { key, variables: { input: { definition: springDefinition() } } },
    );
    expect(dataOf(created, 'createCampaign')).toEqual({ id: 'eu-spring', status: 'DRAFT' });
    const started = await gql(
      gw.url,
      'mutation { startCampaign(id: "eu-spring") { decided refused { key count } } }',
      {
        key,
      },
    );
    expect(dataOf(started, 'startCampaign')).toEqual({
      decided: 12,
      refused: [{ key: 'consent', count: 1 }],
    });

    const OFFER =
      'mutation ($c: String!) { offerFor(customerId: $c, campaignId: "eu-spring") { arm couponCode holdout sticky } }';
    for (const id of EU_CUSTOMERS) {
      const a = (await gw.storage.getAssignment('eu-spring', id))!;
      const r = await gql(gw.url, OFFER, {
        key: storefront,
        variables: { c: id },
        headers: withToken(token(id)),
      });
      expect(dataOf(r, 'offerFor')).toEqual({
        arm: a.arm,
        couponCode: a.couponCode,
        holdout: a.holdout,
        sticky: true,
      });
    }

    const later = new Date(Date.now() + 3_600_000).toISOString();
    const events = ['de-1', 'de-4', 'fr-2'].map((customerId) => ({
      eventId: `buy-${customerId}`,
      type: 'PURCHASE',
      customerId,
      sku: 'mug',
      quantity: 2,
      unitPrice: 7.5,
      timestamp: later,
    }));
    await gql(gw.url, 'mutation ($e: [EventInput!]!) { trackEvents(events: $e) { inserted } }', {
      key,
      variables: { e: events },
    });
    const r = await gql(
      gw.url,
      `{ campaign(id: "eu-spring") { assignmentCount results {
        arms { arm metrics { exposures conversions revenue } lift { absolute pValue } }
        holdout { exposures conversions revenue } } } }`,
      { key },
    );
    const engine = await campaignReport(gw.storage, 'eu-spring');
    const n = (x: number) => (Number.isFinite(x) ? x : null);
    expect(dataOf(r, 'campaign')).toEqual({
      assignmentCount: 12,
      results: {
        arms: engine.arms.map((a) => ({
          arm: a.arm,
          metrics: {
            exposures: a.metrics.exposures,
            conversions: a.metrics.conversions,
            revenue: a.metrics.revenue,
          },
          lift: { absolute: n(a.lift.absolute), pValue: n(a.lift.pValue) },
        })),
        holdout: {
          exposures: engine.holdout.exposures,
          conversions: engine.holdout.conversions,
          revenue: engine.holdout.revenue,
        },
      },
    });
    // Three buyers of 2 x 7.5, all assigned: 3 conversions and 45 of revenue across the groups.
    const all = [...engine.arms.map((a) => a.metrics), engine.holdout];
    expect(all.reduce((s, m) => s + m.conversions, 0)).toBe(3);
    expect(all.reduce((s, m) => s + m.revenue, 0)).toBe(45);
    expect(gw.internalErrors).toEqual([]);
  });
});
