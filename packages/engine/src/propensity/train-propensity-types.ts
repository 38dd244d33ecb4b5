/** The options and the result of `trainPurchasePropensity` (train-purchase-propensity.ts). */
import type { CalibrationBin } from '@storewise/core';
import type { ActiveModelComparison } from './active-comparison.js';
import type { PropensityBaseline } from './propensity-baseline.js';
import type { PropensityFairness } from './propensity-fairness.js';

export interface PurchasePropensityOptions {
  /** N of "buys within N days": a whole number of days from 1 to MAX_HORIZON_DAYS (default 30). */
  horizonDays?: number;
  /**
   * Classifier plugin: logreg (default: the best measured on UCI Online Retail, see docs/propensity.md),
   * gbdt, forest, mlp, tree, ml-random-forest.
   */
  model?: string;
  /** Parameters overriding the plugin's defaults. */
  params?: Record<string, unknown>;
  /** The present: scores are as of this instant (default: just after the latest stored event, so that the
   * label window is the last N days of data). At most a day after the latest event unless
   * `allowPartialWindow`: a later one throws a LabelWindowError (see label-window.ts). */
  asOf?: Date;
  /** Train even when the label window [asOf - N days, asOf) runs past the stored events (its buyers then
   * are too few: days without data count as "did not buy"). */
  allowPartialWindow?: boolean;
  seed?: number;
  /** Share of the population held out for the metrics (default 0.25). */
  testFraction?: number;
  /** How many top-level categories get a share column (default 5). */
  topCategories?: number;
  /** Only these profile features (e.g. ['recencyDays'] for a baseline); default all (`profileFeatureNames`). */
  features?: readonly string[];
  /**
   * The customer groups of the holdout's fairness report (`fairness`): 'country' (default) or
   * 'attribute.<name>', as the campaigns' report. Anything else throws a PropensityDataError naming it;
   * an identifier or a field of ids or free text a GroupingError (customer-groups.ts: checkGrouping); an
   * attribute no customer holds is a warning.
   */
  fairnessBy?: string;
  /** Smallest group the fairness report judges (default 30: core's classifierFairness). */
  fairnessMinGroupSize?: number;
  /** Train and measure only: store no scores and no model (version 0, scored 0). */
  dryRun?: boolean;
  /**
   * Activate the new version and store its scores even when it does worse than the baseline on its holdout
   * (`worseThanBaseline`); without it such a version is stored as history only.
   */
  force?: boolean;
  onProgress?: (message: string) => void;
}

export interface PropensityMetrics {
  customers: number;
  positives: number;
  baseRate: number;
  rocAuc: number;
  /** The ROC AUC's standard error for a holdout of this size (Hanley and McNeil 1982): ±1.96 of it is a 95% interval. */
  rocAucStandardError: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  /** Buyers' rate in the top 10% of scores over the base rate. */
  liftTopDecile: number;
}

export interface PurchasePropensityResult {
  name: string;
  version: number;
  model: string;
  horizonDays: number;
  scoreName: string;
  asOf: Date;
  cutoff: Date;
  /** The population at the cutoff and how many of them bought within the horizon. */
  population: { customers: number; positives: number; baseRate: number };
  /**
   * Customers left out because they declined analytics (consent.analytics false): those who would have
   * been in the population (an event before the cutoff), not every customer who declined.
   */
  excludedByConsent: number;
  holdout: PropensityMetrics;
  /** The training rows' base rate predicted for everyone, on the same holdout (propensity-baseline.ts). */
  baseline: PropensityBaseline;
  /**
   * Why the model does worse than the baseline on its holdout (a log loss above the baseline's, a ROC AUC
   * of 0.5 or below), or null. Such a version is stored but not activated and its scores are not written,
   * unless `force`.
   */
  worseThanBaseline: string | null;
  /** The active version before this training, its stored holdout metrics and whether its holdout was the same; null when none was active. */
  active: ActiveModelComparison | null;
  /** What makes the measurement weak, said in words (a holdout too small to judge by, say); empty when nothing does. */
  warnings: string[];
  /**
   * How far the holdout's predicted probabilities can be taken at their word: per tenth of [0, 1] that
   * holds customers, how many, their mean prediction and the share of them who bought (as scikit-learn's
   * `calibration_curve`). A model whose scores are to be read as chances wants the two close.
   */
  calibration: CalibrationBin[];
  /**
   * What drives the prediction, most first: per feature, how much the holdout's ROC AUC drops when its
   * values are shuffled among the customers (permutation importance, 5 shuffles, as scikit-learn's
   * `permutation_importance`), with the spread over the shuffles. Near 0: the model does without it.
   */
  importances: { feature: string; aucDrop: number; std: number }[];
  /**
   * Whether the model works equally well for each customer group of the holdout, and how targeting the
   * best-scored share equal to the base rate would treat them (see propensity-fairness.ts); stored in the
   * model's metrics as `fairness`.
   */
  fairness: PropensityFairness;
  /** Customers scored as of asOf (scores written; 0 when the model does worse than the baseline, unless `force`). */
  scored: number;
  features: string[];
  fitSeconds: number;
  /**
   * Whether the stored version became the active one. Not when the active version is of a later asOf (a
   * backtest on a store that has newer scores): the new version is kept as history, and the newer model
   * and its scores stay current; `activeAsOf` is then that version's asOf. Nor when it does worse than the
   * baseline (`worseThanBaseline`) without `force`.
   */
  activated: boolean;
  activeAsOf: Date | null;
}
