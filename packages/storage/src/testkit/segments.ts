import { describe, expect, it } from 'vitest';
import { declines } from '../consent.js';
import { type CustomerFacts, matchesSegmentFilter, type SegmentFilter } from '../segment-filter.js';
import type { Storage } from '../types.js';
import { collect } from './collect.js';
import type { WithStorage } from './index.js';

const day = (d: number): Date => new Date(Date.UTC(2024, 0, d));

async function shop(s: Storage): Promise<void> {
  await s.upsertCustomers([
    { externalId: 'ann', country: 'Germany', attributes: { tier: 'gold', visits: 12, vip: true } },
    { externalId: 'ben', country: 'France', attributes: { tier: 'silver', visits: 3 } },
    { externalId: 'cat', country: null, attributes: { tier: null, visits: '7' } },
    { externalId: 'dan', country: 'Germany' },
  ]);
  await s.upsertScores([
    { customerId: 'ann', model: 'clv', score: 250 },
    { customerId: 'ben', model: 'clv', score: 40 },
    { customerId: 'cat', model: 'clv', score: 90 },
    { customerId: 'ann', model: 'p_alive', score: 0.9 },
    { customerId: 'dan', model: 'p_alive', score: 0.2 },
  ]);
  await s.upsertSegment({ id: 'rfm:champions', name: 'Champions', kind: 'rfm' });
  await s.upsertSegment({ id: 'rfm:at-risk', name: 'At Risk', kind: 'rfm' });
  await s.refreshSegment('rfm:champions', ['ann', 'cat'], day(1));
  await s.refreshSegment('rfm:at-risk', ['ben'], day(1));
}

/** The in-memory oracle: every customer's facts read through the required Storage methods. */
async function oracle(s: Storage, filter: SegmentFilter): Promise<string[]> {
  const segments = new Map<string, Set<string>>();
  for (const seg of await s.listSegments())
    for await (const batch of s.scanSegmentMembers(seg.id))
      for (const m of batch)
        segments.set(m.customerId, (segments.get(m.customerId) ?? new Set()).add(seg.id));
  const out: string[] = [];
  for await (const batch of s.scanCustomers()) {
    for (const c of batch) {
      const scores = declines(c.consent, 'analytics')
        ? new Map<string, number>()
        : new Map((await s.getScores(c.externalId)).map((x) => [x.model, x.score]));
      const facts: CustomerFacts = {
        customerId: c.externalId,
        country: c.country,
        attributes: c.attributes,
        scores,
        segments: segments.get(c.externalId) ?? new Set(),
      };
      if (matchesSegmentFilter(filter, facts)) out.push(c.externalId);
    }
  }
  return out.sort();
}

// Each filter with the members worked out by hand from `shop`.
const FILTERS: [SegmentFilter, string[]][] = [
  [{ field: 'country', eq: 'Germany' }, ['ann', 'dan']],
  [{ not: { field: 'country', eq: 'Germany' } }, ['ben', 'cat']],
  [{ field: 'country', exists: false }, ['cat']],
  [{ field: 'score.clv', gte: 90 }, ['ann', 'cat']],
  [{ not: { field: 'score.clv', gte: 90 } }, ['ben', 'dan']],
  [
    {
      and: [
        { field: 'score.clv', gt: 10 },
        { field: 'score.p_alive', lt: 0.5 },
      ],
    },
    [],
  ],
  [
    {
      or: [
        { field: 'score.p_alive', lt: 0.5 },
        { field: 'segment', eq: 'rfm:at-risk' },
      ],
    },
    ['ben', 'dan'],
  ],
  [{ field: 'segment', in: ['rfm:champions', 'rfm:at-risk'] }, ['ann', 'ben', 'cat']],
  [{ field: 'segment', ne: 'rfm:champions' }, ['ben', 'dan']],
  [{ field: 'segment', exists: false }, ['dan']],
  [{ field: 'attribute.tier', in: ['gold', 'silver'] }, ['ann', 'ben']],
  [{ field: 'attribute.tier', exists: true }, ['ann', 'ben']],
  [{ field: 'attribute.visits', gt: 5 }, ['ann']],
  [{ field: 'attribute.visits', eq: '7' }, ['cat']],
  [{ field: 'attribute.vip', eq: true }, ['ann']],
  [{ field: 'attribute.tier', ne: 'gold' }, ['ben']],
  [{ field: 'customerId', notIn: ['ann', 'ben'] }, ['cat', 'dan']],
];

export function segmentTests(withStorage: WithStorage): void {
  describe('segments', () => {
    it(
      'creates, updates, lists and deletes segments, and refuses a bad kind naming it',
      withStorage(async (s) => {
        const a = await s.upsertSegment({
          id: 'vip',
          name: 'VIP',
          kind: 'rule',
          definition: { field: 'country' },
        });
        expect(a).toMatchObject({ id: 'vip', name: 'VIP', kind: 'rule', refreshedAt: null, members: 0 });
        expect(a.definition).toEqual({ field: 'country' });
        await s.upsertSegment({ id: 'vip', name: 'Very important', kind: 'rule', definition: { x: 1 } });
        await s.upsertSegment({ id: 'a-first', name: 'A', kind: 'cluster' });
        expect((await s.listSegments()).map((g) => [g.id, g.name])).toEqual([
          ['a-first', 'A'],
          ['vip', 'Very important'],
        ]);
        expect((await s.getSegment('vip'))!.definition).toEqual({ x: 1 });
        await expect(s.upsertSegment({ id: 'x', name: 'X', kind: 'magic' as 'rule' })).rejects.toThrow(
          'segment "x": kind must be one of rfm, cluster, rule, got "magic"',
        );
        expect(await s.deleteSegment('vip')).toBe(true);
        expect(await s.deleteSegment('vip')).toBe(false);
        expect(await s.getSegment('vip')).toBeNull();
      }),
    );

    it(
      'refreshes members in one step: stayers keep since, history is kept per as-of date',
      withStorage(async (s) => {
        await shop(s);
        const r = await s.refreshSegment('rfm:champions', ['cat', 'dan', 'dan'], day(8));
        expect(r).toEqual({
          segmentId: 'rfm:champions',
          asOf: day(8),
          added: 1,
          removed: 1,
          members: 2,
          current: true,
        });
        const { rows } = await collect(s.scanSegmentMembers('rfm:champions', { batchSize: 1 }));
        expect(rows).toEqual([
          { customerId: 'cat', since: day(1) },
          { customerId: 'dan', since: day(8) },
        ]);
        expect(await s.getSegment('rfm:champions')).toMatchObject({ refreshedAt: day(8), members: 2 });
        expect(await s.getSegmentSnapshot('rfm:champions', day(5))).toEqual({
          segmentId: 'rfm:champions',
          asOf: day(1),
          customerIds: ['ann', 'cat'],
        });
        expect((await s.getSegmentSnapshot('rfm:champions', day(9)))!.customerIds).toEqual(['cat', 'dan']);
        expect(await s.getSegmentSnapshot('rfm:champions', new Date(Date.UTC(2023, 11, 31)))).toBeNull();
        await s.refreshSegment('rfm:champions', [], day(10));
        expect(await s.getSegmentSnapshot('rfm:champions', day(11))).toEqual({
          segmentId: 'rfm:champions',
          asOf: day(10),
          customerIds: [],
        });
      }),
    );

    it(
      'records a refresh as of an earlier time than the last as a snapshot only, leaving the members as they are',
      withStorage(async (s) => {
        await shop(s);
        await s.refreshSegment('rfm:champions', ['cat', 'dan'], day(8));
        // A look at day 4 (e.g. segment rfm --as-of a past date) must not make day 4's members the current ones.
        expect(await s.refreshSegment('rfm:champions', ['ann', 'ben'], day(4))).toEqual({
          segmentId: 'rfm:champions',
          asOf: day(4),
          added: 0,
          removed: 0,
          members: 2,
          current: false,
        });
        const { rows } = await collect(s.scanSegmentMembers('rfm:champions'));
        expect(rows).toEqual([
          { customerId: 'cat', since: day(1) },
          { customerId: 'dan', since: day(8) },
        ]);
        expect(await s.getSegment('rfm:champions')).toMatchObject({ refreshedAt: day(8), members: 2 });
        expect((await s.getCustomerSegments(['ben']))[0]!.map((m) => m.segmentId)).toEqual(['rfm:at-risk']);
        expect((await s.getSegmentSnapshot('rfm:champions', day(5)))!.customerIds).toEqual(['ann', 'ben']);
        expect((await s.getSegmentSnapshot('rfm:champions', day(9)))!.customerIds).toEqual(['cat', 'dan']);
        // The same instant as the last refresh is current again.
        expect((await s.refreshSegment('rfm:champions', ['cat'], day(8))).current).toBe(true);
        expect((await s.getSegment('rfm:champions'))!.members).toBe(1);
      }),
    );

    it(
      'refuses an unknown customer or segment and changes nothing',
      withStorage(async (s) => {
        await shop(s);
        await expect(s.refreshSegment('rfm:champions', ['ann', 'zed'], day(3))).rejects.toThrow(
          'customerIds: customerId names an unknown customer "zed"',
        );
        await expect(s.refreshSegment('nope', ['ann'], day(3))).rejects.toThrow(
          'refreshSegment "nope": id names an unknown segment',
        );
        const { rows } = await collect(s.scanSegmentMembers('rfm:champions'));
        expect(rows.map((m) => m.customerId)).toEqual(['ann', 'cat']);
        expect((await s.getSegmentSnapshot('rfm:champions', day(5)))!.asOf).toEqual(day(1));
        await expect(
          s.transaction(async (tx) => {
            await tx.refreshSegment('rfm:champions', ['dan'], day(4));
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect((await s.getSegment('rfm:champions'))!.refreshedAt).toEqual(day(1));
        expect((await s.getSegmentSnapshot('rfm:champions', day(5)))!.customerIds).toEqual(['ann', 'cat']);
      }),
    );

    it(
      'deleting a customer removes their memberships and history and reports the counts',
      withStorage(async (s) => {
        await shop(s);
        await s.refreshSegment('rfm:champions', ['ann'], day(2));
        const report = await s.deleteCustomer('ann');
        expect(report).toMatchObject({ customer: 1, scores: 2, segmentMembers: 1, segmentSnapshots: 2 });
        expect((await collect(s.scanSegmentMembers('rfm:champions'))).rows).toEqual([]);
        expect((await s.getSegmentSnapshot('rfm:champions', day(1)))!.customerIds).toEqual(['cat']);
        expect(await s.getSegment('rfm:champions')).toMatchObject({ members: 0 });
      }),
    );

    it(
      'selects rule members in the store (bulk.selectCustomers, when offered) exactly as the in-memory oracle',
      withStorage(async (s) => {
        await shop(s);
        for (const [filter, members] of FILTERS) {
          expect(await oracle(s, filter), JSON.stringify(filter)).toEqual(members);
          if (s.bulk.selectCustomers)
            expect(await s.bulk.selectCustomers(filter), JSON.stringify(filter)).toEqual(members);
        }
      }),
    );

    it(
      'takes a customer who declines analytics out of the segments that tell their analysis, at once',
      withStorage(async (s) => {
        await shop(s);
        // A rule on a score, a rule on a segment, a rule on the country only.
        await s.upsertSegment({
          id: 'by-clv',
          name: 'CLV',
          kind: 'rule',
          definition: { filter: { field: 'score.clv', gte: 90 } },
        });
        await s.upsertSegment({
          id: 'champs-de',
          name: 'Champions in Germany',
          kind: 'rule',
          definition: {
            filter: {
              and: [
                { field: 'segment', eq: 'rfm:champions' },
                { field: 'country', eq: 'Germany' },
              ],
            },
          },
        });
        await s.upsertSegment({
          id: 'germans',
          name: 'Germans',
          kind: 'rule',
          definition: { filter: { field: 'country', eq: 'Germany' } },
        });
        await s.refreshSegment('by-clv', ['ann', 'cat'], day(2));
        await s.refreshSegment('champs-de', ['ann'], day(2));
        await s.refreshSegment('germans', ['ann', 'dan'], day(2));
        const membersOf = async (id: string) =>
          (await collect(s.scanSegmentMembers(id))).rows.map((m) => m.customerId);
        await s.upsertCustomers([{ externalId: 'ann', consent: { analytics: false } }]);
        expect(await membersOf('rfm:champions')).toEqual(['cat']);
        expect(await membersOf('by-clv')).toEqual(['cat']);
        expect(await membersOf('champs-de')).toEqual([]);
        expect(await membersOf('germans')).toEqual(['ann', 'dan']);
        expect((await s.getSegment('rfm:champions'))!.members).toBe(1);
        // The history stays, as the stored scores do; a consent that does not decline changes nothing.
        expect((await s.getSegmentSnapshot('rfm:champions', day(1)))!.customerIds).toEqual(['ann', 'cat']);
        await s.upsertCustomers([{ externalId: 'cat', consent: { marketing: false } }]);
        expect(await membersOf('rfm:champions')).toEqual(['cat']);
      }),
    );

    it(
      'matches no score condition for a customer who declined analytics (their stored scores are not served)',
      withStorage(async (s) => {
        await shop(s);
        await s.upsertCustomers([{ externalId: 'eve', country: 'Spain', consent: { analytics: false } }]);
        await s.upsertScores([
          { customerId: 'eve', model: 'clv', score: 500 },
          { customerId: 'eve', model: 'p_alive', score: 0.1 },
        ]);
        const cases: [SegmentFilter, string[]][] = [
          [{ field: 'score.clv', gte: 90 }, ['ann', 'cat']],
          [{ not: { field: 'score.clv', gte: 90 } }, ['ben', 'dan', 'eve']],
          [{ field: 'score.clv', exists: true }, ['ann', 'ben', 'cat']],
          [{ field: 'score.p_alive', lt: 0.5 }, ['dan']],
          [
            {
              and: [
                { field: 'customerId', eq: 'eve' },
                { field: 'score.clv', gte: 499 },
              ],
            },
            [],
          ],
        ];
        for (const [filter, members] of cases) {
          expect(await oracle(s, filter), JSON.stringify(filter)).toEqual(members);
          if (s.bulk.selectCustomers)
            expect(await s.bulk.selectCustomers(filter), JSON.stringify(filter)).toEqual(members);
        }
      }),
    );
  });
}
