import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.js';
import { failSecondAppend, importTestSetup } from '../helpers/import-adapters.js';
import { fixture } from '../helpers/read-all.js';

const { dir, adapters: ADAPTERS } = await importTestSetup();
let opened = 0;

describe.each(ADAPTERS)('importFile of records and facts on %s', (_name, open) => {
  it("keeps the facts of a record's latest time: an old export after a catalog or newer orders only fills gaps", async () => {
    const storage = await open();
    const file = (name: string, text: string) => {
      const path = join(dir, `${name}-${++opened}.csv`);
      writeFileSync(path, text);
      return path;
    };
    const header = 'event_id,type,timestamp,customer_id,sku,title,price,stock,category,country\n';
    // The catalog and the customers first (they hold as of now), then the order history.
    await importFile(storage, file('items', 'sku,title,price,stock\ns1,Mug,12,5\n'));
    await importFile(storage, file('customers', 'customer_id,country\nc1,DE\n'));
    await importFile(
      storage,
      file('history', `${header}e1,purchase,2024-01-05T10:00:00Z,c1,s1,Old mug,9,0,Home,XX\n`),
    );
    expect(await storage.getItem('s1')).toMatchObject({
      title: 'Mug',
      price: 12,
      stock: 5,
      categoryPath: ['Home'],
    });
    expect((await storage.getCustomer('c1'))?.country).toBe('DE');
    // Orders alone: the later order's facts win, in either order of the files and of the rows in one.
    await importFile(
      storage,
      file(
        'recent',
        `${header}e3,purchase,2024-03-01T10:00:00Z,c2,s2,,10,,,FR\ne2,purchase,2024-02-01T10:00:00Z,c2,s2,Cup,8,,,BE\n`,
      ),
    );
    expect(await storage.getItem('s2')).toMatchObject({ title: 'Cup', price: 10 });
    expect((await storage.getCustomer('c2'))?.country).toBe('FR');
    // An old row again (its event a duplicate, skipped): nothing of it comes back.
    const again = await importFile(
      storage,
      file('older', `${header}e2,purchase,2024-02-01T10:00:00Z,c2,s2,Cup,8,,,BE\n`),
    );
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await storage.getItem('s2')).toMatchObject({ title: 'Cup', price: 10 });
    expect((await storage.getCustomer('c2'))?.country).toBe('FR');
    await storage.close();
  });

  it('imports a catalog and customers: each valid row creates or updates its record, an empty field keeps what is stored', async () => {
    const storage = await open();
    const items = join(dir, `items-${++opened}.csv`);
    writeFileSync(
      items,
      'sku,title,price,stock,recommendable\nm1,Blue mug,12.5,40,\ng1,Gift card,10,,no\nm2,Plate,x,,\n',
    );
    // The format told by the header; batches of one row.
    expect(await importFile(storage, items, { batchSize: 1 })).toMatchObject({
      format: 'items',
      rows: 3,
      accepted: 2,
      duplicates: 0,
      rejected: { total: 1, byReason: { 'non-numeric price': 1 } },
      items: 2,
      customers: 0,
    });
    expect(await storage.getItem('m1')).toMatchObject({ title: 'Blue mug', price: 12.5, stock: 40 });
    expect((await storage.getItem('g1'))?.attributes).toEqual({ recommendable: false });
    expect(await storage.getItem('m2')).toBeNull();
    // A stock feed: SKUs and stock only; what else is stored stays.
    const feed = join(dir, `stock-${++opened}.csv`);
    writeFileSync(feed, 'sku,stock\nm1,0\nm3,5\n');
    expect(await importFile(storage, feed)).toMatchObject({ format: 'items', accepted: 2, items: 2 });
    expect(await storage.getItem('m1')).toMatchObject({ title: 'Blue mug', price: 12.5, stock: 0 });
    expect(await storage.getItem('m3')).toMatchObject({ title: null, stock: 5 });
    const customers = join(dir, `customers-${++opened}.ndjson`);
    writeFileSync(
      customers,
      '{"customer_id":"c1","country":"DE","consent_marketing":true}\n{"customer_id":"c2","consent_analytics":"no"}\n',
    );
    expect(await importFile(storage, customers)).toMatchObject({
      format: 'customers',
      accepted: 2,
      customers: 2,
    });
    expect(await storage.getCustomer('c1')).toMatchObject({ country: 'DE', consent: { marketing: true } });
    expect((await storage.getCustomer('c2'))?.consent).toEqual({ analytics: false });
    // The same files again change nothing.
    const before = await storage.counts();
    await importFile(storage, feed);
    await importFile(storage, customers);
    expect(await storage.counts()).toEqual(before);
    expect(before).toMatchObject({ items: 3, customers: 2, events: 0, rejects: 1 });
    expect(await storage.getItem('m1')).toMatchObject({ stock: 0 });
    await storage.close();
  });

  it('imports a Shopify orders export, and the same export again adds nothing', async () => {
    const storage = await open();
    const file = fixture('shopify-orders.csv');
    expect(await importFile(storage, file)).toMatchObject({
      format: 'shopify-orders',
      rows: 6,
      accepted: 5,
      duplicates: 0,
      rejected: { total: 1, byReason: { 'non-numeric quantity': 1 } },
      customers: 3,
      items: 3,
    });
    expect(await importFile(storage, file)).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(await storage.counts()).toMatchObject({
      events: 5,
      eventsByType: { purchase: 4, add_to_cart: 1 },
      customers: 3,
      items: 3,
    });
    expect(await storage.getCustomer('bob@example.com')).toMatchObject({
      country: 'FR',
      consent: { marketing: false },
    });
    expect(await storage.getItem('TT-1')).toMatchObject({
      title: 'Tea towel, linen',
      price: 5,
      currency: 'EUR',
    });
    await storage.close();
  });

  it('imports a Shopify products export: its variants as items, the stock and status they give', async () => {
    const storage = await open();
    const file = fixture('shopify-products.csv');
    const expected = {
      format: 'shopify-products',
      rows: 6, // a row that adds only an image is not counted
      accepted: 5,
      rejected: { total: 1, byReason: { 'non-numeric price': 1, 'non-integer stock': 1 } },
      items: 5,
    };
    expect(await importFile(storage, file)).toMatchObject(expected);
    expect(await storage.getItem('MUG-L')).toMatchObject({ title: 'Blue mug - Large', price: 14, stock: 0 });
    expect((await storage.getItem('SC-R-M'))?.attributes).toEqual({ recommendable: false });
    const before = await storage.counts();
    expect(await importFile(storage, file)).toMatchObject(expected);
    expect(await storage.counts()).toEqual(before);
    expect(before).toMatchObject({ items: 5, events: 0 });
    await storage.close();
  });

  it('imports a Shopify customers export after the orders: the same customers, their choices kept', async () => {
    const storage = await open();
    await importFile(storage, fixture('shopify-orders.csv'));
    expect(await importFile(storage, fixture('shopify-customers.csv'))).toMatchObject({
      format: 'shopify-customers',
      accepted: 3,
      rejected: { total: 2 },
      customers: 3,
    });
    // alice and bob ordered; dana only subscribed. One customer each, whatever the case of the email.
    expect((await storage.counts()).customers).toBe(4);
    expect(await storage.getCustomer('dana@example.com')).toMatchObject({
      country: 'FR',
      consent: { marketing: true },
    });
    expect((await storage.getCustomer('bob@example.com'))?.consent).toEqual({ marketing: false });
    await storage.close();
  });

  it("leaves an erased customer's records and rows out, counted as erased, in a customers file and an events file", async () => {
    const storage = await open();
    await storage.deleteCustomer('c2');
    const customers = join(dir, 'erased-customers.csv');
    writeFileSync(customers, 'customer_id,country\nc1,DE\nc2,FR\nc3,ES\n');
    expect(await importFile(storage, customers)).toMatchObject({
      format: 'customers',
      accepted: 2,
      erased: 1,
      customers: 3,
      erasedCustomers: 1,
    });
    const events = join(dir, 'erased-events.csv');
    writeFileSync(
      events,
      'event_id,type,customer_id,sku,timestamp\ne1,view,c1,A,2024-01-01T00:00:00Z\ne2,view,c2,A,2024-01-02T00:00:00Z\ne3,view,c2,B,2024-01-03T00:00:00Z\n',
    );
    // The valid rows name c1 and c2, A and B; the store holds c1 and A alone of them (B only in c2's rows).
    expect(await importFile(storage, events)).toMatchObject({
      accepted: 1,
      duplicates: 0,
      erased: 2,
      customers: 2,
      erasedCustomers: 1,
      items: 2,
      erasedItems: 1,
    });
    expect(await storage.getCustomer('c2')).toBeNull();
    expect(await storage.getItem('B')).toBeNull();
    expect(await storage.counts()).toMatchObject({ customers: 2, items: 1, events: 1, erasedCustomers: 1 });
    await storage.close();
  });

  it("counts an item as named only by erased customers' rows when no kept row in any batch names it", async () => {
    const storage = await open();
    await storage.deleteCustomer('c2');
    const events = join(dir, 'erased-items-batches.csv');
    // A batch a row: C is named by a kept row before c2's, D after it, E by c2 alone.
    writeFileSync(
      events,
      'event_id,type,customer_id,sku,timestamp\n' +
        'f1,view,c1,C,2024-01-01T00:00:00Z\nf2,view,c2,C,2024-01-02T00:00:00Z\n' +
        'f3,view,c2,D,2024-01-03T00:00:00Z\nf4,view,c1,D,2024-01-04T00:00:00Z\n' +
        'f5,view,c2,E,2024-01-05T00:00:00Z\nf6,view,,E2,2024-01-06T00:00:00Z\n',
    );
    expect(await importFile(storage, events, { batchSize: 1 })).toMatchObject({
      accepted: 3,
      erased: 3,
      items: 4,
      erasedItems: 1,
    });
    expect(await storage.getItem('E')).toBeNull();
    expect(await storage.counts()).toMatchObject({ items: 3, events: 3 });
    await storage.close();
  });

  it('leaves nothing at all when a first import fails (one transaction)', async () => {
    const storage = await open();
    let appends = 0;
    const failing = failSecondAppend(storage, () => ++appends);
    await expect(
      importFile(failing, fixture('online-retail-small.csv'), { format: 'online-retail', batchSize: 4 }),
    ).rejects.toThrow(/disk full/);
    expect(appends).toBe(2);
    expect(await storage.counts()).toMatchObject({ events: 0, customers: 0, items: 0, rejects: 0 });
    await storage.close();
  });
});
