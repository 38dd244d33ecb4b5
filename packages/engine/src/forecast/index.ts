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
  type ReorderAdvice,
} from './demand-forecast.js';
export { DemandForecastError, type DemandForecastOptions } from './forecast-options.js';
export { itemsAtRisk } from './stock-risks.js';
