import { describe, expect, it } from 'vitest';
import { ForecastInputError, reorderPlan } from '../../src/index.js';

// scipy.stats.norm.ppf(0.95)
const Z95 = 1.6448536269514722;

describe('reorderPlan (Silver, Pyke & Peterson 1998, ch. 7)', () => {
  // Mean 10 per period, sigma 3, lead time 1.5 periods, 95% cycle service: lead-time demand 15, safety stock
  // 1.6449 * 3 * sqrt(1.5) = 6.0436, reorder point 21.0436; the next lead time's demand (periods 1.5..3) is
  // 15, so the order-up-to level is 36.0436.
  const base = { mean: [10, 10, 10, 10], sigma: 3, leadTimePeriods: 1.5, serviceLevel: 0.95 };

  it('orders nothing above the reorder point; the stock runs out half-way through period 2', () => {
    const plan = reorderPlan({ ...base, stock: 25 });
    expect(plan.leadTimeDemand).toBe(15);
    expect(plan.safetyStock).toBeCloseTo(Z95 * 3 * Math.sqrt(1.5), 9);
    expect(plan.reorderPoint).toBeCloseTo(15 + Z95 * 3 * Math.sqrt(1.5), 9);
    expect(plan.suggestedOrder).toBe(0);
    expect(plan.stockoutPeriod).toBeCloseTo(2.5, 12);
  });

  it('at or below it, orders up to the reorder point plus one more lead time, in whole units', () => {
    const plan = reorderPlan({ ...base, stock: 20 });
    expect(plan.suggestedOrder).toBe(Math.ceil(15 + Z95 * 3 * Math.sqrt(1.5) + 15 - 20)); // 17
    expect(plan.suggestedOrder).toBe(17);
    expect(plan.stockoutPeriod).toBe(2);
    expect(reorderPlan({ ...base, stock: 0 }).stockoutPeriod).toBe(0);
    // Out of stock now, also when the first periods expect no demand (a shop closed on Sundays).
    expect(reorderPlan({ ...base, mean: [0, 0, 5], stock: 0 }).stockoutPeriod).toBe(0);
  });

  it('repeats the last mean past the horizon; no stockout within it gives null', () => {
    const plan = reorderPlan({ mean: [2, 4], sigma: 0, stock: 100, leadTimePeriods: 3, serviceLevel: 0.5 });
    expect(plan.leadTimeDemand).toBe(10);
    expect(plan.safetyStock).toBeCloseTo(0, 12);
    expect(plan.stockoutPeriod).toBeNull();
  });

  it('names the argument at fault', () => {
    const bad = (patch: object) => () => reorderPlan({ ...base, stock: 1, ...patch });
    expect(bad({ serviceLevel: 1 })).toThrow(/^input.serviceLevel: must be a number in \(0, 1\)/);
    expect(bad({ stock: -1 })).toThrow(/^input.stock:/);
    expect(bad({ leadTimePeriods: Number.NaN })).toThrow(/^input.leadTimePeriods:/);
    expect(bad({ mean: [1, -1] })).toThrow(/input.mean\[1\] is -1/);
    expect(bad({ sigma: Number.POSITIVE_INFINITY })).toThrow(ForecastInputError);
  });
});
