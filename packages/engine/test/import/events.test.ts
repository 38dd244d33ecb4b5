import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMAT_READERS, type ParsedRow } from '../../src/import/index.js';
import { problemsOf, readAll } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = FORMAT_READERS.events;

describe('events reader (CSV)', () => {
  it('rejects bad rows with line, field and reason', async () => {
    const rows = await readAll(read, 'events-small.csv');
    expect(rows).toHaveLength(12);
    expect(problemsOf(rows)).toEqual([
      '7:timestamp:unparseable date',
      '8:quantity:non-positive quantity',
      '9:type:unknown event type',
      '10:event_id:missing id',
      '11:unit_price:negative price',
      '12:sku:missing id',
    ]);
  });

  it('reads events, item facts and customer country', async () => {
    const rows = await readAll(read, 'events-small.csv');
    expect(rows[0]!.event).toMatchObject({
      eventId: 'e1',
      type: 'view',
      customerId: 'c1',
      sku: 'sku-1',
      sessionId: 's1',
    });
    expect(rows[0]!.item).toEqual({
      sku: 'sku-1',
      title: 'Blue mug',
      categoryPath: ['Home', 'Kitchen', 'Mugs'],
      price: 12.5,
      currency: 'EUR',
      stock: 40,
    });
    expect(rows[0]!.customer).toEqual({ externalId: 'c1', country: 'DE' });
    // Epoch milliseconds from Python's datetime.fromisoformat (see field-parsers.test.ts).
    expect(rows[1]!.event!.timestamp.getTime()).toBe(1709283660000);
    expect(rows[1]!.event).toMatchObject({ type: 'add_to_cart', quantity: 2, unitPrice: 12.5 });
    expect(rows[3]!.event).toMatchObject({ type: 'search', customerId: null, sku: null, query: 'blue mug' });
    expect(rows[4]!.event).toMatchObject({ type: 'rating', rating: 4 });
    expect(rows[4]!.event!.timestamp.getTime()).toBe(1709337600000);
  });
});

describe('events reader (CSV separated by semicolons or tabs)', () => {
  // The same rows as events-small.csv (written from it by Python's csv module): with semicolons and
  // decimal commas (12,5) as spreadsheets write them where the comma is the decimal mark, and with tabs.
  const comma = () => readAll(read, 'events-small.csv');

  it('reads a file separated by semicolons, numbers with a decimal comma, as the comma-separated one', async () => {
    const rows = await readAll(read, 'events-small-semicolon.csv');
    expect(rows.map(({ raw, ...rest }) => rest)).toEqual((await comma()).map(({ raw, ...rest }) => rest));
    expect(rows[1]!.event).toMatchObject({ type: 'add_to_cart', quantity: 2, unitPrice: 12.5 });
    expect(rows[0]!.item).toMatchObject({ sku: 'sku-1', price: 12.5, stock: 40 });
    expect(rows[1]!.raw).toBe('e2;add_to_cart;c1;sku-1;2024-03-01T10:01:00+01:00;2;12,5;;;s1;;;;;;;');
  });

  it('reads a file separated by tabs as the comma-separated one', async () => {
    const rows = await readAll(read, 'events-small-tab.tsv');
    expect(rows.map(({ raw, ...rest }) => rest)).toEqual((await comma()).map(({ raw, ...rest }) => rest));
  });

  it('keeps commas in text, and rejects a number with both marks, in a file separated by semicolons', async () => {
    const path = join(dir, 'semi.csv');
    writeFileSync(
      path,
      'type;customer_id;sku;timestamp;quantity;unit_price;title\n' +
        'purchase;c1;s1;2024-03-01T10:00:00Z;1;1.234,50;Mug, blue\n' +
        'purchase;c1;s2;2024-03-01T10:00:00Z;-1,5;3.25;Plate\n' +
        'purchase;c1;s3;2024-03-01T10:00:00Z;1,5;3.25;Mug, blue\n' +
        'view;c1;s4;2024-03-01T10:00:00Z;;;"Plate; white"\n',
    );
    const rows: ParsedRow[] = [];
    for await (const chunk of read(createReadStream(path), path)) rows.push(...chunk);
    // -1,5 is read as a number (a purchase of -1.5), 1.234,50 is not.
    expect(problemsOf(rows)).toEqual(['2:unit_price:non-numeric price', '3:quantity:non-positive quantity']);
    expect(rows[2]!.event).toMatchObject({ sku: 's3', quantity: 1.5, unitPrice: 3.25 });
    expect(rows[2]!.item).toMatchObject({ sku: 's3', title: 'Mug, blue' });
    expect(rows[3]!.item).toMatchObject({ sku: 's4', title: 'Plate; white' });
  });
});

describe('events reader (NDJSON)', () => {
  it('reads JSON values, rejects bad fields and lines that are not JSON', async () => {
    const rows = await readAll(read, 'events-small.ndjson');
    expect(rows).toHaveLength(5);
    expect(problemsOf(rows)).toEqual(['3:quantity:non-numeric quantity', '4:(row):invalid JSON']);
    expect(rows[0]!.item).toEqual({
      sku: 'sku-1',
      title: 'Blue mug',
      categoryPath: ['Home', 'Kitchen'],
      price: 12.5,
    });
    expect(rows[1]!.event).toMatchObject({ eventId: 'n2', quantity: 2, unitPrice: 12.5, orderId: 'o1' });
    expect(rows[4]!.event).toMatchObject({ type: 'search', customerId: null, query: 'mug' });
  });

  it('refuses a JSON object, list, true or false where a value belongs, naming each field; numbers as ids are text', async () => {
    const path = join(dir, 'nested.ndjson');
    const base = {
      event_id: 'x',
      type: 'view',
      timestamp: '2024-03-01T10:00:00Z',
      customer_id: 'c1',
      sku: 's1',
    };
    writeFileSync(
      path,
      [
        { ...base, event_id: 'n1' },
        { ...base, event_id: 'n2', sku: { x: 1 } },
        { ...base, event_id: 'n3', customer_id: ['c1'], title: { en: 'Mug' } },
        { ...base, event_id: 'n4', customer_id: 21, sku: 7 },
        { ...base, event_id: true, title: false },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const rows: ParsedRow[] = [];
    for await (const chunk of read(createReadStream(path), path)) rows.push(...chunk);
    const reason = 'a JSON object or list where one value belongs';
    const yesNo = 'a JSON true or false where text or a number belongs';
    expect(problemsOf(rows)).toEqual([
      `2:sku:${reason}`,
      `3:customer_id:${reason}`,
      `3:title:${reason}`,
      `5:event_id:${yesNo}`,
      `5:title:${yesNo}`,
    ]);
    expect(rows[3]!.event).toMatchObject({ eventId: 'n4', customerId: '21', sku: '7' });
  });

  it('refuses a header that names a column it reads twice, saying which columns', async () => {
    const path = join(dir, 'twice.csv');
    writeFileSync(path, 'event_id,type,timestamp,sku,SKU,note,note\na,view,2024-03-01T10:00:00Z,s1,s2,x,y\n');
    await expect(async () => {
      for await (const _ of read(createReadStream(path), path));
    }).rejects.toThrow(`${path}: its header has the column sku more than once (columns 4, 5): keep one`);
  });

  it('reads event types without regard to case, as column names', async () => {
    const path = join(dir, 'types.csv');
    writeFileSync(
      path,
      'event_id,type,timestamp,customer_id,sku\na,View,2024-03-01T10:00:00Z,c1,s1\nb,ADD_TO_CART,2024-03-01T10:00:00Z,c1,s1\nc,Looked,2024-03-01T10:00:00Z,c1,s1\n',
    );
    const rows: ParsedRow[] = [];
    for await (const chunk of read(createReadStream(path), path)) rows.push(...chunk);
    expect(rows.map((r) => r.event?.type ?? null)).toEqual(['view', 'add_to_cart', null]);
    expect(problemsOf(rows)).toEqual(['4:type:unknown event type']);
  });

  it('fails fast on a file that is neither the CSV layout nor NDJSON', async () => {
    await expect(readAll(read, 'online-retail-small.csv')).rejects.toThrow(
      /not in the events format: its header lacks the columns type, timestamp/,
    );
  });
});

// Reference ids from an independent Python implementation of cyrb53 (checked against the published
// value of cyrb53('a')): 'ev-' + base36(cyrb53(fields joined by U+001F, seed)) for seeds 0 and
// 0x9e3779b9, '-' between, the fields being type, customer, sku, ISO time in UTC with milliseconds,
// quantity, unit price, rating, query, session id and order id.
const PURCHASE_ID = 'ev-1ib9hkno7d5-19xso2nn2k1';
const VIEW_ID = 'ev-18xpmap7tw0-igk0ty2dm7';

describe('events reader without an event_id column', () => {
  it('derives each id from what the event says (CSV)', async () => {
    const rows = await readAll(read, 'events-no-id.csv');
    expect(problemsOf(rows)).toEqual(['6:sku:missing id']);
    const ids = rows.map((r) => r.event?.eventId ?? null);
    // Line 3 says what line 2 says (the same instant in another zone, 12.50 for 12.5): one event.
    expect(ids).toEqual([PURCHASE_ID, PURCHASE_ID, expect.stringMatching(/^ev-/), VIEW_ID, null]);
    expect(ids[2]).not.toBe(PURCHASE_ID); // another quantity
    expect(rows[0]!.event).toMatchObject({ type: 'purchase', customerId: 'c1', quantity: 2, orderId: 'o1' });
  });

  it('derives ids for NDJSON records without one when the first record has no event_id key', async () => {
    const rows = await readAll(read, 'events-no-id.ndjson');
    expect(problemsOf(rows)).toEqual([]);
    expect(rows.map((r) => r.event!.eventId)).toEqual([PURCHASE_ID, PURCHASE_ID, 'given-1', VIEW_ID]);
  });

  it('still rejects a row without an id when the file has the column', async () => {
    const rows = await readAll(read, 'events-small.csv');
    expect(problemsOf(rows)).toContain('10:event_id:missing id');
  });
});
