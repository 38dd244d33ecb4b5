import { normalQuantile } from '../campaigns/stats/distributions.js';
import { checkInteger, checkOpenUnit } from './errors.js';
import type { ForecastPath } from './types.js';

/**
 * Forecast-error variance h steps ahead as a multiple of the one-step variance sigma^2:
 * var_h = sigma^2 * (base + sum_{j=1}^{h-1} c_j^2), the linear innovations state-space result of Hyndman,
 * Koehler, Ord & Snyder (2008), "Forecasting with Exponential Smoothing", ch. 6 (eq. 6.1), whose closed
 * forms are FPP3's Table 9.8 (https://otexts.com/fpp3/ets-forecasting.html) and statsmodels' ETSModel.
 * `c(j)` is the model's c_j; `base` is 1 except for the mean method (1 + 1/n, FPP3 Table 5.2).
 */
export interface ErrorGrowth {
  base: number;
  c: (j: number) => number;
}

/** Additive-error ETS, params in the component form (beta* as statsmodels' Holt-Winters reports it). */
export function etsErrorGrowth(
  alpha: number,
  betaStar: number,
  phi: number,
  gamma: number,
  seasonLength: number,
): ErrorGrowth {
  // Error-correction form: beta = alpha * beta*; the trend adds beta * (phi + ... + phi^j).
  const beta = alpha * betaStar;
  return {
    base: 1,
    c: (j) => {
      const damp = phi === 1 ? j : (phi * (1 - phi ** j)) / (1 - phi);
      const seasonal = seasonLength > 0 && j % seasonLength === 0 ? gamma : 0;
      return alpha + beta * damp + seasonal;
    },
  };
}

/** sigma^2 multipliers var_h / sigma^2 for h = 1..horizon. */
export function varianceFactors(growth: ErrorGrowth, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  let acc = growth.base;
  for (let h = 1; h <= horizon; h++) {
    out[h - 1] = acc;
    const c = growth.c(h);
    acc += c * c;
  }
  return out;
}

/**
 * A forecast path from point forecasts: normal intervals mean -/+ z * sigma * sqrt(var_h / sigma^2) with
 * z the (1 + level) / 2 standard normal quantile, then mean, lower and upper clamped at 0.
 */
export function intervalPath(
  point: Float64Array,
  sigma: number,
  growth: ErrorGrowth,
  level: number,
): ForecastPath {
  const horizon = point.length;
  const z = normalQuantile((1 + level) / 2);
  const factors = varianceFactors(growth, horizon);
  const mean = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const half = z * sigma * Math.sqrt(factors[h]!);
    const m = point[h]!;
    mean[h] = Math.max(0, m);
    lower[h] = Math.max(0, m - half);
    upper[h] = Math.max(0, m + half);
  }
  return { mean, lower, upper };
}

/** Checks `horizon` and `level` for `FittedForecast.forecast` (default level 0.9). */
export function checkForecastArgs(horizon: number, level: number | undefined): number {
  checkInteger(horizon, 'horizon', 1);
  return level === undefined ? 0.9 : checkOpenUnit(level, 'level');
}
