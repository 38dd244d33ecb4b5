import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ClassifierFairnessReport, classifierFairness } from '../../src/propensity/fairness.js';

describe('classifierFairness: hand-worked', () => {
  // Group A: labels 1 1 0 0, scores .9 .4 .6 .1. Group B: labels 1 0 0 0, scores .7 .2 .3 .8.
  // At threshold 0.5: A selects .9 (buyer) and .6 -> rate 2/4, TPR 1/2, FPR 1/2, precision 1/2;
  //   B selects .7 (buyer) and .8 -> rate 2/4, TPR 1/1, FPR 1/3, precision 1/2.
  // ROC AUC: A's pairs (.9>.6, .9>.1, .4<.6, .4>.1) 3/4; B's (.7>.2, .7>.3, .7<.8) 2/3.
  // Mean score 0.5 in both; base rates 1/2 and 1/4 -> calibration in the large 0 and +0.25.
  // Brier A (.01+.36+.36+.01)/4 = 0.185; B (.09+.04+.09+.64)/4 = 0.215.
  // Disparities: selection 0 (ratio 1), TPR 1 - 1/2 = 0.5, FPR 1/2 - 1/3 = 1/6, equalized odds 0.5.
  const input = {
    group: new Int32Array([0, 0, 0, 0, 1, 1, 1, 1]),
    groupNames: ['A', 'B'],
    labels: new Uint8Array([1, 1, 0, 0, 1, 0, 0, 0]),
    scores: new Float64Array([0.9, 0.4, 0.6, 0.1, 0.7, 0.2, 0.3, 0.8]),
    minGroupSize: 1,
  };

  it('computes the per-group metrics and the disparities at a threshold', () => {
    const r = classifierFairness({ ...input, decision: { threshold: 0.5 } });
    const [a, b] = r.groups;
    expect(a).toMatchObject({ rows: 4, positives: 2, baseRate: 0.5, selected: 2, selectionRate: 0.5 });
    expect(a).toMatchObject({ truePositiveRate: 0.5, falsePositiveRate: 0.5, precision: 0.5, rocAuc: 0.75 });
    expect(a!.meanScore).toBeCloseTo(0.5, 12);
    expect(a!.calibrationInTheLarge).toBeCloseTo(0, 12);
    expect(a!.brier).toBeCloseTo(0.185, 12);
    expect(b).toMatchObject({ positives: 1, selected: 2, truePositiveRate: 1, precision: 0.5 });
    expect(b!.falsePositiveRate).toBeCloseTo(1 / 3, 12);
    expect(b!.rocAuc).toBeCloseTo(2 / 3, 12);
    expect(b!.calibrationInTheLarge).toBeCloseTo(0.25, 12);
    expect(b!.brier).toBeCloseTo(0.215, 12);
    expect(r.decision).toEqual({ threshold: 0.5, share: null, selectedShare: 0.5 });
    expect(r.disparities.demographicParityDifference).toBe(0);
    expect(r.disparities.demographicParityRatio).toBe(1);
    expect(r.disparities.equalOpportunityDifference).toBe(0.5);
    expect(r.disparities.falsePositiveRateDifference).toBeCloseTo(1 / 6, 12);
    expect(r.disparities.equalizedOddsDifference).toBe(0.5);
    expect(r.disparities.rocAucMin).toBeCloseTo(2 / 3, 12);
    expect(r.disparities.rocAucMax).toBe(0.75);
    expect(r.flagged).toEqual([]);
  });

  it('takes the best-scored share of all rows, and flags a group selected below four fifths', () => {
    // A quarter of 8 rows: .9 and .8, threshold 0.8. A selects its buyer .9, B its non-buyer .8.
    const r = classifierFairness({ ...input, decision: { share: 0.25 } });
    expect(r.decision).toEqual({ threshold: 0.8, share: 0.25, selectedShare: 0.25 });
    expect(r.groups.map((g) => [g.truePositiveRate, g.falsePositiveRate])).toEqual([
      [0.5, 0],
      [0, 1 / 3],
    ]);
    // Scores .7 and above: A selects 1 of 4, B 2 of 4 -> A's ratio 0.5 is flagged.
    const t = classifierFairness({ ...input, decision: { threshold: 0.7 } });
    expect(t.groups.map((g) => g.selectionRateRatio)).toEqual([0.5, 1]);
    expect(t.flagged).toEqual(['A']);
    expect(t.disparities.demographicParityRatio).toBe(0.5);
  });

  it('judges no group under minGroupSize (default 30): no flag, no disparity', () => {
    const { minGroupSize: _, ...small } = input;
    const r = classifierFairness({ ...small, decision: { threshold: 0.7 } });
    expect(r.minGroupSize).toBe(30);
    expect(r.groups.every((g) => g.small && g.flags.length === 0)).toBe(true);
    expect(r.judged).toEqual([]);
    expect(r.disparities.demographicParityDifference).toBeNaN();
    expect(r.disparities.equalizedOddsDifference).toBeNaN();
  });

  it('never judges an unjudged group: no flag, not the reference, not in the disparities', () => {
    // Scores .7 and above: A selects 1 of 4, B 2 of 4 (as above). With B unjudged, A is the only judged
    // group: the reference of the ratios (B's is 0.5 / 0.25 = 2), nothing flagged, no disparity.
    const r = classifierFairness({ ...input, decision: { threshold: 0.7 }, unjudged: [1] });
    expect(r.groups.map((g) => [g.name, g.small, g.selectionRateRatio])).toEqual([
      ['A', false, 1],
      ['B', true, 2],
    ]);
    expect(r.judged).toEqual(['A']);
    expect(r.flagged).toEqual([]);
    expect(r.disparities.demographicParityDifference).toBeNaN();
    expect(() => classifierFairness({ ...input, decision: { threshold: 0.7 }, unjudged: [-1] })).toThrow(
      'unjudged[0] must be in [0, 2), got -1',
    );
  });

  it('gives NaN rather than 0 for a rate a group cannot have', () => {
    // Group C has no buyer: no TPR and no ROC AUC; the TPR difference is over A and B only.
    const r = classifierFairness({
      group: new Int32Array([0, 0, 1, 1, 2, 2]),
      groupNames: ['A', 'B', 'C'],
      labels: new Uint8Array([1, 0, 1, 0, 0, 0]),
      scores: new Float64Array([0.9, 0.1, 0.2, 0.1, 0.8, 0.3]),
      decision: { threshold: 0.5 },
      minGroupSize: 1,
    });
    expect(r.groups[2]!.truePositiveRate).toBeNaN();
    expect(r.groups[2]!.rocAuc).toBeNaN();
    expect(r.groups[1]!.precision).toBeNaN();
    expect(r.disparities.equalOpportunityDifference).toBe(1);
    expect(r.disparities.falsePositiveRateDifference).toBe(0.5);
  });

  it('refuses bad input naming what is wrong', () => {
    const d = { decision: { threshold: 0.5 } };
    expect(() => classifierFairness({ ...input, ...d, group: new Int32Array(7) })).toThrow(
      'group must have 8 entries',
    );
    expect(() => classifierFairness({ ...input, ...d, group: new Int32Array(8).fill(2) })).toThrow(
      'group[0] must be in [0, 2), got 2',
    );
    const scores = Float64Array.from(input.scores);
    scores[3] = 1.5;
    expect(() => classifierFairness({ ...input, ...d, scores })).toThrow('probability 3 is 1.5');
    expect(() => classifierFairness({ ...input, decision: { share: 0 } })).toThrow(
      'decision.share must be in (0, 1], got 0',
    );
    expect(() => classifierFairness({ ...input, decision: { threshold: -1 } })).toThrow(
      'decision.threshold must be in [0, 1]',
    );
    expect(() => classifierFairness({ ...input, ...d, minGroupSize: 0 })).toThrow('minGroupSize');
  });
});

// 332 rows in four groups (PT under 30 rows) from fixtures/propensity-fairness/make_reference.py, with the
// expected values it computed by scikit-learn (roc_auc_score, confusion_matrix, brier_score_loss per group)
// and fairlearn's definitions of the disparities written out in numpy.
describe('classifierFairness against scikit-learn and the fairlearn definitions', () => {
  const dir = new URL('../fixtures/propensity-fairness/', import.meta.url);
  const lines = readFileSync(new URL('rows.csv', dir), 'utf8').trim().split('\n').slice(1);
  const names = ['UK', 'DE', 'FR', 'PT'];
  const group = Int32Array.from(lines, (l) => names.indexOf(l.split(',')[0]!));
  const labels = Uint8Array.from(lines, (l) => Number(l.split(',')[1]));
  const scores = Float64Array.from(lines, (l) => Number(l.split(',')[2]));
  const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));

  function check(r: ClassifierFairnessReport, e: (typeof expected)['share']) {
    expect(r.decision.threshold).toBe(e.threshold);
    expect(r.decision.selectedShare).toBeCloseTo(e.selectedShare, 12);
    expect(r.judged).toEqual(['UK', 'DE', 'FR']);
    expect(r.flagged).toEqual(e.flagged);
    r.groups.forEach((g, i) => {
      const want = e.groups[i];
      for (const [key, value] of Object.entries(want)) {
        if (typeof value === 'number')
          expect(g[key as keyof typeof g], `${g.name} ${key}`).toBeCloseTo(value, 12);
        else expect(g[key as keyof typeof g]).toEqual(value);
      }
    });
    for (const [key, value] of Object.entries(e.disparities))
      expect(r.disparities[key as keyof typeof r.disparities], key).toBeCloseTo(value as number, 12);
  }

  it('at the top share equal to the base rate (ties at the threshold all selected)', () => {
    const r = classifierFairness({
      group,
      groupNames: names,
      labels,
      scores,
      decision: { share: expected.baseShare },
    });
    expect(r.decision.selectedShare).toBeGreaterThan(expected.baseShare);
    check(r, expected.share);
    expect(r.groups[3]!.small).toBe(true);
    expect(r.groups[3]!.flags).toEqual([]);
  });

  it('at the threshold 0.3', () => {
    check(
      classifierFairness({ group, groupNames: names, labels, scores, decision: { threshold: 0.3 } }),
      expected.threshold,
    );
  });
});
