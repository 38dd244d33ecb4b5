import { campaignReport } from '@storewise/engine';
import type { CampaignAssignment } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignResults } from '../src/schema/types/campaign-results.js';
import { EU_CUSTOMERS, seedCampaignShop, springDefinition } from './campaign-shop.js';
import { SECRET, token, withToken } from './customer-tokens.js';
import { codes, dataOf, type GqlResponse, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let reader: string;
let writer: string;
let storefront: string;

const CREATE = `mutation ($input: CampaignInput!) { createCampaign(input: $input) {
  id name status policy definition startsAt endsAt startedAt stoppedAt assignmentCount warnings } }`;
const START = `mutation ($id: String!) { startCampaign(id: $id) {
  campaign { id status startedAt } decided offered { key count } holdout globalHoldout noOffer alreadyAssigned
  refused { key count } refusedCustomers cost warnings } }`;
const OFFER = `mutation ($customerId: String!, $campaignId: String!) {
  offerFor(customerId: $customerId, campaignId: $campaignId) {
    campaignId customerId offered arm armName couponCode holdout sticky assignedAt refusals { rule message } } }`;
const RESULTS = `query ($id: String!) { campaign(id: $id) { id status assignmentCount results {
  asOf attributionWindowDays confidence cost budget
  outcomes { knownUntil assignments windowsClosed purchasesInWindows note }
  arms { arm name cost metrics { ...M } lift { absolute absoluteInterval { lower upper } relative
    relativeInterval { lower upper } pValue test
    revenuePerExposure { difference lower upper pValue degreesOfFreedom } } }
  holdout { ...M } noOffer { ...M }
  uplift { score customers missingScore enough minPerCell bins { treated control treatedRate controlRate uplift }
    qini { customers incrementalConversions } qiniCoefficient }
  fairness { by threshold flagged groups { name customers offered offerRate meanDiscount offerRateRatio
    discountRatio flags } } notes } } }
fragment M on CampaignGroupMetrics { exposures conversions conversionRate
  conversionRateInterval { lower upper } revenue revenuePerExposure }`;

interface Offer {
  offered: boolean;
  arm: string | null;
  armName: string | null;
  couponCode: string | null;
  holdout: boolean;
  sticky: boolean;
  assignedAt: string | null;
  refusals: { rule: string; message: string }[];
}

const create = (definition: Record<string, unknown>, key = writer) =>
  gql(gw.url, CREATE, { key, variables: { input: { definition } } });
/** The offer as a storefront asks for it: its key, and the customer token of the customer logged in. */
const offer = async (customerId: string, campaignId = 'eu-spring', key = storefront) =>
  gql(gw.url, OFFER, { key, variables: { customerId, campaignId }, headers: withToken(token(customerId)) });
const offerOf = async (customerId: string, campaignId = 'eu-spring') =>
  dataOf<Offer>(await offer(customerId, campaignId), 'offerFor');
const fieldOf = (r: GqlResponse) => r.body.errors?.[0]?.extensions?.field;

async function assignments(campaignId: string): Promise<CampaignAssignment[]> {
  const out: CampaignAssignment[] = [];
  for await (const batch of gw.storage.scanAssignments(campaignId)) out.push(...batch);
  return out;
}

/** Which of the stored assignments converted: the buyers below bought 1 x 20 an hour after the start. */
const BUYERS = new Set(['de-1', 'de-2', 'de-3', 'de-5', 'fr-1', 'fr-2', 'us-1']);

beforeAll(async () => {
  gw = await startTestGateway({ customerTokenSecret: SECRET }, 'pglite:memory');
  [reader, writer, storefront] = await Promise.all([
    gw.key(['read']),
    gw.key(['write']),
    gw.key(['storefront']),
  ]);
  await seedCampaignShop(gw.storage);
  const segment = await gql(
    gw.url,
    'mutation ($input: SegmentInput!) { createSegment(input: $input) { size } }',
    {
      key: writer,
      variables: {
        input: { id: 'eu', name: 'EU', rule: { field: 'country', in: ['Germany', 'France'] } },
      },
    },
  );
  expect(dataOf(segment, 'createSegment')).toEqual({ size: 13 });
  // Purchase propensities for half of the audience: the uplift deciles rank by them.
  await gw.storage.upsertScores(
    EU_CUSTOMERS.slice(0, 6).map((customerId, i) => ({ customerId, model: 'p_purchase_30d', score: i / 10 })),
  );
});
afterAll(() => gw.close());

describe('campaigns over GraphQL', () => {
  it('creates a draft from a definition the engine checks, and lists it', async () => {
    const r = await create(springDefinition());
    expect(r.body.errors).toBeUndefined();
    const c = dataOf<Record<string, unknown>>(r, 'createCampaign');
    expect(c).toMatchObject({
      id: 'eu-spring',
      name: 'EU spring offers',
      status: 'DRAFT',
      policy: 'fixed-split',
      startsAt: null,
      startedAt: null,
      assignmentCount: 0,
      warnings: [],
    });
    // Defaults filled in by the engine: the arms' missing costs, the global holdout off.
    expect(c.definition).toMatchObject({
      audience: { segment: 'eu' },
      arms: [
        { id: 'ten-off', coupon: true, costPerOffer: 0, costPerConversion: 3 },
        { id: 'recs-email', coupon: false, costPerOffer: 0.05, costPerConversion: 0 },
      ],
      holdout: { fraction: 0.3, global: false },
    });
    // A draft has no assignments: zero exposures, and null for every rate and lift.
    const empty = await gql(
      gw.url,
      '{ campaign(id: "eu-spring") { results { cost arms { metrics { exposures conversionRate } lift { absolute pValue } } holdout { exposures conversionRate conversionRateInterval { lower upper } } } } }',
      { key: reader },
    );
    const none = { exposures: 0, conversionRate: null };
    expect(dataOf(empty, 'campaign')).toEqual({
      results: {
        cost: 0,
        arms: [0, 1].map(() => ({ metrics: none, lift: { absolute: null, pValue: null } })),
        holdout: { ...none, conversionRateInterval: { lower: null, upper: null } },
      },
    });
    const list = await gql(gw.url, '{ campaigns(first: 10) { id status } }', { key: reader });
    expect(dataOf(list, 'campaigns')).toEqual([{ id: 'eu-spring', status: 'DRAFT' }]);
    expect(dataOf<Offer>(await offer('de-1'), 'offerFor')).toMatchObject({
      offered: false,
      refusals: [{ rule: 'NOT_RUNNING', message: 'the campaign is draft, not running' }],
    });
  });

  it('refuses bad definitions with BAD_USER_INPUT naming the field inside the definition', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { ...springDefinition(), arms: [{ id: 'a', name: 'A', costPerOffer: -1 }, { id: 'b' }] },
        'input.definition.arms[0].costPerOffer',
        'input.definition.arms[0].costPerOffer: must be a number >= 0, got -1',
      ],
      [
        { ...springDefinition(), colour: 'red' },
        'input.definition.colour',
        'input.definition.colour: unknown field',
      ],
      [
        { ...springDefinition(), audience: { segment: 'nope' } },
        'input.definition.audience.segment',
        'input.definition.audience.segment: names an unknown segment "nope"',
      ],
      [{ ...springDefinition(), id: 'bad id!' }, 'input.definition.id', 'input.definition.id: '],
    ];
    for (const [definition, field, message] of cases) {
      const r = await create(definition);
      expect(r.status).toBe(200);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(fieldOf(r)).toBe(field);
      expect(r.body.errors?.[0]?.message.startsWith(message)).toBe(true);
      expect(r.body.data).toBeNull();
    }
    // Every problem of the definition at once, each named under input.definition.
    const several = await create({
      ...springDefinition(),
      id: 'bad id!',
      arms: [{ id: 'a', costPerOffer: -1 }],
      budget: -5,
    });
    expect(codes(several)).toEqual(['BAD_USER_INPUT']);
    expect(fieldOf(several)).toBe('input.definition.id');
    expect(several.body.errors?.[0]?.extensions?.problems).toEqual([
      {
        field: 'input.definition.id',
        message: expect.stringMatching(/^input\.definition\.id: "bad id!" must be /),
      },
      {
        field: 'input.definition.arms[0].costPerOffer',
        message: 'input.definition.arms[0].costPerOffer: must be a number >= 0, got -1',
      },
      {
        field: 'input.definition.policy.weights',
        message: 'input.definition.policy.weights: must be a list of 1 numbers, one per arm',
      },
      { field: 'input.definition.budget', message: 'input.definition.budget: must be a number >= 0, got -5' },
    ]);
    expect(several.body.errors?.[0]?.message).toMatch(
      /^4 problems: input\.definition\.id: .*; input\.definition\.budget: /,
    );
    expect(gw.internalErrors).toEqual([]);
  });

  it('starts the campaign: the summary matches the stored assignments, one refusal for consent', async () => {
    const r = await gql(gw.url, START, { key: writer, variables: { id: 'eu-spring' } });
    expect(r.body.errors).toBeUndefined();
    const s = dataOf<{
      campaign: { status: string; startedAt: string };
      decided: number;
      offered: { key: string; count: number }[];
      holdout: number;
      noOffer: number;
      refused: { key: string; count: number }[];
      cost: number;
    }>(r, 'startCampaign');
    const stored = await assignments('eu-spring');
    expect(stored.map((a) => a.customerId).sort()).toEqual([...EU_CUSTOMERS].sort());
    const count = (arm: string | null, holdout: boolean) =>
      stored.filter((a) => a.arm === arm && a.holdout === holdout).length;
    const expectedOffered = ['recs-email', 'ten-off']
      .map((key) => ({ key, count: count(key, false) }))
      .filter((o) => o.count > 0);
    // 13 customers: 12 decided (each recorded) and 1 refused (consent).
    expect(s).toMatchObject({
      campaign: { status: 'RUNNING' },
      decided: 12,
      refusedCustomers: 1,
      offered: expectedOffered,
      holdout: count(null, true),
      globalHoldout: 0,
      noOffer: 0,
      refused: [{ key: 'consent', count: 1 }],
      warnings: [],
    });
    // Worst-case budget cost per offer: ten-off 0 + 3, recs-email 0.05 + 0.
    expect(s.cost).toBeCloseTo(3 * count('ten-off', false) + 0.05 * count('recs-email', false), 10);
    expect(count(null, true)).toBeGreaterThan(0);
    expect(count('ten-off', false)).toBeGreaterThan(0);
    expect(count('recs-email', false)).toBeGreaterThan(0);
    const again = await gql(gw.url, START, { key: writer, variables: { id: 'eu-spring' } });
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect(fieldOf(again)).toBe('id');
    expect(again.body.errors?.[0]?.message).toBe('campaign "eu-spring" is running: only a draft starts');
  });

  it('answers offerFor for a storefront key: sticky offers, coupons, holdout, and why not', async () => {
    const stored = new Map((await assignments('eu-spring')).map((a) => [a.customerId, a]));
    for (const id of EU_CUSTOMERS) {
      const a = stored.get(id)!;
      const first = await offerOf(id);
      expect(first).toEqual({
        campaignId: 'eu-spring',
        customerId: id,
        offered: a.arm !== null,
        arm: a.arm,
        armName: a.arm === null ? null : a.arm === 'ten-off' ? '10% off' : 'Recommendations email',
        couponCode: a.couponCode,
        holdout: a.holdout,
        sticky: true,
        assignedAt: a.assignedAt.toISOString(),
        refusals: [],
      });
      if (a.arm === 'ten-off') expect(first.couponCode).toMatch(/^EUSPRING-[0-9A-HJKMNP-TV-Z]{10}$/);
      else expect(first.couponCode).toBeNull();
      expect(await offerOf(id)).toEqual(first);
    }
    expect((await offerOf('us-1')).refusals).toEqual([
      { rule: 'NOT_IN_AUDIENCE', message: 'the customer is not in the audience' },
    ]);
    expect((await offerOf('de-optout')).refusals).toEqual([
      { rule: 'CONSENT', message: 'the customer opted out of marketing' },
    ]);
    expect((await offerOf('nobody')).refusals).toEqual([
      { rule: 'UNKNOWN_CUSTOMER', message: 'unknown customer' },
    ]);
    const unknown = await offer('de-1', 'no-such-campaign');
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(fieldOf(unknown)).toBe('campaignId');
    expect(unknown.body.errors?.[0]?.message).toBe('unknown campaign "no-such-campaign"');
  });

  it("gives a storefront key the offer of its customer token's customer only; the shop's server any", async () => {
    const q =
      'mutation ($c: String!) { offerFor(customerId: $c, campaignId: "eu-spring") { arm couponCode } }';
    const bare = await gql(gw.url, q, { key: storefront, variables: { c: 'de-1' } });
    expect(bare.status).toBe(403);
    expect(fieldOf(bare)).toBe('offerFor');
    expect(bare.body.errors?.[0]?.message).toBe(
      'this API key lacks the scope for offerFor (needs one of: write, a customer token (X-Storewise-Customer-Token) for this customer)',
    );
    // A made-up id gets nothing either: before, each one was a decision (budget spent, a coupon minted).
    const made = await gql(gw.url, q, { key: storefront, variables: { c: 'made-up-7' } });
    expect(made.status).toBe(403);
    const other = await gql(gw.url, q, {
      key: storefront,
      variables: { c: 'de-1' },
      headers: withToken(token('de-2')),
    });
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0]?.message).toBe(
      "the customer token names another customer: offerFor is for the token's own customer only (or a key with the write scope)",
    );
    const stored = await gw.storage.getAssignment('eu-spring', 'de-1');
    const own = await gql(gw.url, q, {
      key: storefront,
      variables: { c: 'de-1' },
      headers: withToken(token('de-1')),
    });
    const server = await gql(gw.url, q, { key: writer, variables: { c: 'de-1' } });
    for (const r of [own, server])
      expect(dataOf(r, 'offerFor')).toEqual({ arm: stored!.arm, couponCode: stored!.couponCode });
  });

  it("shows the policy's reason to a read key, not to a storefront key", async () => {
    const q = `mutation { offerFor(customerId: "de-1", campaignId: "eu-spring") { reason } }`;
    const denied = await gql(gw.url, q, { key: storefront, headers: withToken(token('de-1')) });
    expect(denied.status).toBe(403);
    expect(fieldOf(denied)).toBe('CampaignOffer.reason');
    const both = await gw.key(['read', 'write']);
    const r = await gql(gw.url, q, { key: both });
    const stored = await gw.storage.getAssignment('eu-spring', 'de-1');
    expect(dataOf<{ reason: unknown }>(r, 'offerFor').reason).toEqual(stored!.reason);
  });

  it("refuses an offer over the frequency cap across campaigns (another campaign's offer counts)", async () => {
    const created = await create({ ...springDefinition('eu-summer'), holdout: { fraction: 0 } });
    // The creator is told at once what the start would warn of: no holdout, no lift.
    expect(dataOf<{ warnings: string[] }>(created, 'createCampaign').warnings).toEqual([
      expect.stringMatching(
        /^holdout\.fraction is 0: nobody is held out, so the report cannot measure any lift/,
      ),
    ]);
    const start = await gql(gw.url, START, { key: writer, variables: { id: 'eu-summer' } });
    const stored = await assignments('eu-spring');
    const offeredBefore = stored.filter((a) => a.arm !== null).length;
    // Everyone offered in eu-spring is at the cap (1 offer in 30 days); the holdout and de-optout are not.
    expect(dataOf<{ refused: unknown[] }>(start, 'startCampaign').refused).toEqual([
      { key: 'consent', count: 1 },
      { key: 'frequency-cap', count: offeredBefore },
    ]);
    const capped = stored.find((a) => a.arm !== null)!.customerId;
    const r = await offerOf(capped, 'eu-summer');
    expect(r.offered).toBe(false);
    expect(r.refusals).toEqual([
      {
        rule: 'FREQUENCY_CAP',
        message: 'frequency cap: 1 offer in the last 30 days (at most 1)',
      },
    ]);
  });

  it('measures results equal to the engine campaignReport on the same store and to hand counts', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const events = [...BUYERS].map((customerId) => ({
      eventId: `buy-${customerId}`,
      type: 'PURCHASE',
      customerId,
      sku: 'mug',
      quantity: 1,
      unitPrice: 20,
      timestamp: later,
    }));
    const tracked = await gql(
      gw.url,
      'mutation ($events: [EventInput!]!) { trackEvents(events: $events) { inserted } }',
      { key: writer, variables: { events } },
    );
    expect(dataOf(tracked, 'trackEvents')).toEqual({ inserted: BUYERS.size });

    const r = await gql(gw.url, RESULTS, { key: reader, variables: { id: 'eu-spring' } });
    expect(r.body.errors).toBeUndefined();
    // The response has the shape of the resolver's result (dates and enum values as their JSON names).
    const c = dataOf<{ assignmentCount: number; results: CampaignResults }>(r, 'campaign');
    const res = c.results;
    const stored = await assignments('eu-spring');
    expect(c.assignmentCount).toBe(stored.length);

    // Hand counts: exposures and conversions per group from the stored assignments and the buyers.
    const group = (arm: string | null, holdout: boolean) => {
      const members = stored.filter((a) => a.arm === arm && a.holdout === holdout);
      const conversions = members.filter((a) => BUYERS.has(a.customerId)).length;
      return { exposures: members.length, conversions, revenue: 20 * conversions };
    };
    for (const arm of res.arms) expect(arm.metrics).toMatchObject(group(arm.arm, false));
    expect(res.holdout).toMatchObject(group(null, true));
    expect(res.noOffer).toMatchObject({ exposures: 0, conversions: 0, conversionRate: null, revenue: 0 });

    // Every statistic equals the engine's report on the same store (NaN shows as null).
    const engine = await campaignReport(gw.storage, 'eu-spring');
    // Bought an hour after the start: the 30-day windows are open, the report says so.
    expect(res.outcomes).toEqual({
      ...engine.outcomes,
      knownUntil: engine.outcomes.knownUntil!.toISOString(),
    });
    expect(res.outcomes).toMatchObject({ assignments: stored.length, windowsClosed: 0 });
    expect(res.outcomes.purchasesInWindows).toBe(stored.filter((a) => BUYERS.has(a.customerId)).length);
    expect(res.outcomes.note).toMatch(/^no attribution window has closed \(the outcomes are known until /);
    const n = (x: number) => (Number.isFinite(x) ? x : null);
    expect(res.arms.map((a: { arm: string }) => a.arm)).toEqual(['ten-off', 'recs-email']);
    engine.arms.forEach((e, i) => {
      const g = res.arms[i]!;
      expect(g.metrics.conversionRate).toBe(n(e.metrics.conversionRate));
      expect(g.metrics.conversionRateInterval).toEqual({
        lower: n(e.metrics.conversionRateInterval.lower),
        upper: n(e.metrics.conversionRateInterval.upper),
      });
      expect(g.lift).toEqual({
        absolute: n(e.lift.absolute),
        absoluteInterval: {
          lower: n(e.lift.absoluteInterval.lower),
          upper: n(e.lift.absoluteInterval.upper),
        },
        relative: n(e.lift.relative),
        relativeInterval: {
          lower: n(e.lift.relativeInterval.lower),
          upper: n(e.lift.relativeInterval.upper),
        },
        pValue: n(e.lift.pValue),
        test: e.lift.test === 'fisher-exact' ? 'FISHER_EXACT' : 'Z_POOLED',
        revenuePerExposure: {
          difference: n(e.lift.revenuePerExposure.difference),
          lower: n(e.lift.revenuePerExposure.lower),
          upper: n(e.lift.revenuePerExposure.upper),
          pValue: n(e.lift.revenuePerExposure.pValue),
          degreesOfFreedom: n(e.lift.revenuePerExposure.df),
        },
      });
      expect(g.cost).toBeCloseTo(e.cost, 12);
    });
    // Few exposures per cell: Fisher's exact test, as Cochran's rule asks.
    expect(res.arms[0]?.lift.test).toBe('FISHER_EXACT');
    expect(res).toMatchObject({ asOf: null, attributionWindowDays: 30, confidence: 0.95, budget: 100 });
    expect(res.cost).toBeCloseTo(engine.cost, 12);

    // Uplift: 6 customers have the score; 12 per cell are far from 30, so no Qini curve.
    const scored = stored.filter((a) => EU_CUSTOMERS.slice(0, 6).includes(a.customerId)).length;
    expect(res.uplift).toMatchObject({
      score: 'p_purchase_30d',
      customers: scored,
      missingScore: stored.length - scored,
      enough: false,
      minPerCell: 30,
      qini: [],
      qiniCoefficient: null,
    });
    expect(res.uplift?.bins.map((b: { treated: number; control: number }) => [b.treated, b.control])).toEqual(
      engine.uplift!.bins.map((b) => [b.treated, b.control]),
    );

    // Fairness by country over the customers the policy decided for (holdout left out): all were offered.
    const decided = stored.filter((a) => !a.holdout);
    const byCountry = (prefix: string) => decided.filter((a) => a.customerId.startsWith(prefix)).length;
    expect(res.fairness.by).toBe('country');
    expect(res.fairness.threshold).toBe(0.8);
    expect(res.fairness.groups.map((g) => [g.name, g.customers, g.offerRate])).toEqual(
      engine.fairness.groups.map((g) => [g.name, g.customers, g.offerRate]),
    );
    // A country of fewer than 5 decided customers is reported in the bucket "(groups of fewer than 5)".
    const expected: [string, number][] = [];
    let fewer = 0;
    for (const [name, customers] of Object.entries({ Germany: byCountry('de'), France: byCountry('fr') }))
      if (customers >= 5) expected.push([name, customers]);
      else fewer += customers;
    if (fewer > 0) expected.push(['(groups of fewer than 5)', fewer]);
    expect(res.fairness.groups.map((g) => [g.name, g.customers, g.offerRate]).sort()).toEqual(
      expected.map(([name, customers]) => [name, customers, 1]).sort(),
    );
    expect(res.fairness.flagged).toEqual(engine.fairness.flagged);
  });

  it('counts only purchases before asOf, and names a bad fairnessBy', async () => {
    const before = await gql(
      gw.url,
      'query ($id: String!, $asOf: DateTimeISO) { campaign(id: $id) { results(asOf: $asOf) { asOf arms { metrics { conversions } } holdout { conversions } } } }',
      { key: reader, variables: { id: 'eu-spring', asOf: new Date().toISOString() } },
    );
    const res = dataOf<{
      results: { arms: { metrics: { conversions: number } }[]; holdout: { conversions: number } };
    }>(before, 'campaign').results;
    expect([...res.arms.map((a) => a.metrics.conversions), res.holdout.conversions]).toEqual([0, 0, 0]);
    const bad = await gql(
      gw.url,
      '{ campaign(id: "eu-spring") { results(fairnessBy: "shoe size") { cost } } }',
      {
        key: reader,
      },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(fieldOf(bad)).toBe('fairnessBy');
    expect(bad.body.errors?.[0]?.path).toEqual(['campaign', 'results']);
    // A score no customer of the campaign has is a mistyped name, refused on upliftScore.
    const typo = await gql(
      gw.url,
      '{ campaign(id: "eu-spring") { results(upliftScore: "p_purchase_3d") { cost } } }',
      {
        key: reader,
      },
    );
    expect(codes(typo)).toEqual(['BAD_USER_INPUT']);
    expect(fieldOf(typo)).toBe('upliftScore');
    expect(typo.body.errors?.[0]?.message).toMatch(
      /^no customer of this campaign has a stored score "p_purchase_3d"/,
    );
  });

  it('says no customer was assigned before an asOf that early, and refuses an asOf outside 1970 to 2200', async () => {
    const q = `query ($asOf: DateTimeISO) { campaign(id: "eu-spring") { results(asOf: $asOf) {
      outcomes { assignments windowsClosed note } arms { lift { absolute } } } } }`;
    const early = await gql(gw.url, q, { key: reader, variables: { asOf: '1971-01-01T00:00:00Z' } });
    expect(dataOf<{ results: unknown }>(early, 'campaign').results).toEqual({
      outcomes: {
        assignments: 0,
        windowsClosed: 0,
        note: 'no customer was assigned before 1971-01-01T00:00:00.000Z: there is no outcome to measure as of then',
      },
      arms: [{ lift: { absolute: null } }, { lift: { absolute: null } }],
    });
    for (const asOf of ['1960-01-01T00:00:00Z', '2200-01-01T00:00:00Z']) {
      const r = await gql(gw.url, q, { key: reader, variables: { asOf } });
      expect(r.body.errors).toEqual([
        {
          message: `asOf must be from 1970-01-01T00:00:00.000Z up to before 2200-01-01T00:00:00.000Z, got ${new Date(asOf).toISOString()}`,
          locations: [{ line: 1, column: 58 }],
          path: ['campaign', 'results'],
          extensions: { code: 'BAD_USER_INPUT', field: 'asOf' },
        },
      ]);
    }
  });

  it("takes fairnessMinGroupSize and reports fairness.warnings, as the engine's campaignReport", async () => {
    const FAIRNESS = `query ($by: String, $min: Int) { campaign(id: "eu-spring") {
      results(fairnessBy: $by, fairnessMinGroupSize: $min) {
        fairness { by minGroupSize flagged warnings groups { name customers small } } } } }`;
    const fairnessOf = async (variables: Record<string, unknown>) => {
      const r = await gql(gw.url, FAIRNESS, { key: reader, variables });
      expect(r.body.errors).toBeUndefined();
      return dataOf<{ results: { fairness: Record<string, unknown> } }>(r, 'campaign').results.fairness;
    };
    const engineFairness = async (fairnessBy: string | undefined, fairnessMinGroupSize: number) => {
      const f = (
        await campaignReport(gw.storage, 'eu-spring', {
          ...(fairnessBy ? { fairnessBy } : {}),
          fairnessMinGroupSize,
        })
      ).fairness;
      return {
        by: f.by,
        minGroupSize: f.minGroupSize,
        flagged: f.flagged,
        warnings: f.warnings,
        groups: f.groups.map((g) => ({ name: g.name, customers: g.customers, small: g.small })),
      };
    };
    // Default 30: every group of this small shop is listed, not judged; with 1 each named one is judged.
    const byDefault = await fairnessOf({});
    expect(byDefault).toEqual(await engineFairness(undefined, 30));
    expect((byDefault.groups as { small: boolean }[]).every((g) => g.small)).toBe(true);
    const judged = await fairnessOf({ min: 1 });
    expect(judged).toEqual(await engineFairness(undefined, 1));
    expect(judged.minGroupSize).toBe(1);
    // ... except the bucket of the groups of fewer than 5, never judged whatever the minimum.
    const groups = judged.groups as { name: string; small: boolean }[];
    expect(groups.filter((g) => g.small).map((g) => g.name)).toEqual(
      groups.some((g) => g.name === '(groups of fewer than 5)') ? ['(groups of fewer than 5)'] : [],
    );
    expect(groups.some((g) => !g.small)).toBe(true);
    // An attribute no customer holds: everyone in one group, and a warning saying so (docs/campaigns.md).
    const nobody = await fairnessOf({ by: 'attribute.shoeSize' });
    expect(nobody).toEqual(await engineFairness('attribute.shoeSize', 30));
    expect((nobody.warnings as string[])[0]).toMatch(
      /^no customer holds the attribute "shoeSize": everyone is in the group "\(none\)"/,
    );
    expect(byDefault.warnings).toEqual([]);
    for (const min of [0, -3]) {
      const bad = await gql(gw.url, FAIRNESS, { key: reader, variables: { min } });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(fieldOf(bad)).toBe('fairnessMinGroupSize');
      expect(bad.body.errors?.[0]?.message).toBe(`fairnessMinGroupSize must be at least 1, got ${min}`);
    }
  });

  it('checks scopes: a storefront key may only get offers; read keys read; write keys act', async () => {
    const denied: [string, string, string][] = [
      [
        storefront,
        `mutation { createCampaign(input: { definition: {} }) { id } }`,
        'Mutation.createCampaign',
      ],
      [storefront, '{ campaign(id: "eu-spring") { results { cost } } }', 'Query.campaign'],
      [storefront, '{ campaigns(first: 1) { id } }', 'Query.campaigns'],
      [storefront, 'mutation { stopCampaign(id: "eu-spring") { id } }', 'Mutation.stopCampaign'],
      [reader, 'mutation { startCampaign(id: "eu-spring") { decided } }', 'Mutation.startCampaign'],
      [
        reader,
        'mutation { offerFor(customerId: "de-1", campaignId: "eu-spring") { offered } }',
        'Mutation.offerFor',
      ],
      [writer, '{ campaign(id: "eu-spring") { id } }', 'Query.campaign'],
    ];
    for (const [key, query, field] of denied) {
      const r = await gql(gw.url, query, { key });
      expect(r.status).toBe(403);
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(fieldOf(r)).toBe(field);
    }
    const anonymous = await gql(
      gw.url,
      'mutation { offerFor(customerId: "de-1", campaignId: "eu-spring") { offered } }',
    );
    expect(anonymous.status).toBe(401);
  });

  it('declares results costly: results for a page of campaigns is over the cost limit', async () => {
    const r = await gql(gw.url, '{ campaigns(first: 20) { id results { cost } } }', { key: reader });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['COST_LIMIT_EXCEEDED']);
    const one = await gql(gw.url, '{ campaign(id: "eu-spring") { results { cost } } }', { key: reader });
    // campaign: 1 + its selections; results: 100 (scalars are free).
    expect(one.body.extensions?.cost).toMatchObject({ requestedQueryCost: 101 });
  });

  it('answers unknown ids: null for campaign, BAD_USER_INPUT naming id for start and stop', async () => {
    const missing = await gql(gw.url, '{ campaign(id: "nope") { id } }', { key: reader });
    expect(missing.body).toMatchObject({ data: { campaign: null } });
    for (const m of ['startCampaign(id: "nope") { decided }', 'stopCampaign(id: "nope") { id }']) {
      const r = await gql(gw.url, `mutation { ${m} }`, { key: writer });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(fieldOf(r)).toBe('id');
      expect(r.body.errors?.[0]?.message).toBe('unknown campaign "nope"');
    }
  });

  it('stops a campaign: no new offers, assignments stay sticky; a running campaign cannot be redefined', async () => {
    const redefine = await create(springDefinition());
    expect(fieldOf(redefine)).toBe('input.definition.id');
    expect(redefine.body.errors?.[0]?.message).toBe(
      'campaign "eu-spring" is running: only a draft can be redefined',
    );
    const before = await offerOf('de-2');
    const r = await gql(gw.url, 'mutation { stopCampaign(id: "eu-spring") { status stoppedAt } }', {
      key: writer,
    });
    expect(dataOf<{ status: string }>(r, 'stopCampaign').status).toBe('STOPPED');
    expect(await offerOf('de-2')).toEqual(before);
    await gw.storage.upsertCustomers([{ externalId: 'de-9', country: 'Germany' }]);
    expect((await offerOf('de-9')).refusals).toEqual([
      { rule: 'NOT_RUNNING', message: 'the campaign is stopped, not running' },
    ]);
  });

  it("deleteCustomer removes the customer's assignments and reports them", async () => {
    const held = (
      await Promise.all(['eu-spring', 'eu-summer'].map((c) => gw.storage.getAssignment(c, 'de-3')))
    ).filter((a) => a !== null).length;
    expect(held).toBeGreaterThan(0);
    const r = await gql(gw.url, 'mutation { deleteCustomer(id: "de-3") { found tables { table rows } } }', {
      key: writer,
    });
    const report = dataOf<{ tables: { table: string; rows: number }[] }>(r, 'deleteCustomer');
    expect(report.tables.find((t) => t.table === 'campaignAssignments')?.rows).toBe(held);
    expect(await gw.storage.getAssignment('eu-spring', 'de-3')).toBeNull();
    expect(await gw.storage.getAssignment('eu-summer', 'de-3')).toBeNull();
    // No assignment is left to be sticky: the stopped campaign says so instead of an offer.
    expect(await offerOf('de-3')).toMatchObject({ offered: false, sticky: false, assignedAt: null });
  });

  it("tells a storefront that a campaign's budget is spent, not the shop's figures", async () => {
    const { frequencyCap: _, ...tight } = springDefinition('eu-tight');
    await create({ ...tight, holdout: { fraction: 0 }, budget: 0.01 });
    const start = await gql(gw.url, START, { key: writer, variables: { id: 'eu-tight' } });
    expect(dataOf<{ refused: { key: string }[] }>(start, 'startCampaign').refused).toContainEqual({
      key: 'budget',
      count: expect.any(Number),
    });
    const refusal = async (key: string) =>
      dataOf<Offer>(await offer('de-1', 'eu-tight', key), 'offerFor').refusals;
    expect(await refusal(storefront)).toEqual([
      { rule: 'BUDGET', message: 'the campaign has no budget left for this offer' },
    ]);
    expect(await refusal(writer)).toEqual([
      {
        rule: 'BUDGET',
        message: expect.stringMatching(/^budget: 0 of 0\.01 spent, the offer costs (3|0\.05)$/),
      },
    ]);
    // No holdout: the report says that no lift can be measured.
    const results = await gql(gw.url, RESULTS, { key: reader, variables: { id: 'eu-tight' } });
    expect(dataOf<{ results: { notes: string[] } }>(results, 'campaign').results.notes).toEqual([
      'no lift is measured: lift needs a holdout to compare with, and this campaign has none (holdout.fraction 0)',
    ]);
  });

  it('gives no offer nor coupon once the customer withdraws marketing consent; the assignment stays in the report', async () => {
    const stored = await assignments('eu-spring');
    const a = stored.find((x) => x.arm === 'ten-off')!;
    expect(a.couponCode).not.toBeNull();
    expect(await offerOf(a.customerId)).toMatchObject({ offered: true, couponCode: a.couponCode });
    const before = await campaignReport(gw.storage, 'eu-spring');
    const withdraw = await gql(
      gw.url,
      'mutation ($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { updated } }',
      { key: writer, variables: { c: [{ externalId: a.customerId, consent: { marketing: false } }] } },
    );
    expect(dataOf<{ updated: number }>(withdraw, 'upsertCustomers').updated).toBe(1);
    for (const key of [storefront, writer])
      expect(dataOf<Offer>(await offer(a.customerId, 'eu-spring', key), 'offerFor')).toMatchObject({
        offered: false,
        arm: null,
        couponCode: null,
        refusals: [{ rule: 'CONSENT', message: 'the customer opted out of marketing' }],
      });
    // Intention to treat: the assignment is kept and still counted in its arm.
    expect(await gw.storage.getAssignment('eu-spring', a.customerId)).toEqual(a);
    const after = await campaignReport(gw.storage, 'eu-spring');
    expect(after.arms.map((x) => x.metrics.exposures)).toEqual(before.arms.map((x) => x.metrics.exposures));
    expect(after.arms[0]!.metrics.exposures).toBe(stored.filter((x) => x.arm === 'ten-off').length);
  });

  it('answers ASSIGNED_LATER for an assignment another process (its clock ahead) made after the call', async () => {
    const later = {
      ...springDefinition('eu-later'),
      trigger: { event: 'add_to_cart', noPurchaseWithinMinutes: 60 },
    };
    await create(later);
    await gql(gw.url, START, { key: writer, variables: { id: 'eu-later' } });
    const assignedAt = new Date(Date.now() + 3_600_000);
    await gw.storage.recordAssignments([
      {
        campaignId: 'eu-later',
        customerId: 'fr-3',
        arm: 'recs-email',
        holdout: false,
        reason: {},
        assignedAt,
      },
    ]);
    expect(await offerOf('fr-3', 'eu-later')).toMatchObject({
      offered: false,
      arm: null,
      refusals: [
        {
          rule: 'ASSIGNED_LATER',
          message: `the customer's assignment was made later, at ${assignedAt.toISOString()}: none existed yet, and a customer is assigned once`,
        },
      ],
    });
  });
});
