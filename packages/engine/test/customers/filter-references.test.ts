import { openStorage, validateSegmentFilter } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { checkFilterReferences } from '../../src/customers/index.js';

describe('checkFilterReferences', async () => {
  const storage = await openStorage('memory:');
  await storage.upsertCustomers([{ externalId: 'c1' }]);
  await storage.upsertScores([
    { customerId: 'c1', model: 'clv', score: 120 },
    { customerId: 'c1', model: 'p_purchase_30d', score: 0.4 },
  ]);
  await storage.upsertSegment({ id: 'vip', name: 'VIP', kind: 'rule', definition: {} });

  it('refuses names nothing stores or computes, each with its path, and warns of those analytics computes later', async () => {
    const filter = validateSegmentFilter({
      and: [
        { field: 'score.p_purchase_30', gt: 0.5 },
        { field: 'score.clv', gte: 100 },
        { not: { field: 'segment', in: ['vip', 'vip-germnay'] } },
        { field: 'segment', eq: 'rfm:champions' },
        { field: 'score.expected_purchases_90d', gt: 1 },
      ],
    });
    const check = await checkFilterReferences(storage, filter);
    expect(check.problems).toEqual([
      {
        field: 'filter.and[0].field',
        message:
          'filter.and[0].field: no score "p_purchase_30" is stored, nor is it one Storewise computes (stored: clv, p_purchase_30d)',
      },
      {
        field: 'filter.and[2].not.in[1]',
        message:
          'filter.and[2].not.in[1]: no segment "vip-germnay" is stored, nor is it one customer analytics computes (segments: vip)',
      },
    ]);
    expect(check.warnings).toEqual([
      'filter.and[4].field: no customer has the score "expected_purchases_90d" yet (customer analytics or propensity training computes it): the rule matches nobody on it until then',
      'filter.and[3].eq: the segment "rfm:champions" has no members stored yet (customer analytics computes it): the rule matches nobody on it until then',
    ]);
    // Stored names alone: nothing to say.
    const fine = validateSegmentFilter({
      or: [
        { field: 'score.clv', gt: 1 },
        { field: 'segment', eq: 'vip' },
      ],
    });
    expect(await checkFilterReferences(storage, fine)).toEqual({ problems: [], warnings: [] });
  });
});
