// The report's notes: a realized cost over the budget (which caps the expected cost only) and a campaign
// without a holdout (no lift).
import { describe, expect, it } from 'vitest';
import { campaignReport, createCampaign, startCampaign } from '../../src/campaigns/index.js';
import { adapters } from '../customers/stores.js';
import { baseDefinition, days, purchase, T0, withShopOn } from './shop.js';

for (const [name, open] of await adapters()) {
  const withShop = withShopOn(open);

  describe(`campaign report notes on ${name}`, () => {
    it(
      'says when the realized cost is over the budget, which caps the expected cost c + p·d only',
      withShop(async (s) => {
        // Treated (outside the VIPs' 30% holdout c02, c06; c03 opted out): c01 (p 0.5), c04 (p 0.2) and c05
        // (base rate 4/12). The coupon's expected cost is p·(1 + 0.5)·2: 1.5 + 0.6 + 1 = 3.1, within 4.
        await s.upsertScores([
          { customerId: 'c01', model: 'p_purchase_30d', score: 0.5 },
          { customerId: 'c04', model: 'p_purchase_30d', score: 0.2 },
        ]);
        await createCampaign(s, {
          ...baseDefinition,
          id: 'margin-test',
          arms: [{ id: 'ten-off', coupon: true, costPerConversion: 2, assumedUplift: 0.5 }],
          policy: { type: 'incremental-margin', propensityModel: 'p_purchase_30d', marginPerConversion: 10 },
          budget: 4,
        });
        const summary = await startCampaign(s, 'margin-test', T0);
        expect(summary.offered).toEqual({ 'ten-off': 3 });
        expect(summary.cost).toBeCloseTo(3.1, 12);
        expect((await campaignReport(s, 'margin-test')).notes).toEqual([]);
        // All three buy: realized 3 × 2 = 6, (6 - 4) / 4 = 50% over the budget.
        await s.appendEvents(['c01', 'c04', 'c05'].map((c, i) => purchase(`b${i}`, c, days(1), 10)));
        const report = await campaignReport(s, 'margin-test');
        expect(report.realizedCost).toBe(6);
        expect(report.notes).toEqual([
          'realized cost 6.00 is 50% over the budget of 4.00: the budget caps the expected cost of offers (c + p·d: the cost per offer plus the discount times the predicted chance of a purchase); more customers converted than predicted',
        ]);
      }),
    );

    it(
      'says that no lift is measured without a holdout',
      withShop(async (s) => {
        await createCampaign(s, { ...baseDefinition, holdout: { fraction: 0 } });
        await startCampaign(s, 'spring', T0);
        expect((await campaignReport(s, 'spring')).notes).toEqual([
          'no lift is measured: lift needs a holdout to compare with, and this campaign has none (holdout.fraction 0)',
        ]);
      }),
    );

    it(
      'says when nobody was offered anything (a difference from the holdout is no offer effect)',
      withShop(async (s) => {
        // An offer costs 5 and its expected gain is at most 0.01 x 1: the policy offers nobody.
        await s.upsertScores([
          { customerId: 'c01', model: 'p_purchase_30d', score: 0.9, computedAt: new Date(T0.getTime() - 1) },
        ]);
        await createCampaign(s, {
          ...baseDefinition,
          arms: [{ id: 'mail', costPerOffer: 5, assumedUplift: 0.01 }],
          policy: { type: 'incremental-margin', propensityModel: 'p_purchase_30d', marginPerConversion: 1 },
        });
        const summary = await startCampaign(s, 'spring', T0);
        expect(summary.offered).toEqual({});
        // The VIPs' hashes put none of the 5 decided for in the 30% holdout: no lift either.
        expect((await campaignReport(s, 'spring')).notes).toEqual([
          `no lift is measured yet: lift needs a holdout to compare with, and none of the ${summary.noOffer} customers decided for fell in it (holdout.fraction 0.3)`,
          `nobody was offered anything: none of the ${summary.noOffer} customers decided for outside the holdout got an offer (the start said why), so a difference from the holdout is chance or the audience, not an offer's effect`,
        ]);
      }),
    );
  });
}
