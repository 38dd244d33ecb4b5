import { describe, expect, it } from 'vitest';
import {
  customersExistingAt,
  latestScoreAt,
  modelScores,
  scanCampaignOutcomes,
  scoreModels,
} from '../campaign-reads.js';
import type { CampaignAssignmentInput, CampaignOutcomeBatch } from '../campaign-types.js';
import type { Storage } from '../types.js';
import { collect } from './collect.js';
import { at, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

const assignment = (fields: Partial<CampaignAssignmentInput> = {}): CampaignAssignmentInput => ({
  campaignId: 'spring',
  customerId: 'alice',
  arm: 'ten-off',
  holdout: false,
  reason: { policy: 'fixed-split', arm: 0, basis: 'hash' },
  assignedAt: at(2),
  ...fields,
});

async function twoCampaigns(s: Storage): Promise<void> {
  await s.appendEvents(shopEvents);
  await s.upsertCustomers([{ externalId: 'carol' }]);
  await s.upsertCampaign({ id: 'spring', name: 'Spring sale', definition: { arms: ['ten-off'] } });
  await s.upsertCampaign({ id: 'autumn', name: 'Autumn', definition: {}, startsAt: at(0), endsAt: at(100) });
}

/** The same storage without its bulk fast paths, so that ../campaign-reads.ts takes its fallback. */
const withoutBulk = (s: Storage): Storage => Object.create(s, { bulk: { value: {} } }) as Storage;

/** Outcomes as plain rows: customer, arm, holdout, [time offset in hours, value] per purchase. */
async function outcomes(s: Storage, window: number, until?: Date) {
  const rows: [string, string | null, boolean, [number, number][]][] = [];
  const batches: CampaignOutcomeBatch[] = [];
  for await (const b of scanCampaignOutcomes(s, 'spring', {
    window,
    batchSize: 2,
    ...(until ? { until } : {}),
  }))
    batches.push(b);
  for (const b of batches)
    b.assignments.forEach((a, i) => {
      const purchases: [number, number][] = [];
      for (let j = b.purchaseOffsets[i]!; j < b.purchaseOffsets[i + 1]!; j++)
        purchases.push([(b.purchaseTime[j]! - at(0).getTime()) / 3_600_000, b.purchaseValue[j]!]);
      rows.push([a.customerId, a.arm, a.holdout, purchases]);
    });
  return { rows, batches: batches.map((b) => b.assignments.length) };
}

export function campaignTests(withStorage: WithStorage): void {
  describe('campaigns', () => {
    it(
      'creates drafts, updates them, lists them by id and records status changes with their dates',
      withStorage(async (s) => {
        await twoCampaigns(s);
        expect((await s.listCampaigns()).map((c) => [c.id, c.status])).toEqual([
          ['autumn', 'draft'],
          ['spring', 'draft'],
        ]);
        const autumn = (await s.getCampaign('autumn'))!;
        expect([autumn.startsAt, autumn.endsAt, autumn.startedAt, autumn.stoppedAt]).toEqual([
          at(0),
          at(100),
          null,
          null,
        ]);
        const updated = await s.upsertCampaign({ id: 'spring', name: 'Spring', definition: { arms: ['b'] } });
        expect([updated.name, updated.definition, updated.status]).toEqual([
          'Spring',
          { arms: ['b'] },
          'draft',
        ]);
        expect((await s.setCampaignStatus('spring', 'running', at(1))).startedAt).toEqual(at(1));
        const again = await s.setCampaignStatus('spring', 'running', at(5));
        expect([again.status, again.startedAt, again.stoppedAt]).toEqual(['running', at(1), null]);
        const stopped = await s.setCampaignStatus('spring', 'stopped', at(9));
        expect([stopped.status, stopped.startedAt, stopped.stoppedAt]).toEqual(['stopped', at(1), at(9)]);
        expect(await s.getCampaign('nope')).toBeNull();
        await expect(s.setCampaignStatus('nope', 'running', at(1))).rejects.toThrow(
          'campaign "nope": id names an unknown campaign',
        );
        await expect(
          s.upsertCampaign({ id: 'x', name: 'X', definition: {}, startsAt: at(5), endsAt: at(5) }),
        ).rejects.toThrow('campaign "x": endsAt must be after startsAt');
        await expect(s.upsertCampaign({ id: 'x', name: '', definition: {} })).rejects.toThrow(
          'campaign "x": name must be a non-empty string',
        );
      }),
    );

    it(
      'keeps the first assignment of a customer (sticky) and returns it for later attempts',
      withStorage(async (s) => {
        await twoCampaigns(s);
        const [first, held] = await s.recordAssignments([
          assignment({ couponCode: 'SPRING-A1', cost: 2.5 }),
          assignment({ customerId: 'bob', arm: null, holdout: true, reason: { holdout: 'campaign' } }),
        ]);
        expect(first).toEqual({
          campaignId: 'spring',
          customerId: 'alice',
          arm: 'ten-off',
          holdout: false,
          reason: { policy: 'fixed-split', arm: 0, basis: 'hash' },
          couponCode: 'SPRING-A1',
          cost: 2.5,
          assignedAt: at(2),
        });
        expect(held).toMatchObject({
          customerId: 'bob',
          arm: null,
          holdout: true,
          couponCode: null,
          cost: 0,
        });
        const [kept] = await s.recordAssignments([assignment({ arm: 'free-shipping', assignedAt: at(9) })]);
        expect(kept).toEqual(first);
        expect(await s.getAssignment('spring', 'alice')).toEqual(first);
        expect(await s.getAssignment('autumn', 'alice')).toBeNull();
        expect(await s.getAssignment('spring', 'nobody')).toBeNull();
        expect(await s.campaignCost('spring')).toBe(2.5);
        expect(await s.campaignCost('autumn')).toBe(0);
      }),
    );

    it(
      'refuses unknown campaigns and customers, bad fields and taken coupon codes, writing nothing',
      withStorage(async (s) => {
        await twoCampaigns(s);
        await s.recordAssignments([assignment({ couponCode: 'C1' })]);
        await expect(s.recordAssignments([assignment({ campaignId: 'nope' })])).rejects.toThrow(
          'assignments: campaignId names an unknown campaign "nope"',
        );
        await expect(s.recordAssignments([assignment({ customerId: 'zed' })])).rejects.toThrow(
          'assignments: customerId names an unknown customer "zed"',
        );
        await expect(s.recordAssignments([assignment({ holdout: true })])).rejects.toThrow(
          'assignments[0]: arm must be null in the holdout',
        );
        await expect(s.recordAssignments([assignment({ cost: -1 })])).rejects.toThrow(
          'assignments[0]: cost must be a finite number >= 0, got -1',
        );
        await expect(
          s.recordAssignments([
            assignment({ campaignId: 'autumn', customerId: 'bob', couponCode: 'C2' }),
            assignment({ campaignId: 'autumn', customerId: 'carol', couponCode: 'C1' }),
          ]),
        ).rejects.toThrow('assignments[1]: couponCode "C1" is already used');
        expect(await s.getAssignment('autumn', 'bob')).toBeNull();
        // The code of the failed batch is free again.
        await s.recordAssignments([
          assignment({ campaignId: 'autumn', customerId: 'bob', couponCode: 'C2' }),
        ]);
        expect((await s.getAssignment('autumn', 'bob'))!.couponCode).toBe('C2');
      }),
    );

    it(
      'lists offer times across campaigns since a date (holdouts are not offers), in the order asked',
      withStorage(async (s) => {
        await twoCampaigns(s);
        await s.recordAssignments([
          assignment({ assignedAt: at(10) }),
          assignment({ campaignId: 'autumn', assignedAt: at(4) }),
          assignment({ customerId: 'bob', arm: null, holdout: true, assignedAt: at(6) }),
          assignment({ customerId: 'carol', arm: null, assignedAt: at(6) }),
          assignment({ campaignId: 'autumn', customerId: 'bob', assignedAt: at(7) }),
        ]);
        expect(await s.offerTimes(['bob', 'alice', 'zed', 'carol'], at(4))).toEqual([
          [at(7)],
          [at(4), at(10)],
          [],
          [],
        ]);
        expect(await s.offerTimes(['alice'], at(5))).toEqual([[at(10)]]);
        expect(await s.offerTimes([], at(0))).toEqual([]);
      }),
    );

    it(
      'scans assignments in customer-id order, in batches',
      withStorage(async (s) => {
        await twoCampaigns(s);
        await s.recordAssignments(
          ['carol', 'alice', 'bob'].map((customerId) => assignment({ customerId, cost: 1 })),
        );
        const { rows, batches } = await collect(s.scanAssignments('spring', { batchSize: 2 }));
        expect(rows.map((a) => a.customerId)).toEqual(['alice', 'bob', 'carol']);
        expect(batches).toEqual([2, 1]);
        expect((await collect(s.scanAssignments('autumn'))).rows).toEqual([]);
        expect(await s.campaignCost('spring')).toBe(3);
      }),
    );

    it(
      'joins assignments with the purchases in their attribution window (bulk read and fallback agree)',
      withStorage(async (s) => {
        await twoCampaigns(s);
        // alice buys at hours 3 (10 + 3.5) and 30 (14); bob at hour 7 (6); carol never.
        await s.recordAssignments([
          assignment({ assignedAt: at(2) }),
          assignment({ customerId: 'bob', arm: null, holdout: true, assignedAt: at(7) }),
          assignment({ customerId: 'carol', arm: 'free-shipping', assignedAt: at(0) }),
          assignment({ campaignId: 'autumn', customerId: 'bob', assignedAt: at(0) }),
        ]);
        const day = 24 * 3_600_000;
        const expected = {
          rows: [
            [
              'alice',
              'ten-off',
              false,
              [
                [3, 10],
                [3, 3.5],
              ],
            ],
            // A purchase at the very instant of the assignment is not after it.
            ['bob', null, true, []],
            ['carol', 'free-shipping', false, []],
          ],
          batches: [2, 1],
        };
        expect(await outcomes(s, day)).toEqual(expected);
        expect(await outcomes(withoutBulk(s), day)).toEqual(expected);
        const twoDays = {
          rows: [
            [
              'alice',
              'ten-off',
              false,
              [
                [3, 10],
                [3, 3.5],
                [30, 14],
              ],
            ],
            ...expected.rows.slice(1),
          ],
          batches: [2, 1],
        };
        expect(await outcomes(s, 2 * day)).toEqual(twoDays);
        expect(await outcomes(withoutBulk(s), 2 * day)).toEqual(twoDays);
        // `until` is exclusive: at hour 3 nothing is observed yet.
        const early = await outcomes(s, 2 * day, at(3));
        expect(early.rows.map((r) => r[3])).toEqual([[], [], []]);
        expect(await outcomes(withoutBulk(s), 2 * day, at(3))).toEqual(early);
        expect((await outcomes(s, 2 * day, at(30))).rows[0]![3]).toEqual([
          [3, 10],
          [3, 3.5],
        ]);
      }),
    );

    it(
      "reads one model's scores for many customers in the order asked (bulk read and fallback agree)",
      withStorage(async (s) => {
        await twoCampaigns(s);
        await s.upsertScores([
          { customerId: 'alice', model: 'p_purchase_30d', score: 0.25 },
          { customerId: 'bob', model: 'p_purchase_30d', score: 0.5 },
          { customerId: 'bob', model: 'clv', score: 80 },
          { customerId: 'carol', model: 'clv', score: 10 },
        ]);
        const ids = ['carol', 'bob', 'zed', 'alice', 'bob'];
        const want = [null, 0.5, null, 0.25, 0.5];
        expect(await modelScores(s, 'p_purchase_30d', ids)).toEqual(want);
        expect(await modelScores(withoutBulk(s), 'p_purchase_30d', ids)).toEqual(want);
        expect(await modelScores(s, 'clv', ['carol'])).toEqual([10]);
        expect(await modelScores(s, 'clv', [])).toEqual([]);
      }),
    );

    it(
      'lists the customers existing at an instant: an event at or before it, or a record stored by then',
      withStorage(async (s) => {
        // alice's first event is at(1), bob's at(5); carol has no event, her record is stored now (2024's
        // events are replayed: the records of alice and bob are stored now too).
        await twoCampaigns(s);
        const stored = new Date();
        const many = [...Array.from({ length: 24 }, (_, i) => `zed${i}`), 'carol', 'alice'];
        for (const store of [s, withoutBulk(s)]) {
          expect(await customersExistingAt(store, at(0.5))).toEqual([]);
          expect(await customersExistingAt(store, at(1))).toEqual(['alice']);
          expect(await customersExistingAt(store, at(4.9))).toEqual(['alice']);
          expect(await customersExistingAt(store, at(5))).toEqual(['alice', 'bob']);
          expect(await customersExistingAt(store, stored)).toEqual(['alice', 'bob', 'carol']);
          // Among some: one by one (a few) or by a scan (more), unknown ids left out.
          expect(await customersExistingAt(store, at(5), ['carol', 'bob', 'zed'])).toEqual(['bob']);
          expect(await customersExistingAt(store, at(5), many)).toEqual(['alice']);
          expect(await customersExistingAt(store, stored, ['carol'])).toEqual(['carol']);
          expect(await customersExistingAt(store, stored, [])).toEqual([]);
        }
      }),
    );

    it(
      'lists the model names of the stored scores (bulk read and fallback agree)',
      withStorage(async (s) => {
        await twoCampaigns(s);
        expect(await scoreModels(s)).toEqual([]);
        await s.upsertScores([
          { customerId: 'bob', model: 'p_purchase_30d', score: 0.5 },
          { customerId: 'bob', model: 'clv', score: 80 },
          { customerId: 'carol', model: 'clv', score: 10 },
        ]);
        expect(await scoreModels(s)).toEqual(['clv', 'p_purchase_30d']);
        expect(await scoreModels(withoutBulk(s))).toEqual(['clv', 'p_purchase_30d']);
      }),
    );

    it(
      'gives the latest computedAt of the stored scores of some models (bulk read and fallback agree)',
      withStorage(async (s) => {
        await twoCampaigns(s);
        expect(await latestScoreAt(s, ['clv'])).toBeNull();
        const day = (d: number) => new Date(Date.UTC(2024, 0, d, 12));
        await s.upsertScores([
          { customerId: 'bob', model: 'clv', score: 80, computedAt: day(3) },
          { customerId: 'carol', model: 'clv', score: 10, computedAt: day(5) },
          { customerId: 'bob', model: 'p_purchase_30d', score: 0.5, computedAt: day(9) },
        ]);
        for (const store of [s, withoutBulk(s)]) {
          expect(await latestScoreAt(store, ['clv'])).toEqual(day(5));
          expect(await latestScoreAt(store, ['clv', 'p_purchase_30d'])).toEqual(day(9));
          expect(await latestScoreAt(store, ['rfm_recency'])).toBeNull();
          expect(await latestScoreAt(store, [])).toBeNull();
        }
      }),
    );

    it(
      'deletes a customer with their assignments in every campaign, and frees their coupon codes',
      withStorage(async (s) => {
        await twoCampaigns(s);
        await s.recordAssignments([
          assignment({ couponCode: 'A1' }),
          assignment({ campaignId: 'autumn', arm: null, holdout: true }),
          assignment({ customerId: 'bob', couponCode: 'B1' }),
        ]);
        expect(await s.deleteCustomer('alice')).toMatchObject({ customer: 1, campaignAssignments: 2 });
        expect(await s.getAssignment('spring', 'alice')).toBeNull();
        expect((await collect(s.scanAssignments('spring'))).rows.map((a) => a.customerId)).toEqual(['bob']);
        // Erased until restored (erasure.ts); then she is a customer again, and her old coupon code is free.
        expect(await s.upsertCustomers([{ externalId: 'alice' }])).toMatchObject({ inserted: 0, erased: 1 });
        expect(await s.restoreCustomer('alice')).toBe(true);
        await s.upsertCustomers([{ externalId: 'alice' }]);
        const [again] = await s.recordAssignments([assignment({ couponCode: 'A1', assignedAt: at(50) })]);
        expect(again!.assignedAt).toEqual(at(50));
      }),
    );

    it(
      'rolls campaign writes back with a failed transaction',
      withStorage(async (s) => {
        await twoCampaigns(s);
        await expect(
          s.transaction(async (tx) => {
            await tx.upsertCampaign({ id: 'ghost', name: 'Ghost', definition: {} });
            await tx.setCampaignStatus('spring', 'running', at(1));
            await tx.recordAssignments([assignment({ couponCode: 'G1' })]);
            throw new Error('failed half-way');
          }),
        ).rejects.toThrow('failed half-way');
        expect(await s.getCampaign('ghost')).toBeNull();
        expect((await s.getCampaign('spring'))!.status).toBe('draft');
        expect(await s.getAssignment('spring', 'alice')).toBeNull();
        await s.recordAssignments([assignment({ customerId: 'bob', couponCode: 'G1' })]);
      }),
    );
  });
}
