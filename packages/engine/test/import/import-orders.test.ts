import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type Storage, type StoredEvent } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.js';
import { fixture } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-import-orders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function eventsOf(storage: Storage): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of storage.scanEvents()) out.push(...batch);
  return out;
}

let opened = 0;
const ADAPTERS: [string, () => Promise<Storage>][] = [
  ['memory', () => openStorage('memory:')],
  ['pglite (temp directory)', () => openStorage(join(dir, `db-${++opened}`))],
];

describe.each(ADAPTERS)('importFile of an orders file on %s', (_name, open) => {
  // orders-small.csv by hand: 10 rows; lines 2-5 valid (c1's order 1001 of A and B, a guest's A, c2's
  // return of A), line 6 a repeat of line 2; lines 7-11 rejected, line 9 for two fields.
  it('stores purchases, a return and a guest line, their items and customers; a rerun stores nothing', async () => {
    const storage = await open();
    try {
      const summary = await importFile(storage, fixture('orders-small.csv'));
      expect(summary).toMatchObject({
        format: 'orders',
        rows: 10,
        accepted: 4,
        duplicates: 1,
        differing: 0,
        rejected: {
          total: 5,
          byReason: {
            'zero quantity': 1,
            'unparseable date': 1,
            'missing id': 2,
            'non-numeric price': 1,
            'negative price': 1,
          },
        },
        customers: 2,
        items: 2,
        unpricedPurchases: 0,
      });
      const events = (await eventsOf(storage)).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
      expect(events.map((e) => [e.type, e.customerId, e.sku, e.quantity, e.unitPrice, e.orderId])).toEqual([
        ['purchase', 'c1', 'A', 2, 10.5, '1001'],
        ['purchase', 'c1', 'B', 1, 4, '1001'],
        ['purchase', null, 'A', 1, 11, '1002'],
        ['return', 'c2', 'A', 1, 10.5, '1003'],
      ]);
      // A's price: the latest purchase line's (11, 2024-03-02), not the later return's 10.50.
      expect(await storage.getItem('A')).toMatchObject({
        title: 'Blue mug',
        categoryPath: ['Home', 'Mugs'],
        price: 11,
        currency: 'EUR',
      });
      expect(await storage.getItem('B')).toMatchObject({ price: 4 });
      expect((await storage.getCustomer('c1'))?.country).toBe('DE');
      expect((await storage.getCustomer('c2'))?.country).toBe('FR');
      // Rejected rows create no customer or item.
      expect(await storage.getCustomer('c3')).toBeNull();
      expect(await storage.getItem('D')).toBeNull();
      expect(await storage.counts()).toMatchObject({ events: 4, customers: 2, items: 2, rejects: 6 });

      const again = await importFile(storage, fixture('orders-small.csv'), { format: 'orders' });
      expect(again).toMatchObject({ accepted: 0, duplicates: 5, differing: 0, rejected: { total: 5 } });
      expect(await storage.counts()).toMatchObject({ events: 4, rejects: 6 });
    } finally {
      await storage.close();
    }
  });
});

describe('importFile of a generated orders file', () => {
  // The reference: pandas under the format's rules (fixtures/make_orders_generated.py prints these).
  const PANDAS = {
    rows: 357,
    accepted: 330,
    duplicates: 16,
    rejected: 11,
    zeroQuantity: 6,
    unparseableDate: 5,
    customers: 37,
    items: 25,
    returns: 18,
    guestEvents: 66,
    purchaseRevenue: 9856.88,
    netUnits: { 'SKU-01': 26, 'SKU-07': 8, 'SKU-25': 25 },
    netUnitsTotal: 609,
  };

  it('stores the events, groups and totals pandas computes', async () => {
    const storage = await openStorage('memory:');
    try {
      const summary = await importFile(storage, fixture('orders-generated.csv'));
      expect(summary).toMatchObject({
        format: 'orders',
        rows: PANDAS.rows,
        accepted: PANDAS.accepted,
        duplicates: PANDAS.duplicates,
        differing: 0,
        rejected: {
          total: PANDAS.rejected,
          byReason: { 'zero quantity': PANDAS.zeroQuantity, 'unparseable date': PANDAS.unparseableDate },
        },
        customers: PANDAS.customers,
        items: PANDAS.items,
      });
      const events = await eventsOf(storage);
      expect(events).toHaveLength(PANDAS.accepted);
      const signed = (e: StoredEvent) => (e.type === 'return' ? -1 : 1) * e.quantity!;
      const net = new Map<string, number>();
      for (const e of events) net.set(e.sku!, (net.get(e.sku!) ?? 0) + signed(e));
      expect(Object.fromEntries(Object.keys(PANDAS.netUnits).map((sku) => [sku, net.get(sku)]))).toEqual(
        PANDAS.netUnits,
      );
      expect(events.reduce((sum, e) => sum + signed(e), 0)).toBe(PANDAS.netUnitsTotal);
      expect(events.filter((e) => e.type === 'return')).toHaveLength(PANDAS.returns);
      expect(events.filter((e) => e.customerId === null)).toHaveLength(PANDAS.guestEvents);
      const revenue = events
        .filter((e) => e.type === 'purchase')
        .reduce((sum, e) => sum + e.quantity! * e.unitPrice!, 0);
      expect(revenue).toBeCloseTo(PANDAS.purchaseRevenue, 6);
    } finally {
      await storage.close();
    }
  });
});
