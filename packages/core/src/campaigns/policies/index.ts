export { sampleBeta, sampleGamma } from './beta-sampler.js';
export { assignFixedSplit, type FixedSplitConfig, splitThresholds } from './fixed-split.js';
export {
  assignIncrementalMargin,
  expectedIncrements,
  type IncrementalMarginInput,
  type IncrementalMarginResult,
} from './incremental-margin.js';
export type { Assignment, AssignmentReason } from './reason.js';
export { ThompsonBandit, type ThompsonConfig, type ThompsonState } from './thompson.js';
