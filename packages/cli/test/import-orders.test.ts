import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type StoredEvent } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-orders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const orders = new URL('../../engine/test/fixtures/orders-small.csv', import.meta.url).pathname;

// orders-small.csv by hand (packages/engine/test/import/orders.test.ts): 10 rows, 4 events stored, line 6
// a repeat of line 2, 5 rows rejected for 6 bad fields (line 9: a missing SKU and a non-numeric price).
describe('storewise import of an orders file', () => {
  it('tells the format, stores its events, items and customers, says a row may have several reasons, and a rerun skips every row', async () => {
    const db = join(dir, 'db');
    const io = testIo(dir);
    // Exit 0: rows were accepted (some rejected).
    expect(await main(['import', orders, '--db', db], io)).toBe(0);
    expect(io.out()).toMatch(
      /^imported .*orders-small\.csv \(orders\): 10 rows, 4 accepted, 1 duplicate skipped, 5 rejected \(reasons, a row may have several: missing id: 2, zero quantity: 1, unparseable date: 1, non-numeric price: 1, negative price: 1\); the valid rows name 2 customers and 2 items; /,
    );

    const storage = await openStorage(db);
    try {
      const events: StoredEvent[] = [];
      for await (const batch of storage.scanEvents()) events.push(...batch);
      expect(
        events
          .map(
            (e) =>
              `${e.orderId} ${e.type} ${e.customerId ?? '(guest)'} ${e.sku} ${e.quantity} ${e.unitPrice}`,
          )
          .sort(),
      ).toEqual([
        '1001 purchase c1 A 2 10.5',
        '1001 purchase c1 B 1 4',
        '1002 purchase (guest) A 1 11',
        '1003 return c2 A 1 10.5',
      ]);
      expect(await storage.getItem('A')).toMatchObject({ title: 'Blue mug', price: 11, currency: 'EUR' });
      expect((await storage.getCustomer('c1'))?.country).toBe('DE');
      expect((await storage.getCustomer('c2'))?.country).toBe('FR');
      expect(await storage.counts()).toMatchObject({ events: 4, customers: 2, items: 2, rejects: 6 });
    } finally {
      await storage.close();
    }

    const again = testIo(dir);
    expect(await main(['import', orders, '--format', 'orders', '--db', db, '--json'], again)).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({
      format: 'orders',
      accepted: 0,
      duplicates: 5,
      rejected: { total: 5 },
    });
  });

  it('is told by --data of an analysis too, which warns of its rejected rows the same way', async () => {
    const io = testIo(dir);
    expect(await main(['segment', 'rfm', '--data', orders], io)).toBe(0);
    expect(io.err()).toBe(
      `storewise: warning: 5 rows of ${orders} rejected (reasons, a row may have several: missing id: 2, zero quantity: 1, unparseable date: 1, non-numeric price: 1, negative price: 1) and left out of this analysis: storewise import ${orders} keeps them (storewise rejects lists them)\n` +
        // The one customer left bought once: no lifetime value, and segment rfm says why.
        'storewise: warning: no lifetime value (p_alive, expected purchases, CLV): BG/NBD cannot be fitted: none of the 1 customers has a repeat purchase, so the purchase and dropout rates cannot be told apart\n',
    );
  });

  it('lists orders in the help, and keeps reasons unqualified when each rejected row has one', async () => {
    const help = testIo(dir);
    await main(['import', '--help'], help).catch(() => {});
    // The help wraps its lines: compared with its spaces and line breaks as one space.
    expect(help.out().replace(/\s+/g, ' ')).toMatch(
      /\| orders \(a shop's order lines: order_id, sku, a time such as created_at;/,
    );

    const file = join(dir, 'one-reason.csv');
    writeFileSync(file, 'order_id,sku,date\n1,A,2024-03-01\n2,B,tomorrow\n');
    const io = testIo(dir);
    expect(await main(['import', file, '--db', 'memory:'], io)).toBe(0);
    expect(io.out()).toContain(
      '(orders): 2 rows, 1 accepted, 0 duplicates skipped, 1 rejected (unparseable date: 1);',
    );
  });
});
