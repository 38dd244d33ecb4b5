import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImportReject, openStorage, type Storage } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.js';
import { adapters } from '../customers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-rejects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A file of `text` in a folder of its own (MovieLens reads its folder's movie list). */
function file(name: string, text: string): string {
  const folder = join(dir, `f${++files}`);
  mkdirSync(folder);
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

async function rejects(s: Storage): Promise<Pick<ImportReject, 'line' | 'field' | 'customerId'>[]> {
  const out: Pick<ImportReject, 'line' | 'field' | 'customerId'>[] = [];
  for await (const batch of s.scanRejects())
    for (const { line, field, customerId } of batch) out.push({ line, field, customerId });
  return out;
}

const RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

describe('the customer a rejected row names', () => {
  it('is kept when its customer field was read, as a valid row would name them, in each layout', async () => {
    const s = await openStorage('memory:');
    // Online Retail: a bad quantity of 17841 (written as a float), a negative price without a customer, a
    // NUL in the customer id (the id is the bad field), and a row of too few fields.
    await importFile(
      s,
      file(
        'retail.csv',
        [
          RETAIL_HEADER,
          '536365,85123A,HEART,0,2010-12-01 08:26:00,2.55,17841.0,United Kingdom',
          '536366,71053,LANTERN,6,2010-12-01 08:26:00,-1,,United Kingdom',
          '536367,71053,LANTERN,-2,2010-12-01 08:26:00,3.39,178\u000041,United Kingdom',
          '536368,71053,LANTERN,6',
          '536369,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom',
        ].join('\n'),
      ),
      { format: 'online-retail' },
    );
    expect(await rejects(s)).toEqual([
      { line: 2, field: 'Quantity', customerId: '17841' },
      { line: 3, field: 'UnitPrice', customerId: null },
      { line: 4, field: 'CustomerID', customerId: null },
      { line: 4, field: 'Quantity', customerId: null },
      { line: 5, field: '(row)', customerId: null },
    ]);
    await s.deleteRejects?.();

    // Events (a later import: its rejects go with each batch): trimmed as a valid row's.
    await importFile(
      s,
      file(
        'events.csv',
        'event_id,type,customer_id,sku,timestamp,quantity\ne1,purchase, c1 ,A,2024-01-01T00:00:00Z,0\ne2,view,,A,yesterday,\n',
      ),
    );
    expect(await rejects(s)).toEqual([
      { line: 2, field: 'quantity', customerId: 'c1' },
      { line: 3, field: 'timestamp', customerId: null },
    ]);
    await s.deleteRejects?.();

    // A customers file: the row is the customer.
    await importFile(s, file('customers.csv', 'customer_id,consent_marketing\nc7,maybe\n'));
    expect(await rejects(s)).toEqual([{ line: 2, field: 'consent_marketing', customerId: 'c7' }]);
    await s.deleteRejects?.();

    // MovieLens u.data: a rating that is not a number, of user 7 (the first line tells the layout).
    await importFile(s, file('u.data', '8\t50\t4\t881250950\n7\t50\tfive\t881250949\n'), {
      format: 'movielens',
    });
    expect(await rejects(s)).toEqual([{ line: 2, field: 'rating', customerId: '7' }]);
    await s.close();
  });
});

describe('a rejected row of an erased customer', async () => {
  for (const [name, open] of await adapters()) {
    it(`is left out and counted as erased, in a first import and a later one: ${name}`, async () => {
      const s = await open();
      try {
        await s.deleteCustomer('17841');
        // 17841: one valid row, one row with two bad fields; 17850: one valid row, one bad.
        const rows = [
          RETAIL_HEADER,
          '536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17841,United Kingdom',
          '536366,71053,LANTERN,0,2010-12-01 08:27:00,-1,17841,United Kingdom',
          '536367,71053,LANTERN,6,2010-12-01 08:28:00,3.39,17850,United Kingdom',
          '536368,71053,LANTERN,-3,2010-12-01 08:29:00,3.39,17850,United Kingdom',
        ];
        const first = await importFile(s, file('first.csv', rows.join('\n')), { format: 'online-retail' });
        expect(first).toMatchObject({
          rows: 4,
          accepted: 1,
          erased: 2,
          rejected: { total: 1, byReason: { 'non-positive quantity': 1 } },
        });
        expect(await rejects(s)).toEqual([{ line: 5, field: 'Quantity', customerId: '17850' }]);

        // Not the first import: the rejects go with their batch of 2 rows.
        const later = rows.map((r) => r.replace(/^5363/, '5373'));
        const second = await importFile(s, file('later.csv', later.join('\n')), {
          format: 'online-retail',
          batchSize: 2,
        });
        expect(second).toMatchObject({
          rows: 4,
          accepted: 1,
          erased: 2,
          rejected: { total: 1, byReason: { 'non-positive quantity': 1 } },
        });
        expect((await s.counts()).rejects).toBe(2);
        expect(await s.deleteCustomer('17850')).toMatchObject({ customer: 1, events: 2, importRejects: 2 });
      } finally {
        await s.close();
      }
    });
  }
});
