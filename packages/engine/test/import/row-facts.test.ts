import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.js';
import { adapters } from '../customers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-row-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADAPTERS = await adapters();

const HEADER = 'event_id,type,customer_id,sku,timestamp,title,country';

/** A new file per call (each adapter's tests write their own). */
let files = 0;
function file(name: string, ...rows: string[]): string {
  const path = join(dir, `${++files}-${name}`);
  writeFileSync(path, `${HEADER}\n${rows.join('\n')}\n`);
  return path;
}

async function keys(storage: Storage): Promise<{ customers: string[]; items: string[] }> {
  const customers: string[] = [];
  const items: string[] = [];
  for await (const batch of storage.scanCustomers()) customers.push(...batch.map((c) => c.externalId));
  for await (const batch of storage.scanItems()) items.push(...batch.map((i) => i.sku));
  return { customers: customers.sort(), items: items.sort() };
}

describe.each(ADAPTERS)('the facts of duplicate rows on %s', (_name, open) => {
  it('a row skipped as a duplicate of an earlier import creates no customer or item', async () => {
    const storage = await open();
    try {
      const first = await importFile(storage, file(`z1.csv`, 'z1,view,c1,sku-1,2024-03-01,Mug,FR'), {
        format: 'events',
      });
      expect([first.accepted, first.customers, first.items]).toEqual([1, 1, 1]);
      const again = await importFile(
        storage,
        file(`z1b.csv`, 'z1,view,ghost,ghost-sku,2024-03-01,Ghost title,DE'),
        { format: 'events' },
      );
      expect([again.accepted, again.duplicates]).toEqual([0, 1]);
      expect(await keys(storage)).toEqual({ customers: ['c1'], items: ['sku-1'] });
      expect((await storage.getItem('sku-1'))?.title).toBe('Mug');
    } finally {
      await storage.close();
    }
  });

  it('a repeated event id within a first import stores only the first row’s customer and item', async () => {
    const storage = await open();
    try {
      // 1,200 rows: past the size where a first import bulk-loads SQL storage (BULK_LOAD_MIN_EVENTS).
      const rows = Array.from({ length: 1200 }, (_, k) => `e${k},view,c${k % 3},sku-${k % 4},2024-03-01,,`);
      rows.push('e7,view,ghost,ghost-sku,2024-03-01,Ghost title,DE');
      const summary = await importFile(storage, file(`first.csv`, ...rows), {
        format: 'events',
        batchSize: 5000,
      });
      expect([summary.accepted, summary.duplicates]).toEqual([1200, 1]);
      expect(await keys(storage)).toEqual({
        customers: ['c0', 'c1', 'c2'],
        items: ['sku-0', 'sku-1', 'sku-2', 'sku-3'],
      });
    } finally {
      await storage.close();
    }
  });

  it('facts of an existing customer or item still apply from a row whose event is new', async () => {
    const storage = await open();
    try {
      await importFile(storage, file(`base.csv`, 'b1,view,c1,sku-1,2024-03-01,,'), {
        format: 'events',
      });
      const summary = await importFile(
        storage,
        file(`more.csv`, 'b1,view,c1,sku-1,2024-03-01,,', 'b2,view,c1,sku-1,2024-03-02,Mug,FR'),
        { format: 'events' },
      );
      expect([summary.accepted, summary.duplicates]).toEqual([1, 1]);
      expect((await storage.getItem('sku-1'))?.title).toBe('Mug');
      expect((await storage.getCustomer('c1'))?.country).toBe('FR');
    } finally {
      await storage.close();
    }
  });
});
