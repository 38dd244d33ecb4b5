/** Campaign policies and statistics: holdouts, offer choice, guardrails, measurement, uplift, fairness. */
export {
  type FairnessGroup,
  type FairnessInput,
  type FairnessReport,
  fairnessReport,
} from './fairness.js';
export {
  applyGuardrails,
  checkGuardrails,
  type FrequencyCap,
  type GuardrailBatchInput,
  type GuardrailDecision,
  type GuardrailRefusal,
  validateCaps,
} from './guardrails.js';
export {
  checkFraction,
  customerUnit,
  type HoldoutConfig,
  type HoldoutMembership,
  holdoutFlags,
  holdoutMembership,
  KEY_SEPARATOR,
  validateHoldoutConfig,
} from './holdout.js';
export {
  accumulateGroups,
  attributeConversions,
  type CampaignReport,
  campaignReport,
  type GroupMetrics,
  type GroupTotals,
  groupMetrics,
  type Lift,
  liftVersusHoldout,
} from './measurement.js';
export {
  type Assignment,
  type AssignmentReason,
  assignFixedSplit,
  assignIncrementalMargin,
  expectedIncrements,
  type FixedSplitConfig,
  type IncrementalMarginInput,
  type IncrementalMarginResult,
  sampleBeta,
  sampleGamma,
  splitThresholds,
  ThompsonBandit,
  type ThompsonConfig,
  type ThompsonState,
} from './policies/index.js';
export { sha256Hex, sha256Unit, sha256Words } from './sha256.js';
export { type ShopModel, ShopSimulator, type SimulatedCustomers } from './simulator.js';
export {
  betaIncomplete,
  expectedCellsAtLeastFive,
  fisherExactTwoSided,
  gammaQ,
  type Interval,
  momentsFromSums,
  newcombeDifferenceInterval,
  normalCdf,
  normalQuantile,
  normalSurvival,
  relativeRiskInterval,
  type SampleMoments,
  studentTQuantile,
  studentTSurvival,
  twoProportionZTest,
  type WelchResult,
  welchDifference,
  wilsonInterval,
  zForConfidence,
} from './stats/index.js';
export {
  perfectQiniCurve,
  type QiniCurve,
  qiniCoefficient,
  qiniCurve,
  rankByScore,
  type UpliftBin,
  type UpliftReport,
  upliftByBin,
} from './uplift.js';
