/** The forecasting methods `fitForecast` knows (see ./fit.ts for each one's source). */
export type ForecastMethod =
  | 'zero'
  | 'naive'
  | 'seasonal-naive'
  | 'mean'
  | 'ses'
  | 'holt'
  | 'holt-damped'
  | 'holt-winters-additive'
  | 'holt-winters-multiplicative'
  | 'croston'
  | 'sba'
  | 'tsb';

export const FORECAST_METHODS: readonly ForecastMethod[] = [
  'zero',
  'naive',
  'seasonal-naive',
  'mean',
  'ses',
  'holt',
  'holt-damped',
  'holt-winters-additive',
  'holt-winters-multiplicative',
  'croston',
  'sba',
  'tsb',
];

/** Syntetos, Boylan & Croston (2005) demand categories; 'none' for a series without demand. */
export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'none';

/** Point forecasts and a central prediction interval, all clamped at 0 (demand is never negative). */
export interface ForecastPath {
  mean: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** A method fitted to one series. */
export interface FittedForecast {
  method: ForecastMethod;
  /**
   * Parameters as fitted (or as given): smoothing constants `alpha`, `beta` (Holt's trend constant in the
   * component form, beta*), `gamma`, `phi`, and for the ETS kinds the initial states `l0`, `b0`, `s0`..
   * `s{m-1}` (`s{i}` is the seasonal state applied to y[i]). Empty for zero, naive, seasonal-naive and mean.
   */
  params: Record<string, number>;
  /** One-step-ahead in-sample fitted values (NaN where undefined, e.g. before Croston's first demand). */
  fitted: Float64Array;
  /** Standard deviation of the one-step in-sample errors: sqrt(sse / number of errors) (mean: n - 1). */
  sigma: number;
  sse: number;
  /** AICc as statsmodels' ExponentialSmoothing computes it, for the ETS kinds; null for the others. */
  aicc: number | null;
  /** The next `horizon` periods with a central `level` interval (default 0.9). */
  forecast(horizon: number, level?: number): ForecastPath;
}

export interface FitOptions {
  /** Season length (52 weekly, 12 monthly, 7 daily); needed by the seasonal methods. */
  seasonLength?: number;
  /**
   * Use these parameters instead of fitting them (same names as `FittedForecast.params`). The smoothing
   * constants of the method are required; ETS initial states not given take the heuristic start values.
   */
  params?: Readonly<Record<string, number>>;
}
