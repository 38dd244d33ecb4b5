/** A missing label in a table (core's encodeBinaryLabels refuses it): its `rows` name the records. */
export { MissingLabelError } from '@storewise/core';
export { activatePropensityVersion, type PropensityActivation } from './activate-propensity.js';
export type {
  ActiveHoldoutMetrics,
  ActiveModelComparison,
} from './active-comparison.js';
export { ContributedClassifierError } from './check-classifier.js';
export {
  type AnyClassifierPlugin,
  classifierNames,
  classifierPlugin,
  registerClassifier,
} from './classifier-registry.js';
export { type CustomerProfile, customerProfile } from './customer-profile.js';
export {
  ExcludeError,
  evaluatePropensity,
  GroupByError,
  PROPENSITY_MODELS,
  type PropensityEvalBaseline,
  type PropensityEvalOptions,
  type PropensityEvalResult,
  type PropensityEvaluation,
} from './evaluate-propensity.js';
export { HOLDOUT_MAX_AUC_MARGIN, HOLDOUT_MIN_CLASS } from './holdout-warnings.js';
export { checkLabelWindow, LABEL_WINDOW_SLACK_MS, LabelWindowError } from './label-window.js';
export {
  FeatureScaler,
  type FeatureScalerJSON,
  latestEventAsOf,
  type ProfileRows,
  profileFeatureNames,
  readProfileRows,
  selectFeatures,
} from './profile-features.js';
export {
  baseRateReport,
  holdoutBaseline,
  type PropensityBaseline,
  worseThanBaseline,
} from './propensity-baseline.js';
export {
  fairnessAtBaseRate,
  holdoutFairness,
  holdoutGroupNames,
  type PropensityFairness,
} from './propensity-fairness.js';
export { NUMBER_TYPO_SHARE, TableValueError } from './table-values.js';
export { readTabularFile, type TabularFile } from './tabular-file.js';
export type {
  PropensityMetrics,
  PurchasePropensityOptions,
  PurchasePropensityResult,
} from './train-propensity-types.js';
export { PropensityDataError, trainPurchasePropensity } from './train-purchase-propensity.js';
export {
  loadPurchasePropensity,
  PURCHASE_PROPENSITY_MODEL,
  predictPropensity,
  purchaseScoreName,
  type TrainedPropensity,
} from './trained-propensity.js';
