import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCustomerOrders, customerAnalytics, storeCustomerScores } from '../../src/customers/index.js';
import { importFile } from '../../src/import/index.js';
import { adapters, expected, fixture, ordersEvents } from './stores.js';

interface Retail40 {
  asOf: string;
  clusters: { k: number; silhouette: Record<string, number> };
  segments: Record<string, { customers: number; revenue: number; revenueShare: number }>;
  customers: Record<
    string,
    {
      x: number;
      tx: number;
      T: number;
      recency: number;
      orders: number;
      spend: number;
      R: number;
      F: number;
      M: number;
      segment: string;
      cluster: number;
    }
  >;
}
interface Orders300 {
  asOf: string;
  repeatCustomers: number;
  bgnbd: { r: number; alpha: number; a: number; b: number };
  bgnbdLogLikelihood: number;
  gammaGamma: { p: number; q: number; gamma: number };
  customers: Record<
    string,
    { x: number; tx: number; T: number; m: number; expected_90d: number; p_alive: number; clv: number }
  >;
}

// Reference values: fixtures/customers/make_retail_40.py (pandas ranks and scikit-learn KMeans) and
// make_orders_300.py (SciPy Nelder-Mead on lifetimes' likelihoods).
const retail = expected<Retail40>('retail-40.expected.json');
const orders300 = expected<Orders300>('orders-300.expected.json');

/** Same partition up to the cluster numbering. */
function samePartition(a: readonly number[], b: readonly number[]): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]!) ?? b[i]) !== b[i] || (ba.get(b[i]!) ?? a[i]) !== a[i]) return false;
    ab.set(a[i]!, b[i]!);
    ba.set(b[i]!, a[i]!);
  }
  return true;
}

describe.each(await adapters())('customerAnalytics on %s', (_name, open) => {
  it('computes the summary, RFM scores, segments and clusters of a 40-customer shop as pandas and scikit-learn', async () => {
    const storage = await open();
    await importFile(storage, fixture('retail-40.csv'), { format: 'online-retail' });
    const result = await customerAnalytics(storage, { asOf: new Date(retail.asOf) });
    const ids = Object.keys(retail.customers).sort();
    expect([...result.customerIds].sort()).toEqual(ids);
    for (let i = 0; i < result.customerIds.length; i++) {
      const want = retail.customers[result.customerIds[i]!]!;
      expect(result.summary.x[i]).toBe(want.x);
      expect(result.summary.tx[i]).toBe(want.tx);
      expect(result.summary.T[i]).toBe(want.T);
      expect(result.summary.recency[i]).toBe(want.recency);
      expect(result.orders[i]).toBe(want.orders);
      expect(result.summary.total[i]).toBeCloseTo(want.spend, 6);
      expect([result.rfm.recency[i], result.rfm.frequency[i], result.rfm.monetary[i]]).toEqual([
        want.R,
        want.F,
        want.M,
      ]);
      expect(result.rfm.segments[result.rfm.segment[i]!]).toBe(want.segment);
    }
    for (const row of result.rfm.report) {
      const want = retail.segments[row.name] ?? { customers: 0, revenue: 0, revenueShare: 0 };
      expect(row.customers).toBe(want.customers);
      expect(row.revenue).toBeCloseTo(want.revenue, 6);
      expect(row.revenueShare).toBeCloseTo(want.revenueShare, 9);
    }
    const clusters = result.clusters!;
    expect(clusters.k).toBe(retail.clusters.k);
    expect(clusters.silhouette).toBeCloseTo(retail.clusters.silhouette[String(clusters.k)]!, 6);
    // Other k may end in other local optima than scikit-learn's (seeds differ), so only the chosen k is compared.
    const want = result.customerIds.map((id) => retail.customers[id]!.cluster);
    expect(samePartition([...clusters.labels], want)).toBe(true);
    for (const c of clusters.clusters) expect(c.description).toMatch(/\w/);
    // 40 customers do not identify Gamma-Gamma (SciPy's fit runs off to p ~ 1e8): CLV is then left out with a
    // reason rather than stored as nonsense, and whatever is stored is finite.
    const life = result.lifetime;
    expect(life.clv === null ? life.gammaGammaReason : 'finite').toMatch(/Gamma-Gamma|CLV|finite/);
    await storeCustomerScores(storage, result);
    for (const id of result.customerIds)
      for (const s of await storage.getScores(id)) expect(Number.isFinite(s.score)).toBe(true);
    await storage.close();
  });

  it('fits BG/NBD and Gamma-Gamma and predicts per customer as SciPy, and stores the scores', async () => {
    const storage = await open();
    await storage.appendEvents(ordersEvents('orders-300.csv'));
    const result = await customerAnalytics(storage, { asOf: new Date(orders300.asOf), horizonDays: 90 });
    const life = result.lifetime;
    expect(life.fitted).toBe(true);
    expect(life.repeatCustomers).toBe(orders300.repeatCustomers);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(life.bgnbd!.params[k]).toBeCloseTo(orders300.bgnbd[k], 3);
    }
    expect(life.bgnbd!.logLikelihood).toBeCloseTo(orders300.bgnbdLogLikelihood, 4);
    for (const k of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(life.gammaGamma!.params[k] / orders300.gammaGamma[k] - 1)).toBeLessThan(1e-3);
    }
    for (let i = 0; i < result.customerIds.length; i++) {
      const want = orders300.customers[result.customerIds[i]!]!;
      expect(result.summary.x[i]).toBe(want.x);
      expect(result.summary.m[i]).toBeCloseTo(want.m, 6);
      expect(Math.abs(life.expectedPurchases![i]! - want.expected_90d)).toBeLessThan(
        1e-3 * (1 + want.expected_90d),
      );
      expect(life.probabilityAlive![i]).toBeCloseTo(want.p_alive, 3);
      expect(Math.abs(life.clv![i]! - want.clv)).toBeLessThan(2e-3 * (1 + want.clv));
    }
    const written = await storeCustomerScores(storage, result);
    // 3 RFM scores, the 3 raw values they rank, and 3 lifetime scores per customer.
    expect(written).toBe(300 * 9);
    const scores = await storage.getScores('c000');
    const byModel = Object.fromEntries(scores.map((s) => [s.model, s.score]));
    const i = result.customerIds.indexOf('c000');
    expect(byModel.clv).toBeCloseTo(life.clv![i]!, 9);
    expect(byModel.p_alive).toBeCloseTo(life.probabilityAlive![i]!, 9);
    expect(byModel.expected_purchases_90d).toBeCloseTo(life.expectedPurchases![i]!, 9);
    expect(byModel.rfm_recency).toBe(result.rfm.recency[i]);
    // The raw values as the fixture's orders give them: c000's orders before asOf, their sum, and whole
    // days from the last order's day to asOf's.
    const mine = readFileSync(fixture('orders-300.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter(([c, , t]) => c === 'c000' && new Date(t!).getTime() < new Date(orders300.asOf).getTime());
    const dayOf = (t: string) => Math.floor(new Date(t).getTime() / 86_400_000);
    expect(byModel.orders).toBe(mine.length);
    expect(byModel.spend).toBeCloseTo(
      mine.reduce((sum, [, , , v]) => sum + Number(v), 0),
      9,
    );
    expect(byModel.recency_days).toBe(dayOf(orders300.asOf) - Math.max(...mine.map(([, , t]) => dayOf(t!))));
    await storage.close();
  });

  it('leaves out customers who declined analytics exactly as if their orders were not stored', async () => {
    // The same 300 customers twice: in one store c001 and c002 declined analytics, in the other they
    // were deleted (their events with them). Every number must come out the same, fits included.
    const declined = ['c001', 'c002'];
    const asOf = new Date(orders300.asOf);
    const withConsent = await open();
    await withConsent.appendEvents(ordersEvents('orders-300.csv'));
    await withConsent.upsertCustomers(
      declined.map((externalId) => ({ externalId, consent: { analytics: false } })),
    );
    const without = await open();
    await without.appendEvents(ordersEvents('orders-300.csv'));
    for (const id of declined) await without.deleteCustomer(id);
    const a = await customerAnalytics(withConsent, { asOf, horizonDays: 90 });
    const b = await customerAnalytics(without, { asOf, horizonDays: 90 });
    expect(a.excludedByConsent).toBe(2);
    expect(b.excludedByConsent).toBe(0);
    expect(a.customerIds).toHaveLength(298);
    expect(a.customerIds.some((id) => declined.includes(id))).toBe(false);
    const { excludedByConsent: _a, ...restA } = a;
    const { excludedByConsent: _b, ...restB } = b;
    expect(restA).toEqual(restB);
    // And the decline did change the fit (SciPy's reference is for all 300).
    expect(a.lifetime.bgnbd!.logLikelihood).not.toBeCloseTo(orders300.bgnbdLogLikelihood, 1);
    await withConsent.close();
    await without.close();
  });
});

describe('analyzeCustomerOrders on degenerate data', () => {
  it('says that BG/NBD cannot be fitted when nobody bought twice, and still scores RFM', () => {
    const n = 6;
    const result = analyzeCustomerOrders({
      customerIds: Array.from({ length: n }, (_, i) => `c${i}`),
      customer: Int32Array.from({ length: n }, (_, i) => i),
      time: Float64Array.from({ length: n }, (_, i) => 19_000 + 3 * i),
      value: Float64Array.from({ length: n }, (_, i) => 10 + i),
      observationEnd: 19_030,
      asOf: new Date(19_030 * 86_400_000),
    });
    expect(result.lifetime.fitted).toBe(false);
    expect(result.lifetime.reason).toMatch(
      /BG\/NBD cannot be fitted: none of the 6 customers has a repeat purchase/,
    );
    expect(result.lifetime.clv).toBeNull();
    // recency 27, 24, ..., 12 days: pct ranks 1/6 .. 6/6 cut at .2, .4, .6, .8 give 1 2 3 4 5 5; one
    // distinct frequency scores 3 (the middle), as the core documents.
    expect([...result.rfm.recency]).toEqual([1, 2, 3, 4, 5, 5]);
    expect([...result.rfm.frequency]).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('rounds total spend to cents, so equal spends tie in the monetary score', () => {
    // a spent 0.1 + 0.2 (0.30000000000000004 as floats; Python's round(0.1 + 0.2, 2) is 0.3), b 0.3 in one
    // order: equal spends, so equal monetary scores (pandas' rank gives them the same average rank).
    const result = analyzeCustomerOrders({
      customerIds: ['a', 'b', 'c', 'd', 'e'],
      customer: Int32Array.from([0, 0, 1, 2, 3, 4]),
      time: Float64Array.from([19_000, 19_001, 19_000, 19_000, 19_000, 19_000]),
      value: Float64Array.from([0.1, 0.2, 0.3, 0.1, 0.2, 1]),
      observationEnd: 19_030,
      asOf: new Date(19_030 * 86_400_000),
    });
    expect([...result.summary.total]).toEqual([0.3, 0.3, 0.1, 0.2, 1]);
    expect(result.rfm.monetary[0]).toBe(result.rfm.monetary[1]);
  });

  it('reports no clusters below 3 customers and no models without customers', () => {
    const none = analyzeCustomerOrders({
      customerIds: [],
      customer: new Int32Array(0),
      time: new Float64Array(0),
      value: new Float64Array(0),
      observationEnd: 0,
      asOf: new Date(0),
    });
    expect(none.clusters).toBeNull();
    expect(none.lifetime.reason).toBe('BG/NBD cannot be fitted: there are no customers with orders');
  });
});
