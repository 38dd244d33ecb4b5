import { describe, expect, it } from 'vitest';
import { fairnessReport } from '../../src/campaigns/fairness.js';

describe('fairnessReport', () => {
  // Group A: 10 customers, 6 offered a 5.00 discount (rate 0.6, mean 3.0 per customer).
  // Group B: 10 customers, 5 offered 5.00 (rate 0.5, ratio 0.833 -> not flagged; mean 2.5, ratio 0.833).
  // Group C: 5 customers, 2 offered 10.00 (rate 0.4, ratio 0.667 -> flagged; mean 4.0 is the best).
  function input() {
    const group: number[] = [];
    const offered: number[] = [];
    const discount: number[] = [];
    const add = (g: number, total: number, nOffered: number, value: number) => {
      for (let i = 0; i < total; i++) {
        group.push(g);
        offered.push(i < nOffered ? 1 : 0);
        discount.push(i < nOffered ? value : 0);
      }
    };
    add(0, 10, 6, 5);
    add(1, 10, 5, 5);
    add(2, 5, 2, 10);
    return {
      group: new Int32Array(group),
      groupNames: ['A', 'B', 'C'],
      offered: new Uint8Array(offered),
      discountValue: new Float64Array(discount),
      minGroupSize: 1,
    };
  }

  it('computes rates, ratios to the best-treated group and flags below four fifths', () => {
    const r = fairnessReport(input());
    const [a, b, c] = r.groups;
    expect(a).toMatchObject({
      customers: 10,
      offered: 6,
      offerRate: 0.6,
      meanDiscount: 3,
      offerRateRatio: 1,
    });
    expect(a!.discountRatio).toBeCloseTo(0.75, 12);
    expect(a!.flags).toEqual(['discount']);
    expect(b!.offerRateRatio).toBeCloseTo(5 / 6, 12);
    expect(b!.discountRatio).toBeCloseTo(2.5 / 4, 12);
    expect(b!.flags).toEqual(['discount']);
    expect(c!.offerRateRatio).toBeCloseTo(2 / 3, 12);
    expect(c!.meanDiscountWhenOffered).toBe(10);
    expect(a!.meanDiscountWhenOffered).toBe(5);
    expect(c!.discountRatio).toBe(1);
    expect(c!.flags).toEqual(['offer-rate']);
    expect(r.flagged).toEqual(['A', 'B', 'C']);
    expect(fairnessReport({ ...input(), threshold: 0.6 }).flagged).toEqual([]);
  });

  it('neither flags nor compares with groups smaller than minGroupSize (default 30)', () => {
    // A 40 customers, 20 offered 5.00; B 35, 10 offered 5.00 (rate ratio 0.571: flagged); C one customer
    // offered 10.00, who would otherwise be the best-treated group and flag both others on discount.
    const group = [...Array(40).fill(0), ...Array(35).fill(1), 2];
    const offered = [...Array(40)].map((_, i) => (i < 20 ? 1 : 0));
    offered.push(...[...Array(35)].map((_, i) => (i < 10 ? 1 : 0)), 1);
    const discount = offered.map((o, i) => (o ? (i === 75 ? 10 : 5) : 0));
    const r = fairnessReport({
      group: new Int32Array(group),
      groupNames: ['A', 'B', 'C'],
      offered: new Uint8Array(offered),
      discountValue: new Float64Array(discount),
    });
    expect(r.minGroupSize).toBe(30);
    expect(r.groups.map((g) => [g.name, g.small, g.flags])).toEqual([
      ['A', false, []],
      ['B', false, ['offer-rate', 'discount']],
      ['C', true, []],
    ]);
    expect(r.groups[1]!.offerRateRatio).toBeCloseTo(10 / 35 / 0.5, 12);
    expect(r.flagged).toEqual(['B']);
    expect(() => fairnessReport({ ...input(), minGroupSize: 0 })).toThrow(
      'minGroupSize must be a whole number >= 1, got 0',
    );
  });

  it('never judges an unjudged group (a bucket of merged small groups), however large', () => {
    // In input(), C (5 customers, mean discount 4.0) is the best-treated group on discount and flags A and
    // B. Unjudged, the best discount is A's 3.0: B's ratio 2.5 / 3 = 0.833 passes, and C (4.0 / 3.0) is
    // listed unflagged although its offer rate 0.4 is 2/3 of A's 0.6.
    const r = fairnessReport({ ...input(), unjudged: [2] });
    expect(r.groups.map((g) => [g.name, g.small, g.flags])).toEqual([
      ['A', false, []],
      ['B', false, []],
      ['C', true, []],
    ]);
    expect(r.groups[2]!.offerRateRatio).toBeCloseTo(0.4 / 0.6, 12);
    expect(r.groups[2]!.discountRatio).toBeCloseTo(4 / 3, 12);
    expect(r.flagged).toEqual([]);
    expect(() => fairnessReport({ ...input(), unjudged: [3] })).toThrow(
      'unjudged[0] must be in [0, 3), got 3',
    );
  });

  it('names bad input', () => {
    expect(() => fairnessReport({ ...input(), group: new Int32Array(25).fill(3) })).toThrow(
      'group[0] must be in [0, 3), got 3',
    );
    expect(() => fairnessReport({ ...input(), threshold: 0 })).toThrow('threshold must be in (0, 1], got 0');
  });
});
