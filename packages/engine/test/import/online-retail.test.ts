import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILL_ONLY_TIME } from '../../src/import/batch-collector.js';
import { isNonProductCode } from '../../src/import/formats/online-retail.js';
import { FORMAT_READERS, ImportInputError, type ParsedRow } from '../../src/import/index.js';
import { fixture, problemsOf, readAll } from '../helpers/read-all.js';

const read = FORMAT_READERS['online-retail'];

// The fixture holds rows copied from the UCI Online Retail file plus hand-made bad rows; the expected
// rejects are read off the fixture by hand (line numbers count the header as line 1).
describe('online-retail reader', () => {
  it('rejects each kind of bad row with line, field and reason', async () => {
    const rows = await readAll(read, 'online-retail-small.csv');
    expect(rows).toHaveLength(15);
    expect(problemsOf(rows)).toEqual([
      '9:InvoiceDate:unparseable date',
      '10:Quantity:non-numeric quantity',
      '11:StockCode:missing id',
      '12:UnitPrice:negative price',
      '13:Quantity:non-positive quantity',
      '14:Quantity:non-positive quantity',
      '15:Quantity:non-numeric quantity',
      '15:InvoiceDate:unparseable date',
      '15:UnitPrice:negative price',
    ]);
    const bad = rows.find((r) => r.line === 12)!;
    expect(bad.raw).toBe('A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom');
  });

  it('maps invoice lines to purchases, C invoices to returns, and keeps anonymous rows', async () => {
    const rows = await readAll(read, 'online-retail-small.csv');
    const first = rows[0]!;
    expect(first.event).toMatchObject({
      type: 'purchase',
      customerId: '17850',
      sku: '85123A',
      quantity: 6,
      unitPrice: 2.55,
      orderId: '536365',
    });
    expect(first.event!.timestamp.getTime()).toBe(1291191960000); // Python, see field-parsers.test.ts
    expect(first.item).toEqual({
      sku: '85123A',
      title: 'WHITE HANGING HEART T-LIGHT HOLDER',
      price: 2.55,
      currency: 'GBP',
    });
    expect(first.customer).toEqual({ externalId: '17850', country: 'United Kingdom' });

    const quoted = rows.find((r) => r.line === 4)!;
    expect(quoted.item?.title).toBe('AIRLINE LOUNGE,METAL SIGN');

    const ret = rows.find((r) => r.line === 6)!;
    expect(ret.event).toMatchObject({ type: 'return', quantity: 1, unitPrice: 27.5, orderId: 'C536379' });
    // A return does not set the price, and its description only fills a missing title (its facts hold
    // as of FILL_ONLY_TIME); D (Discount) is not a product, so it is never recommended.
    expect(ret.item).toEqual({
      sku: 'D',
      title: 'Discount',
      currency: 'GBP',
      attributes: { recommendable: false },
      asOf: new Date(FILL_ONLY_TIME),
    });

    const anonymous = rows.find((r) => r.line === 7)!;
    expect(anonymous.event).toMatchObject({ customerId: null, sku: '21773', type: 'purchase' });
    expect(anonymous.customer).toBeNull();
  });

  it('tells the stock codes that are not products from those that are', () => {
    const not = [
      'POST',
      'DOT',
      'C2',
      'M',
      'BANK CHARGES',
      'gift_0001_10',
      'ADJUST',
      'ADJUST2',
      'TEST001',
      'TEST002',
    ];
    for (const sku of not) expect(isNonProductCode(sku), sku).toBe(true);
    for (const sku of ['85123A', '22423', 'DOTS', 'TESTER', 'ADJUSTABLE', 'POST1', 'test001'])
      expect(isNonProductCode(sku), sku).toBe(false);
  });

  it('gives an exact duplicate row the same event id and different rows different ids', async () => {
    const rows = await readAll(read, 'online-retail-small.csv');
    const ids = rows.filter((r) => r.event).map((r) => r.event!.eventId);
    expect(rows.find((r) => r.line === 4)!.event!.eventId).toBe(
      rows.find((r) => r.line === 5)!.event!.eventId,
    );
    expect(new Set(ids).size).toBe(ids.length - 1);
  });

  it('fails before yielding anything when the header lacks columns, naming them', async () => {
    await expect(readAll(read, 'bad-header.csv')).rejects.toThrow(ImportInputError);
    // Its `Invoice` is Online Retail II's name for InvoiceNo (below); the rest are nobody's.
    await expect(readAll(read, 'bad-header.csv')).rejects.toThrow(
      'lacks the columns Quantity, CustomerID (or Customer ID) (Customer is close: rename it) (found: "Invoice, StockCode, Description, Qty, InvoiceDate, UnitPrice, Customer, Country")',
    );
    await expect(readAll(read, 'events-small.csv')).rejects.toThrow(/not in the online-retail format/);
  });

  it("reads Online Retail II's column names as the same columns, and names the file's columns in rejects", async () => {
    // UCI Online Retail II (2009-2011) calls InvoiceNo, UnitPrice and CustomerID Invoice, Price and
    // Customer ID; its values are written as Online Retail's. The same rows under its header give the
    // same events (ids hash the values, not the names) and facts.
    const [header, ...records] = readFileSync(fixture('online-retail-small.csv'), 'utf8').split('\n');
    expect(header).toBe('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country');
    const renamed = [
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
      ...records,
    ];
    const rows: ParsedRow[] = [];
    const input = (async function* () {
      yield renamed.join('\n');
    })();
    for await (const chunk of read(input, 'retail-ii.csv')) rows.push(...chunk);
    const original = await readAll(read, 'online-retail-small.csv');
    const valid = (r: ParsedRow[]) =>
      r.filter((x) => x.event).map(({ event, item, customer }) => ({ event, item, customer }));
    expect(valid(rows)).toEqual(valid(original));
    expect(valid(rows)).toHaveLength(8);
    expect(problemsOf(rows)).toEqual([
      '9:InvoiceDate:unparseable date',
      '10:Quantity:non-numeric quantity',
      '11:StockCode:missing id',
      '12:Price:negative price',
      '13:Quantity:non-positive quantity',
      '14:Quantity:non-positive quantity',
      '15:Quantity:non-numeric quantity',
      '15:InvoiceDate:unparseable date',
      '15:Price:negative price',
    ]);
  });
});
