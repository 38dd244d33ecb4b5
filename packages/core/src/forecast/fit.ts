/**
 * `fitForecast`: one method fitted to one series. The benchmarks (Hyndman & Athanasopoulos, FPP3 ch. 5.2):
 * zero (always 0), naive (the last value), seasonal-naive (the value one season before), mean (the sample
 * mean); the ETS kinds (./ets.ts) and the intermittent-demand kinds (./intermittent.ts).
 *
 * Intervals (./intervals.ts) are the analytic ones of the additive-error linear models where those exist:
 * naive as a random walk (var_h = h sigma^2), seasonal-naive (1 + floor((h - 1) / m)) sigma^2, mean
 * (1 + 1/n) sigma^2 (FPP3 Table 5.2), SES, Holt, damped Holt and additive Holt-Winters by Hyndman et al.
 * (2008) / FPP3 Table 9.8. Approximations, documented as such: multiplicative Holt-Winters takes the
 * additive model's variance factors (that class has no closed form, Hyndman et al. 2008 ch. 6); zero,
 * Croston, SBA and TSB keep the one-step sigma at every step (they model a stationary demand rate and have
 * no variance recursion of their own).
 */
import { checkInteger, demandSeries, ForecastInputError } from './errors.js';
import {
  type EtsSpec,
  etsAicc,
  etsFilter,
  etsMinLength,
  etsParams,
  etsPoint,
  runEts,
  type SeasonKind,
  type TrendKind,
} from './ets.js';
import { fitEts } from './ets-fit.js';
import {
  crostonRun,
  fitCrostonAlpha,
  fitTsbConstants,
  type IntermittentRun,
  tsbRun,
} from './intermittent.js';
import {
  checkForecastArgs,
  type ErrorGrowth,
  etsErrorGrowth,
  intervalPath,
  varianceFactors,
} from './intervals.js';
import { type FitOptions, type FittedForecast, FORECAST_METHODS, type ForecastMethod } from './types.js';

const ETS_SPECS: Partial<Record<ForecastMethod, { trend: TrendKind; season: SeasonKind }>> = {
  ses: { trend: 'none', season: 'none' },
  holt: { trend: 'add', season: 'none' },
  'holt-damped': { trend: 'damped', season: 'none' },
  'holt-winters-additive': { trend: 'add', season: 'add' },
  'holt-winters-multiplicative': { trend: 'add', season: 'mul' },
};

/** True for the methods that need `seasonLength`. */
export function isSeasonal(method: ForecastMethod): boolean {
  return (
    method === 'seasonal-naive' ||
    method === 'holt-winters-additive' ||
    method === 'holt-winters-multiplicative'
  );
}

/** Fewest values `method` accepts (m the season length, for the seasonal kinds). */
export function minLength(method: ForecastMethod, m: number): number {
  const ets = ETS_SPECS[method];
  if (ets) return etsMinLength({ ...ets, m: ets.season === 'none' ? 0 : m });
  switch (method) {
    case 'zero':
    case 'mean':
      return 1;
    case 'seasonal-naive':
      return m + 1;
    default:
      return 2; // naive, croston, sba, tsb
  }
}

/** Checks `method` is one of FORECAST_METHODS. */
export function checkMethod(method: unknown, argument: string): ForecastMethod {
  if (!FORECAST_METHODS.includes(method as ForecastMethod))
    throw new ForecastInputError(
      argument,
      `unknown method ${JSON.stringify(method)}; the methods are ${FORECAST_METHODS.join(', ')}`,
    );
  return method as ForecastMethod;
}

/**
 * Fits `method` to the demand series y (finite values >= 0). With `options.params` the parameters are
 * used as given instead of fitted. Seasonal kinds need `options.seasonLength`; Holt-Winters needs two full
 * seasons, the multiplicative kind a series > 0 throughout.
 */
export function fitForecast(
  y: ArrayLike<number>,
  method: ForecastMethod,
  options: FitOptions = {},
): FittedForecast {
  const v = demandSeries(y);
  checkMethod(method, 'method');
  let m = 0;
  if (isSeasonal(method)) {
    if (options.seasonLength === undefined)
      throw new ForecastInputError('options.seasonLength', `is required by ${method}`);
    m = checkInteger(options.seasonLength, 'options.seasonLength', 2);
  }
  checkLength(v, method, m);
  return fitChecked(v, method, m, options.params);
}

/** Throws when y is too short for `method` or not positive for multiplicative seasonality. */
export function checkLength(y: Float64Array, method: ForecastMethod, m: number): void {
  const need = minLength(method, m);
  if (y.length < need)
    throw new ForecastInputError(
      'y',
      `${method} needs at least ${need} values${isSeasonal(method) ? ` with seasonLength ${m}` : ''}, got ${y.length}`,
    );
  if (method === 'holt-winters-multiplicative')
    for (let t = 0; t < y.length; t++)
      if (!(y[t]! > 0))
        throw new ForecastInputError('y', `y[${t}] is ${y[t]}; holt-winters-multiplicative needs values > 0`);
}

const FLAT: ErrorGrowth = { base: 1, c: () => 0 };

/** The error growth of `method` (see the top of this file); n is the series length (for 'mean'). */
function errorGrowth(
  method: ForecastMethod,
  params: Readonly<Record<string, number>>,
  m: number,
  n: number,
): ErrorGrowth {
  const ets = ETS_SPECS[method];
  if (ets)
    return etsErrorGrowth(
      params.alpha!,
      params.beta ?? 0,
      params.phi ?? 1,
      params.gamma ?? 0,
      ets.season === 'none' ? 0 : m,
    );
  switch (method) {
    case 'naive':
      return { base: 1, c: () => 1 };
    case 'seasonal-naive':
      return { base: 1, c: (j) => (j % m === 0 ? 1 : 0) };
    case 'mean':
      return { base: 1 + 1 / n, c: () => 0 };
    default:
      return FLAT;
  }
}

/**
 * Forecast-error variance h = 1..horizon steps ahead divided by sigma^2, for `method` with `params` (as in
 * FittedForecast.params: alpha, beta (component form, beta*), gamma, phi): the factors behind every
 * interval of `forecast` (see the top of this file). `seasonLength` for the seasonal kinds, `n` (the
 * series length) for 'mean'.
 */
export function forecastVarianceFactors(
  method: ForecastMethod,
  params: Readonly<Record<string, number>>,
  horizon: number,
  options: { seasonLength?: number; n?: number } = {},
): Float64Array {
  checkMethod(method, 'method');
  checkInteger(horizon, 'horizon', 1);
  const m = isSeasonal(method) ? checkInteger(options.seasonLength, 'options.seasonLength', 2) : 0;
  const n = method === 'mean' ? checkInteger(options.n, 'options.n', 1) : 1;
  if (ETS_SPECS[method] && typeof params.alpha !== 'number')
    throw new ForecastInputError('params.alpha', `is required by ${method}`);
  return varianceFactors(errorGrowth(method, params, m, n), horizon);
}

/**
 * The point forecasts (clamped at 0, as `forecast(steps).mean`) from every origin o = from..n-1 of y for
 * steps = min(horizon, n - o), with `params` held fixed (for the ETS kinds, all initial states included):
 * the numbers of fitChecked(y[0..o), method, m, params).forecast(steps).mean, from one pass over y instead
 * of a fit per origin. `visit(o, mean)` gets each origin's; mean is reused between calls. For the ETS kinds,
 * naive and seasonal-naive; false (nothing visited) for the others.
 */
export function rollingMeans(
  y: Float64Array,
  method: ForecastMethod,
  m: number,
  params: Readonly<Record<string, number>> | undefined,
  from: number,
  horizon: number,
  visit: (origin: number, mean: Float64Array) => void,
): boolean {
  const n = y.length;
  const mean = new Float64Array(horizon);
  if (method === 'naive' || method === 'seasonal-naive') {
    const lag = method === 'naive' ? 1 : m;
    for (let o = from; o < n; o++) {
      const steps = Math.min(horizon, n - o);
      for (let k = 0; k < steps; k++) mean[k] = Math.max(0, y[o - lag + (k % lag)]!);
      visit(o, mean.subarray(0, steps));
    }
    return true;
  }
  const ets = ETS_SPECS[method];
  if (!ets || !params) return false;
  const spec: EtsSpec = { ...ets, m: ets.season === 'none' ? 0 : m };
  const size = 2 + spec.m;
  const p = runEts(y.subarray(0, from), spec, params).p;
  const snapshots = new Float64Array((n - from) * size);
  etsFilter(y, n, spec, p, new Float64Array(size), null, snapshots, from);
  for (let o = from; o < n; o++) {
    const steps = Math.min(horizon, n - o);
    const point = etsPoint(spec, p, snapshots.subarray((o - from) * size, (o - from + 1) * size), o, steps);
    for (let h = 0; h < steps; h++) mean[h] = Math.max(0, point[h]!);
    visit(o, mean.subarray(0, steps));
  }
  return true;
}

/** fitForecast after the checks (forecastSeries calls it on prefixes for its holdout). */
export function fitChecked(
  y: Float64Array,
  method: ForecastMethod,
  m: number,
  params: Readonly<Record<string, number>> | undefined,
): FittedForecast {
  const n = y.length;
  const ets = ETS_SPECS[method];
  if (ets) {
    const spec: EtsSpec = { ...ets, m: ets.season === 'none' ? 0 : m };
    const fit = params ? runEts(y, spec, params) : fitEts(y, spec);
    const named = etsParams(spec, fit.p);
    return make(
      method,
      named,
      fit.fitted,
      fit.sse,
      Math.sqrt(fit.sse / n),
      etsAicc(spec, fit.sse, n),
      (h) => etsPoint(spec, fit.p, fit.state, n, h),
      errorGrowth(method, named, m, n),
    );
  }
  const fitted = new Float64Array(n);
  switch (method) {
    case 'zero': {
      let sse = 0;
      for (let t = 0; t < n; t++) sse += y[t]! * y[t]!;
      return make(method, {}, fitted, sse, Math.sqrt(sse / n), null, (h) => new Float64Array(h), FLAT);
    }
    case 'mean': {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += y[t]!;
      const mean = sum / n;
      let sse = 0;
      for (let t = 0; t < n; t++) sse += (y[t]! - mean) ** 2;
      fitted.fill(mean);
      const sigma = n > 1 ? Math.sqrt(sse / (n - 1)) : 0;
      return make(
        method,
        {},
        fitted,
        sse,
        sigma,
        null,
        (h) => new Float64Array(h).fill(mean),
        errorGrowth(method, {}, m, n),
      );
    }
    case 'naive':
    case 'seasonal-naive': {
      const lag = method === 'naive' ? 1 : m;
      let sse = 0;
      for (let t = 0; t < n; t++) {
        fitted[t] = t < lag ? Number.NaN : y[t - lag]!;
        if (t >= lag) sse += (y[t]! - y[t - lag]!) ** 2;
      }
      const point = (h: number): Float64Array => {
        const out = new Float64Array(h);
        for (let k = 0; k < h; k++) out[k] = y[n - lag + (k % lag)]!;
        return out;
      };
      const sigma = Math.sqrt(sse / (n - lag));
      return make(method, {}, fitted, sse, sigma, null, point, errorGrowth(method, {}, m, n));
    }
    case 'croston':
    case 'sba':
    case 'tsb': {
      const run: IntermittentRun = { sse: 0, count: 0, forecast: 0 };
      let named: Record<string, number>;
      if (method === 'tsb') {
        const c = params
          ? { alpha: givenConstant(params, 'alpha'), beta: givenConstant(params, 'beta') }
          : fitTsbConstants(y);
        named = { alpha: c.alpha, beta: c.beta };
        tsbRun(y, n, c.alpha, c.beta, fitted, run);
      } else {
        const alpha = params ? givenConstant(params, 'alpha') : fitCrostonAlpha(y, method === 'sba');
        named = { alpha };
        crostonRun(y, n, alpha, method === 'sba', fitted, run);
      }
      const level = run.forecast;
      const sigma = run.count > 0 ? Math.sqrt(run.sse / run.count) : 0;
      return make(method, named, fitted, run.sse, sigma, null, (h) => new Float64Array(h).fill(level), FLAT);
    }
    default:
      throw new ForecastInputError('method', `unknown method ${JSON.stringify(method)}`);
  }
}

function givenConstant(params: Readonly<Record<string, number>>, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !(v > 0 && v <= 1))
    throw new ForecastInputError(`options.params.${name}`, `must be a number in (0, 1], got ${String(v)}`);
  return v;
}

function make(
  method: ForecastMethod,
  params: Record<string, number>,
  fitted: Float64Array,
  sse: number,
  sigma: number,
  aicc: number | null,
  point: (horizon: number) => Float64Array,
  growth: ErrorGrowth,
): FittedForecast {
  return {
    method,
    params,
    fitted,
    sigma,
    sse,
    aicc,
    forecast(horizon: number, level?: number) {
      const lv = checkForecastArgs(horizon, level);
      return intervalPath(point(horizon), sigma, growth, lv);
    },
  };
}
