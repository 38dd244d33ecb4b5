import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, ImportInputError } from '../../src/import/index.js';
import { fixture } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('detectFormat', () => {
  it('tells each format of the fixtures (slices of the real files) by its first line', async () => {
    expect(await detectFormat(fixture('online-retail-small.csv'))).toBe('online-retail');
    expect(await detectFormat(fixture('events-small.csv'))).toBe('events');
    expect(await detectFormat(fixture('events-small.ndjson'))).toBe('events');
    expect(await detectFormat(fixture('events-no-id.csv'))).toBe('events');
    expect(await detectFormat(fixture('movielens/u.data'))).toBe('movielens');
    expect(await detectFormat(fixture('movielens-1m/ratings.dat'))).toBe('movielens');
    expect(await detectFormat(fixture('movielens-latest/ratings.csv'))).toBe('movielens');
  });

  it('reads a gzipped file, Online Retail II and a header with a byte order mark and CRLF', async () => {
    const gz = join(dir, 'orders.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('online-retail-small.csv'))));
    expect(await detectFormat(gz)).toBe('online-retail');
    // Online Retail II's header, as UCI ships it.
    const ii = write(
      'ii.csv',
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n',
    );
    expect(await detectFormat(ii)).toBe('online-retail');
    const bom = write('bom.csv', '\uFEFF"event_id","type","timestamp"\r\ne1,view,2024-01-01\r\n');
    expect(await detectFormat(bom)).toBe('events');
    expect(await detectFormat(fixture('events-small-semicolon.csv'))).toBe('events');
    expect(await detectFormat(fixture('events-small-tab.tsv'))).toBe('events');
    expect(await detectFormat(fixture('shopify-orders.csv'))).toBe('shopify-orders');
    expect(await detectFormat(fixture('shopify-products.csv'))).toBe('shopify-products');
    expect(await detectFormat(fixture('shopify-customers.csv'))).toBe('shopify-customers');
  });

  it('tells a catalog by sku and a customer list by customer_id, one without the other', async () => {
    expect(await detectFormat(write('products.csv', 'SKU;Title;Price\nP-1;Mug;12\n'))).toBe('items');
    expect(await detectFormat(write('stock.tsv', 'sku\tstock\nP-1\t3\n'))).toBe('items');
    expect(await detectFormat(write('people.csv', '"customer_id","country"\nc1,DE\n'))).toBe('customers');
    expect(await detectFormat(write('items.ndjson', '{"sku":"P-1","stock":3}\n'))).toBe('items');
    expect(await detectFormat(write('people.ndjson', '{"customer_id":"c1"}\n'))).toBe('customers');
    // Events name both; without an event's type and time, a file naming both is neither.
    expect(
      await detectFormat(write('ev.ndjson', '{"type":"view","timestamp":"2024-01-01","sku":"P"}\n')),
    ).toBe('events');
    await expect(detectFormat(write('orders.csv', 'order,customer_id,sku,qty\n'))).rejects.toThrow(
      /cannot tell the format of .*orders\.csv from its first line \("order,customer_id,sku,qty"\)/,
    );
    // An NDJSON record of neither goes to the events reader, which names what it lacks.
    expect(await detectFormat(write('other.ndjson', '{"a":1}\n'))).toBe('events');
  });

  it('tells an order export by order_id, sku and a time column without type', async () => {
    const orders = 'order_id,customer_id,sku,quantity,unit_price,created_at\n';
    expect(await detectFormat(write('orders.csv', orders))).toBe('orders');
    expect(await detectFormat(write('orders-semi.csv', 'Order_ID;SKU;Order_Date\n'))).toBe('orders');
    expect(await detectFormat(write('orders.tsv', 'order_id\tsku\ttimestamp\tdate_shipped\n'))).toBe(
      'orders',
    );
    expect(
      await detectFormat(write('orders.ndjson', '{"order_id":"1","sku":"A","ordered_at":"2024-01-01"}\n')),
    ).toBe('orders');
    // With type and timestamp it is events; with type and another time column, neither.
    expect(await detectFormat(write('ev-order.csv', 'order_id,sku,type,timestamp\n'))).toBe('events');
    await expect(
      detectFormat(write('typed.csv', 'order_id,customer_id,sku,type,created_at\n')),
    ).rejects.toThrow(/cannot tell the format/);
    // Names spelt otherwise (spaces, case, no underscores) still make an order export, not a catalog of
    // items by its SKU column: the orders reader then asks to rename them.
    for (const header of [
      'Order ID,Customer ID,SKU,Quantity,Unit Price,Created At',
      'OrderId,CustomerId,Sku,Quantity,UnitPrice,CreatedAt',
      'orderId;customerId;sku;quantity;unitPrice;createdAt',
    ])
      expect(await detectFormat(write('near-orders.csv', `${header}\n`)), header).toBe('orders');
    expect(
      await detectFormat(write('near-orders.ndjson', '{"orderId":"1","sku":"A","createdAt":"2024-01-01"}\n')),
    ).toBe('orders');
    expect(await detectFormat(write('catalog.csv', 'sku,title,price,created_at\n'))).toBe('items');
    // Without a time column an order export is not told (customer_id and sku: neither items nor customers).
    await expect(detectFormat(write('no-time.csv', 'order_id,customer_id,sku\n'))).rejects.toThrow(
      /cannot tell the format/,
    );
  });

  it('fails naming the file and quoting its first line when it is no known layout', async () => {
    const other = write('products.csv', 'id,title,price\nP-1,Mug,12\n');
    const error = await detectFormat(other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportInputError);
    expect((error as Error).message).toBe(
      `cannot tell the format of ${other} from its first line ("id,title,price"): give --format online-retail, shopify-orders, shopify-products, shopify-customers, events, orders, movielens, items or customers (docs/import-formats.md)`,
    );
    await expect(detectFormat(join(dir, 'missing.csv'))).rejects.toThrow(/file not found/);
    // MovieLens's movie list (its header, as ml-latest ships it) points to the ratings file.
    await expect(detectFormat(fixture('movielens-latest/movies.csv'))).rejects.toThrow(
      /movies\.csv is one of MovieLens's other files \("movieId,title,genres"\), not its ratings: import the ratings file beside it/,
    );
  });
});
