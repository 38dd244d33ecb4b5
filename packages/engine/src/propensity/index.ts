export {
  evaluatePropensity,
  PROPENSITY_MODELS,
  type PropensityEvalOptions,
  type PropensityEvalResult,
  type PropensityEvaluation,
} from './evaluate-propensity.js';
export { readTabularFile, type TabularFile } from './tabular-file.js';
