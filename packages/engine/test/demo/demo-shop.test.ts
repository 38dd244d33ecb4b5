import { existsSync, statSync } from 'node:fs';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { demoShopFormat, demoShopPath } from '../../src/demo/index.js';
import { importFile } from '../../src/import/index.js';
import { buildShopReport } from '../../src/report/index.js';

describe('the bundled demo shop', () => {
  it('ships as a small gzipped file', () => {
    expect(existsSync(demoShopPath)).toBe(true);
    expect(statSync(demoShopPath).size).toBeLessThan(400 * 1024);
  });

  // Reference from pandas 1.5 on the same file, applying the documented rules independently:
  //   df = pd.read_csv(path, dtype=str, keep_default_na=False); q, p = to_numeric(Quantity), to_numeric(UnitPrice)
  //   rejected = p < 0 | q == 0 | (q < 0 & ~InvoiceNo.startswith('C')); ok = df[~rejected]
  //   duplicates = ok.duplicated().sum(); customers = ok.CustomerID[!= ''].nunique(); items = ok.StockCode.nunique()
  //   returns = C invoices among ok.drop_duplicates()
  it('imports with the counts pandas gives for the same rules', async () => {
    const storage = await openStorage('memory:');
    const summary = await importFile(storage, demoShopPath, { format: demoShopFormat });
    expect(summary).toMatchObject({
      rows: 24708,
      accepted: 24488,
      duplicates: 156,
      rejected: { total: 64, byReason: { 'non-positive quantity': 64 } },
      customers: 303,
      items: 2845,
    });
    const report = await buildShopReport(storage, 5);
    expect(report.eventsByType).toEqual({ purchase: 23944, return: 544 });
    expect(report.customers).toBe(303);
    expect(report.firstEventAt?.toISOString()).toBe('2010-12-01T12:54:00.000Z');
    expect(report.lastEventAt?.toISOString()).toBe('2011-12-09T09:27:00.000Z');
    // Net units (purchases minus returns) per StockCode, pandas groupby on the same valid, de-duplicated rows.
    expect(report.topItems.map((i) => [i.sku, i.units])).toEqual([
      ['17003', 10491],
      ['85123A', 5236],
      ['22998', 4230],
      ['21108', 3871],
      ['21212', 3019],
    ]);
    expect(report.topCountries[0]).toMatchObject({ country: 'United Kingdom', customers: 240 });
    await storage.close();
  });
});
