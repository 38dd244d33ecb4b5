/** Campaigns: definitions, start and stop, offers per customer, triggers and the measurement report. */
export type { OfferRefusal } from './assign.js';
export { type AudienceAt, audienceAt, audienceFilter } from './audience.js';
export { couponCode } from './coupons.js';
export {
  type CampaignArm,
  type CampaignAudience,
  type CampaignDefinition,
  CampaignDefinitionError,
  type CampaignPolicy,
  DEFAULT_GLOBAL_HOLDOUT_FRACTION,
  definitionOf,
  validateCampaignDefinition,
} from './definition.js';
export {
  type AssignmentSummary,
  CampaignError,
  createCampaign,
  describeRefusal,
  loadCampaign,
  type OfferDecision,
  type OfferRefusalReason,
  offerFor,
  startCampaign,
  stopCampaign,
} from './lifecycle.js';
export { baseRate, purchaseProbabilities, restoreBandit, thompsonRng } from './policy-state.js';
export {
  type ArmReport,
  type CampaignMeasurement,
  type CampaignReportOptions,
  campaignReport,
  type UpliftSection,
} from './report.js';
export type { CampaignFairness } from './report-fairness.js';
export type { OutcomeCoverage } from './report-outcomes.js';
export { definitionWarnings } from './start-warnings.js';
export { runTriggers, type TriggerSummary } from './triggers.js';
