import { describe, expect, it } from 'vitest';
import { summarizeTransactions } from '../../src/index.js';

describe('summarizeTransactions', () => {
  // Customer 0: orders at day 0 (10), 3.5 (20), 7 (30), 20 (after the end, ignored).
  // Customer 1: one order at day 5 (50). Customer 2: two orders the same day, 8.2 and 8.7 (5 and 7).
  // Customer 3: no order.
  const tx = {
    customer: Int32Array.from([0, 1, 0, 2, 0, 2, 0]),
    time: Float64Array.from([0, 5, 3.5, 8.2, 7, 8.7, 20]),
    value: Float64Array.from([10, 50, 20, 5, 30, 7, 99]),
  };

  it('counts repeat orders, recency and age per customer', () => {
    const s = summarizeTransactions(tx, { observationEnd: 10, nCustomers: 4 });
    expect(Array.from(s.x)).toEqual([2, 0, 1, 0]);
    expect(Array.from(s.tx)).toEqual([7, 0, 8.7 - 8.2, 0]);
    expect(Array.from(s.T)).toEqual([10, 5, 10 - 8.2, 0]);
    expect(Array.from(s.m)).toEqual([25, 0, 7, 0]);
    expect(Array.from(s.orders)).toEqual([3, 1, 2, 0]);
    expect(Array.from(s.recency)).toEqual([3, 5, 10 - 8.7, 0]);
    expect(Array.from(s.total)).toEqual([60, 50, 12, 0]);
  });

  it('merges orders within a period (days here) and rescales durations', () => {
    const s = summarizeTransactions(tx, { observationEnd: 10.5, period: 1, timeScale: 7 });
    // Customer 2's two orders fall on day 8: one transaction of 12 at the start of day 8.
    expect(Array.from(s.x)).toEqual([2, 0, 0]);
    expect(s.tx[0]).toBeCloseTo(7 / 7, 15); // days 0, 3 (3.5 floored) and 7
    expect(s.T[0]).toBeCloseTo(10 / 7, 15);
    expect(s.T[2]).toBeCloseTo(2 / 7, 15);
    expect(Array.from(s.orders)).toEqual([3, 1, 1]);
    expect(s.total[2]).toBe(12);
  });

  it('checks its inputs', () => {
    expect(() =>
      summarizeTransactions(
        { customer: Int32Array.from([0, -1]), time: new Float64Array(2) },
        { observationEnd: 1 },
      ),
    ).toThrow(/transaction 1/);
    expect(() =>
      summarizeTransactions(
        { customer: Int32Array.from([0]), time: new Float64Array(2) },
        { observationEnd: 1 },
      ),
    ).toThrow(/same length/);
  });
});
