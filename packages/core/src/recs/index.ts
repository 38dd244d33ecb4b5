// Recommendations: interaction data, splits, metrics, the recommender interface and its algorithms.

export { AlsWasmFit, alsWasmAvailable } from '../wasm/als-wasm.js';
export {
  type BeyondAccuracyMetrics,
  type BeyondAccuracyOptions,
  beyondAccuracy,
  catalogCoverage,
  distributionalCoverage,
  exposureCounts,
  giniIndex,
  type RecommendationLists,
  shortHead,
} from './beyond-accuracy.js';
export {
  type EventTrainTest,
  eventLeaveLastOut,
  eventMatrix,
  eventTimeSplit,
  type InteractionEvents,
} from './event-split.js';
export {
  type GridResult,
  gridSearch,
  type ParamGrid,
  parameterGrid,
  tuneRecommender,
} from './grid-search.js';
export {
  ACTIVITY_GROUPS,
  type ActivityGroups,
  activityTerciles,
  GROUP_RANKING_METRICS,
  type GroupRankingMetric,
  type GroupRankingOptions,
  type GroupRankingReport,
  groupRankingMetrics,
  type MetricDisparity,
  type RankingGroup,
} from './group-metrics.js';
export { IdMap } from './id-map.js';
export { InteractionBuilder } from './interaction-builder.js';
export {
  type BuildOptions,
  buildInteractions,
  type CooInteractions,
  findEntry,
  fromCsr,
  type InteractionMatrix,
  itemCounts,
  nnz,
  selectEntries,
  userItems,
  withConstantValues,
} from './interactions.js';
export {
  type EvaluateOptions,
  evaluateRanking,
  evaluateRatings,
  RankingAccumulator,
  type RankingMetrics,
  type RatingMetrics,
  rankingRun,
  ratingErrors,
  type UserRankingValues,
} from './metrics.js';
export { BaseRecommender, type RatingPredictor, type Recommender } from './model.js';
// A recommender's bytes with its id maps, as every built-in writes them: for a contributor's plugin too.
export { decodeModel, encodeModel } from './model-io.js';
export { alsLoss, cgRows, gramPlusReg } from './models/als-kernel.js';
export { BiasedMfModel, type BiasedMfParams, biasedMf } from './models/biased-mf.js';
export { BprModel, type BprParams, bpr } from './models/bpr.js';
export { type CooccurrenceParams, cooccurrence } from './models/cooccurrence.js';
export { EaseModel, type EaseParams, ease, easeWeights } from './models/ease.js';
export {
  ALS_MAX_DEFAULT_FACTORS,
  ALS_MIN_DEFAULT_FACTORS,
  ALS_SIDE_PER_FACTOR,
  AlsModel,
  type AlsParams,
  alsDefaultFactors,
  alsHalfStep,
  implicitAls,
} from './models/implicit-als.js';
export { type ItemKnnParams, itemKnn } from './models/item-knn.js';
export { ItemNeighborhoodModel } from './models/item-neighborhood.js';
export { PopularityModel, type PopularityParams, popularity } from './models/popularity.js';
export { UserKnnModel, type UserKnnParams, userKnn } from './models/user-knn.js';
export type {
  FitItem,
  RecommenderFitContext,
  RecommenderPlugin,
  SyncRecommenderPlugin,
} from './plugin-types.js';
export {
  CHECKED_USERS,
  noScoreUser,
  type PluginCall,
  scoresProblem,
  scoringProblem,
  servingProblem,
} from './serving-checks.js';
export { type NeighborOptions, type Neighbors, type SimilarityMeasure, topNeighbors } from './similarity.js';
export {
  kFoldSplits,
  leaveLastOut,
  randomSplit,
  type StratifiedOptions,
  stratifiedSplit,
  type TrainTest,
  timeCut,
  timeSplit,
} from './split.js';
export { type TopK, topK } from './top-k.js';
