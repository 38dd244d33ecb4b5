// The examples in the packages' READMEs are these files; each must run and print what its README says.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const run = (file: string) =>
  spawnSync('pnpm', ['exec', 'tsx', new URL(file, import.meta.url).pathname], { encoding: 'utf8' });

describe('README examples', () => {
  it("core: ALS recommends the unseen items of the user's neighbours, with NumPy's scores", () => {
    const r = run('./core-als.ts');
    expect(r.status, r.stderr).toBe(0);
    // fixtures/als_reference.py: the scores at the minimum of the ALS loss (exact ALS in NumPy, any start).
    const expected = JSON.parse(
      readFileSync(new URL('fixtures/als-reference.json', import.meta.url), 'utf8'),
    );
    const m = r.stdout.match(
      /items: Int32Array\(2\) \[ (\d+), (\d+) \],\s+scores: Float64Array\(2\) \[ ([\d.e-]+), ([\d.e-]+) \]/,
    );
    expect(m, r.stdout).not.toBeNull();
    expect([Number(m![1]), Number(m![2])]).toEqual(expected.items);
    // float32 factors (the WebAssembly kernel) and 15 conjugate-gradient iterations: within 1e-6.
    expect(Number(m![3])).toBeCloseTo(expected.scores[0], 6);
    expect(Number(m![4])).toBeCloseTo(expected.scores[1], 6);
  });

  it('storage: idempotent appends, order aggregates and deletion report', () => {
    const r = run('./storage-basics.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('{ inserted: 1, duplicates: 1, erased: 0, conflicts: [], unsettled: [] }');
    expect(r.stdout).toContain("customerId: 'alice'");
    expect(r.stdout).toContain('revenue: 11');
    expect(r.stdout).toMatch(/customer: 1,\s+events: 1,\s+scores: 0,/);
    expect(r.stdout).toContain(
      "{\n  inserted: 0,\n  duplicates: 0,\n  erased: 1,\n  erasedCustomers: [ 'alice' ],\n  conflicts: [],\n  unsettled: []\n}",
    );
  });

  it('engine: imports the demo shop and reports its top items', () => {
    const r = run('./engine-import.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('rows: 24708');
    expect(r.stdout).toContain("sku: '17003'");
  });

  it('engine: trains purchase propensity on the demo shop and shows a profile with its score', () => {
    const r = run('./engine-propensity.ts');
    expect(r.status, r.stderr).toBe(0);
    // 279 customers had an event before the cutoff (2011-11-09), 79 of them bought in the 30 days after.
    expect(r.stdout).toMatch(/\{ customers: 279, positives: 79, baseRate: 0\.283/);
    // The holdout's fairness by country: only the United Kingdom has 30 customers or more there (59, 17 buyers).
    expect(r.stdout).toMatch(
      /\[ 'United Kingdom' \] \{\n {2}name: 'United Kingdom',\n {2}rows: 59,\n {2}positives: 17,/,
    );
    expect(r.stdout).toContain("customerId: '12347'");
    expect(r.stdout).toMatch(/frequency: 7,/);
    expect(r.stdout).toContain("model: 'p_purchase_30d'");
  });

  it('engine: forecasts an item of the demo shop, its reorder advice, and a backtest', () => {
    const r = run('./engine-forecast.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^WHITE HANGING HEART T-LIGHT HOLDER erratic [a-z-]+\n/);
    expect(r.stdout).toContain("[ '2011-12-05', ");
    expect(r.stdout).toContain("[ '2011-12-26', ");
    expect(r.stdout).toMatch(/stock: 60,[\s\S]*reorderNow: true,/);
    // 2,732 items with demand in the history before the 4 held-out weeks (2011-11-07 to 2011-12-05).
    expect(r.stdout).toMatch(/^2732 \[\n {2}\[ 'auto', /m);
    expect(r.stdout).toContain("[ 'seasonal-naive', ");
  });

  it('core: forecasts a series of intermittent sales and plans its stock', () => {
    const r = run('./core-forecast.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^intermittent (croston|sba|tsb|naive) /);
    expect(r.stdout).toMatch(/leadTimeDemand: [0-9.]+,/);
  });

  it('engine: a campaign on 40 customers: start, a sticky offer, the report', () => {
    const r = run('./engine-campaign.ts');
    expect(r.status, r.stderr).toBe(0);
    // Hashes of "spring": 5 of 40 held out; the split gives ten-off 23, recs-email 12.
    expect(r.stdout).toContain("offered: { 'recs-email': 12, 'ten-off': 23 },\n  holdout: 5,");
    expect(r.stdout).toContain('sticky: true');
    // Every third customer (c1, c4, ..., c40) bought: 14 in all, 9 + 4 offered and 1 held out.
    expect(r.stdout).toMatch(/\[ 'ten-off', 23, 9, [0-9.]+ \]/);
    expect(r.stdout).toContain('holdout 5 1');
  });

  it("engine: a customer's data export, whose row counts are what the deletion removes", () => {
    const r = run('./engine-privacy.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("{ marketing: false } [ 'view mug', 'purchase mug' ]");
    expect(r.stdout).toContain('\n3 2\n');
    const counts =
      '{\n  customer: 1,\n  events: 2,\n  scores: 0,\n  segmentMembers: 0,\n  segmentSnapshots: 0,\n  campaignAssignments: 0,\n  importRejects: 0\n}';
    // Printed twice: the export's rows, then deleteCustomer's report.
    expect(r.stdout.split(counts)).toHaveLength(3);
  });
});
