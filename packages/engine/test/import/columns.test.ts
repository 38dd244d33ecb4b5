import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nearColumn } from '../../src/import/formats/columns.js';
import {
  detectFormat,
  FORMAT_READERS,
  type HeaderColumns,
  type ImportFormat,
  ImportInputError,
  type ParsedRow,
} from '../../src/import/index.js';
import { problemsOf } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file's rows in `format`, and what the reader told of its columns (null: nothing). */
async function read(
  format: ImportFormat,
  name: string,
  text: string,
): Promise<{ rows: ParsedRow[]; columns: HeaderColumns | null }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const rows: ParsedRow[] = [];
  let columns: HeaderColumns | null = null;
  for await (const chunk of FORMAT_READERS[format](createReadStream(path), path, (c) => (columns = c)))
    rows.push(...chunk);
  return { rows, columns };
}

const pathOf = (name: string) => join(dir, name);

describe('nearColumn', () => {
  const events = ['type', 'timestamp', 'event_id', 'customer_id', 'sku', 'unit_price', 'price', 'quantity'];
  it.each([
    ['customerId', 'customer_id'], // case and underscore aside
    ['unit price', 'unit_price'],
    ['Unit-Price', 'unit_price'],
    ['timestmp', 'timestamp'], // one letter missing
    ['timestmap', 'timestamp'], // two letters swapped: one edit
    ['quantiy', 'quantity'],
    ['skus', 'sku'],
  ])('%s is close to %s', (name, known) => {
    expect(nearColumn(name, events)).toBe(known);
  });
  it.each([['utm_source'], ['qty'], ['tier'], ['email'], ['customer_id'], ['Customer_ID'], ['']])(
    '%s is close to none (or is one)',
    (name) => {
      expect(nearColumn(name, events)).toBeNull();
    },
  );
});

describe('columns a layout does not read', () => {
  it('refuses a near miss of a column the header lacks, naming each with the column it seems to mean', async () => {
    const text =
      'event_id,type,customerId,sku,timestamp,quantity,unit price\nt1,purchase,C001,SKU-001,2024-03-01T10:00:00Z,2,12.5\n';
    const failure = read('events', 'typo.csv', text);
    await expect(failure).rejects.toThrow(ImportInputError);
    await expect(failure).rejects.toThrow(
      `${pathOf('typo.csv')} has wrong columns for the events format: customerId (did you mean customer_id?), unit price (did you mean unit_price?); rename them and import again (nothing was imported)`,
    );
    // NDJSON: the first record's keys, alike; as the reader takes them, with their case.
    await expect(read('customers', 'case.ndjson', '{"customer_id":"c1","Country":"DE"}\n')).rejects.toThrow(
      'has wrong columns for the customers format: Country (did you mean country?)',
    );
    await expect(
      read('customers', 'typo.ndjson', '{"customer_id":"c1","consent_marketting":"yes"}\n'),
    ).rejects.toThrow(
      'has wrong columns for the customers format: consent_marketting (did you mean consent_marketing?)',
    );
  });

  it('lists the other unknown columns of an events file as ignored, and reads its rows', async () => {
    const { rows, columns } = await read(
      'events',
      'extra.csv',
      'event_id,type,customer_id,customerId,sku,timestamp,utm_source,\ne1,view,c1,x,s1,2024-03-01,mail,\n',
    );
    expect(columns).toEqual({
      ignored: [
        { name: 'customerId', suggestion: 'customer_id' }, // its column is there too: listed, not refused
        { name: 'utm_source', suggestion: null },
        { name: '(column 8)', suggestion: null },
      ],
      attributes: [],
    });
    expect(rows.map((r) => r.event?.customerId)).toEqual(['c1']);
  });

  it('says which required column a header misspells', async () => {
    await expect(read('events', 'no-type.csv', 'Typ,timestamp,sku\nview,2024-03-01,s1\n')).rejects.toThrow(
      'its header lacks the column type (Typ is close: rename it) (found: "Typ, timestamp, sku")',
    );
    await expect(read('events', 'no-ts.ndjson', '{"type":"view","timestmp":"2024-03-01"}\n')).rejects.toThrow(
      'its first record lacks the field timestamp (timestmp is close: rename it)',
    );
  });

  it('lists the keys later NDJSON records add that the layout does not read, with the column each seems to mean', async () => {
    const text = [
      '{"event_id":"e1","type":"view","customer_id":"c1","sku":"s1","timestamp":"2024-03-01T10:00:00Z"}',
      '{"event_id":"e2","type":"purchase","customer_id":"c1","sku":"s1","timestamp":"2024-03-01T11:00:00Z","quantity":1,"unit_prise":12.5}',
      '{"event_id":"e3","type":"purchase","customer_id":"c1","sku":"s1","timestamp":"2024-03-02T11:00:00Z","quantity":1,"Unit_Price":3}',
      '{"event_id":"e4","type":"view","customer_id":"c1","sku":"s1","timestamp":"2024-03-03T11:00:00Z","utm":"x","unit_prise":1}',
      '',
    ].join('\n');
    const { rows, columns } = await read('events', 'late-keys.ndjson', text);
    expect(rows).toHaveLength(4);
    // The purchases' prices are not read: their keys are misspelt, and the summary says so.
    expect(rows.map((r) => r.event?.unitPrice ?? null)).toEqual([null, null, null, null]);
    expect(columns).toEqual({
      ignored: [
        { name: 'unit_prise', suggestion: 'unit_price' },
        { name: 'Unit_Price', suggestion: 'unit_price' },
        { name: 'utm', suggestion: null },
      ],
      attributes: [],
    });
  });

  it('lists a near miss in a Shopify export without refusing it (Shopify writes its columns)', async () => {
    const { rows, columns } = await read(
      'shopify-orders',
      'orders.csv',
      'Name,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem_sku,Vendor\n#1001,2024-03-01 10:00:00 +0100,1,Mug,12.5,m1,ACME\n',
    );
    expect(columns!.ignored).toEqual([
      { name: 'Lineitem_sku', suggestion: 'Lineitem sku' },
      { name: 'Vendor', suggestion: null },
    ]);
    expect(rows).toHaveLength(1);
  });
});

describe('attributes of customers and items', () => {
  it("takes a customers file's other columns as attributes, flagging names that look like direct identifiers", async () => {
    const { rows, columns } = await read(
      'customers',
      'customers.csv',
      'customer_id,country,tier,email\nc1,DE, gold ,c1@example.com\nc2,FR,,\n',
    );
    expect(columns).toEqual({
      ignored: [],
      attributes: [
        { name: 'tier', identifier: null },
        { name: 'email', identifier: 'e-mail address' },
      ],
    });
    expect(rows.map((r) => r.customer)).toEqual([
      { externalId: 'c1', country: 'DE', attributes: { tier: 'gold', email: 'c1@example.com' } },
      { externalId: 'c2', country: 'FR' }, // blank: leaves what is stored
    ]);
  });

  it('keeps JSON numbers and booleans of NDJSON, and rejects a nested value, an over-long text or a NUL', async () => {
    const long = 'x'.repeat(1001);
    const { rows, columns } = await read(
      'customers',
      'customers.ndjson',
      [
        '{"customer_id":"c1","tier":"gold","orders":3,"vip":true,"note":null}',
        '{"customer_id":"c2","address":{"city":"Bonn"}}',
        `{"customer_id":"c3","tier":"${long}"}`,
        '{"customer_id":"c4","tier":"a\\u0000b"}',
        '{"customer_id":"c5","later":"key","Country":"DE"}',
        '{"customer_id":"c6","a":[1],"b":"x\\u0000y"}',
        '',
      ].join('\n'),
    );
    expect(rows.map((r) => r.customer)).toEqual([
      { externalId: 'c1', attributes: { tier: 'gold', orders: 3, vip: true } },
      null,
      null,
      null,
      // A key of a later record is an attribute too, but not a case variant of a known one.
      { externalId: 'c5', attributes: { later: 'key' } },
      null,
    ]);
    expect(problemsOf(rows)).toEqual([
      '2:address:a JSON object or list where one value belongs',
      '3:tier:attribute too long',
      '4:tier:NUL character',
      '6:a:a JSON object or list where one value belongs',
      '6:b:NUL character',
    ]);
    expect(rows.slice(1, 4).map((r) => r.customerId)).toEqual(['c2', 'c3', 'c4']);
    // The summary lists the attributes later records add, and ignores the case variant of a known key.
    expect(columns).toEqual({
      ignored: [{ name: 'Country', suggestion: 'country' }],
      attributes: [
        { name: 'tier', identifier: null },
        { name: 'orders', identifier: null },
        { name: 'vip', identifier: null },
        { name: 'note', identifier: null },
        { name: 'address', identifier: 'postal address' },
        { name: 'later', identifier: null },
        { name: 'a', identifier: null },
        { name: 'b', identifier: null },
      ],
    });
  });

  it("merges an items file's other columns with recommendable into the item's attributes", async () => {
    const { rows, columns } = await read(
      'items',
      'items.csv',
      'sku,title,supplier,recommendable\nm1,Mug,ACME,no\nm2,Plate,,\n',
    );
    expect(columns!.attributes).toEqual([{ name: 'supplier', identifier: null }]);
    expect(rows.map((r) => r.item)).toEqual([
      { sku: 'm1', title: 'Mug', attributes: { supplier: 'ACME', recommendable: false } },
      { sku: 'm2', title: 'Plate' },
    ]);
  });

  it('refuses an attribute column named twice, and more than 50 of them', async () => {
    await expect(read('customers', 'twice.csv', 'customer_id,tier,tier\nc1,a,b\n')).rejects.toThrow(
      'its header has the column tier more than once: keep one',
    );
    const many = Array.from({ length: 51 }, (_, i) => `a${i}`);
    await expect(
      read('customers', 'many.csv', `customer_id,${many.join(',')}\nc1${',x'.repeat(51)}\n`),
    ).rejects.toThrow('has 51 columns taken as attributes');
  });
});

describe("another format's file", () => {
  const events = 'event_id,type,customer_id,sku,timestamp,title,price\ne1,view,c1,s1,2024-03-01,Mug,3\n';
  it('refuses an events file given as items or as customers, naming the format it looks like', async () => {
    await expect(read('items', 'ev-items.csv', events)).rejects.toThrow(
      `${pathOf('ev-items.csv')} looks like an events file, not a catalog (items): its header has type, timestamp, event_id; import it with --format events`,
    );
    await expect(read('customers', 'ev-customers.csv', events)).rejects.toThrow(
      'looks like an events file, not customers: its header has type, timestamp, event_id',
    );
    await expect(
      read('items', 'ev-items.ndjson', '{"type":"view","timestamp":"2024-03-01","sku":"s1"}\n'),
    ).rejects.toThrow('looks like an events file, not a catalog (items): its header has type, timestamp');
  });

  it("refuses a file naming the other record's key (customer_id in items, sku in customers)", async () => {
    await expect(read('items', 'orders.csv', 'sku,customer_id,price\ns1,c1,3\n')).rejects.toThrow(
      'is not a catalog (items): its header has customer_id',
    );
    await expect(read('customers', 'catalog.csv', 'customer_id,sku\nc1,s1\n')).rejects.toThrow(
      'is not customers: its header has sku',
    );
  });

  it('refuses a JSON array, saying NDJSON needs one object per line (given a format or not)', async () => {
    const text = '[\n {"type":"view","timestamp":"2024-03-01","sku":"s1"}\n]\n';
    const message = `${pathOf('arr.json')} holds a JSON array: NDJSON needs one JSON object per line`;
    await expect(read('events', 'arr.json', text)).rejects.toThrow(message);
    await expect(detectFormat(pathOf('arr.json'))).rejects.toThrow(message);
  });
});
