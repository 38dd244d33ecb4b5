import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportCustomerData,
  openRecommender,
  privacyReport,
  recommend,
  similarItems,
} from '@storewise/engine';
import { createGateway, ensureAdminKey, type Gateway } from '@storewise/gateway';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createTracker,
  HealthDocument,
  type StorewiseClient,
  StorewiseError,
} from '../src/index.js';

let storage: Storage;
let gateway: Gateway;
let url: string;
let admin: StorewiseClient;

beforeAll(async () => {
  storage = await openStorage('memory:');
  const { generatedKey } = await ensureAdminKey(storage, undefined);
  gateway = await createGateway({ storage, logInternalError: () => {} });
  url = await gateway.listen(0, '127.0.0.1');
  admin = createClient({ url, apiKey: generatedKey! });
});
afterAll(async () => {
  await gateway.stop();
  await storage.close();
});

describe('createClient against a real gateway', () => {
  it('reads health without a key and counts with one', async () => {
    expect(await createClient({ url }).health()).toEqual({ status: 'ok', database: 'memory' });
    expect((await admin.healthCounts()).counts).toEqual({ customers: 0, items: 0, events: 0, models: 0 });
  });

  it('tracks events, reporting bad ones by index and field, and pages through them', async () => {
    const result = await admin.trackEvents([
      {
        eventId: 's1',
        type: 'VIEW',
        customerId: 'u1',
        sku: 'M1',
        timestamp: new Date('2024-05-01T10:00:00Z'),
      },
      { eventId: 's2', type: 'PURCHASE', customerId: 'u1', sku: null },
      {
        eventId: 's3',
        type: 'PURCHASE',
        customerId: 'u1',
        sku: 'M2',
        quantity: 2,
        timestamp: '2024-05-02T10:00:00Z',
      },
    ]);
    expect(result).toEqual({
      inserted: 2,
      duplicates: 0,
      differing: 0,
      conflicts: [],
      erased: 0,
      rejected: 1,
      errors: [{ index: 1, field: 'sku', message: 'events[1].sku is required' }],
    });
    await admin.upsertItems([{ sku: 'M1', title: 'Mug' }]);
    const page1 = await admin.customer('u1', { first: 1 });
    expect(page1?.events.edges.map((e) => [e.node.eventId, e.node.item?.title ?? null])).toEqual([
      ['s1', 'Mug'],
    ]);
    expect(page1?.events.pageInfo.hasNextPage).toBe(true);
    const page2 = await admin.customer('u1', { first: 1, after: page1?.events.pageInfo.endCursor ?? null });
    expect(page2?.events.edges.map((e) => e.node.eventId)).toEqual(['s3']);
    expect(page2?.events.pageInfo.hasNextPage).toBe(false);
    // u1 as of May 3, 10:00: a view on May 1 and a purchase of 2 (no price) on May 2, both at 10:00.
    expect(await admin.customerBehavior('u1', new Date('2024-05-03T10:00:00Z'))).toMatchObject({
      asOf: '2024-05-03T10:00:00.000Z',
      recencyDays: 1,
      tenureDays: 2,
      frequency: 1,
      views: 1,
      purchases: 1,
      monetary: 0,
    });
    expect(await admin.customerBehavior('nobody')).toBeNull();
  });

  it('upserts and reads items and customers, and deletes a customer with a report', async () => {
    expect(
      await admin.upsertCustomers([{ externalId: 'u9', country: 'NL', consent: { marketing: true } }]),
    ).toEqual({
      inserted: 1,
      updated: 0,
      erased: 0,
    });
    expect((await admin.item('M1'))?.title).toBe('Mug');
    expect(await admin.item('nope')).toBeNull();
    // The export is the engine's document, as JSON text; its row counts are what the deletion then reports.
    const exported = JSON.parse(await admin.customerDataExport('u9'));
    const engineDoc = await exportCustomerData(storage, 'u9');
    expect({ ...exported, exportedAt: null }).toEqual({ ...engineDoc, exportedAt: null });
    expect(exported.customer).toMatchObject({ country: 'NL', consent: { marketing: true } });
    const report = await admin.deleteCustomer('u9');
    expect(report.total).toBe(Object.values(exported.rows as Record<string, number>).reduce((a, b) => a + b));
    await expect(admin.customerDataExport('u9')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'no customer "u9": they were erased (deleteCustomer), and the store holds nothing about them',
    });
    expect(report.found).toBe(true);
    expect(report.tables).toContainEqual({ table: 'customer', rows: 1 });
    expect(await admin.customer('u9')).toBeNull();
    // Erased until restored: an upsert of u9 stores nothing, then stores them again once restored.
    expect(await admin.upsertCustomers([{ externalId: 'u9' }])).toEqual({
      inserted: 0,
      updated: 0,
      erased: 1,
    });
    expect(await admin.restoreCustomer('u9')).toBe(true);
    expect(await admin.restoreCustomer('u9')).toBe(false);
    expect(await admin.upsertCustomers([{ externalId: 'u9' }])).toMatchObject({ inserted: 1, erased: 0 });
  });

  it("reads the privacy report, the engine's counts without ids", async () => {
    const asOf = new Date('2024-06-01T00:00:00Z');
    const report = await admin.privacyReport({ retentionDays: 10, asOf });
    const engine = await privacyReport(storage, { retentionDays: 10, asOf });
    expect(report).toMatchObject({
      asOf: asOf.toISOString(),
      customers: engine.customers,
      consent: engine.consent,
      // 2024-06-01 less 10 days; u1's events (May 1 and 2) are before it.
      retention: { days: 10, cutoff: '2024-05-22T00:00:00.000Z', inactiveCustomers: engine.retention.count },
      erasure: { listed: engine.erasure.listed },
    });
    expect(engine.retention.count).toBeGreaterThanOrEqual(1);
    expect(report.attributes).toEqual(engine.attributes);
  });

  it('reads the shop report and models', async () => {
    const shop = await admin.shop();
    expect(shop.events).toBe(2);
    expect(shop.topItems[0]).toEqual({ sku: 'M2', title: null, units: 2 });
    expect(await admin.models()).toEqual([]);
    expect(await admin.pruneModels()).toEqual([]);
    expect(await admin.pruneModels({ trainedBeforeErasure: true })).toEqual([]);
    // Two events of one customer: nothing to train purchase propensity on, said as the engine says it.
    await expect(admin.trainPropensity({ dryRun: true })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/customers bought between|no customer has events before the cutoff/),
    });
    await expect(admin.pruneModels({ keep: 0 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'keep',
    });
  });

  it('manages keys: a storefront key may track but not read', async () => {
    const created = await admin.createApiKey(['STOREFRONT'], 'web');
    expect(created.apiKey.scopes).toEqual(['STOREFRONT']);
    const shopKey = createClient({ url, apiKey: created.key });
    expect((await shopKey.trackEvents([{ eventId: 'w1', type: 'VIEW', sku: 'M1' }])).inserted).toBe(1);
    const refused = await shopKey.customer('u1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorewiseError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await admin.revokeApiKey(created.apiKey.keyId)).toBe(true);
    await expect(shopKey.health()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect((await admin.apiKeys(10)).map((k) => k.keyId)).toContain(created.apiKey.keyId);
  });

  it('raises input errors with the field and returns extensions from execute', async () => {
    const bad = await admin.upsertItems([{ sku: ' ' }]).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items[0].sku' });
    const raw = await admin.execute(HealthDocument, {});
    expect(raw.data?.health.status).toBe('ok');
    expect(raw.extensions.cost).toMatchObject({ requestedQueryCost: 1 });
  });

  it('types every problem of a call refused for several at once as problems', async () => {
    const bad = await admin
      .createSegment({
        id: 'typos',
        name: 'Typos',
        rule: {
          or: [
            { field: 'score.p_purchase_30', gte: 0.5 },
            { field: 'segment', eq: 'rfm:no-such' },
          ],
        },
      })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(StorewiseError);
    const problems: { field: string; message: string }[] = (bad as StorewiseError).problems;
    expect(problems).toEqual([
      {
        field: 'input.rule.or[0].field',
        message:
          'input.rule.or[0].field: no score "p_purchase_30" is stored, nor is it one Storewise computes (stored: none)',
      },
      {
        field: 'input.rule.or[1].eq',
        message:
          'input.rule.or[1].eq: no segment "rfm:no-such" is stored, nor is it one customer analytics computes (segments: none)',
      },
    ]);
    const one = await admin.upsertItems([{ sku: ' ' }]).catch((e: unknown) => e);
    expect((one as StorewiseError).problems).toEqual([]);
  });

  it('says why a request could not be sent: the cause of a failed fetch, e.g. a refused connection', async () => {
    // A port nothing listens on now (a server took it, then let it go).
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as AddressInfo;
    await new Promise((done) => probe.close(done));
    const client = createClient({ url: `http://127.0.0.1:${port}/graphql`, retries: 0 });
    const refused = await client.health().catch((e: unknown) => e);
    expect(refused).toMatchObject({
      name: 'StorewiseError',
      code: 'NETWORK_ERROR',
      status: null,
      message: `network error: TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`,
    });
  });
});

describe('createTracker against a real gateway', () => {
  it('stores every tracked event once, even when a flush is repeated', async () => {
    const before = (await admin.healthCounts()).counts.events;
    const tracker = createTracker(admin, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) tracker.track({ type: 'VIEW', customerId: 'u-track', sku: `T${i}` });
    await Promise.all([tracker.flush(), tracker.flush()]);
    await tracker.close();
    expect((await admin.healthCounts()).counts.events - before).toBe(7);
  });

  it('drops an event the gateway refuses whatever the retry, and sends the others', async () => {
    const before = (await admin.healthCounts()).counts.events;
    const dropped: [unknown, string][] = [];
    const errors: unknown[] = [];
    const tracker = createTracker(admin, {
      flushIntervalMs: 60_000,
      onDrop: (event, error) => dropped.push([event.query, error.code]),
      onError: (error) => errors.push(error),
    });
    // U+0000 refuses a whole call (PostgreSQL stores no NUL); before, every flush resent the same batch.
    tracker.track({ type: 'SEARCH', customerId: 'u-nul', query: 'tea\u0000towel' });
    for (let i = 0; i < 4; i++) tracker.track({ type: 'VIEW', customerId: 'u-nul', sku: `N${i}` });
    await tracker.flush();
    tracker.track({ type: 'VIEW', customerId: 'u-nul', sku: 'N9' });
    await tracker.close();
    expect(dropped).toEqual([['tea\u0000towel', 'BAD_USER_INPUT']]);
    expect(errors).toEqual([]);
    expect(tracker.pending).toBe(0);
    expect((await admin.healthCounts()).counts.events - before).toBe(5);
  });

  it('drops and reports the events of a key the gateway does not know, instead of keeping them forever', async () => {
    const unknown = createClient({ url, apiKey: `sw_0123456789abcdef_${'A'.repeat(32)}` });
    const dropped: [string, string, string | null][] = [];
    const errors: unknown[] = [];
    const tracker = createTracker(unknown, {
      flushIntervalMs: 60_000,
      onDrop: (event, error) => dropped.push([event.sku ?? '', error.code, error.reason]),
      onError: (error) => errors.push(error),
    });
    tracker.track({ type: 'VIEW', customerId: 'u-bad-key', sku: 'K1' });
    tracker.track({ type: 'VIEW', customerId: 'u-bad-key', sku: 'K2' });
    await expect(tracker.flush()).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'API_KEY_INVALID',
    });
    expect(tracker.pending).toBe(0);
    expect(dropped).toEqual([
      ['K1', 'UNAUTHENTICATED', 'API_KEY_INVALID'],
      ['K2', 'UNAUTHENTICATED', 'API_KEY_INVALID'],
    ]);
    expect(errors).toHaveLength(1);
    await tracker.close();
  });

  it("stores a page's events at their true time when the page's clock runs three hours ahead", async () => {
    const created = await admin.createApiKey(['STOREFRONT'], 'skewed page');
    const page = createClient({ url, apiKey: created.key });
    const ahead = 3 * 60 * 60 * 1000;
    const results: { inserted: number; rejected: number }[] = [];
    const tracker = createTracker(page, {
      flushIntervalMs: 60_000,
      now: () => new Date(Date.now() + ahead),
      onFlush: (r) => results.push(r),
    });
    const before = Date.now();
    tracker.track({ type: 'VIEW', customerId: 'u-skew', sku: 'M1' });
    await tracker.close();
    const after = Date.now();
    expect(results).toMatchObject([{ inserted: 1, rejected: 0 }]);
    const events = (await admin.customer('u-skew'))?.events.edges.map((e) => e.node) ?? [];
    expect(events).toHaveLength(1);
    const stored = new Date(events[0]!.timestamp).getTime();
    // Stamped and sent by the same clock, a moment apart: stored at the gateway's time of the call.
    expect(stored).toBeGreaterThanOrEqual(before - 1000);
    expect(stored).toBeLessThanOrEqual(after);
  });
});

describe('variables the SDK refuses before sending', () => {
  it('names an invalid Date instead of sending null (which reads as "not given")', async () => {
    const refused = await admin.computeCustomerAnalytics({ asOf: new Date('nope') }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorewiseError);
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf', status: null });
    expect((refused as Error).message).toBe(
      'asOf is an invalid Date (its text could not be parsed as a date): nothing was sent',
    );
  });

  it('abandons an attempt at the deadline of timeoutMs, as a network error (not retried: no time is left)', async () => {
    // A server that takes the request and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as AddressInfo;
    const waits: number[] = [];
    const client = createClient({
      url: `http://127.0.0.1:${port}/graphql`,
      apiKey: 'sw_x_y',
      timeoutMs: 50,
      retries: 1,
      sleep: async (ms) => void waits.push(ms),
    });
    const refused = await client.health().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'NETWORK_ERROR', status: null });
    expect((refused as Error).message).toMatch(/^network error: TimeoutError/);
    // timeoutMs bounds the whole call: the first attempt used it up, so no retry is waited for.
    expect(waits).toEqual([]);
    silent.closeAllConnections();
    await new Promise((done) => silent.close(done));
    // Headers at once, the body never: the timeout fires while the body is read (it escaped as a raw
    // DOMException, not retried).
    const slow = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    await new Promise<void>((done) => slow.listen(0, '127.0.0.1', done));
    const slowWaits: number[] = [];
    const slowClient = createClient({
      url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/graphql`,
      apiKey: 'sw_x_y',
      timeoutMs: 50,
      retries: 1,
      sleep: async (ms) => void slowWaits.push(ms),
    });
    const cut = await slowClient.health().catch((e: unknown) => e);
    expect(cut).toMatchObject({ name: 'StorewiseError', code: 'NETWORK_ERROR', status: null });
    expect(slowWaits).toEqual([]);
    slow.closeAllConnections();
    await new Promise((done) => slow.close(done));
    for (const timeoutMs of [0, 0.5, Number.POSITIVE_INFINITY, 2 ** 31])
      expect(() => createClient({ url: 'http://x/graphql', timeoutMs })).toThrow(
        `timeoutMs must be a whole number of milliseconds from 1 to 2147483647, got ${timeoutMs}`,
      );
  });

  it('names a number that is not finite (NaN went as null, refused by the gateway without its name)', async () => {
    for (const first of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const refused = await admin.recommendations('u1', { first }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', status: null });
      expect((refused as Error).message).toBe(`first is ${first}, not a finite number: nothing was sent`);
    }
  });
});

describe('recommendations through the SDK', () => {
  it('reports MODEL_NOT_TRAINED, then serves the engine recommendations and related items once trained', async () => {
    const none = await admin.recommendations('u1').catch((e: unknown) => e);
    expect(none).toMatchObject({ code: 'MODEL_NOT_TRAINED' });
    await admin.trackEvents(
      ['M1', 'M2', 'M3'].flatMap((sku, j) =>
        ['r1', 'r2', 'r3'].map((c, i) => ({
          eventId: `rec-${c}-${sku}`,
          type: 'PURCHASE' as const,
          customerId: c,
          sku,
          quantity: 1 + i + j,
        })),
      ),
    );
    // A named model's parameters go along (checked by name and kind before the job starts).
    await expect(admin.train('item-knn', { neighbours: 5 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'params.neighbours',
    });
    const job = await admin.train('item-knn', { neighbors: 50 });
    expect(job.status).toBe('RUNNING');
    await expect.poll(async () => (await admin.trainingJob(job.id))?.status).toBe('SUCCEEDED');
    expect((await storage.loadModel('recs'))?.params.params).toMatchObject({ neighbors: 50 });
    const served = await openRecommender(storage);
    const expected = await recommend(storage, served, 'u1', 2);
    const recs = await admin.recommendations('u1', { first: 2 });
    expect(recs.items.map((i) => i.sku)).toEqual(expected.items.map((i) => i.sku));
    // The engine's words are the schema's enum values: fold-in is FOLD_IN.
    expect(recs.strategy).toBe(expected.strategy.toUpperCase().replace('-', '_'));
    const related = await admin.related('M1', { first: 2 });
    expect(related?.map((i) => i.sku)).toEqual(similarItems(served, 'M1', 2).map((i) => i.sku));
    expect(await admin.related('no-such-item')).toBeNull();
    const cart = await admin.recommendations('anyone', { first: 2, cartItemIds: ['M1'] });
    expect(cart.strategy).toBe('CART');
    // The browsed categories go as context.categories (checked by the gateway, which names the entry).
    const browsing = await admin
      .recommendations('anyone', { first: 2, categories: ['Home', '>'] })
      .catch((e) => e);
    expect(browsing).toMatchObject({ code: 'BAD_USER_INPUT', field: 'context.categories[1]' });
    expect((await admin.recommendations('anyone', { first: 2, categories: ['Home'] })).strategy).toBe(
      'POPULAR',
    );
  });
});
