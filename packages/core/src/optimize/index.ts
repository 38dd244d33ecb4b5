export { type LbfgsOptions, minimizeLbfgs } from './lbfgs.js';
export { type LineSearchResult, type WolfeOptions, wolfeLineSearch } from './line-search.js';
export { minimizeNelderMead, type NelderMeadOptions } from './nelder-mead.js';
export {
  type NumericalGradientOptions,
  numericalGradient,
  withNumericalGradient,
} from './numeric-gradient.js';
export type { MinimizeResult, Objective, ObjectiveWithGradient, StopReason } from './types.js';
