import { existsSync, statSync } from 'node:fs';
import { rocAucStandardError } from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { demoShopFormat, demoShopPath } from '../../src/demo/index.js';
import { importFile } from '../../src/import/index.js';
import { trainPurchasePropensity } from '../../src/propensity/index.js';
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

  it("warns that the demo's propensity holdout is too small to judge by, with its interval", async () => {
    const storage = await openStorage('memory:');
    try {
      await importFile(storage, demoShopPath, { format: demoShopFormat });
      const r = await trainPurchasePropensity(storage, { seed: 0, dryRun: true });
      const { positives, customers, rocAuc } = r.holdout;
      // 20 buyers and 50 non-buyers: a quarter of the 79 of 279 customers who bought in the last 30 days, and of the rest.
      expect([positives, customers - positives]).toEqual([20, 50]);
      const margin = 1.96 * rocAucStandardError(rocAuc, 20, 50);
      expect(margin).toBeGreaterThan(0.1);
      expect(r.warnings).toEqual([
        `the holdout's ROC AUC of ${rocAuc.toFixed(2)} could be anywhere within about ±${margin.toFixed(2)} (95%; 20 buyers and 50 non-buyers): it says little about the model; judge it on more customers (a longer history, or a longer horizon)`,
      ]);
    } finally {
      await storage.close();
    }
  });
});
