import { SegmentFilterError, validateSegmentFilter } from '@storewise/storage';
import { createMemoryStorage } from '@storewise/storage/memory';
import { describe, expect, it } from 'vitest';
import {
  customerAnalytics,
  refreshRuleSegment,
  rfmMigration,
  rfmSegmentId,
  selectCustomers,
  selectCustomersInMemory,
  storeCustomerScores,
  storedSegmentMigration,
  storeSegmentMemberships,
} from '../../src/customers/index.js';
import { importFile } from '../../src/import/index.js';
import { adapters, expected, fixture } from './stores.js';

const retail = expected<{ customers: Record<string, { segment: string; spend: number; R: number }> }>(
  'retail-40.expected.json',
);
const JUNE = new Date('2011-06-01T00:00:00Z');
const DECEMBER = new Date('2011-12-01T00:00:00Z');

describe('validateSegmentFilter', () => {
  it('names the bad path', () => {
    const bad: [unknown, string][] = [
      [
        {
          and: [
            { field: 'country', eq: 'DE' },
            { field: 'score.clv', gte: 'high' },
          ],
        },
        'filter.and[1].gte: expected a number',
      ],
      [{ or: [] }, 'filter.or: expected a non-empty array of filters'],
      [{ not: { field: 'age', gt: 3 } }, 'filter.not.field: unknown field "age"'],
      [{ field: 'country', between: [1, 2] }, 'filter.between: unknown operator'],
      [{ field: 'country', eq: 'DE', ne: 'FR' }, 'filter: expected exactly one operator'],
      [{ field: 'segment', gt: 1 }, 'filter.gt: segment is text'],
      // The operator, not the value, is what is wrong here (it said "expected a number").
      [{ field: 'segment', gt: 'a' }, 'filter.gt: segment is text: use eq, ne, in, notIn or exists'],
      [{ field: 'score.clv', in: [1, 'x'] }, 'filter.in[1]: expected a number'],
      [{ field: 'attribute.tier', exists: 'yes' }, 'filter.exists: expected true or false'],
      [[1], 'filter: expected an object'],
      [{ field: 'country', in: ['DE', 'F\u0000R'] }, 'filter.in[1]: holds a NUL character'],
      [{ field: 'attribute.t\u0000', exists: true }, 'filter.field: holds a NUL character'],
    ];
    for (const [filter, message] of bad) {
      expect(() => validateSegmentFilter(filter)).toThrow(SegmentFilterError);
      expect(() => validateSegmentFilter(filter)).toThrow(message);
    }
  });

  it('names every problem of every branch at once (it stopped at the first)', () => {
    let error: SegmentFilterError | null = null;
    try {
      validateSegmentFilter({
        or: [
          { field: 'score.clv', gte: 'high' },
          { field: 'country', eq: 'DE' },
          { and: [{ field: 'age', gt: 3 }, { not: { field: 'segment', gt: 'a' } }] },
        ],
      });
    } catch (e) {
      error = e as SegmentFilterError;
    }
    expect(error?.problems).toEqual([
      { path: 'filter.or[0].gte', reason: 'expected a number' },
      {
        path: 'filter.or[2].and[0].field',
        reason: 'unknown field "age": use customerId, country, segment, score.<model> or attribute.<name>',
      },
      { path: 'filter.or[2].and[1].not.gt', reason: 'segment is text: use eq, ne, in, notIn or exists' },
    ]);
    expect(error?.path).toBe('filter.or[0].gte');
    expect(error?.message).toMatch(/^3 problems: filter\.or\[0\]\.gte: expected a number; filter\.or\[2\]/);
  });
});

describe.each(await adapters())('segments on %s', (_name, open) => {
  it('keeps analytics as of an earlier date as snapshots only, leaving the current segments as they are', async () => {
    const storage = await open();
    await importFile(storage, fixture('retail-40.csv'), { format: 'online-retail' });
    const december = await customerAnalytics(storage, { asOf: DECEMBER });
    expect((await storeSegmentMemberships(storage, december)).every((r) => r.current)).toBe(true);
    const before = await storage.listSegments();
    const members = async () => {
      const out: Record<string, string[]> = {};
      for (const s of await storage.listSegments())
        for await (const b of storage.scanSegmentMembers(s.id))
          (out[s.id] ??= []).push(...b.map((m) => m.customerId));
      return out;
    };
    const current = await members();
    // segment rfm --as-of June after December's: June is kept for migration reports, December stays current.
    const june = await customerAnalytics(storage, { asOf: JUNE });
    const results = await storeSegmentMemberships(storage, june);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => !r.current && r.added === 0 && r.removed === 0)).toBe(true);
    expect(await members()).toEqual(current);
    expect(await storage.listSegments()).toEqual(before);
    const champions = (await storage.getSegmentSnapshot(rfmSegmentId('Champions'), JUNE))!;
    expect(champions.asOf).toEqual(JUNE);
    expect(champions.customerIds).toEqual(
      june.customerIds.filter((_, i) => june.rfm.segments[june.rfm.segment[i]!] === 'Champions').sort(),
    );
  });

  it('stores RFM memberships, evaluates rules as the in-memory oracle, and reports migrations', async () => {
    const storage = await open();
    await importFile(storage, fixture('retail-40.csv'), { format: 'online-retail' });
    const june = await customerAnalytics(storage, { asOf: JUNE });
    const december = await customerAnalytics(storage, { asOf: DECEMBER });
    await storeSegmentMemberships(storage, june);
    await storeCustomerScores(storage, december);
    await storeSegmentMemberships(storage, december);

    // Current members are December's, by the pandas reference of make_retail_40.py.
    const champions: string[] = [];
    for await (const b of storage.scanSegmentMembers(rfmSegmentId('Champions')))
      champions.push(...b.map((m) => m.customerId));
    const want = Object.entries(retail.customers)
      .filter(([, c]) => c.segment === 'Champions')
      .map(([id]) => id)
      .sort();
    expect(champions).toEqual(want);

    // Rules: SQL (when the store offers it) and the in-memory oracle agree, and match the reference.
    const filters = [
      {
        and: [
          { field: 'segment', in: ['rfm:champions', 'rfm:loyal'] },
          { field: 'country', ne: 'Germany' },
        ],
      },
      { or: [{ field: 'score.rfm_recency', lte: 2 }, { not: { field: 'segment', exists: true } }] },
      { field: 'score.rfm_monetary', gte: 4 },
    ];
    for (const f of filters) {
      const members = await selectCustomers(storage, f);
      expect(members).toEqual(await selectCustomersInMemory(storage, validateSegmentFilter(f)));
    }
    const lowRecency = Object.entries(retail.customers)
      .filter(([, c]) => c.R <= 2)
      .map(([id]) => id)
      .sort();
    expect(await selectCustomers(storage, filters[1])).toEqual(lowRecency);
    const r = await refreshRuleSegment(
      storage,
      { id: 'recent-risk', name: 'Slipping', filter: filters[1] },
      DECEMBER,
    );
    expect(r).toMatchObject({ added: lowRecency.length, removed: 0, members: lowRecency.length });
    await expect(selectCustomers(storage, { field: 'score.clv', gte: 'x' })).rejects.toThrow(
      'filter.gte: expected a number',
    );

    // Migration from the stored snapshots equals the one recomputed as of each date.
    const stored = await storedSegmentMigration(storage, JUNE, DECEMBER);
    const recomputed = rfmMigration(june, december);
    expect(stored.moves).toEqual(recomputed.moves);
    expect(stored.stayed + stored.moved).toBe(40);
    // Customers whose first order is after June are '(none)' in June.
    const newSince = december.customerIds.length - june.customerIds.length;
    const fromNone = recomputed.moves.filter((m) => m.from === '(none)').reduce((s, m) => s + m.customers, 0);
    expect(fromNone).toBe(newSince);
    // Dates no stored snapshot tells apart: refused, not every customer "stayed".
    const before2011 = new Date(Date.UTC(2010, 0, 1));
    await expect(storedSegmentMigration(storage, before2011, JUNE)).rejects.toThrow(
      'no rfm segments are stored as of 2010-01-01 or before',
    );
    const july = new Date(Date.UTC(2011, 6, 1));
    await expect(storedSegmentMigration(storage, JUNE, july)).rejects.toThrow(
      `no rfm segments are stored after ${JUNE.toISOString().slice(0, 10)} and as of 2011-07-01 or before: both dates would read the snapshot of ${JUNE.toISOString().slice(0, 10)}`,
    );
    await storage.close();
  });
});

describe('rule segments in memory', () => {
  it('evaluates in memory as the stores do: no score matches for a customer who declined analytics', async () => {
    const storage = createMemoryStorage();
    await storage.upsertCustomers([
      { externalId: 'a' },
      { externalId: 'b', consent: { analytics: false } },
      { externalId: 'c', consent: { analytics: true } },
    ]);
    await storage.upsertScores([
      { customerId: 'a', model: 'clv', score: 100 },
      { customerId: 'b', model: 'clv', score: 900 },
      { customerId: 'c', model: 'clv', score: 50 },
    ]);
    const f = validateSegmentFilter({ field: 'score.clv', gte: 60 });
    expect(await selectCustomersInMemory(storage, f)).toEqual(['a']);
    expect(await selectCustomersInMemory(storage, validateSegmentFilter({ not: f }))).toEqual(['b', 'c']);
    await storage.close();
  });
});
