// A customer who opts out of marketing after being assigned gets no offer (nor coupon) any more; their
// assignment stays, and the report counts them where they were assigned (intention to treat).
import type { CampaignAssignment, Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { campaignReport, createCampaign, offerFor, startCampaign } from '../../src/campaigns/index.js';
import { adapters } from '../customers/stores.js';
import { baseDefinition, days, seedShop, T0 } from './shop.js';

for (const [name, open] of await adapters()) {
  describe(`withdrawn consent on ${name}`, () => {
    it('refuses the sticky offer naming consent, keeps the assignment and its place in the report', async () => {
      const s: Storage = await open();
      try {
        await seedShop(s);
        await createCampaign(s, baseDefinition);
        await startCampaign(s, 'spring', T0);
        let assigned: CampaignAssignment | undefined;
        for await (const batch of s.scanAssignments('spring'))
          assigned ??= batch.find((a) => a.arm === 'ten-off');
        const id = assigned!.customerId;
        expect(assigned!.couponCode).toMatch(/^SPRING-/);
        expect(await offerFor(s, 'spring', id, days(1))).toEqual({
          status: 'assigned',
          sticky: true,
          assignment: assigned,
        });
        const before = await campaignReport(s, 'spring');
        await s.upsertCustomers([{ externalId: id, consent: { marketing: false } }]);
        expect(await offerFor(s, 'spring', id, days(2))).toEqual({
          status: 'refused',
          reasons: [{ rule: 'consent' }],
        });
        expect(await s.getAssignment('spring', id)).toEqual(assigned);
        const after = await campaignReport(s, 'spring');
        expect(after.arms.map((a) => a.metrics.exposures)).toEqual(
          before.arms.map((a) => a.metrics.exposures),
        );
      } finally {
        await s.close();
      }
    });
  });
}
