// The selection bias of a targeting policy, measured: an incremental-margin campaign offers only the
// customers likely to buy anyway. Measured against the whole holdout its arm shows a large "lift" that the
// offer did not cause; measured against the holdout customers the policy would have offered (the ghost
// arm, recorded with each holdout decision), it shows none, which is the truth of this shop.
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { campaignReport, createCampaign, startCampaign } from '../../src/campaigns/index.js';
import { days, purchase, T0, visit } from './shop.js';

describe('a campaign report against the ghost holdout', () => {
  it('finds no lift where offers change nothing, though the policy picks the buyers', async () => {
    const s = await openStorage('memory:');
    const ids = Array.from({ length: 200 }, (_, i) => `g${String(i).padStart(3, '0')}`);
    const keen = (id: string) => Number(id.slice(1)) % 2 === 0;
    await s.upsertCustomers(
      ids.map((externalId) => ({ externalId, country: 'DE', consent: { marketing: true } })),
    );
    await s.upsertItems([{ sku: 'mug', price: 10 }]);
    await s.appendEvents(ids.map((id) => visit(id, days(-30))));
    await s.upsertScores(
      ids.map((customerId) => ({ customerId, model: 'p_purchase_7d', score: keen(customerId) ? 0.9 : 0.05 })),
    );
    await createCampaign(s, {
      id: 'target',
      name: 'Targeted email',
      audience: { filter: { field: 'country', eq: 'DE' } },
      // Increment 20 x p x 0.1 - 1 = 2p - 1: 0.8 for the keen, -0.9 for the others (no offer).
      arms: [{ id: 'email', costPerOffer: 1, assumedUplift: 0.1 }],
      policy: { type: 'incremental-margin', propensityModel: 'p_purchase_7d', marginPerConversion: 20 },
      holdout: { fraction: 0.3 },
      attributionWindowDays: 7,
    });
    await startCampaign(s, 'target', T0);
    // Offers change nothing: every keen customer buys, no other does.
    await s.appendEvents(ids.filter(keen).map((id) => purchase(`p-${id}`, id, days(1), 10)));
    const r = await campaignReport(s, 'target');
    const email = r.arms[0]!;
    expect(email.controlKind).toBe('ghost');
    expect(email.metrics.conversionRate).toBe(1);
    expect(email.control.conversionRate).toBe(1);
    expect(email.control.exposures).toBeGreaterThan(20);
    expect(email.lift.absolute).toBe(0);
    // The whole holdout, half of it not keen, converts at about one half: the bias the ghost removes.
    expect(r.holdout.conversionRate).toBeLessThan(0.7);
    expect(email.metrics.conversionRate - r.holdout.conversionRate).toBeGreaterThan(0.3);
    // Everyone decided (offered or not) against the whole holdout: two random halves of one shop.
    expect(r.overall.metrics.exposures + r.holdout.exposures).toBe(200);
    expect(r.overall.lift.pValue).toBeGreaterThan(0.05);
    // The uplift deciles by the propensity: everyone outside the holdout is treated (offered or not), so
    // the deciles of the customers given nothing have treated customers too, and no decile shows lift.
    // (Before, the cold half's deciles had no treated customer at all and the Qini curve was not drawn.)
    expect(r.uplift?.bins).toHaveLength(10);
    for (const bin of r.uplift!.bins) {
      expect(bin.treated).toBeGreaterThan(0);
      expect(bin.uplift).toBe(0);
    }
    await s.close();
  });
});
