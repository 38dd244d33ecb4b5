import { describe, expect, it } from 'vitest';
import { customerScores, segmentRevenue } from '../customer-reads.js';
import { scanOrderAggregates } from '../reads.js';
import type { Storage } from '../types.js';
import { withoutBulk } from './bulk-reads.js';
import { collect } from './collect.js';
import { at, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

const day = (d: number): Date => new Date(Date.UTC(2024, 1, d));

/** shopEvents (alice spent 27.5, bob 6, an anonymous order 15) plus carol, who bought nothing. */
async function shop(s: Storage): Promise<void> {
  await s.appendEvents(shopEvents);
  await s.upsertCustomers([{ externalId: 'carol' }]);
  await s.upsertSegment({ id: 'vip', name: 'VIP', kind: 'rule' });
  await s.upsertSegment({ id: 'all', name: 'All', kind: 'rule' });
  await s.upsertSegment({ id: 'idle', name: 'Idle', kind: 'rule' });
  await s.upsertSegment({ id: 'empty', name: 'Empty', kind: 'rule' });
  await s.refreshSegment('vip', ['alice'], day(1));
  await s.refreshSegment('all', ['alice', 'bob', 'carol'], day(2));
  await s.refreshSegment('idle', ['carol'], day(2));
}

/** Serving reads: memberships and scores of many customers, member pages, segment revenue. */
export function customerReadTests(withStorage: WithStorage): void {
  describe('customer reads (segments and scores of many customers, member pages, segment revenue)', () => {
    it(
      "lists each customer's current segments by id with their since, in the order asked, in one call",
      withStorage(async (s) => {
        await shop(s);
        await s.refreshSegment('vip', ['alice', 'bob'], day(3));
        expect(await s.getCustomerSegments(['bob', 'nobody', 'alice', 'carol'])).toEqual([
          [
            { segmentId: 'all', since: day(2) },
            { segmentId: 'vip', since: day(3) },
          ],
          [],
          [
            { segmentId: 'all', since: day(2) },
            { segmentId: 'vip', since: day(1) },
          ],
          [
            { segmentId: 'all', since: day(2) },
            { segmentId: 'idle', since: day(2) },
          ],
        ]);
        await s.refreshSegment('all', ['bob'], day(4));
        await s.deleteCustomer('bob');
        expect(await s.getCustomerSegments(['alice', 'bob'])).toEqual([
          [{ segmentId: 'vip', since: day(1) }],
          [],
        ]);
        expect(await s.getCustomerSegments([])).toEqual([]);
      }),
    );

    it(
      'pages segment members after a customer id',
      withStorage(async (s) => {
        await s.upsertCustomers(['a', 'b', 'B', 'c', 'd', 'e'].map((externalId) => ({ externalId })));
        await s.upsertSegment({ id: 'seg', name: 'Seg', kind: 'rule' });
        await s.refreshSegment('seg', ['e', 'a', 'b', 'B', 'c', 'd'], day(1));
        const page = await collect(s.scanSegmentMembers('seg', { after: 'b', batchSize: 2 }));
        expect(page.rows.map((m) => m.customerId)).toEqual(['c', 'd', 'e']);
        expect(page.batches).toEqual([2, 1]);
        const all = await collect(s.scanSegmentMembers('seg', { after: '' }));
        expect(all.rows.map((m) => m.customerId)).toEqual(['B', 'a', 'b', 'c', 'd', 'e']);
        expect((await collect(s.scanSegmentMembers('seg', { after: 'e' }))).rows).toEqual([]);
      }),
    );

    it(
      'keeps a stored score over one computed as of an earlier time',
      withStorage(async (s) => {
        await shop(s);
        expect(
          await s.upsertScores([
            { customerId: 'bob', model: 'clv', score: 12.5, computedAt: day(5) },
            { customerId: 'alice', model: 'clv', score: 3, computedAt: day(5) },
          ]),
        ).toBe(2);
        // Analytics as of day 2 write bob's older score: it is not written; alice's same-day one is.
        expect(
          await s.upsertScores([
            { customerId: 'bob', model: 'clv', score: 1, computedAt: day(2) },
            { customerId: 'alice', model: 'clv', score: 4, computedAt: day(5) },
          ]),
        ).toBe(1);
        expect(await s.getScores('bob')).toEqual([
          { customerId: 'bob', model: 'clv', score: 12.5, computedAt: day(5) },
        ]);
        expect((await s.getScores('alice'))[0]!.score).toBe(4);
        expect(
          await s.upsertScores([{ customerId: 'bob', model: 'clv', score: 20, computedAt: day(6) }]),
        ).toBe(1);
        expect((await s.getScores('bob'))[0]!.score).toBe(20);
        // A pair named twice in one batch: the one that would stand written in order (an older one does not
        // replace a newer), counted once.
        expect(
          await s.upsertScores([
            { customerId: 'alice', model: 'p', score: 0.1, computedAt: day(7) },
            { customerId: 'alice', model: 'p', score: 0.2, computedAt: day(7) },
            { customerId: 'alice', model: 'p', score: 0.3, computedAt: day(6) },
            { customerId: 'bob', model: 'clv', score: 21, computedAt: day(8) },
          ]),
        ).toBe(2);
        expect((await s.getScores('alice')).map((x) => [x.model, x.score])).toEqual([
          ['clv', 4],
          ['p', 0.2],
        ]);
      }),
    );

    it(
      "deletes every customer's score of one model, and only those",
      withStorage(async (s) => {
        await shop(s);
        if (s.deleteScores === undefined) return;
        await s.upsertScores([
          { customerId: 'bob', model: 'p_purchase_30d', score: 0.5, computedAt: day(9) },
          { customerId: 'alice', model: 'p_purchase_30d', score: 0.25, computedAt: day(9) },
          { customerId: 'alice', model: 'clv', score: 3, computedAt: day(9) },
        ]);
        expect(await s.deleteScores('p_purchase_30d')).toBe(2);
        expect(await s.deleteScores('p_purchase_30d')).toBe(0);
        expect(await s.getScores('bob')).toEqual([]);
        expect((await s.getScores('alice')).map((x) => x.model)).toEqual(['clv']);
        // Gone, an earlier score is written again.
        expect(
          await s.upsertScores([
            { customerId: 'bob', model: 'p_purchase_30d', score: 0.1, computedAt: day(2) },
          ]),
        ).toBe(1);
        expect((await s.getScores('bob'))[0]!.score).toBe(0.1);
      }),
    );

    it(
      'reads the scores of many customers as getScores does, in the order asked',
      withStorage(async (s) => {
        await shop(s);
        await s.upsertScores([
          { customerId: 'bob', model: 'clv', score: 12.5, computedAt: day(5) },
          { customerId: 'bob', model: 'p_alive', score: 0.75, computedAt: day(5) },
          { customerId: 'alice', model: 'p_purchase_30d', score: 0.5, computedAt: day(6) },
        ]);
        for (const storage of [s, withoutBulk(s)]) {
          const scores = await customerScores(storage, ['bob', 'carol', 'nobody', 'alice']);
          expect(scores).toEqual([
            await s.getScores('bob'),
            [],
            [],
            [{ customerId: 'alice', model: 'p_purchase_30d', score: 0.5, computedAt: day(6) }],
          ]);
          expect(scores[0]!.map((x) => [x.model, x.score, x.computedAt])).toEqual([
            ['clv', 12.5, day(5)],
            ['p_alive', 0.75, day(5)],
          ]);
          const named = await customerScores(storage, ['alice', 'bob'], ['p_alive', 'p_purchase_30d']);
          expect(named.map((list) => list.map((x) => `${x.customerId}:${x.model}`))).toEqual([
            ['alice:p_purchase_30d'],
            ['bob:p_alive'],
          ]);
          expect(await customerScores(storage, ['bob'], [])).toEqual([[]]);
        }
      }),
    );

    it(
      'aggregates the orders of named customers only, as the full scan does',
      withStorage(async (s) => {
        await shop(s);
        for (const storage of [s, withoutBulk(s)]) {
          const { rows } = await collect(
            scanOrderAggregates(storage, { customerIds: ['bob', 'carol', 'nobody', 'bob'] }),
          );
          expect(rows).toMatchObject([{ customerId: 'bob', orders: 1, revenue: 6, firstPurchaseAt: at(7) }]);
          const both = await collect(scanOrderAggregates(storage, { customerIds: ['alice', 'bob'] }));
          const full = await collect(scanOrderAggregates(storage));
          expect(both.rows).toEqual(full.rows);
          expect(both.rows[0]).toMatchObject({ customerId: 'alice', revenue: 27.5, returnValue: 3.5 });
          expect((await collect(scanOrderAggregates(storage, { customerIds: [] }))).rows).toEqual([]);
        }
      }),
    );

    it(
      "sums each segment's members' purchase revenue and all customers' revenue",
      withStorage(async (s) => {
        await shop(s);
        for (const storage of [s, withoutBulk(s)]) {
          const r = await segmentRevenue(storage);
          // alice 27.5 + bob 6; the anonymous order (15) has no customer; returns are not subtracted.
          expect(r.total).toBeCloseTo(33.5, 10);
          expect([...r.bySegment].sort()).toEqual([
            ['all', 33.5],
            ['vip', 27.5],
          ]);
          // Before at(10): alice's first order (2 x 5 + 3.5 = 13.5) and bob's (6); her order at(30) not yet.
          const before = await segmentRevenue(storage, { until: at(10) });
          expect(before.total).toBeCloseTo(19.5, 10);
          expect([...before.bySegment].sort()).toEqual([
            ['all', 19.5],
            ['vip', 13.5],
          ]);
        }
      }),
    );
  });
}
