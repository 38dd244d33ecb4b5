import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMAT_READERS, type ParsedRow } from '../../src/import/index.js';
import { problemsOf, readAll } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-shopify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// shopify-orders.csv: Shopify's orders export header, six line items of four orders, written by Python's
// csv module. Times below are epoch milliseconds from Python's datetime.strptime(..., '%Y-%m-%d %H:%M:%S %z').
describe('Shopify orders reader', () => {
  it('reads each line item as a purchase, taking the order’s columns from its first row', async () => {
    const rows = await readAll(FORMAT_READERS['shopify-orders'], 'shopify-orders.csv');
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.event)).toEqual([
      {
        eventId: 'sh-#1001-1',
        type: 'purchase',
        customerId: 'alice@example.com',
        sku: 'MUG-1',
        timestamp: new Date(1709283600000),
        quantity: 2,
        unitPrice: 12.5,
        orderId: '#1001',
      },
      {
        eventId: 'sh-#1001-2',
        type: 'purchase',
        customerId: 'alice@example.com',
        sku: 'TT-1',
        timestamp: new Date(1709283600000), // from the order's first row
        quantity: 1,
        unitPrice: 5,
        orderId: '#1001',
      },
      {
        // No SKU: the product's name is its key.
        eventId: 'sh-#1002-1',
        type: 'purchase',
        customerId: 'bob@example.com',
        sku: 'Gift wrapping',
        timestamp: new Date(1709400600000),
        quantity: 1,
        unitPrice: 3,
        orderId: '#1002',
      },
      {
        // Cancelled (voided): wanted, not bought.
        eventId: 'sh-#1003-1',
        type: 'add_to_cart',
        customerId: 'carol@example.com',
        sku: 'MUG-1',
        timestamp: new Date(1709449200000),
        quantity: 1,
        unitPrice: 12.5,
        orderId: '#1003',
      },
      null,
      {
        // A guest order: no email, an anonymous event; the second line of an order whose first was rejected.
        eventId: 'sh-#1004-2',
        type: 'purchase',
        customerId: null,
        sku: 'TT-1',
        timestamp: new Date(1709550000000),
        quantity: 3,
        unitPrice: 5,
        orderId: '#1004',
      },
    ]);
    expect(problemsOf(rows)).toEqual(['6:Lineitem quantity:non-numeric quantity']);
    expect(rows.map((r) => r.item)).toEqual([
      { sku: 'MUG-1', title: 'Blue mug', price: 12.5, currency: 'EUR' },
      { sku: 'TT-1', title: 'Tea towel, linen', price: 5, currency: 'EUR' },
      { sku: 'Gift wrapping', title: 'Gift wrapping', price: 3, currency: 'EUR' },
      { sku: 'MUG-1', title: 'Blue mug', price: 12.5, currency: 'EUR' },
      null,
      { sku: 'TT-1', title: 'Tea towel, linen', price: 5, currency: 'EUR' },
    ]);
    // Country from billing, else shipping; Accepts Marketing as the marketing consent.
    expect(rows.map((r) => r.customer)).toEqual([
      { externalId: 'alice@example.com', country: 'DE', consent: { marketing: true } },
      { externalId: 'alice@example.com', country: 'DE', consent: { marketing: true } },
      { externalId: 'bob@example.com', country: 'FR', consent: { marketing: false } },
      { externalId: 'carol@example.com', consent: { marketing: true } },
      null,
      null,
    ]);
  });

  it('numbers the lines of an order on where its rows come apart, and a blank Name continues the order above', async () => {
    const path = join(dir, 'apart.csv');
    writeFileSync(
      path,
      [
        'Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem price',
        '#1,a@x.com,2024-03-01 10:00:00 +0100,1,Mug,2',
        '#2,b@x.com,2024-03-01 11:00:00 +0100,1,Mug,2',
        '#1,a@x.com,2024-03-01 10:00:00 +0100,1,Plate,3',
        ',,,1,Bowl,4',
        '',
      ].join('\n'),
    );
    const rows: ParsedRow[] = [];
    for await (const chunk of FORMAT_READERS['shopify-orders'](createReadStream(path), path))
      rows.push(...chunk);
    expect(rows.map((r) => [r.event?.eventId, r.event?.customerId, r.event?.sku])).toEqual([
      ['sh-#1-1', 'a@x.com', 'Mug'],
      ['sh-#2-1', 'b@x.com', 'Mug'],
      ['sh-#1-2', 'a@x.com', 'Plate'],
      ['sh-#1-3', 'a@x.com', 'Bowl'],
    ]);
  });

  it('leaves out an empty line item name, which would blank the stored title', async () => {
    const path = join(dir, 'untitled.csv');
    writeFileSync(
      path,
      'Name,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n#1,2024-03-01 10:00:00 +0100,1,,2,MUG-1\n',
    );
    const rows: ParsedRow[] = [];
    for await (const chunk of FORMAT_READERS['shopify-orders'](createReadStream(path), path))
      rows.push(...chunk);
    expect(rows.map((r) => r.item)).toEqual([{ sku: 'MUG-1', price: 2 }]);
  });

  it('fails before any row when the file is not an orders export', async () => {
    await expect(readAll(FORMAT_READERS['shopify-orders'], 'events-small.csv')).rejects.toThrow(
      /not in the shopify-orders format: its header lacks the columns Name, Created at, Lineitem quantity, Lineitem name, Lineitem price/,
    );
  });
});
