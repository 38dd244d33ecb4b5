import { describe, expect, it } from 'vitest';
import { customerAssignments, customerSnapshots, isErased } from '../customer-data-reads.js';
import type { Storage } from '../types.js';
import { withoutBulk } from './bulk-reads.js';
import { at, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

/**
 * shopEvents (customers alice and bob) plus carol; segment 'vip' refreshed at hours 10 and 30 and, looking
 * back, at hour 20 (a snapshot only); 'all' at hour 20; campaigns 'spring' and 'autumn'.
 */
async function shop(s: Storage): Promise<void> {
  await s.appendEvents(shopEvents);
  await s.upsertCustomers([{ externalId: 'carol' }]);
  await s.upsertSegment({ id: 'vip', name: 'VIP', kind: 'rule' });
  await s.upsertSegment({ id: 'all', name: 'All', kind: 'rule' });
  await s.refreshSegment('vip', ['alice'], at(10));
  await s.refreshSegment('vip', ['bob'], at(30));
  // Before the last refresh: recorded as a snapshot, the current members stay (current: false).
  await s.refreshSegment('vip', ['alice', 'bob'], at(20));
  await s.refreshSegment('all', ['alice', 'bob', 'carol'], at(20));
  await s.upsertCampaign({ id: 'spring', name: 'Spring', definition: {} });
  await s.upsertCampaign({ id: 'autumn', name: 'Autumn', definition: {} });
  await s.recordAssignments([
    {
      campaignId: 'spring',
      customerId: 'alice',
      arm: 'ten-off',
      holdout: false,
      reason: { policy: 'fixed-split', arm: 0 },
      couponCode: 'SPRING-A1',
      cost: 2.5,
      assignedAt: at(12),
    },
    { campaignId: 'spring', customerId: 'bob', arm: null, holdout: true, reason: {}, assignedAt: at(11) },
    { campaignId: 'autumn', customerId: 'alice', arm: null, holdout: true, reason: {}, assignedAt: at(12) },
  ]);
}

/** Reads of one customer's stored data (a data export), each checked against what deleteCustomer removes. */
export function customerDataTests(withStorage: WithStorage): void {
  describe("one customer's data (snapshots, assignments, the erasure list)", () => {
    it(
      'lists the snapshots holding a customer by as-of date, the fallback the same, as many as deleteCustomer removes',
      withStorage(async (s) => {
        await shop(s);
        const alice = [
          { segmentId: 'vip', asOf: at(10) },
          { segmentId: 'all', asOf: at(20) },
          { segmentId: 'vip', asOf: at(20) },
        ];
        expect(await customerSnapshots(s, 'alice')).toEqual(alice);
        expect(await customerSnapshots(withoutBulk(s), 'alice')).toEqual(alice);
        expect(await customerSnapshots(s, 'carol')).toEqual([{ segmentId: 'all', asOf: at(20) }]);
        expect(await customerSnapshots(s, 'nobody')).toEqual([]);
        expect(await customerSnapshots(s, 'a\u0000b')).toEqual([]);
        expect((await s.deleteCustomer('alice')).segmentSnapshots).toBe(alice.length);
        expect(await customerSnapshots(s, 'alice')).toEqual([]);
        expect(await customerSnapshots(withoutBulk(s), 'bob')).toEqual([
          { segmentId: 'all', asOf: at(20) },
          { segmentId: 'vip', asOf: at(20) },
          { segmentId: 'vip', asOf: at(30) },
        ]);
      }),
    );

    it(
      "lists a customer's assignments in every campaign by time, then campaign id, the fallback the same",
      withStorage(async (s) => {
        await shop(s);
        const alice = [
          {
            campaignId: 'autumn',
            customerId: 'alice',
            arm: null,
            holdout: true,
            reason: {},
            couponCode: null,
            cost: 0,
            assignedAt: at(12),
          },
          {
            campaignId: 'spring',
            customerId: 'alice',
            arm: 'ten-off',
            holdout: false,
            reason: { policy: 'fixed-split', arm: 0 },
            couponCode: 'SPRING-A1',
            cost: 2.5,
            assignedAt: at(12),
          },
        ];
        expect(await customerAssignments(s, 'alice')).toEqual(alice);
        expect(await customerAssignments(withoutBulk(s), 'alice')).toEqual(alice);
        expect((await customerAssignments(s, 'bob')).map((a) => [a.campaignId, a.holdout])).toEqual([
          ['spring', true],
        ]);
        expect(await customerAssignments(s, 'carol')).toEqual([]);
        expect(await customerAssignments(withoutBulk(s), 'nobody')).toEqual([]);
        expect((await s.deleteCustomer('alice')).campaignAssignments).toBe(alice.length);
        expect(await customerAssignments(s, 'alice')).toEqual([]);
      }),
    );

    it(
      'tells whether a customer is on the erasure list (an adapter with the optional isErased)',
      withStorage(async (s) => {
        await shop(s);
        // An adapter without the optional method cannot tell.
        const without = Object.create(s, { isErased: { value: undefined } }) as Storage;
        expect(await isErased(without, 'alice')).toBeNull();
        if (s.isErased === undefined) return;
        expect(await isErased(s, 'alice')).toBe(false);
        await s.deleteCustomer('alice');
        // Also one the store never held: deleteCustomer puts them on the list all the same.
        await s.deleteCustomer('stranger');
        expect([await isErased(s, 'alice'), await isErased(s, 'stranger'), await isErased(s, 'bob')]).toEqual(
          [true, true, false],
        );
        await s.restoreCustomer('alice');
        expect(await isErased(s, 'alice')).toBe(false);
        expect(await isErased(s, 'a\u0000b')).toBe(false);
      }),
    );
  });
}
