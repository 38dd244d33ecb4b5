import { describe, expect, it } from 'vitest';
import { customerHoldings, inactiveCustomers } from '../privacy-reads.js';
import type { Storage } from '../types.js';
import { withoutBulk } from './bulk-reads.js';
import { at } from './fixtures.js';
import type { WithStorage } from './index.js';

/**
 * ann (DE; email, tier; refuses analytics, grants marketing), ben (DE; a null email, tier; grants
 * personalization), cy (no country, nothing recorded), dee (FR; phone; grants analytics, refuses marketing).
 * emailOptIn holds only yes/no values ('Yes', false, 0); hasPhone also 'maybe'.
 * Events: ann at hours 1 and 50, ben at hour 2, two anonymous at hours 0 and 3; cy and dee have none.
 */
async function shop(s: Storage): Promise<void> {
  await s.upsertCustomers([
    {
      externalId: 'ann',
      country: 'DE',
      attributes: { email: 'ann@example.com', tier: 'gold', emailOptIn: 'Yes', hasPhone: true },
      consent: { analytics: false, marketing: true },
    },
    {
      externalId: 'ben',
      country: 'DE',
      attributes: { email: null, tier: 'silver', emailOptIn: false, hasPhone: 'maybe' },
      consent: { personalization: true },
    },
    { externalId: 'cy' },
    {
      externalId: 'dee',
      country: 'FR',
      attributes: { phone: '555 0101', emailOptIn: 0, hasPhone: 'N' },
      consent: { analytics: true, marketing: false },
    },
  ]);
  const view = (eventId: string, customerId: string | null, hour: number) =>
    ({ eventId, type: 'view', customerId, sku: 'mug', timestamp: at(hour) }) as const;
  await s.appendEvents([
    view('a2', 'ann', 50),
    view('a1', 'ann', 1),
    view('b1', 'ben', 2),
    view('x1', null, 0),
    view('x2', null, 3),
  ]);
}

/** The privacy audit's reads: what is held about customers, inactive customers, the latest erasure. */
export function privacyTests(withStorage: WithStorage): void {
  describe('privacy audit reads (holdings, inactive customers, latest erasure)', () => {
    it(
      'counts customers, consent per flag, attribute names, countries and events, the fallback the same',
      withStorage(async (s) => {
        await shop(s);
        const expected = {
          customers: 4,
          consent: {
            analytics: { granted: 1, refused: 1, unrecorded: 2 },
            personalization: { granted: 1, refused: 0, unrecorded: 3 },
            marketing: { granted: 1, refused: 1, unrecorded: 2 },
          },
          // ben's email is null: not held. Yes/no values any case, as booleans, strings or numbers.
          attributes: [
            { name: 'email', customers: 1, yesNo: false },
            { name: 'emailOptIn', customers: 3, yesNo: true },
            { name: 'hasPhone', customers: 3, yesNo: false },
            { name: 'phone', customers: 1, yesNo: false },
            { name: 'tier', customers: 2, yesNo: false },
          ],
          countries: [
            { country: 'DE', customers: 2 },
            { country: 'FR', customers: 1 },
            { country: null, customers: 1 },
          ],
          customerEvents: 3,
          anonymousEvents: 2,
          firstEventAt: at(0),
        };
        expect(await customerHoldings(s)).toEqual(expected);
        expect(await customerHoldings(withoutBulk(s))).toEqual(expected);
      }),
    );

    it(
      'counts an empty store as holding nothing',
      withStorage(async (s) => {
        const none = { granted: 0, refused: 0, unrecorded: 0 };
        const expected = {
          customers: 0,
          consent: { analytics: none, personalization: none, marketing: none },
          attributes: [],
          countries: [],
          customerEvents: 0,
          anonymousEvents: 0,
          firstEventAt: null,
        };
        expect(await customerHoldings(s)).toEqual(expected);
        expect(await customerHoldings(withoutBulk(s))).toEqual(expected);
      }),
    );

    it(
      'finds the customers last active before an instant: their latest event, else their record',
      withStorage(async (s) => {
        await shop(s);
        for (const store of [s, withoutBulk(s)]) {
          // ben's only event is at hour 2; ann's latest at 50; cy and dee were created now.
          expect(await inactiveCustomers(store, at(10), { ids: true })).toEqual({ count: 1, ids: ['ben'] });
          expect(await inactiveCustomers(store, at(10))).toEqual({ count: 1, ids: null });
          // Strictly before: an event at the instant itself is activity.
          expect(await inactiveCustomers(store, at(2), { ids: true })).toEqual({ count: 0, ids: [] });
          expect(await inactiveCustomers(store, at(51), { ids: true })).toEqual({
            count: 2,
            ids: ['ann', 'ben'],
          });
          const later = new Date(Date.now() + 86_400_000);
          expect(await inactiveCustomers(store, later, { ids: true })).toEqual({
            count: 4,
            ids: ['ann', 'ben', 'cy', 'dee'],
          });
        }
      }),
    );

    it(
      'tells when the latest customer still on the erasure list was put on it (the optional lastErasureAt)',
      withStorage(async (s) => {
        if (s.lastErasureAt === undefined) return;
        await shop(s);
        expect(await s.lastErasureAt?.()).toBeNull();
        await s.deleteCustomer('ben');
        const first = await s.lastErasureAt?.();
        expect(first).toBeInstanceOf(Date);
        await s.deleteCustomer('cy');
        const second = (await s.lastErasureAt?.())!;
        expect(second.getTime()).toBeGreaterThanOrEqual(first!.getTime());
        // Erasing ben again keeps the time he was first put on the list.
        await s.deleteCustomer('ben');
        expect(await s.lastErasureAt?.()).toEqual(second);
        await s.restoreCustomer('cy');
        expect(await s.lastErasureAt?.()).toEqual(first);
        await s.restoreCustomer('ben');
        expect(await s.lastErasureAt?.()).toBeNull();
      }),
    );
  });
}
