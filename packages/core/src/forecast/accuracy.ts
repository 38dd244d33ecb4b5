/**
 * Point-forecast accuracy, as Hyndman & Koehler (2006), "Another look at measures of forecast accuracy",
 * IJF 22(4), with e_t = actual_t - forecast_t over the periods compared.
 */
import { checkInteger, ForecastInputError } from './errors.js';

function pair(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  if (actual == null || typeof actual.length !== 'number')
    throw new ForecastInputError('actual', 'must be an array of numbers');
  if (forecast == null || typeof forecast.length !== 'number')
    throw new ForecastInputError('forecast', 'must be an array of numbers');
  if (actual.length !== forecast.length)
    throw new ForecastInputError('forecast', `has ${forecast.length} values, actual has ${actual.length}`);
  if (actual.length === 0) throw new ForecastInputError('actual', 'is empty');
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i]))
      throw new ForecastInputError('actual', `actual[${i}] is ${String(actual[i])}`);
    if (!Number.isFinite(forecast[i]))
      throw new ForecastInputError('forecast', `forecast[${i}] is ${String(forecast[i])}`);
  }
  return actual.length;
}

/** Mean absolute error. */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = pair(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(actual[i]! - forecast[i]!);
  return s / n;
}

/** Root mean squared error. */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = pair(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += (actual[i]! - forecast[i]!) ** 2;
  return Math.sqrt(s / n);
}

/** Mean of forecast - actual: positive when the forecasts run high (over-stocking), negative when low. */
export function bias(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = pair(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += forecast[i]! - actual[i]!;
  return s / n;
}

/**
 * Symmetric MAPE in percent (0..200), Hyndman & Koehler's form mean(200 |y - f| / (|y| + |f|)); a period
 * where actual and forecast are both 0 counts as 0 (a perfect forecast of no demand).
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = pair(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(actual[i]!) + Math.abs(forecast[i]!);
    if (d > 0) s += (200 * Math.abs(actual[i]! - forecast[i]!)) / d;
  }
  return s / n;
}

/**
 * Mean absolute scaled error: the MAE of the forecasts divided by the in-sample MAE of the one-step
 * (seasonal, lag `seasonLength`, default 1) naive forecast, (1 / (n - m)) sum_{t=m}^{n-1} |y_t - y_{t-m}|.
 * Below 1: better than the in-sample naive method. Infinity (NaN when the MAE is 0 too) when the in-sample
 * series is constant at that lag.
 */
export function mase(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  insample: ArrayLike<number>,
  seasonLength = 1,
): number {
  const num = mae(actual, forecast);
  const m = checkInteger(seasonLength, 'seasonLength', 1);
  if (insample == null || typeof insample.length !== 'number')
    throw new ForecastInputError('insample', 'must be an array of numbers');
  if (insample.length <= m)
    throw new ForecastInputError(
      'insample',
      `needs more than seasonLength = ${m} values, got ${insample.length}`,
    );
  let s = 0;
  for (let t = m; t < insample.length; t++) {
    const a = insample[t]!;
    const b = insample[t - m]!;
    if (!Number.isFinite(a) || !Number.isFinite(b))
      throw new ForecastInputError('insample', `insample[${Number.isFinite(a) ? t - m : t}] is not finite`);
    s += Math.abs(a - b);
  }
  const scale = s / (insample.length - m);
  return num / scale;
}
