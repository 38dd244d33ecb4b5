import { describe, expect, it } from 'vitest';
import { scanInteractions, scanOrderAggregates, scanOrders, topItemsByNetUnits } from '../reads.js';
import type { Storage } from '../types.js';
import { collect } from './collect.js';
import { at, event, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

/** The same storage without its bulk fast paths, so that the fallback computation is exercised too. */
export function withoutBulk(storage: Storage): Storage {
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === 'bulk') return {};
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function interactionRows(storage: Storage, until?: Date) {
  const rows: [string, string, number, number][] = [];
  const customers = new Map<number, string>();
  for await (const b of storage.scanCustomers()) for (const c of b) customers.set(c.index, c.externalId);
  const items = new Map<number, string>();
  for await (const b of storage.scanItems()) for (const i of b) items.set(i.index, i.sku);
  const weights = { view: 1, add_to_cart: 3, purchase: 5, rating: 1 };
  for await (const batch of scanInteractions(storage, {
    weights,
    batchSize: 3,
    ...(until ? { until } : {}),
  })) {
    // Without bulk.scanInteractions the fallback passes scanEvents' batches on: one larger than asked is
    // usually scanEvents ignoring its batchSize.
    expect(
      batch.length,
      `scanInteractions({ batchSize: 3 }) gave a batch of ${batch.length} rows (${
        storage.bulk.scanInteractions
          ? 'bulk.scanInteractions'
          : 'the fallback over scanEvents: does scanEvents keep batchSize?'
      })`,
    ).toBeLessThanOrEqual(3);
    for (let k = 0; k < batch.length; k++) {
      rows.push([
        customers.get(batch.customerIndex[k]!)!,
        items.get(batch.itemIndex[k]!)!,
        batch.weight[k]!,
        batch.time[k]!,
      ]);
    }
  }
  return rows.sort(
    (a, b) => a[3] - b[3] || a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2] - b[2],
  );
}

async function drain(scan: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of scan);
}

export function bulkReadTests(withStorage: WithStorage): void {
  describe('bulk reads (the fast path where the adapter has one, and the fallback)', () => {
    it(
      'gives every interaction with its type weight (times the rating for ratings), leaving out anonymous and itemless events',
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        const h = (n: number) => at(n).getTime();
        const expected = [
          ['alice', 'mug', 1, h(1)],
          ['alice', 'mug', 3, h(2)],
          ['alice', 'mug', 5, h(3)],
          ['alice', 'tea', 5, h(3)],
          ['bob', 'pot', 1, h(5)],
          ['bob', 'pot', 4, h(6)],
          ['bob', 'mug', 5, h(7)],
          ['alice', 'tea', 5, h(30)],
        ];
        expect(await interactionRows(s)).toEqual(expected);
        expect(await interactionRows(withoutBulk(s))).toEqual(expected);
        expect(await interactionRows(s, at(6))).toEqual(expected.slice(0, 5));
        await expect(drain(scanInteractions(s, { weights: { click: 1 } as never }))).rejects.toThrow(
          'interaction weights: click is not an event type',
        );
      }),
    );

    it(
      "aggregates each customer's orders, units, revenue and returns, optionally before a date",
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        const alice = {
          customerId: 'alice',
          orders: 2,
          purchaseLines: 3,
          units: 7,
          revenue: 27.5,
          returnLines: 1,
          returnValue: 3.5,
          firstPurchaseAt: at(3),
          lastPurchaseAt: at(30),
        };
        const bob = {
          customerId: 'bob',
          orders: 1,
          purchaseLines: 1,
          units: 1,
          revenue: 6,
          returnLines: 0,
          returnValue: 0,
          firstPurchaseAt: at(7),
          lastPurchaseAt: at(7),
        };
        for (const storage of [s, withoutBulk(s)]) {
          const { rows, batches } = await collect(scanOrderAggregates(storage, { batchSize: 1 }));
          expect(batches).toEqual([1, 1]);
          expect(rows).toMatchObject([alice, bob]);
          expect(rows[0]!.customerIndex).toBe((await s.getCustomer('alice'))!.index);
          const early = (await collect(scanOrderAggregates(storage, { until: at(10) }))).rows;
          expect(early).toMatchObject([
            {
              ...alice,
              orders: 1,
              purchaseLines: 2,
              units: 3,
              revenue: 13.5,
              returnLines: 0,
              returnValue: 0,
              lastPurchaseAt: at(3),
            },
            bob,
          ]);
        }
      }),
    );

    it(
      'ranks items by units sold net of returns, ties by SKU in code point order',
      withStorage(async (s) => {
        await s.appendEvents([
          ...shopEvents,
          // Ties with tea's 4 (1 + 4 - 1 returned); a purchase without a quantity counts 1. Code point
          // order puts U+FF21 before U+1F375, UTF-16 order the other way round.
          event('x1', {
            customerId: 'carol',
            sku: '\u{1F375}',
            type: 'purchase',
            quantity: 3,
            timestamp: at(50),
          }),
          event('x2', { customerId: 'carol', sku: '\u{1F375}', type: 'purchase', timestamp: at(51) }),
          event('x3', {
            customerId: 'carol',
            sku: '\uFF21',
            type: 'purchase',
            quantity: 4,
            timestamp: at(52),
          }),
        ]);
        await s.upsertItems([{ sku: 'mug', title: 'Mug' }]);
        for (const storage of [s, withoutBulk(s)]) {
          // mug: 2 (alice) + 1 (bob) + 3 (anonymous); pot was only viewed and rated.
          expect(await topItemsByNetUnits(storage, 10)).toEqual([
            { sku: 'mug', title: 'Mug', units: 6 },
            { sku: 'tea', title: null, units: 4 },
            { sku: '\uFF21', title: null, units: 4 },
            { sku: '\u{1F375}', title: null, units: 4 },
          ]);
          expect(await topItemsByNetUnits(storage, 2)).toEqual([
            { sku: 'mug', title: 'Mug', units: 6 },
            { sku: 'tea', title: null, units: 4 },
          ]);
          expect(await topItemsByNetUnits(storage, 0)).toEqual([]);
        }
        await expect(topItemsByNetUnits(s, -1)).rejects.toThrow('limit');
      }),
    );

    it(
      "lists each customer's orders with their time and value, whole customers per batch",
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        const alice = (await s.getCustomer('alice'))!.index;
        const bob = (await s.getCustomer('bob'))!.index;
        for (const storage of [s, withoutBulk(s)]) {
          const rows: [number, number, number][] = [];
          const sizes: number[] = [];
          for await (const b of scanOrders(storage, { batchSize: 1 })) {
            sizes.push(b.length);
            for (let k = 0; k < b.length; k++) rows.push([b.customerIndex[k]!, b.time[k]!, b.value[k]!]);
          }
          // alice: order o1 (mug 2 x 5 + tea 1 x 3.5) at hour 3, o2 (tea 4 x 3.5) at hour 30; bob: one
          // purchase without an order id; the anonymous order and the return are not orders of anyone.
          expect(rows).toEqual([
            [alice, at(3).getTime(), 13.5],
            [alice, at(30).getTime(), 14],
            [bob, at(7).getTime(), 6],
          ]);
          expect(sizes).toEqual([2, 1]);
          const early: number[] = [];
          for await (const b of scanOrders(storage, { until: at(10) })) early.push(...b.value);
          expect(early).toEqual([13.5, 6]);
        }
      }),
    );
  });
}
