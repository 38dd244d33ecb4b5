export { bias, mae, mase, rmse, smape } from './accuracy.js';
export { ADI_CUTOFF, CV2_CUTOFF, classifyDemand } from './classify.js';
export { ForecastInputError } from './errors.js';
export { fitForecast, forecastVarianceFactors, minLength as minSeriesLength } from './fit.js';
export { type ReorderInput, type ReorderPlan, reorderPlan } from './reorder.js';
export {
  type ForecastOptions,
  forecastSeries,
  type SelectionCriterion,
  type SeriesForecast,
} from './select.js';
export {
  type DemandClass,
  type FitOptions,
  type FittedForecast,
  FORECAST_METHODS,
  type ForecastMethod,
  type ForecastPath,
} from './types.js';
