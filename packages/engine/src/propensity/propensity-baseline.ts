/**
 * The baseline a propensity model is shown against: the base rate of its training rows predicted for
 * everyone, scored on the same held-out rows. Its ROC AUC is 0.5 (every row tied), its PR AUC the held-out
 * rows' positive rate, and its log loss and Brier score are what a model must beat to know more than how
 * many buy. A model above its log loss, or at a ROC AUC of 0.5 or below, does worse than knowing nothing
 * about the customers (`worseThanBaseline`).
 */
import { type ClassificationReport, classificationReport } from '@storewise/core';

/** The training rows' positive rate, predicted for every held-out row, scored as a model is. */
export function baseRateReport(yTrain: ArrayLike<number>, yTest: ArrayLike<number>): ClassificationReport {
  return classificationReport(yTest, new Float64Array(yTest.length).fill(baseRateOf(yTrain)));
}

const baseRateOf = (y: ArrayLike<number>): number => {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  return positives / y.length;
};

/** The baseline of a holdout: the training base rate predicted for everyone (`baseRateReport`). */
export interface PropensityBaseline {
  /** The base rate of the rows the model was fitted on: the probability predicted for everyone. */
  baseRate: number;
  /** 0.5: every customer tied. */
  rocAuc: number;
  /** The holdout's share of buyers: no skill. */
  prAuc: number;
  logLoss: number;
  brier: number;
}

export function holdoutBaseline(yTrain: ArrayLike<number>, yTest: ArrayLike<number>): PropensityBaseline {
  const r = baseRateReport(yTrain, yTest);
  return {
    baseRate: baseRateOf(yTrain),
    rocAuc: r.rocAuc,
    prAuc: r.prAuc,
    logLoss: r.logLoss,
    brier: r.brier,
  };
}

/**
 * Why a model's holdout metrics are worse than the baseline's, or null when they are not: a ROC AUC of 0.5
 * or below ranks buyers no better than chance, and a log loss above the baseline's means its
 * probabilities are further from what happened than the base rate given to everyone.
 */
export function worseThanBaseline(
  model: { rocAuc: number; logLoss: number },
  baseline: PropensityBaseline,
): string | null {
  const reasons: string[] = [];
  if (!(model.rocAuc > 0.5))
    reasons.push(`its ROC AUC of ${model.rocAuc.toFixed(4)} ranks buyers no better than chance (0.5)`);
  if (!(model.logLoss <= baseline.logLoss))
    reasons.push(
      `its log loss of ${model.logLoss.toFixed(4)} is above the ${baseline.logLoss.toFixed(4)} of predicting the training base rate (${(100 * baseline.baseRate).toFixed(1)}%) for everyone`,
    );
  return reasons.length === 0 ? null : `on its holdout ${reasons.join(', and ')}`;
}
