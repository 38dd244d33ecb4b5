/** Campaign policies and statistics: holdouts, offer choice, guardrails, measurement, uplift, fairness. */
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
