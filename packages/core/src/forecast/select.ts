import { classifyDemand } from './classify.js';
import { checkInteger, checkOpenUnit, demandSeries, ForecastInputError } from './errors.js';
import { checkLength, checkMethod, fitChecked, isSeasonal, minLength, rollingMeans } from './fit.js';
import type { DemandClass, ForecastMethod } from './types.js';

export interface ForecastOptions {
  /** Periods to forecast (>= 1). */
  horizon: number;
  /** 52 for weeks, 12 for months, 7 for days; seasonal kinds need >= 2 seasons (seasonal-naive one plus a period). */
  seasonLength?: number;
  /** Interval coverage, default 0.9. */
  level?: number;
  /** Candidates; default: chosen by the series' demand class and length (see forecastSeries). */
  methods?: readonly ForecastMethod[];
  /**
   * The horizon the candidates are scored over (step 3 of forecastSeries); default `horizon`. A caller that
   * forecasts further for planning than it shows, or lets users choose how far to show, fixes it so that
   * the method chosen does not depend on that.
   */
  selectionHorizon?: number;
}

/** Selection criterion: MAE, or RMSE for intermittent and lumpy demand (see forecastSeries). */
export type SelectionCriterion = 'mae' | 'rmse';

export interface SeriesForecast {
  method: ForecastMethod;
  params: Record<string, number>;
  demandClass: DemandClass;
  mean: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  level: number;
  sigma: number;
  /** How the method was chosen: each candidate's score on the selection criterion. */
  candidates: { method: ForecastMethod; score: number }[];
  /** The criterion of `candidates`' scores. */
  criterion: SelectionCriterion;
  /** Periods held out at the end of the series to score the candidates (0 when there was no choice). */
  holdout: number;
}

/**
 * Forecasts one demand series, choosing the method automatically:
 *
 * 1. No demand at all ('none'): 'zero'. Fewer than 4 values: 'mean'. (Unless `methods` is given.)
 * 2. Candidates by the Syntetos-Boylan-Croston class: intermittent or lumpy -> croston, sba, tsb; smooth or
 *    erratic -> ses, holt-damped (smooth only, with at least max(10, 2 x the selection horizon) values),
 *    and with two full seasons holt-winters-additive (and -multiplicative when
 *    y > 0 throughout); seasonal-naive when a season fits. Naive is not a default candidate: SES nests it
 *    (alpha = 1), and on intermittent demand the last period is the poorest estimate of the rate. `methods`
 *    replaces the list (a method the series is too short for is refused).
 * 3. Rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting accuracy", IJF 16): with
 *    h the `selectionHorizon` (default `horizon`), the last k = min(h, floor(n / 4)) periods are held out;
 *    each candidate is fitted on the first n - k values, and from every origin o = n - k .. n - 1 it
 *    forecasts y[o], ..., y[min(o + h, n) - 1]
 *    with those parameters (states updated through y[0..o)). A candidate the first n - k values are too
 *    short for is left out (unless it is the only one).
 * 4. The score is the mean absolute error over all those forecasts, or the root mean squared error for
 *    intermittent and lumpy demand: the MAE is minimized by the median, which for mostly-zero demand is a
 *    forecast of zero (Kolassa 2016, "Evaluating predictive count data distributions in retail sales
 *    forecasting", IJF 32; Teunter & Duncan 2009, JORS 60), whereas stock planning needs the mean rate.
 *    The lowest score wins (ties: the earlier candidate, the list order above); the winner is refitted on
 *    the whole series for the forecast.
 */
export function forecastSeries(y: ArrayLike<number>, options: ForecastOptions): SeriesForecast {
  const v = demandSeries(y);
  if (v.length === 0) throw new ForecastInputError('y', 'is empty; need at least one value');
  if (options == null || typeof options !== 'object')
    throw new ForecastInputError('options', 'must be an object');
  const horizon = checkInteger(options.horizon, 'options.horizon', 1);
  const scoreHorizon =
    options.selectionHorizon === undefined
      ? horizon
      : checkInteger(options.selectionHorizon, 'options.selectionHorizon', 1);
  const level = options.level === undefined ? 0.9 : checkOpenUnit(options.level, 'options.level');
  const m =
    options.seasonLength === undefined ? 0 : checkInteger(options.seasonLength, 'options.seasonLength', 2);
  const n = v.length;
  const { demandClass } = classifyDemand(v);

  let candidates: ForecastMethod[];
  if (options.methods !== undefined) {
    if (!Array.isArray(options.methods) || options.methods.length === 0)
      throw new ForecastInputError('options.methods', 'must be a non-empty array of methods');
    candidates = options.methods.map((method, i) => checkMethod(method, `options.methods[${i}]`));
    for (const method of candidates) {
      if (isSeasonal(method) && m === 0)
        throw new ForecastInputError('options.seasonLength', `is required by ${method}`);
      checkLength(v, method, m);
    }
  } else candidates = defaultCandidates(v, demandClass, m, scoreHorizon);

  const criterion: SelectionCriterion =
    demandClass === 'intermittent' || demandClass === 'lumpy' ? 'rmse' : 'mae';
  const scored: { method: ForecastMethod; score: number }[] = [];
  let holdout = 0;
  if (candidates.length > 1) {
    holdout = Math.max(1, Math.min(scoreHorizon, Math.floor(n / 4)));
    const train = n - holdout;
    const feasible = candidates.filter(
      (method) => train >= minLength(method, m) && fitsPositive(v, method, train),
    );
    for (const method of feasible)
      scored.push({ method, score: holdoutScore(v, method, m, train, scoreHorizon, criterion) });
    if (scored.length === 0) holdout = 0;
  }
  let chosen = candidates[0]!;
  let best = Number.POSITIVE_INFINITY;
  for (const c of scored)
    if (c.score < best) {
      best = c.score;
      chosen = c.method;
    }
  const fit = fitChecked(v, chosen, m, undefined);
  const path = fit.forecast(horizon, level);
  return {
    method: chosen,
    params: fit.params,
    demandClass,
    mean: path.mean,
    lower: path.lower,
    upper: path.upper,
    level,
    sigma: fit.sigma,
    candidates: scored,
    criterion,
    holdout,
  };
}

/** The default candidate list (see forecastSeries). */
function defaultCandidates(
  y: Float64Array,
  demandClass: DemandClass,
  m: number,
  h: number,
): ForecastMethod[] {
  const n = y.length;
  if (demandClass === 'none') return ['zero'];
  if (n < 4) return ['mean'];
  // A trend only for smooth demand with a history of two selection horizons (and 10 periods) at least: on a
  // few weeks of a new item, or demand with a wholesale spike (erratic), a fitted trend runs the forecast
  // down to 0 or up past anything sold (Online Retail II items 22942 and 84950).
  const trend = demandClass === 'smooth' && n >= Math.max(10, 2 * h);
  const list: ForecastMethod[] =
    demandClass === 'intermittent' || demandClass === 'lumpy'
      ? ['croston', 'sba', 'tsb']
      : trend
        ? ['ses', 'holt-damped']
        : ['ses'];
  if (
    (demandClass === 'smooth' || demandClass === 'erratic') &&
    m > 0 &&
    n >= minLength('holt-winters-additive', m)
  ) {
    list.push('holt-winters-additive');
    if (fitsPositive(y, 'holt-winters-multiplicative', n)) list.push('holt-winters-multiplicative');
  }
  // Naive is not a candidate: SES nests it (alpha = 1), and on intermittent demand the last period, often
  // 0, is the poorest estimate of the rate (an item that sold 2,000 units in a year forecast 0 for weeks).
  if (m > 0 && n >= minLength('seasonal-naive', m)) list.push('seasonal-naive');
  return list.filter((method) => n >= minLength(method, m));
}

function fitsPositive(y: Float64Array, method: ForecastMethod, len: number): boolean {
  if (method !== 'holt-winters-multiplicative') return true;
  for (let t = 0; t < len; t++) if (!(y[t]! > 0)) return false;
  return true;
}

/** Rolling-origin score of `method` fitted on y[0..train) (see forecastSeries, step 3). */
function holdoutScore(
  y: Float64Array,
  method: ForecastMethod,
  m: number,
  train: number,
  horizon: number,
  criterion: SelectionCriterion,
): number {
  const n = y.length;
  // Parameters (and ETS initial states) fitted once on the training part, then held fixed at each origin.
  const params = fitChecked(y.subarray(0, train), method, m, undefined).params;
  const fixed = Object.keys(params).length > 0 ? params : undefined;
  let sum = 0;
  let count = 0;
  const score = (o: number, mean: Float64Array): void => {
    for (let h = 0; h < mean.length; h++) {
      const e = y[o + h]! - mean[h]!;
      sum += criterion === 'mae' ? Math.abs(e) : e * e;
      count++;
    }
  };
  // ETS kinds and the naive ones from one pass (the same numbers as a refit per origin).
  if (!rollingMeans(y, method, m, fixed, train, horizon, score))
    for (let o = train; o < n; o++)
      score(o, fitChecked(y.subarray(0, o), method, m, fixed).forecast(Math.min(horizon, n - o)).mean);
  return criterion === 'mae' ? sum / count : Math.sqrt(sum / count);
}
