import { describe, expect, it } from 'vitest';
import type { CustomerProfileBatch, ProfileScanOptions } from '../profile-types.js';
import { scanCustomerProfiles } from '../reads.js';
import type { EventInput, Storage } from '../types.js';
import { withoutBulk } from './bulk-reads.js';
import { at, event } from './fixtures.js';
import type { WithStorage } from './index.js';

/**
 * A hand-made shop for profiles, as of hour 48. ann: a session of view, cart and an order o1 (two lines), a
 * second session of views (one item without any price, one without a category), a return, a purchase
 * without an order id, a search in a third session, and a purchase after the as-of date. bob: views (one
 * carrying its own price) and carts, no purchase. Anonymous views and a purchase of a book. cyd's only event
 * is after the as-of date; dan has none.
 */
const items = [
  { sku: 'mug', categoryPath: ['Kitchen', 'Mugs'], price: 10 },
  { sku: 'tea', categoryPath: ['Food', 'Tea'], price: 4 },
  { sku: 'pot', categoryPath: ['Kitchen', 'Pots'] },
  { sku: 'card', price: 2 },
  { sku: 'book', categoryPath: ['Books'], price: 20 },
];
const ann = (id: string, f: Partial<EventInput>) => event(id, { customerId: 'ann', ...f });
const bob = (id: string, f: Partial<EventInput>) => event(id, { customerId: 'bob', ...f });
const events: EventInput[] = [
  ann('p1', { sku: 'mug', type: 'view', sessionId: 's1', timestamp: at(1) }),
  ann('p2', { sku: 'mug', type: 'add_to_cart', sessionId: 's1', timestamp: at(2) }),
  ann('p3', {
    sku: 'mug',
    type: 'purchase',
    quantity: 2,
    unitPrice: 9,
    orderId: 'o1',
    sessionId: 's1',
    timestamp: at(3),
  }),
  ann('p4', {
    sku: 'tea',
    type: 'purchase',
    unitPrice: 4.5,
    orderId: 'o1',
    sessionId: 's1',
    timestamp: at(3),
  }),
  bob('p5', { sku: 'tea', type: 'view', unitPrice: 5, timestamp: at(5) }),
  bob('p6', { sku: 'tea', type: 'view', timestamp: at(6) }),
  bob('p7', { sku: 'tea', type: 'add_to_cart', timestamp: at(7) }),
  bob('p8', { sku: 'mug', type: 'add_to_cart', timestamp: at(8) }),
  event('p9', { customerId: null, sku: 'book', type: 'view', timestamp: at(4) }),
  event('p10', { customerId: null, sku: 'book', type: 'view', timestamp: at(4.5) }),
  event('p11', { customerId: null, sku: 'book', type: 'purchase', unitPrice: 20, timestamp: at(5) }),
  ann('p12', { sku: 'pot', type: 'view', sessionId: 's2', timestamp: at(10) }),
  ann('p13', { sku: 'card', type: 'view', sessionId: 's2', timestamp: at(11) }),
  ann('p14', { sku: 'mug', type: 'return', quantity: 1, unitPrice: 9, timestamp: at(20) }),
  ann('p15', { sku: 'tea', type: 'purchase', quantity: 2, unitPrice: 4, timestamp: at(24) }),
  ann('p16', { sku: null, type: 'search', query: 'teapot', sessionId: 's3', timestamp: at(30) }),
  ann('p17', { sku: 'mug', type: 'purchase', unitPrice: 9, orderId: 'o9', timestamp: at(50) }),
  event('p18', { customerId: 'cyd', sku: 'tea', type: 'view', timestamp: at(60) }),
];
const day = (hours: number) => hours / 24;

/** ann's and bob's profiles as of hour 48, with categories [Food, Books, Kitchen], by hand. */
const annProfile = {
  customerId: 'ann',
  recencyDays: day(48 - 24),
  frequency: 2, // o1 and the purchase without an order id
  monetary: 2 * 9 + 4.5 + 2 * 4,
  averageOrderValue: 30.5 / 2,
  tenureDays: day(47),
  daysSinceLastEvent: day(18),
  sessions: 3,
  views: 3,
  addToCarts: 1,
  purchases: 3,
  viewToCartRate: 1 / 3,
  cartToPurchaseRate: 3,
  returns: 1,
  returnValue: 9,
  // mug viewed (list price 10), mug 9, tea 4.5, card viewed (2), tea 4; the pot has no price.
  meanPrice: (10 + 9 + 4.5 + 2 + 4) / 5,
  // 6 view/purchase events: tea twice (Food), mug twice and pot once (Kitchen), the card (no category).
  shares: [2 / 6, 0, 3 / 6],
};
const bobProfile = {
  customerId: 'bob',
  recencyDays: Number.NaN,
  frequency: 0,
  monetary: 0,
  averageOrderValue: 0,
  tenureDays: day(43),
  daysSinceLastEvent: day(40),
  sessions: 0,
  views: 2,
  addToCarts: 2,
  purchases: 0,
  viewToCartRate: 1,
  cartToPurchaseRate: 0,
  returns: 0,
  returnValue: 0,
  meanPrice: (5 + 4) / 2,
  shares: [1, 0, 0],
};

async function profiles(storage: Storage, options: ProfileScanOptions) {
  const batches: CustomerProfileBatch[] = [];
  for await (const b of scanCustomerProfiles(storage, options)) batches.push(b);
  return batches;
}

/** Row i of a batch as a plain object of its columns, shares as an array. */
function row(b: CustomerProfileBatch, i: number) {
  const k = b.categories.length;
  return {
    customerId: b.customerId[i],
    recencyDays: b.recencyDays[i],
    frequency: b.frequency[i],
    monetary: b.monetary[i],
    averageOrderValue: b.averageOrderValue[i],
    tenureDays: b.tenureDays[i],
    daysSinceLastEvent: b.daysSinceLastEvent[i],
    sessions: b.sessions[i],
    views: b.views[i],
    addToCarts: b.addToCarts[i],
    purchases: b.purchases[i],
    viewToCartRate: b.viewToCartRate[i],
    cartToPurchaseRate: b.cartToPurchaseRate[i],
    returns: b.returns[i],
    returnValue: b.returnValue[i],
    meanPrice: b.meanPrice[i],
    shares: Array.from(b.categoryShare.subarray(i * k, (i + 1) * k)),
  };
}

export function profileTests(withStorage: WithStorage): void {
  describe('customer profiles (the fast path where the adapter has one, and the fallback)', () => {
    it(
      'computes recency, frequency, money, tenure, sessions, funnel rates, returns, price and category shares as of a date',
      withStorage(async (s) => {
        await s.upsertItems(items);
        await s.upsertCustomers([{ externalId: 'dan' }]);
        await s.appendEvents(events);
        const fast = await profiles(s, { asOf: at(48), batchSize: 1 });
        const slow = await profiles(withoutBulk(s), { asOf: at(48), batchSize: 1 });
        expect(slow).toEqual(fast);
        expect(fast.map((b) => b.length)).toEqual([1, 1]);
        const annIndex = (await s.getCustomer('ann'))!.index;
        const bobIndex = (await s.getCustomer('bob'))!.index;
        const byId = new Map(fast.map((b) => [b.customerId[0], b]));
        expect(byId.get('ann')!.customerIndex[0]).toBe(annIndex);
        expect(byId.get('bob')!.customerIndex[0]).toBe(bobIndex);
        expect(fast.map((b) => b.customerIndex[0])).toEqual([annIndex, bobIndex].sort((a, b) => a - b));
        // Food 4 events (ann 2, bob 2), Books 3 (anonymous), Kitchen 3 (ann): the tie goes by name.
        expect(fast[0]!.categories).toEqual(['Food', 'Books', 'Kitchen']);
        for (const [id, want] of [
          ['ann', annProfile],
          ['bob', bobProfile],
        ] as const) {
          const got = row(byId.get(id)!, 0);
          expect(Object.keys(got)).toEqual(Object.keys(want));
          for (const [key, value] of Object.entries(want)) {
            if (key === 'shares') {
              for (const [c, v] of (value as number[]).entries()) expect(got.shares[c]).toBeCloseTo(v, 12);
            } else if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
              expect(got[key as keyof typeof got], `${id}.${key}`).toBeCloseTo(value, 12);
            } else {
              expect(got[key as keyof typeof got], `${id}.${key}`).toEqual(value);
            }
          }
        }
      }),
    );

    it(
      'takes the categories given, or the top ones, and counts only events before the as-of date',
      withStorage(async (s) => {
        await s.upsertItems(items);
        await s.appendEvents(events);
        for (const storage of [s, withoutBulk(s)]) {
          const [given] = await profiles(storage, { asOf: at(48), categories: ['Kitchen', 'Toys'] });
          expect(given!.categories).toEqual(['Kitchen', 'Toys']);
          expect(Array.from(given!.categoryShare)).toEqual(
            given!.customerId.flatMap((id) => (id === 'ann' ? [3 / 6, 0] : [0, 0])),
          );
          const [top1] = await profiles(storage, { asOf: at(48), topCategories: 1 });
          expect(top1!.categories).toEqual(['Food']);
          const early = await profiles(storage, { asOf: at(4) });
          expect(early).toHaveLength(1);
          // Before hour 4: ann's view, cart and order o1; the shop's only categories are Kitchen and Food.
          expect(row(early[0]!, 0)).toMatchObject({
            customerId: 'ann',
            recencyDays: day(1),
            frequency: 1,
            monetary: 22.5,
            tenureDays: day(3),
            sessions: 1,
            views: 1,
            purchases: 2,
          });
          expect(early[0]!.categories).toEqual(['Kitchen', 'Food']);
          expect(await profiles(storage, { asOf: at(0) })).toEqual([]);
          const [all] = await profiles(storage, { asOf: at(48) });
          const [bobOnly, ...more] = await profiles(storage, { asOf: at(48), customerId: 'bob' });
          expect(more).toEqual([]);
          expect(bobOnly!.categories).toEqual(all!.categories);
          expect(row(bobOnly!, 0)).toEqual(row(all!, all!.customerId.indexOf('bob')));
          expect(await profiles(storage, { asOf: at(48), customerId: 'cyd' })).toEqual([]);
          expect(await profiles(storage, { asOf: at(48), customerId: 'nobody' })).toEqual([]);
          await expect(profiles(storage, { asOf: new Date(Number.NaN) })).rejects.toThrow(
            'profile scan options: asOf must be a valid Date',
          );
          await expect(profiles(storage, { asOf: at(48), topCategories: -1 })).rejects.toThrow(
            'profile scan options: topCategories must be an integer >= 0, got -1',
          );
          await expect(profiles(storage, { asOf: at(48), categories: ['Food', 'Food'] })).rejects.toThrow(
            'profile scan options: categories[1] repeats "Food"',
          );
        }
      }),
    );
  });
}
