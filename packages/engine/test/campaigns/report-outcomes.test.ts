// A report made before any outcome is known says so: how many attribution windows have closed as of the
// stored events (or asOf), and a note when none has or when no purchase is stored after the assignments;
// a Qini coefficient that cannot be computed is explained, not NaN.
import { describe, expect, it } from 'vitest';
import { campaignReport, createCampaign, startCampaign } from '../../src/campaigns/index.js';
import { adapters } from '../customers/stores.js';
import { baseDefinition, days, IDS, purchase, T0, withShopOn } from './shop.js';

for (const [name, open] of await adapters()) {
  const withShop = withShopOn(open);

  describe(`report outcomes on ${name}`, () => {
    it(
      'says that no window has closed and no purchase is stored, then counts the windows closed',
      withShop(async (s) => {
        // The VIPs c01..c06 less c03 (opted out): 5 assignments at T0, windows of 7 days.
        await createCampaign(s, baseDefinition);
        await startCampaign(s, 'spring', T0);
        // The latest stored event is c01's purchase 5 days before T0.
        const early = await campaignReport(s, 'spring');
        expect(early.outcomes).toEqual({
          knownUntil: days(-5),
          assignments: 5,
          windowsClosed: 0,
          purchasesInWindows: 0,
          note: 'no attribution window has closed (the outcomes are known until 2024-02-25T00:00:00.000Z; the first closes at 2024-03-08T00:00:00.000Z): the rates count the purchases so far, they are no result yet; no purchase by an assigned customer is stored after their assignment: every rate is 0 for want of data',
        });
        // c05 buys on day 2; the events reach day 9: every window (T0 + 7 days) has closed.
        await s.appendEvents([purchase('o1', 'c05', days(2), 10), purchase('o2', 'c12', days(9), 10)]);
        const later = await campaignReport(s, 'spring');
        expect(later.outcomes).toEqual({
          knownUntil: days(9),
          assignments: 5,
          windowsClosed: 5,
          purchasesInWindows: 1,
          note: null,
        });
        // As of day 7 (purchases before it count): the windows end at day 7 itself, not closed yet.
        expect((await campaignReport(s, 'spring', { asOf: days(7) })).outcomes).toMatchObject({
          knownUntil: days(7),
          windowsClosed: 0,
          purchasesInWindows: 1,
        });
        expect((await campaignReport(s, 'spring', { asOf: days(7.5) })).outcomes).toMatchObject({
          windowsClosed: 5,
          note: null,
        });
      }),
    );

    it(
      'says no customer was assigned (yet, or before asOf), and refuses an asOf outside 1970 to 2200',
      withShop(async (s) => {
        await createCampaign(s, baseDefinition);
        const draft = await campaignReport(s, 'spring');
        expect(draft.outcomes.note).toBe('no customer has been assigned yet: there is no outcome to measure');
        await startCampaign(s, 'spring', T0);
        const before = await campaignReport(s, 'spring', { asOf: days(-1) });
        expect(before.outcomes).toMatchObject({ assignments: 0, windowsClosed: 0 });
        expect(before.outcomes.note).toBe(
          `no customer was assigned before ${days(-1).toISOString()}: there is no outcome to measure as of then`,
        );
        for (const asOf of [new Date('1960-01-01T00:00:00Z'), new Date('2200-01-01T00:00:00Z')])
          await expect(campaignReport(s, 'spring', { asOf })).rejects.toMatchObject({
            name: 'CampaignError',
            option: 'asOf',
            message: `asOf must be from 1970-01-01T00:00:00.000Z up to before 2200-01-01T00:00:00.000Z, got ${asOf.toISOString()}`,
          });
      }),
    );

    it(
      'explains a Qini coefficient that no outcome defines',
      withShop(async (s) => {
        await s.upsertScores(
          IDS.map((customerId, i) => ({ customerId, model: 'p_purchase_30d', score: 0.05 * (i + 1) })),
        );
        // Campaign "autumn" over all 12 customers holds out c01, c10 and c11 (campaigns.test.ts).
        await createCampaign(s, {
          ...baseDefinition,
          id: 'autumn',
          audience: { filter: { field: 'country', in: ['DE', 'FR'] } },
          report: { upliftScore: 'p_purchase_30d' },
        });
        await startCampaign(s, 'autumn', T0);
        const r = await campaignReport(s, 'autumn', { bins: 1, minPerCell: 1 });
        expect(r.uplift).toMatchObject({
          enough: true,
          qiniCoefficient: Number.NaN,
          note: 'undefined: no ranked customer has converted (yet), so no ranking is better than another',
        });
        const few = await campaignReport(s, 'autumn', { bins: 1, minPerCell: 30 });
        expect(few.uplift?.note).toBe(
          'not enough data: each decile needs 30 offered and 30 held-out customers with the score',
        );
      }),
    );
  });
}
