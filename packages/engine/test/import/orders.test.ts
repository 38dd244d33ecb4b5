import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HeaderColumns } from '../../src/import/formats/columns.js';
import { FORMAT_READERS, type FormatReader, type ParsedRow } from '../../src/import/index.js';
import { problemsOf, readAll } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-orders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = FORMAT_READERS.orders;

/** The rows `reader` makes of a file holding `text`, and the columns it told. */
async function rowsOf(
  text: string,
  name = 'orders.csv',
  reader: FormatReader = read,
): Promise<{ rows: ParsedRow[]; columns: HeaderColumns | null }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const rows: ParsedRow[] = [];
  let columns: HeaderColumns | null = null;
  for await (const chunk of reader(createReadStream(path), path, (c) => (columns = c))) rows.push(...chunk);
  return { rows, columns };
}

// orders-small.csv, read by hand: lines 2-5 valid, 6 a repeat of 2, 7-11 one or two bad fields each.
describe('orders reader', () => {
  it('makes a purchase of each order line, a return of a negative quantity, and a guest line anonymous', async () => {
    const rows = await readAll(read, 'orders-small.csv');
    expect(rows).toHaveLength(10);
    expect(rows[0]!.event).toMatchObject({
      type: 'purchase',
      customerId: 'c1',
      sku: 'A',
      quantity: 2,
      unitPrice: 10.5,
      orderId: '1001',
      timestamp: new Date('2024-03-01T10:00:00Z'),
    });
    expect(rows[0]!.item).toEqual({
      sku: 'A',
      title: 'Blue mug',
      categoryPath: ['Home', 'Mugs'],
      price: 10.5,
      currency: 'EUR',
    });
    expect(rows[0]!.customer).toEqual({ externalId: 'c1', country: 'DE' });
    // No quantity: one unit.
    expect(rows[1]!.event).toMatchObject({ type: 'purchase', sku: 'B', quantity: 1, unitPrice: 4 });
    expect(rows[1]!.item).toEqual({ sku: 'B', price: 4 });
    expect(rows[1]!.customer).toEqual({ externalId: 'c1' });
    // A guest line: no customer, still an event of its item (as Online Retail's rows without CustomerID).
    expect(rows[2]!.event).toMatchObject({ type: 'purchase', customerId: null, sku: 'A', quantity: 1 });
    expect(rows[2]!.event!.timestamp.toISOString()).toBe('2024-03-02T09:30:00.000Z');
    expect(rows[2]!.customer).toBeNull();
    // -1: a return of one unit; its price is not the item's (as Online Retail's C invoices).
    expect(rows[3]!.event).toMatchObject({ type: 'return', customerId: 'c2', quantity: 1, unitPrice: 10.5 });
    expect(rows[3]!.event!.timestamp.toISOString()).toBe('2024-03-05T11:00:00.000Z');
    expect(rows[3]!.item).toEqual({ sku: 'A', title: 'Blue mug' });
    expect(rows[3]!.customer).toEqual({ externalId: 'c2', country: 'FR' });
  });

  it('derives the same id for an identical line, and another for any other line', async () => {
    const rows = await readAll(read, 'orders-small.csv');
    const ids = rows.slice(0, 5).map((r) => r.event!.eventId);
    expect(ids[4]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^ev-[0-9a-z]+-[0-9a-z]+$/);
  });

  it('rejects bad rows with line, field and reason, every bad field of a row', async () => {
    const rows = await readAll(read, 'orders-small.csv');
    expect(problemsOf(rows)).toEqual([
      '7:quantity:zero quantity',
      '8:created_at:unparseable date',
      '9:sku:missing id',
      '9:unit_price:non-numeric price',
      '10:order_id:missing id',
      '11:unit_price:negative price',
    ]);
    // A rejected row keeps its customer with the rejects (erasure removes them).
    expect(rows[5]!.customerId).toBe('c2');
  });

  it('gives a line the id an events file without ids gives the same purchase, CSV or NDJSON', async () => {
    const csv = await rowsOf(
      'order_id,customer_id,sku,quantity,unit_price,created_at\n1001,c1,A,2,10.50,2024-03-01T11:00:00+01:00\n',
    );
    const ndjson = await rowsOf(
      '{"order_id":"1001","customer_id":"c1","sku":"A","quantity":2,"unit_price":10.5,"ordered_at":"2024-03-01T10:00:00Z"}\n',
      'orders.ndjson',
    );
    const events = await rowsOf(
      'type,customer_id,sku,quantity,unit_price,timestamp,order_id\npurchase,c1,A,2,10.5,2024-03-01T10:00:00Z,1001\n',
      'events.csv',
      FORMAT_READERS.events,
    );
    const id = events.rows[0]!.event!.eventId;
    expect(csv.rows[0]!.event!.eventId).toBe(id);
    expect(ndjson.rows[0]!.event!.eventId).toBe(id);
    // And the id of orders-small.csv's first line, the same purchase.
    expect((await readAll(read, 'orders-small.csv'))[0]!.event!.eventId).toBe(id);
  });

  it('reads semicolons with decimal commas and tabs, and names an aliased column in rejects as the file does', async () => {
    const { rows } = await rowsOf(
      'Order_ID;SKU;Order_Date;Quantity;Unit_Price\n1;A;2024-03-01;-2;3,5\n2;B;1.3.2024;1;1\n',
    );
    expect(rows[0]!.event).toMatchObject({ type: 'return', sku: 'A', quantity: 2, unitPrice: 3.5 });
    expect(problemsOf(rows)).toEqual(['3:Order_Date:unparseable date']);
    const tab = await rowsOf('order_id\tsku\tdate\n1\tA\t2024-03-01\n', 'orders.tsv');
    expect(tab.rows[0]!.event).toMatchObject({ orderId: '1', sku: 'A', quantity: 1, unitPrice: null });
    const ndjson = await rowsOf('{"order_id":"1","sku":"A","created_at":"soon"}\n', 'bad.ndjson');
    expect(problemsOf(ndjson.rows)).toEqual(['1:created_at:unparseable date']);
  });

  it('keeps the ids of an event_id (or line_id) column, a row without one rejected', async () => {
    const { rows } = await rowsOf('line_id,order_id,sku,timestamp\nL1,1,A,2024-03-01\n,1,B,2024-03-01\n');
    expect(rows[0]!.event!.eventId).toBe('L1');
    expect(problemsOf(rows)).toEqual(['3:line_id:missing id']);
  });

  it('fails a file without an order id, SKU or time column, and one naming the time twice, naming the columns', async () => {
    await expect(rowsOf('order_id,sku,quantity\n1,A,1\n')).rejects.toThrow(
      /is not in the orders format: its header lacks the column timestamp \(or created_at or order_date or ordered_at or date\) \(found: "order_id, sku, quantity"\)/,
    );
    await expect(rowsOf('{"order_id":"1","created_at":"2024-03-01"}\n', 'o.ndjson')).rejects.toThrow(
      /its first record lacks the field sku$/,
    );
    await expect(rowsOf('order_id,sku,created_at,date\n')).rejects.toThrow(
      /has the column timestamp \(or another name of it\) more than once \(columns 3, 4\): keep one/,
    );
    await expect(
      rowsOf('{"order_id":"1","sku":"A","date":"2024-03-01","timestamp":"2024-03-01"}\n', 'o.ndjson'),
    ).rejects.toThrow(/has the field timestamp under more than one name \(timestamp, date\): keep one/);
  });

  it('lists a column near another name of a column the file has, and refuses one near a column it lacks', async () => {
    const { columns } = await rowsOf('order_id,sku,created_at,rate\n1,A,2024-03-01,5\n');
    expect(columns).toEqual({ ignored: [{ name: 'rate', suggestion: 'date' }], attributes: [] });
    await expect(rowsOf('order_id,sku,created_at,quantiy\n')).rejects.toThrow(
      /wrong columns for the orders format: quantiy \(did you mean quantity\?\)/,
    );
  });

  it('refuses an events file given as orders, and an order export given as events, saying which format', async () => {
    await expect(rowsOf('type,order_id,sku,timestamp\npurchase,1,A,2024-03-01\n')).rejects.toThrow(
      /looks like an events file, not orders: its header has type/,
    );
    await expect(
      rowsOf('order_id,customer_id,sku,quantity,unit_price,created_at\n', 'o.csv', FORMAT_READERS.events),
    ).rejects.toThrow(/looks like an order export, not events: .*import it with --format orders/);
  });
});
