export {
  type EvaluateRecsOptions,
  evaluateRecommenders,
  type ModelEvaluation,
  SPLITS,
  type SplitKind,
  splitRatings,
} from './evaluate-recs.js';
export {
  RATINGS_FORMATS,
  type RatingsData,
  type RatingsFileOptions,
  type RatingsFormat,
  readRatingsFile,
} from './ratings-file.js';
