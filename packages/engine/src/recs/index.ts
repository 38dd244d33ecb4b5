export { AUTO_EASE_MAX_ITEMS, AUTO_MODEL, autoCandidates } from './auto-select.js';
export {
  type Catalog,
  categoryKeyOf,
  loadCatalog,
  pathInCategory,
  sameCatalog,
  unknownCategories,
  unknownSkus,
} from './catalog.js';
export { ContributedModelError } from './check-model.js';
export {
  type EvaluateRecsOptions,
  evaluateRecommenders,
  eventMatrix,
  type InteractionEvents,
  type ModelEvaluation,
  RATINGS_FORMATS,
  type RatingsData,
  type RatingsFileOptions,
  type RatingsFormat,
  type RecsGroupReport,
  readRatingsFile,
  SPLITS,
  type SplitKind,
  splitRatings,
  storedUserGroups,
  type UserGroups,
  warmTestUsers,
} from './eval/index.js';
export { readFitCatalog } from './fit-catalog.js';
export { evaluationWarnings, fitWarnings, MIN_EVALUATED_CUSTOMERS } from './fit-warnings.js';
export {
  type CustomerHistory,
  type HistoryEvent,
  historyOf,
  readCustomerEvents,
  readHistory,
  readServingEvents,
} from './history.js';
export {
  DEFAULT_EVENT_WEIGHTS,
  type InteractionReadOptions,
  RATING_WEIGHTS,
  readInteractionEvents,
  readInteractions,
  type StoredInteractionEvents,
  type StoredInteractions,
} from './interactions.js';
export { loadPlugins } from './load-plugins.js';
export { mmrOrder } from './mmr.js';
export {
  DEFAULT_MODELS_KEPT,
  type PruneModelsOptions,
  type PruneModelsOutcome,
  pruneModelVersions,
} from './model-prune.js';
export { activateRecommenderVersion, ModelVersionError, modelVersions } from './model-versions.js';
export {
  type AnyRecommenderPlugin,
  isRatingModel,
  knownRecommenders,
  RECOMMENDER_ALIASES,
  recommenderPlugin,
  recommenderRegistry,
  registerRecommender,
} from './registry.js';
export { maskScores, priceRuleProblems, type RecommendationRules } from './rules.js';
export {
  type Because,
  forCart,
  openRecommender,
  type Recommendations,
  type RecommendedItem,
  recommend,
  recommendFromHistory,
  type ServedRecommender,
  type ServeOptions,
  serveModel,
  similarItems,
} from './serve.js';
export { loadRecommender, type TrainOptions, type TrainResult, trainRecommender } from './train.js';
export type { TrainedRecommender } from './trained-model.js';
