import { describe, expect, it } from 'vitest';
import {
  fitLifetimeModels,
  lifetimeValue,
  parseSummaryCsv,
  readSummaryCsv,
} from '../../src/customers/index.js';

const cdnow = new URL('../../../core/test/fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url)
  .pathname;

describe('readSummaryCsv + fitLifetimeModels', () => {
  it('reproduces the published CDNOW fits (Fader, Hardie & Lee 2005; Fader & Hardie 2013) within 1%', async () => {
    const summary = await readSummaryCsv(cdnow);
    expect(summary.columns).toBe('x,t_x,T,zbar');
    expect(summary.ids).toHaveLength(2357);
    expect(summary.ids[0]).toBe('1');
    const fits = fitLifetimeModels(summary);
    const published = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fits.bgnbd!.params[k] / published[k] - 1)).toBeLessThan(0.01);
    expect(fits.bgnbd!.logLikelihood).toBeCloseTo(-9582.4, 0);
    const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const k of ['p', 'q', 'gamma'] as const)
      expect(Math.abs(fits.gammaGamma!.params[k] / gg[k] - 1)).toBeLessThan(0.01);
    expect(fits.gammaGamma!.customers).toBe(946);
    expect(fits.gammaGamma!.leftOut).toBe(0);
  });

  it('fits Gamma-Gamma without repeat buyers whose orders were free, and still values them', async () => {
    const summary = await readSummaryCsv(cdnow);
    const repeat = Array.from(summary.x.keys()).filter((i) => summary.x[i]! > 0);
    const free = repeat.slice(0, 3);
    const m = Float64Array.from(summary.m);
    for (const i of free) m[i] = 0;
    const fits = fitLifetimeModels({ ...summary, m });
    // The same fit as on the summary without those three customers.
    const kept = Array.from(summary.x.keys()).filter((i) => !free.includes(i));
    const pick = (a: Float64Array) => Float64Array.from(kept, (i) => a[i]!);
    const without = fitLifetimeModels({
      x: pick(summary.x),
      tx: pick(summary.tx),
      T: pick(summary.T),
      m: pick(m),
    });
    expect(fits.gammaGamma).toMatchObject({ customers: 943, leftOut: 3, params: without.gammaGamma!.params });
    const life = lifetimeValue({ ...summary, m });
    expect(life.gammaGammaReason).toBeNull();
    for (const i of free) expect(life.clv![i]).toBeGreaterThan(0);
  });

  it('refuses horizons beyond ten years before fitting anything', () => {
    const one = new Float64Array([1]);
    const input = { x: one, tx: one, T: new Float64Array([2]), m: one };
    expect(() => lifetimeValue(input, { clvMonths: 121 })).toThrow(
      'clvMonths must be a whole number from 0 to 120 (got 121)',
    );
    expect(() => lifetimeValue(input, { horizonDays: 3651 })).toThrow(
      'horizonDays must be above 0 and at most 3650 (got 3651)',
    );
  });

  it("reads lifetimes' column names and names the line and column of a bad value", () => {
    const ok = parseSummaryCsv('customer_id,frequency,recency,T,monetary_value\na,2,10,20,5.5\nb,0,0,7,0\n');
    expect(ok.columns).toBe('frequency,recency,T,monetary_value');
    expect(ok.ids).toEqual(['a', 'b']);
    expect([...ok.x, ...ok.tx, ...ok.T, ...ok.m]).toEqual([2, 0, 10, 0, 20, 7, 5.5, 0]);
    expect(() => parseSummaryCsv('x,t_x,T,zbar\n1,2,3,4\n1,oops,3,4\n', 's.csv')).toThrow(
      's.csv: line 3, column t_x: expected a number >= 0 (got "oops")',
    );
    expect(() => parseSummaryCsv('x,t_x,T,zbar\n1,5,3,4\n', 's.csv')).toThrow(
      's.csv: line 2, column t_x: 5 is after T = 3',
    );
    // What BG/NBD would refuse by row index, named by line and column here.
    expect(() => parseSummaryCsv('x,t_x,T,zbar\n1,2,3,4\n0,14.57,38.71,0\n', 's.csv')).toThrow(
      's.csv: line 3, column t_x: must be 0 when x is 0 (no repeat purchase, so no time of the last one; got 14.57)',
    );
    expect(() => parseSummaryCsv('frequency,recency,T,monetary_value\n1.5,2,3,4\n', 's.csv')).toThrow(
      's.csv: line 2, column frequency: the number of repeat purchases must be a whole number (got 1.5)',
    );
    expect(() => parseSummaryCsv('a,b\n1,2\n', 's.csv')).toThrow(
      /s.csv: line 1: the header must have the columns/,
    );
  });
});
