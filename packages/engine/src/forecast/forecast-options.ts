/**
 * The options of demand forecasts and backtests, checked and filled with their defaults. A bad value is a
 * `DemandForecastError` naming the option, which the CLI shows as its flag and the gateway as its argument.
 */
import { FORECAST_METHODS, type ForecastMethod } from '@storewise/core';
import { DEMAND_PERIODS, type DemandPeriod } from '@storewise/storage';
import { SEASON_LENGTH } from './periods.js';

export interface DemandForecastOptions {
  /** Length of a period of demand. Default 'week'. */
  period?: DemandPeriod;
  /** Periods to forecast, starting with the one holding `asOf`. Default 8 weeks, 28 days or 6 months. */
  horizon?: number;
  /** Periods of history the models see, ending before the one holding `asOf`. Default 104 weeks, 730 days or 36 months. */
  historyPeriods?: number;
  /** The instant forecast from. Default just after the last stored purchase or return (latestEventOf). */
  asOf?: Date;
  /** Only these items (each must be in the catalog). Default: every item with demand in the history. */
  skus?: readonly string[];
  /** Coverage of the forecast intervals, in (0, 1). Default 0.9. */
  level?: number;
  /** Days from ordering stock to having it, for the reorder plan. Default 14. */
  leadTimeDays?: number;
  /** Chance of not running out before a reorder arrives (cycle service level), from 0.5 up to 1 (exclusive). Default 0.95. */
  serviceLevel?: number;
  /** Candidate methods (default: chosen per item by its demand class; see `forecastSeries`). */
  methods?: readonly ForecastMethod[];
  /**
   * Forecast the items in a worker thread, for a process that must keep answering meanwhile (the gateway):
   * a catalog of thousands of items takes seconds. Default false (the calling thread).
   */
  offThread?: boolean;
}

export interface ResolvedForecastOptions {
  period: DemandPeriod;
  horizon: number;
  historyPeriods: number;
  asOf: Date;
  skus: readonly string[] | null;
  level: number;
  leadTimeDays: number;
  serviceLevel: number;
  methods: readonly ForecastMethod[] | null;
  seasonLength: number;
  /**
   * The horizon each item's candidate methods are scored over: the period's default horizon, whatever
   * `horizon` is asked for, so that how far one looks ahead does not change the method (or the advice).
   */
  selectionHorizon: number;
}

const HORIZON: Record<DemandPeriod, number> = { day: 28, week: 8, month: 6 };
const HISTORY: Record<DemandPeriod, number> = { day: 730, week: 104, month: 36 };
const MAX_PERIODS: Record<DemandPeriod, number> = { day: 3660, week: 520, month: 120 };

/** An option of a demand forecast the caller must fix; `field` names it. */
export class DemandForecastError extends Error {
  override readonly name = 'DemandForecastError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

function wholeNumber(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new DemandForecastError(field, `must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

function fraction(field: string, value: number): number {
  if (!(value > 0 && value < 1))
    throw new DemandForecastError(field, `must be between 0 and 1 (exclusive), got ${value}`);
  return value;
}

/** A cycle service level from 0.5 (no safety stock) up to, not including, 1; below 0.5 it would be negative. */
function serviceLevelOf(value: number): number {
  if (!(value >= 0.5 && value < 1))
    throw new DemandForecastError(
      'serviceLevel',
      `must be at least 0.5 and below 1 (0.5 keeps no safety stock; below it the stock would be planned short), got ${value}`,
    );
  return value;
}

/**
 * Checks `options` and fills the defaults; `lastDemandAt` is the store's last purchase or return (the
 * default asOf is just after it: latestEventOf).
 */
export function resolveForecastOptions(
  options: DemandForecastOptions,
  lastDemandAt: Date | null,
): ResolvedForecastOptions {
  const period = options.period ?? 'week';
  if (!DEMAND_PERIODS.includes(period))
    throw new DemandForecastError(
      'period',
      `must be one of ${DEMAND_PERIODS.join(', ')}, got ${String(period)}`,
    );
  const horizon = wholeNumber('horizon', options.horizon ?? HORIZON[period], 1, MAX_PERIODS[period]);
  const historyPeriods = wholeNumber(
    'historyPeriods',
    options.historyPeriods ?? HISTORY[period],
    4,
    MAX_PERIODS[period],
  );
  const asOf = options.asOf ?? new Date((lastDemandAt ?? new Date()).getTime() + 1);
  if (Number.isNaN(asOf.getTime())) throw new DemandForecastError('asOf', 'is not a valid date');
  const leadTimeDays = options.leadTimeDays ?? 14;
  if (!(Number.isFinite(leadTimeDays) && leadTimeDays > 0 && leadTimeDays <= 365))
    throw new DemandForecastError(
      'leadTimeDays',
      `must be more than 0 and at most 365 days, got ${leadTimeDays}`,
    );
  let skus: readonly string[] | null = null;
  if (options.skus !== undefined) {
    if (options.skus.length === 0)
      throw new DemandForecastError('skus', 'is empty: leave it out for every item');
    const blank = options.skus.findIndex((s) => typeof s !== 'string' || s.trim() === '');
    if (blank >= 0) throw new DemandForecastError(`skus[${blank}]`, 'is empty');
    skus = [...new Set(options.skus)];
  }
  const methods = options.methods === undefined ? null : options.methods;
  if (methods !== null && methods.length === 0)
    throw new DemandForecastError('methods', 'is empty: leave it out to choose per item');
  const unknown = (methods ?? []).findIndex((m) => !FORECAST_METHODS.includes(m));
  if (unknown >= 0)
    throw new DemandForecastError(
      `methods[${unknown}]`,
      `unknown method ${JSON.stringify(methods![unknown])}: the methods are ${FORECAST_METHODS.join(', ')}`,
    );
  return {
    period,
    horizon,
    historyPeriods,
    asOf,
    skus,
    level: fraction('level', options.level ?? 0.9),
    leadTimeDays,
    serviceLevel: serviceLevelOf(options.serviceLevel ?? 0.95),
    methods,
    seasonLength: SEASON_LENGTH[period],
    selectionHorizon: HORIZON[period],
  };
}
