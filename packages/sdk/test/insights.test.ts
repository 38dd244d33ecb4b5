import { createGateway, ensureAdminKey, type Gateway } from '@storewise/gateway';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type StorewiseClient, StorewiseError } from '../src/index.js';

let storage: Storage;
let gateway: Gateway;
let admin: StorewiseClient;

const day = (d: number) => new Date(Date.UTC(2024, 2, d));

beforeAll(async () => {
  storage = await openStorage('memory:');
  const { generatedKey } = await ensureAdminKey(storage, undefined);
  gateway = await createGateway({ storage, logInternalError: () => {} });
  admin = createClient({ url: await gateway.listen(0, '127.0.0.1'), apiKey: generatedKey! });
  // Three buyers: ann 30 (two orders), ben 10, cat 60; total 100.
  await storage.upsertCustomers([
    { externalId: 'ann', country: 'Germany' },
    { externalId: 'ben', country: 'Germany' },
    { externalId: 'cat', country: 'France' },
  ]);
  const buy = (eventId: string, customerId: string, unitPrice: number, d: number) => ({
    eventId,
    type: 'purchase' as const,
    customerId,
    sku: 'mug',
    quantity: 1,
    unitPrice,
    orderId: eventId,
    timestamp: day(d),
  });
  await storage.appendEvents([
    buy('a1', 'ann', 10, 1),
    buy('a2', 'ann', 20, 4),
    buy('b1', 'ben', 10, 2),
    buy('c1', 'cat', 60, 3),
  ]);
});
afterAll(async () => {
  await gateway.stop();
  await storage.close();
});

describe('segment and customer insight methods', () => {
  it('creates a rule segment, reads its revenue share and pages its members', async () => {
    const created = await admin.createSegment({
      id: 'de',
      name: 'Germany',
      rule: { field: 'country', eq: 'Germany' },
    });
    expect(created).toMatchObject({ size: 2, added: 2, segment: { id: 'de', kind: 'RULE' } });
    const first = await admin.segment('de', { first: 1 });
    expect(first?.revenueShare).toBeCloseTo(0.4, 12); // (30 + 10) / 100
    expect(first?.members.edges.map((e) => e.node.externalId)).toEqual(['ann']);
    const second = await admin.segment('de', { first: 1, after: first?.members.pageInfo.endCursor ?? null });
    expect(second?.members.edges.map((e) => e.node.externalId)).toEqual(['ben']);
    expect(second?.members.pageInfo.hasNextPage).toBe(false);
    expect(await admin.segment('nope')).toBeNull();
    const refreshed = await admin.refreshSegment('de');
    expect(refreshed).toMatchObject({ size: 2, added: 0, removed: 0 });
  });

  it('computes customer analytics and reads a customer profile with RFM scores and segments', async () => {
    const run = await admin.computeCustomerAnalytics({ horizonDays: 30 });
    // Just after the last order (day 4): a millisecond later.
    expect(run).toMatchObject({ asOf: new Date(day(4).getTime() + 1).toISOString(), customers: 3 });
    const ann = await admin.customerInsights('ann');
    expect(ann?.profile).toMatchObject({ orders: 2, revenue: 30, averageOrderValue: 15, returns: 0 });
    expect(ann?.profile.rfm).not.toBeNull();
    const ids = ann?.segments.map((s) => s.segment.id) ?? [];
    expect(ids).toContain('de');
    expect(ids.filter((id) => id.startsWith('rfm:'))).toHaveLength(1);
    const rfm = await admin.segments({ kind: 'RFM' });
    expect(rfm.reduce((n, s) => n + s.size, 0)).toBe(3);
  });

  it('raises input errors with the field', async () => {
    const error = await admin
      .createSegment({ id: 'bad', name: 'Bad', rule: { field: 'score.clv', gt: 'high' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorewiseError);
    expect((error as StorewiseError).code).toBe('BAD_USER_INPUT');
    expect((error as StorewiseError).field).toBe('input.rule.gt');
  });
});
