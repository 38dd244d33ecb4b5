import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  analyzeCustomerOrders,
  customerAnalytics,
  lifetimeWarnings,
  MIN_BGNBD_REPEAT_BUYERS,
  MIN_GAMMA_GAMMA_CUSTOMERS,
} from '../../src/customers/index.js';
import { expected, ordersEvents } from './stores.js';

interface NoDropout {
  asOf: string;
  customers: number;
  repeatCustomers: number;
  repeatPurchases: number;
  bgnbd: { r: number; alpha: number; a: number; b: number };
  bgnbdLogLikelihood: number;
  nbdLogLikelihood: number;
  gammaGamma: { p: number; q: number; gamma: number };
  gammaGammaLogLikelihood: number;
  sameSpendLogLikelihood: number;
  lowestProbabilityAlive: number;
}

// SciPy's fits of fixtures/customers/orders-no-dropout.csv (make_no_dropout.py): BG/NBD's maximum is the
// no-dropout limit a -> 0, where the log-likelihood equals the NBD's; Gamma-Gamma's supremum is the limit
// q -> infinity (one spend rate for everyone), whose log-likelihood SciPy's L-BFGS-B approaches from below.
const noDropout = expected<NoDropout>('orders-no-dropout.expected.json');

/**
 * Customers of orders-300 (SciPy-checked fits on all 300): the first `repeat` who bought on two or more days
 * and the first `once` who bought on one, with the repeat days of the first `free` repeat buyers at price 0.
 */
async function shop(repeat: number, once: number, free = 0) {
  const events = ordersEvents('orders-300.csv');
  const days = new Map<string, Set<string>>();
  for (const e of events)
    days.set(
      e.customerId!,
      (days.get(e.customerId!) ?? new Set()).add(e.timestamp.toISOString().slice(0, 10)),
    );
  const repeaters = [...days].filter(([, d]) => d.size > 1).map(([c]) => c);
  const onceOnly = [...days].filter(([, d]) => d.size === 1).map(([c]) => c);
  const keep = new Set([...repeaters.slice(0, repeat), ...onceOnly.slice(0, once)]);
  const freeOnes = new Set(repeaters.slice(0, free));
  const firstDay = new Map<string, string>();
  for (const e of [...events].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()))
    if (!firstDay.has(e.customerId!)) firstDay.set(e.customerId!, e.timestamp.toISOString().slice(0, 10));
  const storage = await openStorage('memory:');
  await storage.appendEvents(
    events
      .filter((e) => keep.has(e.customerId!))
      .map((e) =>
        freeOnes.has(e.customerId!) && e.timestamp.toISOString().slice(0, 10) !== firstDay.get(e.customerId!)
          ? { ...e, unitPrice: 0 }
          : e,
      ),
  );
  const result = await customerAnalytics(storage, { asOf: new Date('2024-01-01T00:00:00Z') });
  await storage.close();
  return result;
}

describe('lifetime-value fits at a boundary', () => {
  it('reports a BG/NBD fit at the no-dropout boundary (as SciPy finds it) and what it means', async () => {
    const storage = await openStorage('memory:');
    await storage.appendEvents(ordersEvents('orders-no-dropout.csv'));
    const result = await customerAnalytics(storage, { asOf: new Date(noDropout.asOf) });
    await storage.close();
    const life = result.lifetime;
    expect(life.repeatCustomers).toBe(noDropout.repeatCustomers);
    const bg = life.bgnbd!;
    // The same maximum as SciPy's, which is the no-dropout (NBD) limit.
    expect(Math.abs(bg.logLikelihood - noDropout.bgnbdLogLikelihood)).toBeLessThan(1e-3);
    expect(Math.abs(bg.logLikelihood - noDropout.nbdLogLikelihood)).toBeLessThan(1e-3);
    expect(bg.params.r).toBeCloseTo(noDropout.bgnbd.r, 3);
    expect(bg.params.a / (bg.params.a + bg.params.b)).toBeLessThan(1e-6);
    expect(bg.warnings).toHaveLength(1);
    expect(bg.warnings[0]).toMatch(
      new RegExp(
        `^BG/NBD sits at a boundary \\(a = .*fewer than one expected dropout over all ${noDropout.repeatPurchases} repeat purchases\\): no sign of customers dropping out, so P\\(alive\\) ≈ 1 \\(above 0.99 for ${noDropout.customers} of ${noDropout.customers} customers\\)`,
      ),
    );
    expect(Math.min(...life.probabilityAlive!)).toBeGreaterThan(0.99);
    expect(noDropout.lowestProbabilityAlive).toBeGreaterThan(0.99);
    const gg = life.gammaGamma!;
    expect(gg.logLikelihood).toBeGreaterThanOrEqual(noDropout.gammaGammaLogLikelihood);
    expect(Math.abs(gg.logLikelihood - noDropout.sameSpendLogLikelihood)).toBeLessThan(1e-3);
    expect(gg.params.q).toBeGreaterThan(1e4);
    expect(gg.warnings).toEqual([
      expect.stringMatching(
        /^Gamma-Gamma sits at a boundary \(q = .*\): customers' mean spends seem not to differ, so every customer's expected spend is about the shop's mean/,
      ),
    ]);
    expect(lifetimeWarnings(life)).toEqual([...bg.warnings, ...gg.warnings]);
  });

  it('gives no warning on regular fits (orders-300, whose fits SciPy matches inside the parameter space)', async () => {
    const storage = await openStorage('memory:');
    await storage.appendEvents(ordersEvents('orders-300.csv'));
    const result = await customerAnalytics(storage, { asOf: new Date('2024-01-01T00:00:00Z') });
    await storage.close();
    expect(result.lifetime.bgnbd!.converged).toBe(true);
    expect(lifetimeWarnings(result.lifetime)).toEqual([]);
  });
});

describe('lifetime-value fits on too few customers', () => {
  it('refuses BG/NBD on a 3-customer shop instead of giving a customer who bought twice P(alive) ~ 0', () => {
    const result = analyzeCustomerOrders({
      customerIds: ['a', 'b', 'c'],
      customer: Int32Array.from([0, 1, 1, 2]),
      time: Float64Array.from([19_000, 19_002, 19_010, 19_005]),
      value: Float64Array.from([10, 20, 30, 15]),
      observationEnd: 19_030,
      asOf: new Date(19_030 * 86_400_000),
    });
    const life = result.lifetime;
    expect(life.fitted).toBe(false);
    expect(life.reason).toBe(
      'BG/NBD cannot be fitted: only 1 of the 3 customers has a repeat purchase, and it needs at least 20 repeat buyers (with fewer, its fits often end at a boundary, e.g. P(alive) near 0 for a customer who bought twice)',
    );
    expect(life.bgnbd).toBeNull();
    expect(life.gammaGamma).toBeNull();
    expect(life.probabilityAlive).toBeNull();
    expect(life.clv).toBeNull();
  });

  it(`fits BG/NBD from ${MIN_BGNBD_REPEAT_BUYERS} repeat buyers on, not below`, async () => {
    expect(MIN_BGNBD_REPEAT_BUYERS).toBe(20);
    const below = (await shop(19, 30)).lifetime;
    expect(below.fitted).toBe(false);
    expect(below.reason).toMatch(
      /^BG\/NBD cannot be fitted: only 19 of the 49 customers have a repeat purchase/,
    );
    const at = (await shop(20, 30)).lifetime;
    expect(at.fitted).toBe(true);
    expect(at.repeatCustomers).toBe(20);
    expect(at.probabilityAlive).not.toBeNull();
  });

  it(`fits Gamma-Gamma from ${MIN_GAMMA_GAMMA_CUSTOMERS} repeat buyers with a positive spend on, not below`, async () => {
    expect(MIN_GAMMA_GAMMA_CUSTOMERS).toBe(20);
    // 21 repeat buyers, 2 of whom spent nothing on their repeat days: 19 to fit Gamma-Gamma on.
    const below = (await shop(21, 30, 2)).lifetime;
    expect(below.fitted).toBe(true);
    expect(below.gammaGamma).toBeNull();
    expect(below.gammaGammaReason).toBe(
      'Gamma-Gamma cannot be fitted: only 19 repeat buyers have a positive spend, and it needs at least 20 (with fewer, its fits often end at a boundary)',
    );
    expect(below.clv).toBeNull();
    const at = (await shop(21, 30, 1)).lifetime;
    expect(at.gammaGamma).toMatchObject({ customers: 20, leftOut: 1 });
  });
});
