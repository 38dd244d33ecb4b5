import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  brierScore,
  calibrationTable,
  classificationReport,
  confusionMatrix,
  f1Score,
  liftTable,
  logLoss,
  precision,
  predictLabels,
  recall,
  rocAuc,
  rocAucStandardError,
  rocCurve,
} from '../../src/propensity/metrics/index.js';

// Reference values from scikit-learn 1.2.1 (/usr/bin/python3), with y and p below as numpy arrays:
//   yp = (p >= 0.5); accuracy_score, precision_score, recall_score, f1_score, confusion_matrix(y, yp);
//   roc_auc_score(y, p); average_precision_score(y, p); log_loss(y, p); brier_score_loss(y, p);
//   calibration_curve(y, p, n_bins=5).
// The scores have ties (0.3 x4, 0.5 x2) across classes, and 0 and 1 (log loss clips them).
const y = [0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0];
const p = [
  0.1, 0.9, 0.8, 0.3, 0.3, 0.2, 0.6, 0.7, 0.05, 0.3, 0.55, 0.4, 0.45, 0.5, 0.15, 0.95, 0.3, 0.5, 0.0, 1.0,
];

describe('classification metrics (against scikit-learn)', () => {
  it('threshold metrics and the confusion matrix', () => {
    const yp = predictLabels(p);
    expect(accuracy(y, yp)).toBeCloseTo(0.75, 12);
    expect(precision(y, yp)).toBeCloseTo(0.6666666666666666, 12);
    expect(recall(y, yp)).toBeCloseTo(0.75, 12);
    expect(f1Score(y, yp)).toBeCloseTo(0.7058823529411765, 12);
    expect(confusionMatrix(y, yp)).toEqual({ tn: 9, fp: 3, fn: 2, tp: 6 });
    expect(precision([0, 1], [0, 0])).toBe(0); // zero_division=0
  });

  it('ROC AUC and average precision, with ties', () => {
    expect(rocAuc(y, p)).toBeCloseTo(0.8125, 12);
    expect(averagePrecision(y, p)).toBeCloseTo(0.6584145021645021, 12);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    const curve = rocCurve(y, p);
    expect(curve.fpr[0]).toBe(0);
    expect(curve.tpr[curve.tpr.length - 1]).toBe(1);
    // trapezoid area of the curve equals the tie-aware AUC
    let area = 0;
    for (let i = 1; i < curve.fpr.length; i++) {
      area += ((curve.fpr[i]! - curve.fpr[i - 1]!) * (curve.tpr[i]! + curve.tpr[i - 1]!)) / 2;
    }
    expect(area).toBeCloseTo(0.8125, 12);
  });

  it('log loss (clipped), Brier score and the calibration table', () => {
    expect(logLoss(y, p)).toBeCloseTo(2.2005494723897203, 10);
    expect(brierScore(y, p)).toBeCloseTo(0.180125, 12);
    const table = calibrationTable(y, p, 5);
    const nonEmpty = table.filter((b) => b.count > 0);
    expect(nonEmpty.map((b) => b.fractionPositive)).toEqual(
      [0.0, 0.4, 0.4, 1.0, 0.6666666666666666].map((v) => expect.closeTo(v, 12)),
    );
    expect(nonEmpty.map((b) => b.meanPredicted)).toEqual(
      [0.1, 0.32, 0.52, 0.75, 0.95].map((v) => expect.closeTo(v, 12)),
    );
    expect(table.reduce((s, b) => s + b.count, 0)).toBe(20);
  });

  it('lift and cumulative gain by decile (hand-checked)', () => {
    // 20 examples ranked by score: top two are 1.0 (neg) and 0.95 (pos) -> decile 1 holds 1 of 8 positives.
    const rows = liftTable(y, p);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.count)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    // ranking (label): 1.0(0) .95(1) | .9(1) .8(1) | .7(1) .6(0) | .55(1) .5(0) | .5(1) .45(0) | .4(1) .3(0) |
    // .3(1) .3(0) | .3(0) .2(0) | .15(0) .1(0) | .05(0) 0(0). Tied scores share their positives: the two
    // 0.5s one (0.5 a rank), the four 0.3s one (0.25 a rank).
    expect(rows.map((r) => r.positives)).toEqual([1, 2, 1, 1.5, 0.5, 1.25, 0.5, 0.25, 0, 0]);
    const base = 8 / 20;
    expect(rows[0]!.lift).toBeCloseTo(0.5 / base, 12);
    expect(rows[1]!.cumulativeGain).toBeCloseTo(3 / 8, 12);
    expect(rows[1]!.cumulativeLift).toBeCloseTo(3 / 4 / base, 12);
    expect(rows[9]!.cumulativeGain).toBe(1);
    expect(rows[9]!.cumulativeLift).toBeCloseTo(1, 12);
  });

  it('lift of tied scores is its mean over every order of the ties (a constant score lifts nothing)', () => {
    // Six examples, two positives, scores 0.9, 0.5 x4, 0.1: enumerate the 24 orders of the tied four.
    const labels = [1, 0, 1, 0, 0, 0];
    const scores = [0.9, 0.5, 0.5, 0.5, 0.5, 0.1];
    const tied = [1, 2, 3, 4];
    const permutations = (xs: number[]): number[][] =>
      xs.length <= 1
        ? [xs]
        : xs.flatMap((x, i) =>
            permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]),
          );
    const mean = new Float64Array(3);
    const orders = permutations(tied);
    for (const order of orders) {
      const ranked = [0, ...order, 5];
      // Three groups of two ranks each.
      for (let g = 0; g < 3; g++)
        mean[g] = mean[g]! + (labels[ranked[2 * g]!]! + labels[ranked[2 * g + 1]!]!) / orders.length;
    }
    const rows = liftTable(labels, scores, 3);
    for (const [g, r] of rows.entries()) expect(r.positives).toBeCloseTo(mean[g]!, 12);
    expect(rows.map((r) => r.positives)).toEqual([1.25, 0.5, 0.25]);
    // One score for all: every group is the base rate.
    for (const r of liftTable(y, new Array(y.length).fill(0.3))) expect(r.lift).toBeCloseTo(1, 12);
  });

  it('gathers every metric in one report', () => {
    const report = classificationReport(y, p, { calibrationBins: 5 });
    expect(report.rocAuc).toBeCloseTo(0.8125, 12);
    expect(report.f1).toBeCloseTo(0.7058823529411765, 12);
    expect(report.positives).toBe(8);
    expect(report.calibration).toHaveLength(5);
    expect(report.lift).toHaveLength(10);
  });
});

describe('classification metrics refuse what they cannot score', () => {
  // Labels 0..3 and the scores of the report that found the bugs: rocAuc looped forever on the NaN
  // (tie groups compared scores with ===), averagePrecision returned 0.75 and brierScore NaN.
  const yy = [0, 1, 0, 1];
  const nan = [0.2, Number.NaN, 0.3, 0.9];

  it('a NaN or infinite score, naming its index, in every ranking metric', () => {
    for (const metric of [rocAuc, rocCurve, averagePrecision, liftTable]) {
      expect(() => metric(yy, nan)).toThrow('score 1 is NaN; expected a finite number');
      expect(() => metric(yy, [0.2, 0.4, Number.POSITIVE_INFINITY, 0.9])).toThrow('score 2 is Infinity');
      expect(() => metric(yy, [Number.NEGATIVE_INFINITY, 0.4, 0.3, 0.9])).toThrow('score 0 is -Infinity');
    }
  });

  it('a probability outside [0, 1] or NaN, naming its index, in every probability metric', () => {
    for (const metric of [logLoss, brierScore, calibrationTable, classificationReport]) {
      expect(() => metric(yy, nan)).toThrow('probability 1 is NaN; expected a value in [0, 1]');
    }
    // logLoss used to clip these to [eps, 1 - eps] and return 2.2e-16, a perfect score.
    expect(() => logLoss([1, 0], [1.5, -0.2])).toThrow('probability 0 is 1.5; expected a value in [0, 1]');
    expect(() => brierScore([1, 0], [1, -0.2])).toThrow('probability 1 is -0.2');
    expect(() => predictLabels(nan)).toThrow('probability 1 is NaN');
    // 0 and 1 themselves are probabilities: clipped inside to [eps, 1 - eps] (eps = 2^-52), so the loss is
    // -ln(1 - 2^-52), which is 2^-52 to double precision.
    expect(logLoss([1, 0], [1, 0])).toBeCloseTo(2 ** -52, 30);
  });

  it('a label other than 0 or 1, naming its index, in every binary metric', () => {
    // rocAuc used to count the 2 as a negative and return 0.667.
    const y2 = [0, 2, 0, 1];
    const p2 = [0.2, 0.4, 0.3, 0.9];
    for (const metric of [
      rocAuc,
      rocCurve,
      averagePrecision,
      liftTable,
      logLoss,
      brierScore,
      calibrationTable,
      classificationReport,
    ]) {
      expect(() => metric(y2, p2)).toThrow('row 1: label is 2; expected 0 or 1');
    }
    for (const metric of [accuracy, precision, recall, f1Score, confusionMatrix]) {
      expect(() => metric(y2, [0, 1, 0, 1])).toThrow('row 1: label is 2; expected 0 or 1');
      expect(() => metric(yy, [0, 1, 0, -1])).toThrow('row 3: prediction is -1; expected 0 or 1');
    }
  });

  it('lift with fewer rows than groups: one row per group, the best-scored first (hand-checked)', () => {
    // 3 rows ranked 0.9 (positive), 0.5, 0.2; base rate 1/3. Group 1 used to be empty (lift NaN) and the
    // best row landed in group 4.
    const rows = liftTable([0, 1, 0], [0.2, 0.9, 0.5]);
    expect(rows.map((r) => [r.decile, r.count, r.positives])).toEqual([
      [1, 1, 1],
      [2, 1, 0],
      [3, 1, 0],
    ]);
    expect(rows[0]!.lift).toBeCloseTo(3, 12); // response rate 1 over 1/3
    expect(rows[1]!.cumulativeLift).toBeCloseTo(1.5, 12); // 1 of 2 over 1/3
    expect(rows[2]!.cumulativeGain).toBe(1);
    expect(classificationReport([0, 1, 0], [0.2, 0.9, 0.5]).lift[0]!.lift).toBeCloseTo(3, 12);
    expect(() => liftTable(y, p, 0)).toThrow('groups must be an integer >= 1, got 0');
  });
});

describe('the standard error of a ROC AUC (Hanley and McNeil 1982)', () => {
  it("gives the paper's worked example and the formula's value elsewhere", () => {
    // Radiology 143:29-36: 51 abnormal and 58 normal images, area 0.893, standard error printed as 0.032
    // (the formula's 0.0325, to the paper's three decimals).
    expect(Math.abs(rocAucStandardError(0.893, 51, 58) - 0.032)).toBeLessThan(0.001);
    // Equation 2 computed in Python (/usr/bin/python3): 0.03251158176764658, 0.09087373500789828.
    expect(rocAucStandardError(0.893, 51, 58)).toBeCloseTo(0.03251158176764658, 14);
    expect(rocAucStandardError(0.75, 10, 200)).toBeCloseTo(0.09087373500789828, 14);
    expect(rocAucStandardError(0.8, 0, 10)).toBeNaN();
    expect(rocAucStandardError(Number.NaN, 5, 10)).toBeNaN();
  });
});
