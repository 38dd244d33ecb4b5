/**
 * An honest offline evaluation of the demand forecasts: hold out the last `horizon` whole periods before
 * `asOf`, forecast them from the history before, and score the forecasts against what was sold, next to
 * simple baselines scored the same way.
 */
import { type DemandClass, type ForecastMethod, fitForecast, mase, minSeriesLength } from '@storewise/core';
import { addDemandPeriods, type DemandPeriod, demandPeriodStart, type Storage } from '@storewise/storage';
import { DEMAND_EVENT_TYPES, latestEventOf } from '../latest-event.js';
import { seriesOptions, unsuitedWarning } from './demand-forecast.js';
import { demandSeries } from './demand-series.js';
import { type DemandForecastOptions, resolveForecastOptions } from './forecast-options.js';

import { inlineForecaster, workerForecaster } from './series-forecaster.js';

export type DemandBacktestOptions = Omit<DemandForecastOptions, 'leadTimeDays' | 'serviceLevel' | 'skus'>;

/** The baselines every backtest scores next to the chosen methods. */
export const BACKTEST_BASELINES = [
  'naive',
  'seasonal-naive',
  'mean',
] as const satisfies readonly ForecastMethod[];

export interface BacktestScore {
  /** 'auto': the method `forecastSeries` chose per item; else a baseline applied to every item. */
  method: 'auto' | (typeof BACKTEST_BASELINES)[number];
  /** Sum of |forecast - actual| over every item and held-out period, over the units sold (WAPE). */
  wape: number;
  /** Sum of (forecast - actual) over the units sold: above 0, the forecasts were too high. */
  bias: number;
  /** Mean over items of the MASE (Hyndman & Koehler 2006, scaled by the one-step naive error in the history). */
  mase: number | null;
  /** Items in the MASE mean: those whose history was not constant (a constant history has no naive error). */
  maseItems: number;
  /** Share of held-out periods whose units fell within the forecast interval ('auto' only; else null). */
  coverage: number | null;
  /**
   * The same over the held-out periods with sales only ('auto' only): a period without sales falls within
   * any interval whose lower end is 0, which most intervals of slow sellers have.
   */
  coverageWithSales: number | null;
  /** Items whose history was too short for the baseline, forecast by the next simpler one (see `baselineForecast`). */
  fellBack: number;
}

export interface DemandBacktest {
  asOf: Date;
  period: DemandPeriod;
  horizon: number;
  level: number;
  /**
   * The held-out periods: from `testStart` up to (not including) `testEnd`. The history before them starts at
   * `historyStart`: the first period with demand within `historyPeriods` of `testStart`.
   */
  historyStart: Date;
  testStart: Date;
  testEnd: Date;
  /** Items forecast and scored: those with demand before `testStart`. */
  items: number;
  /**
   * Items with demand in the held-out periods but none in the history before (first sold then, or sold
   * again after a pause as long as the history): nothing to forecast them from, left out.
   */
  newItems: number;
  /** Units sold by the scored items in the held-out periods. */
  actualUnits: number;
  scores: BacktestScore[];
  /** How many items each method was chosen for. */
  chosen: Partial<Record<ForecastMethod, number>>;
  demandClasses: Partial<Record<DemandClass, number>>;
  warnings: string[];
}

interface Tally {
  fellBack: number;
  withSales: number;
  coveredWithSales: number;
  absError: number;
  error: number;
  mase: number;
  maseItems: number;
  covered: number;
}

const tally = (): Tally => ({
  fellBack: 0,
  withSales: 0,
  coveredWithSales: 0,
  absError: 0,
  error: 0,
  mase: 0,
  maseItems: 0,
  covered: 0,
});

export async function backtestDemand(
  storage: Storage,
  options: DemandBacktestOptions = {},
): Promise<DemandBacktest> {
  const counts = await storage.counts();
  const o = resolveForecastOptions(options, latestEventOf(counts, DEMAND_EVENT_TYPES));
  const end = demandPeriodStart(o.asOf.getTime(), o.period);
  const testStart = addDemandPeriods(end, o.period, -o.horizon);
  const historyStart = addDemandPeriods(testStart, o.period, -o.historyPeriods);
  const h = o.horizon;
  const auto = tally();
  const baselines = BACKTEST_BASELINES.map(() => tally());
  const chosen: Partial<Record<ForecastMethod, number>> = {};
  const demandClasses: Partial<Record<DemandClass, number>> = {};
  let items = 0;
  let newItems = 0;
  let earliest = testStart;
  let actualUnits = 0;
  const window = { period: o.period, start: historyStart, end, skus: null };
  const forecaster = options.offThread ? workerForecaster() : inlineForecaster();
  const pending: Promise<void>[] = [];
  let unsuited = 0;
  try {
    for await (const series of demandSeries(storage, window)) {
      const n = series.units.length;
      const history = series.units.subarray(0, Math.max(0, n - h));
      const actual = series.units.subarray(Math.max(0, n - h));
      // No demand in the history (first sold in the held-out periods, or again after the history's start):
      // nothing to forecast it from, as the forecast of the present would not list it.
      if (series.start >= testStart || !history.some((u) => u > 0)) {
        if (actual.some((u) => u > 0)) newItems++;
        continue;
      }
      items++;
      earliest = Math.min(earliest, series.start);
      for (let k = 0; k < h; k++) actualUnits += actual[k]!;
      BACKTEST_BASELINES.forEach((method, b) => {
        const t = baselines[b]!;
        const base = baselineForecast(history, method, o.seasonLength, h);
        if (base.method !== method) t.fellBack++;
        score(t, history, actual, base.mean);
      });
      const perItem = seriesOptions(o, history);
      if (o.methods !== null && perItem.methods === undefined) unsuited++;
      const p = forecaster.forecast(history.slice(), perItem).then((f) => {
        chosen[f.method] = (chosen[f.method] ?? 0) + 1;
        demandClasses[f.demandClass] = (demandClasses[f.demandClass] ?? 0) + 1;
        score(auto, history, actual, f.mean);
        for (let k = 0; k < h; k++) {
          const inside = actual[k]! >= f.lower[k]! && actual[k]! <= f.upper[k]!;
          if (inside) auto.covered++;
          if (actual[k]! > 0) {
            auto.withSales++;
            if (inside) auto.coveredWithSales++;
          }
        }
      });
      p.catch(() => {}); // awaited below, together
      pending.push(p);
    }
    await Promise.all(pending);
  } finally {
    forecaster.close();
  }
  const summary = (method: BacktestScore['method'], t: Tally, coverage: boolean): BacktestScore => ({
    method,
    wape: actualUnits > 0 ? t.absError / actualUnits : Number.NaN,
    bias: actualUnits > 0 ? t.error / actualUnits : Number.NaN,
    mase: t.maseItems > 0 ? t.mase / t.maseItems : null,
    maseItems: t.maseItems,
    coverage: coverage && items > 0 ? t.covered / (items * h) : null,
    coverageWithSales: coverage && t.withSales > 0 ? t.coveredWithSales / t.withSales : null,
    fellBack: t.fellBack,
  });
  return {
    asOf: o.asOf,
    period: o.period,
    horizon: h,
    level: o.level,
    historyStart: new Date(items > 0 ? earliest : historyStart),
    testStart: new Date(testStart),
    testEnd: new Date(end),
    items,
    newItems,
    actualUnits,
    scores: [
      summary('auto', auto, true),
      ...BACKTEST_BASELINES.map((m, b) => summary(m, baselines[b]!, false)),
    ],
    chosen,
    demandClasses,
    warnings: [
      ...(items === 0
        ? [
            `no item was bought in the ${o.historyPeriods} ${o.period}s of history before the held-out periods (from ${new Date(testStart).toISOString()}): nothing to score${newItems > 0 ? `; ${newItems} item${newItems === 1 ? '' : 's'} sold only in them: hold out fewer periods (horizon)` : ''}`,
          ]
        : []),
      ...unsuitedWarning(o, unsuited),
    ],
  };
}

/**
 * A baseline's forecast. A history too short for it takes the next simpler one: seasonal naive falls back
 * to naive (under a season and one period), naive to the mean (a single period).
 */
function baselineForecast(
  history: Float64Array,
  method: (typeof BACKTEST_BASELINES)[number],
  seasonLength: number,
  h: number,
): { method: ForecastMethod; mean: Float64Array } {
  let kind: ForecastMethod = method;
  if (kind === 'seasonal-naive' && history.length < minSeriesLength(kind, seasonLength)) kind = 'naive';
  if (kind === 'naive' && history.length < minSeriesLength(kind, seasonLength)) kind = 'mean';
  return { method: kind, mean: fitForecast(history, kind, { seasonLength }).forecast(h).mean };
}

function score(t: Tally, history: Float64Array, actual: Float64Array, forecast: Float64Array): void {
  for (let k = 0; k < actual.length; k++) {
    const e = forecast[k]! - actual[k]!;
    t.absError += Math.abs(e);
    t.error += e;
  }
  if (history.length < 2) return;
  let constant = true;
  for (let k = 1; k < history.length && constant; k++) constant = history[k] === history[0];
  if (constant) return;
  t.mase += mase(actual, forecast, history, 1);
  t.maseItems++;
}
