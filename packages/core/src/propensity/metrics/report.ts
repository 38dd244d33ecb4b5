import { checkProbabilityInputs } from './inputs.js';
import { type LiftRow, liftTable } from './lift.js';
import { brierScore, type CalibrationBin, calibrationTable, logLoss } from './probability.js';
import { averagePrecision, rocAuc } from './ranking.js';
import { type ConfusionMatrix, confusionMatrix, predictLabels } from './threshold.js';

/**
 * Every classification metric of one set of probabilities, at one decision threshold. Labels must be 0 or
 * 1 and probabilities in [0, 1]; the first value that is not is refused with its index.
 */
export interface ClassificationReport {
  n: number;
  positives: number;
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  confusion: ConfusionMatrix;
  calibration: CalibrationBin[];
  lift: LiftRow[];
}

export function classificationReport(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  options: { threshold?: number; calibrationBins?: number; liftGroups?: number } = {},
): ClassificationReport {
  checkProbabilityInputs(yTrue, proba);
  const threshold = options.threshold ?? 0.5;
  const confusion = confusionMatrix(yTrue, predictLabels(proba, threshold));
  const { tn, fp, fn, tp } = confusion;
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    n: yTrue.length,
    positives: tp + fn,
    threshold,
    accuracy: div(tp + tn, tn + fp + fn + tp),
    precision: div(tp, tp + fp),
    recall: div(tp, tp + fn),
    f1: div(2 * tp, 2 * tp + fp + fn),
    rocAuc: rocAuc(yTrue, proba),
    prAuc: averagePrecision(yTrue, proba),
    logLoss: logLoss(yTrue, proba),
    brier: brierScore(yTrue, proba),
    confusion,
    calibration: calibrationTable(yTrue, proba, options.calibrationBins ?? 10),
    lift: liftTable(yTrue, proba, options.liftGroups ?? 10),
  };
}
