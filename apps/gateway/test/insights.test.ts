import { customerAnalytics, rfmSegmentId } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { seedInsightShop } from './insights-shop.js';

let gw: TestGateway;
let admin: string;
let reader: string;
let writer: string;
let storefront: string;

beforeAll(async () => {
  gw = await startTestGateway({}, 'pglite:memory');
  [admin, reader, writer, storefront] = await Promise.all([
    gw.key(['admin']),
    gw.key(['read']),
    gw.key(['write']),
    gw.key(['storefront']),
  ]);
  await seedInsightShop(gw.storage);
});
afterAll(() => gw.close());

const CREATE = `mutation ($input: SegmentInput!) { createSegment(input: $input) {
  size added removed segment { id name kind definition size refreshedAt } } }`;
const create = (input: Record<string, unknown>, key = writer) =>
  gql(gw.url, CREATE, { key, variables: { input } });

const CUSTOMER = `query ($id: String!) { customer(id: $id) {
  profile { orders revenue averageOrderValue units firstPurchaseAt lastPurchaseAt returns returnValue
    rfm { recency frequency monetary computedAt } }
  segments(first: 10) { since segment { id name kind } }
  propensity { horizonDays probability computedAt }
  clv { clv probabilityAlive expectedPurchases horizonDays computedAt } } }`;

describe('customer insights', () => {
  it("answers a customer's profile, segments, propensity and lifetime value from the store", async () => {
    const r = await gql(gw.url, CUSTOMER, { key: reader, variables: { id: 'ann' } });
    expect(r.body.errors).toBeUndefined();
    expect(dataOf(r, 'customer')).toEqual({
      profile: {
        orders: 2,
        revenue: 50,
        averageOrderValue: 25,
        units: 3,
        firstPurchaseAt: '2024-03-01T12:00:00.000Z',
        lastPurchaseAt: '2024-03-05T12:00:00.000Z',
        returns: 1,
        returnValue: 10,
        rfm: { recency: 5, frequency: 4, monetary: 3, computedAt: '2024-03-05T12:00:00.000Z' },
      },
      segments: [
        {
          since: '2024-03-05T12:00:00.000Z',
          segment: { id: 'rfm:champions', name: 'Champions', kind: 'RFM' },
        },
      ],
      propensity: [
        { horizonDays: 7, probability: 0.1, computedAt: '2024-03-06T12:00:00.000Z' },
        { horizonDays: 30, probability: 0.4, computedAt: '2024-03-06T12:00:00.000Z' },
      ],
      clv: {
        clv: 321.5,
        probabilityAlive: 0.8,
        expectedPurchases: 1.25,
        horizonDays: 90,
        computedAt: '2024-03-05T12:00:00.000Z',
      },
    });
  });

  it('answers zeros, empty lists and nulls for a customer without purchases or scores', async () => {
    const r = await gql(gw.url, CUSTOMER, { key: reader, variables: { id: 'dan' } });
    expect(dataOf(r, 'customer')).toEqual({
      profile: {
        orders: 0,
        revenue: 0,
        averageOrderValue: null,
        units: 0,
        firstPurchaseAt: null,
        lastPurchaseAt: null,
        returns: 0,
        returnValue: 0,
        rfm: null,
      },
      segments: [],
      propensity: [],
      clv: null,
    });
    const ben = await gql(gw.url, '{ customer(id: "ben") { clv { clv probabilityAlive horizonDays } } }', {
      key: reader,
    });
    expect(dataOf(ben, 'customer')).toEqual({ clv: { clv: 80, probabilityAlive: null, horizonDays: null } });
    const nobody = await gql(gw.url, CUSTOMER, { key: reader, variables: { id: 'nobody' } });
    expect(nobody.body).toMatchObject({ data: { customer: null } });
    expect(nobody.body.errors).toBeUndefined();
  });

  it('serves no RFM, lifetime value or propensity for a customer who declined analytics after being scored', async () => {
    const scored = async () =>
      dataOf<{ profile: { orders: number; rfm: unknown }; propensity: unknown[]; clv: unknown }>(
        await gql(
          gw.url,
          '{ customer(id: "ann") { profile { orders rfm { recency } } propensity { horizonDays } clv { clv } } }',
          {
            key: reader,
          },
        ),
        'customer',
      );
    expect(await scored()).toEqual({
      profile: { orders: 2, rfm: { recency: 5 } },
      propensity: [{ horizonDays: 7 }, { horizonDays: 30 }],
      clv: { clv: 321.5 },
    });
    await gw.storage.upsertCustomers([{ externalId: 'ann', consent: { analytics: false } }]);
    try {
      // Her purchase figures are facts of her orders, not analytics: they stay.
      expect(await scored()).toEqual({ profile: { orders: 2, rfm: null }, propensity: [], clv: null });
      // She left the RFM segment at once (storage's consent rule), not at the next analytics run.
      expect((await gw.storage.getSegment('rfm:champions'))?.members).toBe(0);
    } finally {
      await gw.storage.upsertCustomers([{ externalId: 'ann', consent: { analytics: true } }]);
      // Her segments come back with the next analytics run; the shop's fixture stands in for it.
      await gw.storage.refreshSegment('rfm:champions', ['ann'], new Date(Date.UTC(2024, 2, 5, 12)));
    }
    expect((await scored()).propensity).toHaveLength(2);
  });

  it("answers a customer's behaviour as of a time, worked out by hand from the shop's events, and none for one who declined analytics", async () => {
    const BEHAVIOR = `query ($id: String!, $asOf: DateTimeISO) { customer(id: $id) { behavior(asOf: $asOf) {
      asOf recencyDays frequency monetary averageOrderValue tenureDays daysSinceLastEvent sessions views addToCarts
      purchases viewToCartRate cartToPurchaseRate returns returnValue meanPrice categoryShares { category share } } } }`;
    const behavior = async (id: string, asOf = '2024-03-07T12:00:00.000Z') =>
      dataOf<{ behavior: Record<string, unknown> | null }>(
        await gql(gw.url, BEHAVIOR, { key: reader, variables: { id, asOf } }),
        'customer',
      ).behavior;
    // ann: 2 x 10 on Mar 1 (o1), 1 x 30 on Mar 5 (o2), a return of 1 x 10 on Mar 6, all at noon.
    expect(await behavior('ann')).toEqual({
      asOf: '2024-03-07T12:00:00.000Z',
      recencyDays: 2,
      frequency: 2,
      monetary: 50,
      averageOrderValue: 25,
      tenureDays: 6,
      daysSinceLastEvent: 1,
      sessions: 0,
      views: 0,
      addToCarts: 0,
      purchases: 2,
      viewToCartRate: 0,
      cartToPurchaseRate: 0,
      returns: 1,
      returnValue: 10,
      // The mean of her purchases' unit prices, 10 and 30 (the shop's items have no category).
      meanPrice: 20,
      categoryShares: [],
    });
    // As of Mar 3, noon: only her first order.
    expect(await behavior('ann', '2024-03-03T12:00:00.000Z')).toMatchObject({
      recencyDays: 2,
      frequency: 1,
      monetary: 20,
      returns: 0,
      meanPrice: 10,
    });
    // dan viewed once on Mar 4 (a mug without a price): no purchase, no price band.
    expect(await behavior('dan')).toMatchObject({
      recencyDays: null,
      frequency: 0,
      views: 1,
      tenureDays: 3,
      meanPrice: null,
    });
    // Before any event of his: none.
    expect(await behavior('dan', '2024-03-02T00:00:00.000Z')).toBeNull();
    await gw.storage.upsertCustomers([{ externalId: 'ben', consent: { analytics: false } }]);
    try {
      expect(await behavior('ben')).toBeNull();
    } finally {
      await gw.storage.upsertCustomers([{ externalId: 'ben', consent: { analytics: true } }]);
    }
    expect(await behavior('ben')).toMatchObject({ frequency: 1, monetary: 50 });
  });

  it('serves no Customer.scores for a customer who declined analytics through upsertCustomers', async () => {
    const scores = async () =>
      dataOf<{ scores: { model: string; score: number }[] }>(
        await gql(gw.url, '{ customer(id: "ann") { scores { model score } } }', { key: reader }),
        'customer',
      ).scores.sort((a, b) => a.model.localeCompare(b.model));
    expect(await scores()).toEqual([
      { model: 'clv', score: 321.5 },
      { model: 'expected_purchases_90d', score: 1.25 },
      { model: 'p_alive', score: 0.8 },
      { model: 'p_purchase_30d', score: 0.4 },
      { model: 'p_purchase_7d', score: 0.1 },
      { model: 'rfm_frequency', score: 4 },
      { model: 'rfm_monetary', score: 3 },
      { model: 'rfm_recency', score: 5 },
    ]);
    const consent = (analytics: boolean) =>
      gql(
        gw.url,
        'mutation ($a: Boolean!) { upsertCustomers(customers: [{externalId: "ann", consent: {analytics: $a}}]) { updated } }',
        { key: writer, variables: { a: analytics } },
      );
    expect(dataOf(await consent(false), 'upsertCustomers')).toEqual({ updated: 1 });
    try {
      expect(await scores()).toEqual([]);
    } finally {
      await consent(true);
      // Declining took her out of the RFM segment; the next analytics run (the fixture here) puts her back.
      await gw.storage.refreshSegment('rfm:champions', ['ann'], new Date(Date.UTC(2024, 2, 5, 12)));
    }
    expect(await scores()).toHaveLength(8);
  });

  it('refuses segments, lifetime value and propensity to a storefront key and to no key', async () => {
    for (const query of [
      '{ segments(first: 5) { id } }',
      '{ segment(id: "rfm:champions") { size } }',
      '{ customer(id: "ann") { clv { clv } } }',
      '{ customer(id: "ann") { propensity { probability } } }',
    ]) {
      const r = await gql(gw.url, query, { key: storefront });
      expect([r.status, codes(r)]).toEqual([403, ['FORBIDDEN']]);
      expect((await gql(gw.url, query)).status).toBe(401);
    }
  });
});

describe('segments', () => {
  it('creates a rule segment, evaluates it now, and reports its revenue share as computed by hand', async () => {
    const r = await create({
      id: 'eu',
      name: 'EU outside the UK',
      rule: { field: 'country', in: ['Germany', 'France'] },
    });
    expect(dataOf(r, 'createSegment')).toMatchObject({
      size: 2,
      added: 2,
      removed: 0,
      segment: {
        id: 'eu',
        kind: 'RULE',
        size: 2,
        definition: { filter: { field: 'country', in: ['Germany', 'France'] } },
      },
    });
    await create({ id: 'uk-buyers', name: 'UK', rule: { field: 'country', eq: 'United Kingdom' } });
    const q = await gql(gw.url, '{ segments(first: 10) { id size revenueShare } }', { key: reader });
    // Rule segments are as of now: ann 50 + ben 50 of 120; cat 20 of 120 (dan bought nothing). Champions
    // (ann) is as of Mar 5 12:00, as `segment rfm` prints it: of the purchases before then (ann's o1 20, ben
    // 50, cat 20: 90; her o2 at that instant is not before it), ann's 20.
    expect(dataOf<unknown[]>(q, 'segments')).toEqual([
      { id: 'eu', size: 2, revenueShare: 100 / 120 },
      { id: 'rfm:champions', size: 1, revenueShare: 20 / 90 },
      { id: 'uk-buyers', size: 2, revenueShare: 20 / 120 },
    ]);
    const rfm = await gql(gw.url, '{ segments(first: 10, kind: RFM) { id } }', { key: reader });
    expect(dataOf(rfm, 'segments')).toEqual([{ id: 'rfm:champions' }]);
  });

  it('computes revenue in one aggregation per as-of date, and again after a refresh', async () => {
    const spy = vi.spyOn(gw.storage.bulk, 'segmentRevenue');
    const q = '{ segments(first: 10) { id revenueShare } }';
    await gql(gw.url, q, { key: reader });
    await gql(gw.url, q, { key: reader });
    expect(spy).toHaveBeenCalledTimes(0); // cached since the last test's refresh
    await gw.storage.appendEvents([
      {
        eventId: 'b2',
        type: 'purchase',
        customerId: 'ben',
        sku: 'mug',
        quantity: 1,
        unitPrice: 30,
        timestamp: new Date('2024-03-07T00:00:00Z'),
      },
    ]);
    const refresh = await gql(gw.url, 'mutation { refreshSegment(id: "eu") { size added removed } }', {
      key: writer,
    });
    expect(dataOf(refresh, 'refreshSegment')).toEqual({ size: 2, added: 0, removed: 0 });
    const after = await gql(gw.url, '{ segment(id: "eu") { revenueShare } }', { key: reader });
    expect(dataOf(after, 'segment')).toEqual({ revenueShare: 130 / 150 });
    const dates = new Set((await gw.storage.listSegments()).map((s) => s.refreshedAt?.getTime()));
    expect(spy).toHaveBeenCalledTimes(dates.size);
    spy.mockRestore();
  });

  it('pages members over several pages by cursor, without repeats or gaps, with the members batched', async () => {
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
    await gw.storage.upsertCustomers(ids.map((externalId) => ({ externalId, attributes: { club: true } })));
    await gw.storage.upsertScores(ids.map((customerId, i) => ({ customerId, model: 'clv', score: i })));
    await create({ id: 'club', name: 'Club', rule: { field: 'attribute.club', eq: true } });
    const PAGE = `query ($after: String) { segment(id: "club") { size members(first: 3, after: $after) {
      edges { cursor since node { externalId scores { model } clv { clv } profile { orders } segments(first: 5) { segment { id } } } }
      pageInfo { hasNextPage endCursor } } } }`;
    const spies = [
      vi.spyOn(gw.storage, 'getCustomers'),
      vi.spyOn(gw.storage.bulk, 'customerScores'),
      vi.spyOn(gw.storage.bulk, 'scanOrderAggregates'),
      vi.spyOn(gw.storage, 'getCustomerSegments'),
      vi.spyOn(gw.storage, 'listSegments'),
      vi.spyOn(gw.storage, 'getScores'),
    ];
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r = await gql(gw.url, PAGE, { key: reader, variables: { after } });
      type Page = {
        size: number;
        members: {
          edges: {
            node: { externalId: string; clv: { clv: number }; segments: { segment: { id: string } }[] };
          }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      const segment = dataOf<Page>(r, 'segment');
      expect(segment.size).toBe(7);
      for (const e of segment.members.edges) {
        seen.push(e.node.externalId);
        expect(e.node.clv.clv).toBe(ids.indexOf(e.node.externalId));
        expect(e.node.segments).toEqual([{ segment: { id: 'club' } }]);
      }
      pages++;
      if (!segment.members.pageInfo.hasNextPage) break;
      after = segment.members.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
    // One call of each per page, whatever the page size: no N+1.
    expect(spies.map((s) => s.mock.calls.length)).toEqual([3, 3, 3, 3, 3, 0]);
    for (const s of spies) s.mockRestore();
  });

  it('answers null for an unknown segment and refuses a foreign cursor', async () => {
    const r = await gql(gw.url, '{ segment(id: "nope") { id } }', { key: reader });
    expect(r.body).toMatchObject({ data: { segment: null } });
    const bad = await gql(
      gw.url,
      '{ segment(id: "club") { members(first: 2, after: "eyJ4Ijox") { edges { cursor } } } }',
      {
        key: reader,
      },
    );
    expect(bad.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await gql(gw.url, '{ segments(first: 101) { id } }', { key: reader });
    expect(codes(tooMany)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('segment mutations', () => {
  it('answers each mutation of a request with the segments as they are after it', async () => {
    const r = await gql(
      gw.url,
      `mutation { a: createSegment(input: { id: "fr", name: "France", rule: { field: "country", eq: "France" } }) {
          segment { revenueShare } }
        b: createSegment(input: { id: "de", name: "Germany", rule: { field: "country", eq: "Germany" } }) {
          segment { revenueShare } } }`,
      { key: writer },
    );
    // ben 80 and ann 50 of 150 (ben's second purchase was added above).
    expect(r.body.data).toEqual({
      a: { segment: { revenueShare: 80 / 150 } },
      b: { segment: { revenueShare: 50 / 150 } },
    });
    for (const id of ['fr', 'de']) await gw.storage.deleteSegment(id);
  });

  it('refuses a bad rule naming the path inside input.rule', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        {
          and: [
            { field: 'country', eq: 'DE' },
            { field: 'score.clv', gte: 'x' },
          ],
        },
        'input.rule.and[1].gte',
        'expected a number',
      ],
      [{ not: { field: 'age', eq: 3 } }, 'input.rule.not.field', 'unknown field "age"'],
      [{ or: [] }, 'input.rule.or', 'expected a non-empty array of filters'],
    ];
    for (const [rule, field, reason] of cases) {
      const r = await create({ id: 'bad', name: 'Bad', rule });
      expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const expected = `${field}: ${reason}`;
      expect(r.body.errors?.[0]?.message.slice(0, expected.length)).toBe(expected);
    }
    // Every problem of the rule at once, each in extensions.problems.
    const two = await create({
      id: 'bad',
      name: 'Bad',
      rule: {
        or: [
          { field: 'score.clv', gte: 'x' },
          { field: 'age', eq: 3 },
        ],
      },
    });
    expect(two.body.errors?.[0]?.extensions?.problems).toEqual([
      { field: 'input.rule.or[0].gte', message: 'input.rule.or[0].gte: expected a number' },
      {
        field: 'input.rule.or[1].field',
        message:
          'input.rule.or[1].field: unknown field "age": use customerId, country, segment, score.<model> or attribute.<name>',
      },
    ]);
    expect(two.body.errors?.[0]?.message).toMatch(
      /^2 problems: input\.rule\.or\[0\]\.gte: expected a number; /,
    );
    const blank = await create({ id: ' ', name: 'x', rule: { field: 'country', exists: true } });
    expect(blank.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.id' });
    expect(await gw.storage.getSegment('bad')).toBeNull();
  });

  it('refuses to overwrite an RFM segment, to refresh one, or an unknown id', async () => {
    const taken = await create({
      id: 'rfm:champions',
      name: 'Mine',
      rule: { field: 'country', exists: true },
    });
    expect(taken.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.id' });
    await gw.storage.upsertSegment({ id: 'ruleless', name: 'No rule', kind: 'rule' });
    for (const id of ['rfm:champions', 'nope', 'ruleless']) {
      const r = await gql(gw.url, 'mutation ($id: String!) { refreshSegment(id: $id) { size } }', {
        key: writer,
        variables: { id },
      });
      expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    }
    expect((await gw.storage.getSegment('rfm:champions'))?.name).toBe('Champions');
    await gw.storage.deleteSegment('ruleless');
  });

  it('lets write keys manage segments but not read or storefront keys', async () => {
    for (const key of [reader, storefront]) {
      const r = await create({ id: 'x', name: 'X', rule: { field: 'country', exists: true } }, key);
      expect([r.status, codes(r)]).toEqual([403, ['FORBIDDEN']]);
    }
    const run = await gql(gw.url, 'mutation { computeCustomerAnalytics { customers } }', { key: writer });
    expect([run.status, codes(run)]).toEqual([403, ['FORBIDDEN']]);
  });

  it('leaves a customer who declined analytics out of the analytics run and out of RFM segments', async () => {
    const run = async () => {
      const r = await gql(gw.url, 'mutation { computeCustomerAnalytics { customers excludedByConsent } }', {
        key: admin,
      });
      return dataOf<{ customers: number; excludedByConsent: number }>(r, 'computeCustomerAnalytics');
    };
    const rfmSegmentsOf = async (id: string) =>
      (await gw.storage.getCustomerSegments([id]))[0]!.filter((m) => m.segmentId.startsWith('rfm:'));
    expect(await run()).toEqual({ customers: 3, excludedByConsent: 0 });
    expect(await rfmSegmentsOf('cat')).toHaveLength(1);
    await gw.storage.upsertCustomers([{ externalId: 'cat', consent: { analytics: false } }]);
    try {
      expect(await run()).toEqual({ customers: 2, excludedByConsent: 1 });
      expect(await rfmSegmentsOf('cat')).toEqual([]);
    } finally {
      await gw.storage.upsertCustomers([{ externalId: 'cat', consent: { analytics: true } }]);
    }
    expect(await run()).toEqual({ customers: 3, excludedByConsent: 0 });
  });

  it('computes customer analytics on demand: stores RFM scores and segments, re-evaluates rules', async () => {
    await gw.storage.upsertSegment({ id: 'ruleless', name: 'No rule', kind: 'rule' });
    const r = await gql(
      gw.url,
      'mutation { computeCustomerAnalytics(horizonDays: 30) { asOf customers excludedByConsent scoresWritten segmentsRefreshed lifetimeValueSkipped lifetimeValueWarnings rulesSkipped } }',
      { key: admin },
    );
    const run = dataOf<Record<string, unknown>>(r, 'computeCustomerAnalytics');
    // ann, ben and cat have orders; the observation ends just after the last order (ben's, Mar 7 00:00).
    expect(run).toMatchObject({
      asOf: '2024-03-07T00:00:00.001Z',
      customers: 3,
      excludedByConsent: 0,
      rulesSkipped: ['ruleless: filter: expected an object'],
    });
    const scores = await gw.storage.getScores('cat');
    const [ann, ben] = await Promise.all(['ann', 'ben'].map((id) => gw.storage.getScores(id)));
    expect(scores.filter((s) => s.model.startsWith('rfm_')).length).toBe(3);
    // Two repeat buyers are below BG/NBD's minimum of 20: no lifetime value, the 3 RFM scores and the 3 raw
    // values they rank each, and the reason.
    expect(run.scoresWritten).toBe(18);
    // cat: one order of 4 x 5 on Mar 3, 4 days before Mar 7; ann: 2 orders (50), 2 days; ben: 2 (80), 0 days.
    expect(
      Object.fromEntries(
        ['ann', 'ben', 'cat'].map((id, k) => [
          id,
          Object.fromEntries(
            [ann, ben, scores]
              [k]!.filter((s) => ['recency_days', 'orders', 'spend'].includes(s.model))
              .map((s) => [s.model, s.score]),
          ),
        ]),
      ),
    ).toEqual({
      ann: { recency_days: 2, orders: 2, spend: 50 },
      ben: { recency_days: 0, orders: 2, spend: 80 },
      cat: { recency_days: 4, orders: 1, spend: 20 },
    });
    // A rule on money and days: the one-order customers not seen for more than 3 days.
    const lapsed = await create({
      id: 'lapsed-one-timers',
      name: 'Lapsed one-time buyers',
      rule: {
        and: [
          { field: 'score.recency_days', gt: 3 },
          { field: 'score.orders', eq: 1 },
        ],
      },
    });
    expect(dataOf(lapsed, 'createSegment')).toMatchObject({ size: 1 });
    expect(run.lifetimeValueSkipped).toBe(
      'BG/NBD cannot be fitted: only 2 of the 3 customers have a repeat purchase, and it needs at least 20 repeat buyers (with fewer, its fits often end at a boundary, e.g. P(alive) near 0 for a customer who bought twice)',
    );
    expect(run.lifetimeValueWarnings).toEqual([]);
    expect(scores.map((s) => s.model)).not.toContain('expected_purchases_30d');
    const rfmSegments = (await gw.storage.listSegments()).filter((s) => s.kind === 'rfm' && s.members > 0);
    expect(rfmSegments.reduce((n, s) => n + s.members, 0)).toBe(3);
    const cat = await gql(
      gw.url,
      '{ customer(id: "cat") { profile { rfm { recency frequency monetary } } } }',
      {
        key: reader,
      },
    );
    const byModel = Object.fromEntries(scores.map((s) => [s.model, s.score]));
    expect(dataOf(cat, 'customer')).toEqual({
      profile: {
        rfm: {
          recency: byModel.rfm_recency,
          frequency: byModel.rfm_frequency,
          monetary: byModel.rfm_monetary,
        },
      },
    });
    // The revenue shares agree with the engine's own RFM report (another implementation of the same sums).
    const report = (await customerAnalytics(gw.storage)).rfm.report;
    const shares = await gql(gw.url, '{ segments(first: 100, kind: RFM) { id revenueShare } }', {
      key: reader,
    });
    const byId = new Map(
      dataOf<{ id: string; revenueShare: number }[]>(shares, 'segments').map((x) => [x.id, x]),
    );
    for (const row of report)
      expect(byId.get(rfmSegmentId(row.name))?.revenueShare).toBeCloseTo(row.revenueShare, 12);
    expect(report.filter((row) => row.revenueShare > 0).length).toBeGreaterThan(0);
    const bad = await gql(gw.url, 'mutation { computeCustomerAnalytics(horizonDays: 0) { customers } }', {
      key: admin,
    });
    expect(bad.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'horizonDays' });
  });
});

// Last: it stores a segment that the lists above do not expect.
describe('segment rule names', () => {
  it('refuses score and segment names nothing stores or computes, every one, and warns of those computed later', async () => {
    const typos = await create({
      id: 'typos',
      name: 'Typos',
      rule: {
        or: [
          { field: 'score.p_purchase_30', gt: 0.5 },
          { field: 'segment', eq: 'rfm:no-such' },
        ],
      },
    });
    expect(codes(typos)).toEqual(['BAD_USER_INPUT']);
    const error = typos.body.errors?.[0] as { message: string; extensions: Record<string, unknown> };
    expect(error.extensions.field).toBe('input.rule.or[0].field');
    expect((error.extensions.problems as { field: string }[]).map((p) => p.field)).toEqual([
      'input.rule.or[0].field',
      'input.rule.or[1].eq',
    ]);
    expect(error.message).toMatch(
      /^2 problems: input\.rule\.or\[0\]\.field: no score "p_purchase_30" is stored/,
    );
    expect(await gw.storage.getSegment('typos')).toBeNull();
    const later = await gql(
      gw.url,
      'mutation ($input: SegmentInput!) { createSegment(input: $input) { size warnings } }',
      {
        key: writer,
        variables: {
          input: { id: 'likely', name: 'Likely', rule: { field: 'score.p_purchase_60d', gt: 0.5 } },
        },
      },
    );
    expect(dataOf(later, 'createSegment')).toEqual({
      size: 0,
      warnings: [
        'input.rule.field: no customer has the score "p_purchase_60d" yet (customer analytics or propensity training computes it): the rule matches nobody on it until then',
      ],
    });
  });
});
