import { describe, expect, it } from 'vitest';
import { accumulateGroups, attributeConversions, campaignReport } from '../../src/campaigns/measurement.js';

// A fixed campaign: arm 0 has 30 exposures, exposure i converts when i % 5 < 2, with revenue 10 + i;
// the holdout (group 1) has 25, converting when i % 5 == 0, with revenue 8 + i.
function fixture() {
  const group: number[] = [];
  const converted: number[] = [];
  const revenue: number[] = [];
  for (let i = 0; i < 30; i++) {
    const c = i % 5 < 2;
    group.push(0);
    converted.push(c ? 1 : 0);
    revenue.push(c ? 10 + i : 0);
  }
  for (let i = 0; i < 25; i++) {
    const c = i % 5 === 0;
    group.push(1);
    converted.push(c ? 1 : 0);
    revenue.push(c ? 8 + i : 0);
  }
  return accumulateGroups(new Int32Array(group), new Uint8Array(converted), new Float64Array(revenue), 2);
}

describe('campaignReport', () => {
  it('reports metrics and lift matching SciPy references', () => {
    const [arm, holdout] = fixture();
    expect(arm).toEqual({
      exposures: 30,
      conversions: 12,
      revenue: 276,
      revenueSumSquares: expect.any(Number),
    });
    expect(holdout!.revenue).toBe(90);
    const report = campaignReport([arm!], holdout!);
    const { metrics, lift } = report.arms[0]!;
    expect(metrics.conversionRate).toBeCloseTo(0.4, 15);
    expect(report.holdout.conversionRate).toBeCloseTo(0.2, 15);
    expect(lift.absolute).toBeCloseTo(0.2, 15);
    expect(lift.relative).toBeCloseTo(1, 12);
    // Python: Newcombe by formula; relative_risk(12,30,5,25).confidence_interval() - 1; pooled z-test
    // (expected cells >= 5, so z); stats.ttest_ind(rev_arm, rev_holdout, equal_var=False); the interval's
    // t quantile by optimize.brentq on special.betainc (xtol 1e-15): stats.t.ppf is off by 1.4e-10 in
    // probability at this fractional df.
    expect(lift.absoluteInterval.lower).toBeCloseTo(-0.04565056561638786, 10);
    expect(lift.absoluteInterval.upper).toBeCloseTo(0.40896321089899945, 10);
    expect(lift.relativeInterval.lower).toBeCloseTo(-0.1853699142514671, 10);
    expect(lift.relativeInterval.upper).toBeCloseTo(3.9102041159264953, 10);
    expect(lift.test).toBe('z-pooled');
    expect(lift.pValue).toBeCloseTo(0.1100029057561823, 10);
    expect(lift.revenuePerExposure.t).toBeCloseTo(1.9843946279413442, 10);
    expect(lift.revenuePerExposure.pValue).toBeCloseTo(0.052752664852624497, 10);
    expect(lift.revenuePerExposure.df).toBeCloseTo(49.650747210122525, 8);
    expect(lift.revenuePerExposure.lower).toBeCloseTo(-0.06918068972299896, 10);
    expect(lift.revenuePerExposure.upper).toBeCloseTo(11.269180689722997, 10);
  });

  it('switches to Fisher exact at small counts', () => {
    const report = campaignReport([{ exposures: 10, conversions: 9, revenue: 0, revenueSumSquares: 0 }], {
      exposures: 10,
      conversions: 3,
      revenue: 0,
      revenueSumSquares: 0,
    });
    expect(report.arms[0]!.lift.test).toBe('fisher-exact');
    // scipy.stats.fisher_exact([[9, 1], [3, 7]]).
    expect(report.arms[0]!.lift.pValue).toBeCloseTo(0.019766611097880443, 12);
  });

  it('gives NaN, not a number that looks meaningful, when the holdout is empty', () => {
    const lift = campaignReport([{ exposures: 10, conversions: 3, revenue: 30, revenueSumSquares: 300 }], {
      exposures: 0,
      conversions: 0,
      revenue: 0,
      revenueSumSquares: 0,
    }).arms[0]!.lift;
    expect(lift.absolute).toBeNaN();
    expect(lift.absoluteInterval.lower).toBeNaN();
    expect(lift.relativeInterval.upper).toBeNaN();
    expect(lift.pValue).toBeNaN();
    expect(lift.revenuePerExposure.lower).toBeNaN();
  });

  it('names bad rows', () => {
    expect(() => accumulateGroups(new Int32Array([0, 2]), new Uint8Array(2), new Float64Array(2), 2)).toThrow(
      'group[1] must be in [0, 2), got 2',
    );
  });
});

describe('attributeConversions', () => {
  it('counts purchases within the window after assignment only', () => {
    // Exposure 0 at t=10: purchases at 5 (before), 12 and 40 (inside, window 30), 41 (after).
    // Exposure 1 at t=0: no purchases.
    const { converted, revenue } = attributeConversions(
      new Float64Array([10, 0]),
      new Int32Array([0, 4, 4]),
      new Float64Array([5, 12, 40, 41]),
      new Float64Array([1, 2, 4, 8]),
      30,
    );
    expect(Array.from(converted)).toEqual([1, 0]);
    expect(Array.from(revenue)).toEqual([6, 0]);
  });
});
