export {
  BACKTEST_BASELINES,
  type BacktestScore,
  backtestDemand,
  type DemandBacktest,
  type DemandBacktestOptions,
} from './demand-backtest.js';
export {
  type DemandForecast,
  type DemandForecastPeriod,
  forecastDemand,
  type ItemDemandForecast,
} from './demand-forecast.js';
export { type DemandSeries, type DemandWindow, demandSeries } from './demand-series.js';
export { DemandForecastError, type DemandForecastOptions } from './forecast-options.js';
export { forecastTotal, itemsAtRisk, itemsByDemand } from './rankings.js';
export type { ReorderAdvice } from './reorder-advice.js';
