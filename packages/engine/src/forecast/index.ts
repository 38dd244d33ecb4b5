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
export { DemandForecastError, type DemandForecastOptions } from './forecast-options.js';
export type { ReorderAdvice } from './reorder-advice.js';
export { itemsAtRisk } from './stock-risks.js';
