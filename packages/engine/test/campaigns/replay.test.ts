// A campaign started or an offer decided at a past instant (a replay) considers only the customers who
// existed then: an event at or before it, or a record stored by then. Before, the audience, the base rate
// of the incremental-margin policy and the offers were taken over every stored customer, later ones too.
import type { EventInput, Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { createCampaign, describeRefusal, offerFor, startCampaign } from '../../src/campaigns/index.js';
import { adapters } from '../customers/stores.js';
import { days, purchase, T0 } from './shop.js';

const view = (id: string, customerId: string, at: Date): EventInput => ({
  eventId: id,
  type: 'view',
  customerId,
  sku: 'mug',
  timestamp: at,
});

/**
 * r1 bought 40 and 5 days before T0; r2 viewed at T0 itself; r3 bought 10 days before T0: they existed at
 * T0. r4's first event is a purchase 10 days after T0, r5's a view 40 days after; r6 has no event and
 * its record is stored now (years after T0): none of them existed at T0.
 */
async function seed(s: Storage): Promise<void> {
  const ids = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
  await s.upsertCustomers(
    ids.map((externalId) => ({ externalId, country: 'DE', consent: { marketing: true } })),
  );
  await s.upsertItems([{ sku: 'mug', price: 10 }]);
  await s.appendEvents([
    purchase('p1', 'r1', days(-40), 10),
    purchase('p2', 'r1', days(-5), 10),
    view('v2', 'r2', T0),
    purchase('p3', 'r3', days(-10), 10),
    purchase('p4', 'r4', days(10), 10),
    view('v5', 'r5', days(40)),
  ]);
}

const replay = {
  id: 'replay',
  name: 'Replay',
  audience: { filter: { field: 'country', eq: 'DE' } },
  arms: [{ id: 'mail', costPerOffer: 1, assumedUplift: 0.5 }],
  holdout: { fraction: 0 },
  attributionWindowDays: 30,
};

for (const [name, open] of await adapters()) {
  const withShop = (body: (s: Storage) => Promise<void>) => async () => {
    const s = await open();
    try {
      await seed(s);
      await body(s);
    } finally {
      await s.close();
    }
  };

  describe(`a replay on ${name}`, () => {
    it(
      'decides only for the customers who existed at the start; later ones are refused an offer until they exist',
      withShop(async (s) => {
        await createCampaign(s, { ...replay, policy: { type: 'fixed-split' } });
        const summary = await startCampaign(s, 'replay', T0);
        expect(summary).toMatchObject({
          decided: 3,
          offered: { mail: 3 },
          notYetCustomers: 3,
          warnings: [
            'holdout.fraction is 0: nobody is held out, so the report cannot measure any lift (a holdout such as 0.1 compares the offered customers with customers who got nothing)',
          ],
        });
        const stored: string[] = [];
        for await (const batch of s.scanAssignments('replay')) stored.push(...batch.map((a) => a.customerId));
        expect(stored).toEqual(['r1', 'r2', 'r3']);
        // r4 first bought on day 10: not a customer on day 1, decided for on day 10 (at or before).
        expect(await offerFor(s, 'replay', 'r4', days(1))).toEqual({
          status: 'refused',
          reasons: [{ rule: 'not-a-customer-yet', at: days(1) }],
        });
        expect(await offerFor(s, 'replay', 'r4', days(10))).toMatchObject({
          status: 'assigned',
          sticky: false,
          assignment: { customerId: 'r4', arm: 'mail', assignedAt: days(10) },
        });
        // Asked about a time before it was made, r4's assignment did not exist yet, and r4 is not decided
        // for twice: refused, saying when it was made. From its time on it is r4's sticky offer.
        expect(await offerFor(s, 'replay', 'r4', days(5))).toEqual({
          status: 'refused',
          reasons: [{ rule: 'assigned-later', assignedAt: days(10) }],
        });
        expect(describeRefusal({ rule: 'assigned-later', assignedAt: days(10) })).toBe(
          `the customer's assignment was made later, at ${days(10).toISOString()}: none existed yet, and a customer is assigned once`,
        );
        expect(await offerFor(s, 'replay', 'r4', days(10))).toMatchObject({
          status: 'assigned',
          sticky: true,
          assignment: { customerId: 'r4', assignedAt: days(10) },
        });
        const after: string[] = [];
        for await (const batch of s.scanAssignments('replay')) after.push(...batch.map((a) => a.customerId));
        expect(after).toEqual(['r1', 'r2', 'r3', 'r4']);
        // r6's record was stored now: a customer from then on.
        expect(await offerFor(s, 'replay', 'r6', days(60))).toMatchObject({
          status: 'refused',
          reasons: [{ rule: 'not-a-customer-yet' }],
        });
        const now = new Date();
        expect(await offerFor(s, 'replay', 'r6', now)).toMatchObject({
          status: 'assigned',
          assignment: { customerId: 'r6', assignedAt: now },
        });
      }),
    );

    it(
      'takes the incremental-margin base rate over the customers existing then: 2 buyers of 3, not of 6',
      withShop(async (s) => {
        // r2's score is stored; r1 and r3 get the base rate: buyers in the 30 days before T0 (r1 on day -5,
        // r3 on day -10) over the customers existing at T0 (r1, r2, r3).
        await s.upsertScores([{ customerId: 'r2', model: 'p_purchase_30d', score: 0.1 }]);
        await createCampaign(s, {
          ...replay,
          policy: { type: 'incremental-margin', propensityModel: 'p_purchase_30d', marginPerConversion: 10 },
        });
        await startCampaign(s, 'replay', T0);
        const reasons = new Map<string, Record<string, unknown>>();
        for await (const batch of s.scanAssignments('replay'))
          for (const a of batch) reasons.set(a.customerId, a.reason);
        expect([...reasons.keys()]).toEqual(['r1', 'r2', 'r3']);
        for (const id of ['r1', 'r3'])
          expect(reasons.get(id)).toMatchObject({ pNoOffer: 2 / 3, pNoOfferSource: 'base-rate' });
        expect(reasons.get('r2')).toMatchObject({ pNoOffer: 0.1, pNoOfferSource: 'p_purchase_30d' });
      }),
    );
  });
}
