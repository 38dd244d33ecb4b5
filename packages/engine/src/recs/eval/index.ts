// The stored events' pair matrix, for callers that split the events (evaluateRecommenders' `events`).
export { eventMatrix, type InteractionEvents } from '@storewise/core';
export {
  type EvaluateRecsOptions,
  evaluateRecommenders,
  type ModelEvaluation,
  type RecsGroupReport,
  SPLITS,
  type SplitKind,
  splitRatings,
  type UserGroups,
} from './evaluate-recs.js';
export {
  RATINGS_FORMATS,
  type RatingsData,
  type RatingsFileOptions,
  type RatingsFormat,
  readRatingsFile,
} from './ratings-file.js';
export { storedUserGroups } from './user-groups.js';
export { warmTestUsers } from './warm-users.js';
