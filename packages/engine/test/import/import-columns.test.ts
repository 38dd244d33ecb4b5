import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.js';
import { adapters } from '../customers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-import-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(name: string, text: string): string {
  const path = join(dir, `${++files}-${name}`);
  writeFileSync(path, text);
  return path;
}

describe.each(await adapters())('importFile on %s: columns, attributes and unpriced purchases', (_, open) => {
  it("stores a customers file's other columns as attributes, merged with those stored, and lists them", async () => {
    const storage = await open();
    try {
      await storage.upsertCustomers([{ externalId: 'c1', attributes: { segment: 'b2b', tier: 'silver' } }]);
      const summary = await importFile(
        storage,
        file('customers.csv', 'customer_id,country,tier,email\nc1,DE,gold,c1@example.com\nc2,FR,,\n'),
      );
      expect(summary.columns).toEqual({
        ignored: [],
        attributes: [
          { name: 'tier', identifier: null },
          { name: 'email', identifier: 'e-mail address' },
        ],
      });
      expect(summary.accepted).toBe(2);
      expect((await storage.getCustomer('c1'))?.attributes).toEqual({
        segment: 'b2b',
        tier: 'gold',
        email: 'c1@example.com',
      });
      expect((await storage.getCustomer('c2'))?.attributes).toEqual({});
      const items = await importFile(storage, file('items.csv', 'sku,title,supplier\nm1,Mug,ACME\n'));
      expect(items.columns.attributes).toEqual([{ name: 'supplier', identifier: null }]);
      expect((await storage.getItem('m1'))?.attributes).toEqual({ supplier: 'ACME' });
    } finally {
      await storage.close();
    }
  });

  it('counts purchases without a unit price and lists ignored columns; nothing of a misspelt header is written', async () => {
    const storage = await open();
    try {
      const summary = await importFile(
        storage,
        file(
          'events.csv',
          [
            'event_id,type,customer_id,sku,timestamp,quantity,price,utm_source',
            'q1,purchase,c1,s1,2024-03-01T10:00:00Z,2,12.5,mail',
            'q2,purchase,c2,s1,2024-03-05T10:00:00Z,1,12.5,',
            'q3,view,c2,s1,2024-03-05T09:00:00Z,,,',
            '',
          ].join('\n'),
        ),
      );
      expect(summary.unpricedPurchases).toBe(2);
      expect(summary.columns).toEqual({
        ignored: [{ name: 'utm_source', suggestion: null }],
        attributes: [],
      });
      await expect(
        importFile(
          storage,
          file('typo.csv', 'event_id,type,customerId,sku,timestamp\nt1,view,c9,s9,2024-03-01T10:00:00Z\n'),
        ),
      ).rejects.toThrow('customerId (did you mean customer_id?)');
      expect(await storage.counts()).toMatchObject({ events: 3, customers: 2, items: 1 });
    } finally {
      await storage.close();
    }
  });
});
