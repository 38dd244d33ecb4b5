import { describe, expect, it } from 'vitest';
import {
  normalQuantile,
  normalSurvival,
  studentTQuantile,
  studentTSurvival,
} from '../../src/campaigns/stats/distributions.js';
import {
  fisherExactTwoSided,
  newcombeDifferenceInterval,
  relativeRiskInterval,
  twoProportionZTest,
  wilsonInterval,
} from '../../src/campaigns/stats/proportions.js';
import { welchDifference } from '../../src/campaigns/stats/welch.js';

const close = (actual: number, expected: number, rel = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(expected)));

describe('distributions (references: scipy 1.10 stats.norm / stats.t)', () => {
  it('normal tail, CDF and quantile', () => {
    close(normalSurvival(1.3), 0.09680048458561036);
    close(normalSurvival(8.5), 9.47953482220325e-18, 1e-7);
    close(1 - normalSurvival(2.2), 1 - 0.013903447513498595);
    close(normalSurvival(2.2), 0.013903447513498595);
    close(normalQuantile(0.975), 1.959963984540054, 1e-12);
    close(normalQuantile(1e-10), -6.361340902404056, 1e-9);
  });
  it('Student t tail and quantile, fractional df', () => {
    close(studentTSurvival(2.1, 7.3), 0.03612335671242664);
    close(studentTSurvival(-0.4, 3), 0.6420324230128149);
    close(studentTQuantile(0.975, 12.7), 2.1655677313665023, 1e-10);
    close(studentTQuantile(0.025, 2), -4.3026527299112765, 1e-10);
    close(studentTQuantile(0.975, 1e6), 1.9599663568141066, 1e-9);
  });
  it('t quantile matches the closed forms for 1 and 2 degrees of freedom', () => {
    // df = 1 is Cauchy: tan(pi (p - 1/2)); df = 2: (2p - 1) / sqrt(2 p (1 - p)).
    for (const p of [0.6, 0.975, 0.999, 1e-5]) {
      close(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-10);
      close(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-10);
    }
  });
});

// References: Python with scipy 1.10 — Wilson and Newcombe by their formulas with stats.norm.ppf(0.975),
// the pooled z-test with stats.norm.sf, stats.fisher_exact, stats.contingency.relative_risk(...).
// confidence_interval(0.95) (Katz). Newcombe (1998) Table II, example (a), 56/70 - 48/80, method 10:
// 0.0524 to 0.3339 (published).
const cases = [
  {
    counts: [56, 70, 48, 80],
    wilson: [0.6918335550374695, 0.8769526075163705],
    newcombe: [0.052431472402365065, 0.333872654036906],
    z: 0.00804508136819656,
    fisher: 0.012521129749209154,
    rr: [1.076626422763193, 1.651248511266387],
  },
  {
    counts: [9, 10, 3, 10],
    wilson: [0.5958499732047615, 0.9821237869049271],
    newcombe: [0.17052272393450302, 0.8090179735354881],
    z: 0.006169899320544151,
    fisher: 0.019766611097880443,
    rr: [1.13835035744767, 7.906177514784792],
  },
  {
    counts: [120, 2000, 80, 2000],
    wilson: [0.050411197114316506, 0.07127580449318606],
    newcombe: [0.006497149059809667, 0.033678513622468126],
    z: 0.0037090099909748058,
    fisher: 0.004555210937709265,
    rr: [1.138192729276588, 1.9768181100840925],
  },
  {
    counts: [2, 40, 0, 35],
    wilson: [0.013820667386148344, 0.16503877369140962],
    newcombe: [-0.05531073255435806, 0.16503877369140962],
    z: 0.17996110815187938,
    fisher: 0.49549549549549543,
    rr: [Number.NaN, Number.NaN],
  },
] as const;

// scipy 1.10: [fisher_exact([[x1, n1 - x1], [x2, n2 - x2]])[1] for ...]. A table whose every other table is as
// likely (no conversions at all, or one) sums to exactly 1; the log-gamma sums here gave 0.9999999999999964.
const fisherScipy = [
  { counts: [0, 57, 0, 11], p: 1 },
  { counts: [1, 57, 0, 11], p: 1 },
  { counts: [2, 40, 1, 20], p: 1 },
  { counts: [9, 23, 1, 5], p: 0.6263736263736264 },
  { counts: [0, 10, 3, 10], p: 0.21052631578947367 },
] as const;

describe('p-values: in [0, 1], to 12 significant digits', () => {
  for (const { counts, p } of fisherScipy) {
    const [x1, n1, x2, n2] = counts;
    it(`Fisher's exact test on ${x1}/${n1} vs ${x2}/${n2} is scipy's ${p} to 12 digits`, () => {
      expect(fisherExactTwoSided(x1, n1, x2, n2)).toBe(Number(p.toPrecision(12)));
    });
  }
});

describe('proportions', () => {
  for (const c of cases) {
    const [x1, n1, x2, n2] = c.counts;
    it(`matches SciPy-based references on ${x1}/${n1} vs ${x2}/${n2}`, () => {
      const w = wilsonInterval(x1, n1);
      close(w.lower, c.wilson[0]);
      close(w.upper, c.wilson[1]);
      const d = newcombeDifferenceInterval(x1, n1, x2, n2);
      close(d.lower, c.newcombe[0]);
      close(d.upper, c.newcombe[1]);
      close(twoProportionZTest(x1, n1, x2, n2).pValue, c.z, 1e-8);
      close(fisherExactTwoSided(x1, n1, x2, n2), c.fisher, 1e-9);
      const rr = relativeRiskInterval(x1, n1, x2, n2);
      if (Number.isNaN(c.rr[0])) expect(rr.lower).toBeNaN();
      else {
        close(rr.lower, c.rr[0]);
        close(rr.upper, c.rr[1]);
      }
    });
  }
  it('uses the confidence level and names bad counts', () => {
    // scipy: Wilson with stats.norm.ppf(0.95) on 12/30.
    const w = wilsonInterval(12, 30, 0.9);
    close(w.lower, 0.26712616957413504);
    close(w.upper, 0.5494186920508849);
    expect(() => wilsonInterval(5, 3)).toThrow(
      'wilsonInterval: successes must be an integer in [0, trials = 3], got 5',
    );
    expect(() => wilsonInterval(1, 3, 1.5)).toThrow('confidence must be in (0, 1), got 1.5');
  });
});

describe('welchDifference', () => {
  it('matches scipy.stats.ttest_ind_from_stats(equal_var=False) and t.ppf', () => {
    const r = welchDifference({ n: 400, mean: 12.5, variance: 30 }, { n: 350, mean: 10, variance: 55 });
    close(r.t, 5.188745216627709);
    close(r.pValue, 2.8520761041718994e-7, 1e-7);
    close(r.df, 635.0956634098792);
    close(r.lower, 1.5538626355100602, 1e-9);
    close(r.upper, 3.44613736448994, 1e-9);
  });
});
