import { describe, expect, it } from 'vitest';
import { scanCustomerProfiles, scanOrderAggregates, scanOrders } from '../reads.js';
import type { Storage } from '../types.js';
import { withoutBulk } from './bulk-reads.js';
import { collect } from './collect.js';
import { at, event } from './fixtures.js';

/**
 * dora's order o1 is 3 x 0.1 + 3 x 7.1, whose floating-point sum is 21.599999999999998 (Python's
 * `0.1 + 0.1 + 0.1 + 3 * 7.1`; `round(..., 2)` is 21.6), and she returns 3 x 0.1 (0.30000000000000004);
 * ed's order o2 is one line of 21.6. Both spent 21.6.
 */
const events = [
  ...[1, 2, 3].map((k) =>
    event(`d${k}`, {
      customerId: 'dora',
      type: 'purchase',
      sku: 'pin',
      quantity: 1,
      unitPrice: 0.1,
      orderId: 'o1',
      timestamp: at(1),
    }),
  ),
  event('d4', {
    customerId: 'dora',
    type: 'purchase',
    sku: 'card',
    quantity: 3,
    unitPrice: 7.1,
    orderId: 'o1',
    timestamp: at(1),
  }),
  ...[5, 6, 7].map((k) =>
    event(`d${k}`, {
      customerId: 'dora',
      type: 'return',
      sku: 'pin',
      quantity: 1,
      unitPrice: 0.1,
      timestamp: at(2),
    }),
  ),
  event('e1', {
    customerId: 'ed',
    type: 'purchase',
    sku: 'card',
    quantity: 1,
    unitPrice: 21.6,
    orderId: 'o2',
    timestamp: at(1),
  }),
];

/** Money sums are rounded to cents on every read path, bulk or not, so equal spends are equal numbers. */
export function moneyTests(withStorage: (body: (s: Storage) => Promise<void>) => () => Promise<void>): void {
  describe('money sums (rounded to cents)', () => {
    it(
      'gives order values, revenue and returned value in cents, the same on the fast path and without it',
      withStorage(async (s) => {
        await s.appendEvents(events);
        for (const store of [s, withoutBulk(s)]) {
          const { rows: orders } = await collect(
            (async function* () {
              for await (const b of scanOrders(store)) yield [...b.value];
            })(),
          );
          expect(orders).toEqual([21.6, 21.6]);
          const { rows: aggregates } = await collect(scanOrderAggregates(store));
          expect(aggregates.map((a) => [a.customerId, a.revenue, a.returnValue])).toEqual([
            ['dora', 21.6, 0.3],
            ['ed', 21.6, 0],
          ]);
          const profiles: [string, number, number, number][] = [];
          for await (const b of scanCustomerProfiles(store, { asOf: at(3) }))
            for (let i = 0; i < b.length; i++)
              profiles.push([b.customerId[i]!, b.monetary[i]!, b.returnValue[i]!, b.averageOrderValue[i]!]);
          expect(profiles).toEqual([
            ['dora', 21.6, 0.3, 21.6],
            ['ed', 21.6, 0, 21.6],
          ]);
        }
      }),
    );
  });
}
