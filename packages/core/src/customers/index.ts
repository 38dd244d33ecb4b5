export {
  type BgNbdFit,
  type BgNbdFitOptions,
  type BgNbdParams,
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPredict,
  bgnbdProbabilityAlive,
  bgnbdProbabilityAliveAll,
  fitBgNbd,
  type RepeatPurchaseData,
} from './bg-nbd.js';
export { type ChooseKOptions, type ChooseKResult, chooseKBySilhouette } from './choose-k.js';
export {
  type ClvInput,
  type ClvOptions,
  customerLifetimeValue,
  customerLifetimeValues,
  TIME_UNITS_PER_MONTH,
} from './clv.js';
export { type DescribeOptions, describeClusters, type FeaturePhrases } from './describe-clusters.js';
export { type FeatureTransform, inverseTransform, logStandardize } from './feature-transform.js';
export {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  gammaGammaExpectedSpendAll,
  gammaGammaLogLikelihood,
  type SpendData,
} from './gamma-gamma.js';
export { type KMeansOptions, type KMeansResult, kmeans } from './kmeans.js';
export {
  assignRfmSegments,
  DEFAULT_RFM_SEGMENTS,
  type QuintileScoreOptions,
  quantileScores,
  type RfmInput,
  type RfmResult,
  type RfmScores,
  type RfmSegmentRule,
  type RfmSegmentSummary,
  rfmAnalysis,
  rfmScores,
  type ScoreRange,
  UNMATCHED_SEGMENT,
  validateRfmSegments,
} from './rfm.js';
export { type SilhouetteOptions, silhouetteScore } from './silhouette.js';
export { digamma, hyp2f1, hyp2f1Minus1, logAddExp, logGamma, logGammaRatio, logSumExp } from './special.js';
export {
  type CustomerSummary,
  type SummaryOptions,
  summarizeTransactions,
  type TransactionColumns,
} from './summary.js';
