import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMAT_READERS, type ParsedRow } from '../../src/import/index.js';
import { problemsOf } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(format: 'items' | 'customers', name: string, text: string): Promise<ParsedRow[]> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const rows: ParsedRow[] = [];
  for await (const chunk of FORMAT_READERS[format](createReadStream(path), path)) rows.push(...chunk);
  return rows;
}

describe('items reader', () => {
  it('reads each row as an item, its empty fields left out, and rejects bad fields with line and reason', async () => {
    const rows = await read(
      'items',
      'items.csv',
      [
        'SKU,Title,Category,Price,Currency,Stock,Recommendable,Supplier',
        'm1, Blue mug ,Home > Kitchen > Mugs,12.5,eur,40,,ACME',
        'g1,Gift card,,,,,no,',
        'm2,,,,,-3,,',
        ',Nameless,,1,,,,',
        'm3,Plate,,-1,,2.5,maybe,',
        'm4,Bowl,,ten,,1e10,,',
        '',
      ].join('\n'),
    );
    expect(rows.map((r) => r.item)).toEqual([
      {
        sku: 'm1',
        title: 'Blue mug',
        categoryPath: ['Home', 'Kitchen', 'Mugs'],
        price: 12.5,
        currency: 'EUR',
        stock: 40,
        attributes: { Supplier: 'ACME' }, // a column the layout does not read: an attribute, as written
      },
      { sku: 'g1', title: 'Gift card', attributes: { recommendable: false } },
      { sku: 'm2', stock: -3 }, // oversold: below zero is out of stock
      null,
      null,
      null,
    ]);
    expect(rows.every((r) => r.event === null && r.customer === null)).toBe(true);
    expect(problemsOf(rows)).toEqual([
      '5:sku:missing id',
      '6:price:negative price',
      '6:stock:non-integer stock',
      '6:recommendable:not true or false',
      '7:price:non-numeric price',
      '7:stock:stock out of range',
    ]);
  });

  it('reads NDJSON, and a CSV separated by semicolons with decimal commas', async () => {
    const ndjson = await read(
      'items',
      'items.ndjson',
      '{"sku":"m1","price":12.5,"stock":3,"recommendable":true}\n{"sku":"m2","price":"x"}\n',
    );
    expect(ndjson[0]!.item).toEqual({
      sku: 'm1',
      price: 12.5,
      stock: 3,
      attributes: { recommendable: true },
    });
    expect(problemsOf(ndjson)).toEqual(['2:price:non-numeric price']);
    const semicolons = await read('items', 'items-semi.csv', 'sku;title;price\nm1;Mug, blue;12,5\n');
    expect(semicolons[0]!.item).toEqual({ sku: 'm1', title: 'Mug, blue', price: 12.5 });
  });

  it('fails before any row when the header has no sku column', async () => {
    await expect(read('items', 'no-sku.csv', 'title,price\nMug,1\n')).rejects.toThrow(
      /not in the items format: its header lacks the column sku \(found: "title, price"\)/,
    );
  });
});

describe('customers reader', () => {
  it('reads each row as a customer with the consent it records, and rejects what is not yes or no', async () => {
    const rows = await read(
      'customers',
      'customers.csv',
      [
        'customer_id,country,consent_marketing,consent_personalization,consent_analytics',
        'c1,DE,yes,Y,1',
        'c2,,No,false,0',
        'c3,FR,,,',
        'c4,,perhaps,,',
        ',DE,yes,,',
        '',
      ].join('\n'),
    );
    expect(rows.map((r) => r.customer)).toEqual([
      {
        externalId: 'c1',
        country: 'DE',
        consent: { marketing: true, personalization: true, analytics: true },
      },
      { externalId: 'c2', consent: { marketing: false, personalization: false, analytics: false } },
      { externalId: 'c3', country: 'FR' },
      null,
      null,
    ]);
    expect(problemsOf(rows)).toEqual(['5:consent_marketing:not true or false', '6:customer_id:missing id']);
  });
});
