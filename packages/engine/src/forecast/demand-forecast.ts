/**
 * Demand forecasts per item and the reorder advice they give: the engine's stock planning. Each item's
 * series of units per period (demand-series.ts) is forecast by the method its demand suits
 * (`forecastSeries` in @storewise/core), and, where the shop records the item's stock, turned into a reorder
 * point and the date the stock on hand runs out at the forecast's mean.
 */
import {
  type DemandClass,
  type ForecastMethod,
  type ForecastOptions,
  minSeriesLength,
  type SeriesForecast,
} from '@storewise/core';
import { addDemandPeriods, demandPeriodStart, type Item, type Storage } from '@storewise/storage';
import { MS_PER_DAY } from '../customers/customer-orders.js';
import { DEMAND_EVENT_TYPES, latestEventOf } from '../latest-event.js';
import { type DemandSeries, demandSeries, historyWindow } from './demand-series.js';
import {
  DemandForecastError,
  type DemandForecastOptions,
  type ResolvedForecastOptions,
  resolveForecastOptions,
} from './forecast-options.js';
import { periodsBetween } from './periods.js';
import { type PlanContext, planContext, type ReorderAdvice, reorderAdvice } from './reorder-advice.js';
import { inlineForecaster, workerForecaster } from './series-forecaster.js';

export interface DemandForecastPeriod {
  /** Start of the period (UTC). The first is the period holding `asOf`, forecast whole. */
  start: Date;
  mean: number;
  /** The forecast interval at the forecast's `level`. */
  lower: number;
  upper: number;
}

export interface ItemDemandForecast {
  sku: string;
  title: string | null;
  /** Units on hand as the catalog records them; null when the shop does not track the item's stock. */
  stock: number | null;
  demandClass: DemandClass;
  method: ForecastMethod;
  params: Record<string, number>;
  /** Standard deviation of the method's one-step errors on the history, in units per period. */
  sigma: number;
  history: {
    /** First period of the item's series (its first with demand, or the window's first). */
    start: Date;
    periods: number;
    /** Demand over the series (purchases less returns per period, at least 0 each). */
    units: number;
    purchased: number;
    returned: number;
  };
  periods: DemandForecastPeriod[];
  /** Null when the stock is not tracked. */
  reorder: ReorderAdvice | null;
}

export interface DemandForecast {
  asOf: Date;
  period: ResolvedForecastOptions['period'];
  horizon: number;
  level: number;
  leadTimeDays: number;
  serviceLevel: number;
  /**
   * The history the models saw: whole periods up to (not including) `historyEnd`, from `historyStart`, the
   * first period with demand within `historyPeriods` of it (`historyEnd` when there is none).
   */
  historyStart: Date;
  historyEnd: Date;
  /** By SKU in the order asked, else by item index (the order items were first stored). */
  items: ItemDemandForecast[];
  /** Catalog items not listed because they had no demand before `asOf` (0 when `skus` were given). */
  itemsWithoutDemand: number;
  warnings: string[];
}

/** Forecasts each item's demand (every item with demand in the history, or the `skus` given). */
export async function forecastDemand(
  storage: Storage,
  options: DemandForecastOptions = {},
): Promise<DemandForecast> {
  const counts = await storage.counts();
  const lastDemandAt = latestEventOf(counts, DEMAND_EVENT_TYPES);
  const o = resolveForecastOptions(options, lastDemandAt);
  const end = demandPeriodStart(o.asOf.getTime(), o.period);
  const window = historyWindow(o.period, end, o.historyPeriods, o.skus);
  const catalog = await catalogOf(storage, o.skus);
  const plan = planContext(o, end);
  const forecaster = options.offThread ? workerForecaster() : inlineForecaster();
  try {
    const pending = new Map<number, Promise<ItemDemandForecast>>();
    let unsuited = 0;
    const forecastOf = (item: Item, series: DemandSeries) => {
      const perItem = seriesOptions(o, series.units, plan.pathPeriods);
      if (o.methods !== null && perItem.methods === undefined) unsuited++;
      const p = forecaster
        .forecast(series.units, perItem)
        .then((f) => itemForecast(item, series, f, o, plan));
      p.catch(() => {}); // awaited below, together; a failure while series are still read must not go unhandled
      return p;
    };
    let earliest = end;
    for await (const series of demandSeries(storage, window)) {
      const item = catalog.get(series.itemIndex);
      // Every item with demand in the history (one whose sales all lie before it is not listed), or each named.
      if (!item || (o.skus === null && !series.units.some((u) => u > 0))) continue;
      pending.set(series.itemIndex, forecastOf(item, series));
      earliest = Math.min(earliest, series.start);
    }
    // Asked-for items without demand before asOf: a series of zeros over the window.
    const asked = o.skus === null ? [] : [...catalog.values()].filter((item) => !pending.has(item.index));
    for (const item of asked)
      pending.set(
        item.index,
        forecastOf(item, {
          itemIndex: item.index,
          start: window.start,
          units: new Float64Array(o.historyPeriods),
          purchased: 0,
          returned: 0,
        }),
      );
    const results = await Promise.all(pending.values());
    const done = new Map([...pending.keys()].map((index, k) => [index, results[k]!]));
    const items = o.skus === null ? [...done.values()] : [...catalog.keys()].map((index) => done.get(index)!);
    return {
      asOf: o.asOf,
      period: o.period,
      horizon: o.horizon,
      level: o.level,
      leadTimeDays: o.leadTimeDays,
      serviceLevel: o.serviceLevel,
      historyStart: new Date(done.size > 0 ? earliest : window.start),
      historyEnd: new Date(end),
      items,
      itemsWithoutDemand: o.skus === null ? catalog.size - done.size : 0,
      warnings: [
        ...forecastWarnings(o, counts.lastEventAt, lastDemandAt, items),
        ...horizonWarning(o, done.size > 0 ? earliest : end, end),
        ...unsuitedWarning(o, unsuited),
      ],
    };
  } finally {
    forecaster.close();
  }
}

/**
 * The options of `forecastSeries` for an item's series: the methods asked for that the series suits (long
 * enough; multiplicative seasonality only for demand above 0 throughout), else (`methods` null) the
 * automatic choice, which a series none of them suits falls back to (counted by the callers' warnings).
 */
export function seriesOptions(
  o: ResolvedForecastOptions,
  units: Float64Array,
  horizon = o.horizon,
): ForecastOptions & { methods?: readonly ForecastMethod[] } {
  const base = {
    horizon,
    seasonLength: o.seasonLength,
    level: o.level,
    selectionHorizon: o.selectionHorizon,
  };
  if (o.methods === null) return base;
  const suited = o.methods.filter(
    (m) =>
      units.length >= minSeriesLength(m, o.seasonLength) &&
      (m !== 'holt-winters-multiplicative' || units.every((v) => v > 0)),
  );
  return suited.length > 0 ? { ...base, methods: suited } : base;
}

/** The warning for items none of the methods asked for suited; none when there were none. */
export function unsuitedWarning(o: ResolvedForecastOptions, unsuited: number): string[] {
  if (o.methods === null || unsuited === 0) return [];
  return [
    `${unsuited} item${unsuited === 1 ? '' : 's'} had too short a history (or, for holt-winters-multiplicative, periods without demand) for ${o.methods.join(', ')}: forecast by the automatic choice`,
  ];
}

/** The catalog by item index: the items asked for (each must exist), or every item. */
async function catalogOf(storage: Storage, skus: readonly string[] | null): Promise<Map<number, Item>> {
  const catalog = new Map<number, Item>();
  if (skus === null) {
    for await (const batch of storage.scanItems()) for (const item of batch) catalog.set(item.index, item);
    return catalog;
  }
  const found = await storage.getItems(skus);
  const unknown = skus.filter((_, k) => found[k] === null);
  if (unknown.length > 0)
    throw new DemandForecastError(
      'skus',
      `not in the catalog: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}`,
    );
  for (const item of found) if (item) catalog.set(item.index, item);
  return catalog;
}

function itemForecast(
  item: Item,
  series: DemandSeries,
  f: SeriesForecast,
  o: ResolvedForecastOptions,
  ctx: PlanContext,
): ItemDemandForecast {
  let units = 0;
  for (let k = 0; k < series.units.length; k++) units += series.units[k]!;
  const periods: DemandForecastPeriod[] = [];
  for (let h = 0; h < o.horizon; h++)
    periods.push({
      start: new Date(addDemandPeriods(ctx.current, o.period, h)),
      mean: f.mean[h]!,
      lower: f.lower[h]!,
      upper: f.upper[h]!,
    });
  return {
    sku: item.sku,
    title: item.title,
    stock: item.stock,
    demandClass: f.demandClass,
    method: f.method,
    params: f.params,
    sigma: f.sigma,
    history: {
      start: new Date(series.start),
      periods: series.units.length,
      units,
      purchased: series.purchased,
      returned: series.returned,
    },
    periods,
    reorder: item.stock === null ? null : reorderAdvice(item.stock, f.mean, f.sigma, o, ctx),
  };
}

/**
 * A horizon longer than the history the items were seen over (from the first period with demand): the periods
 * past it are extrapolated from less than they reach, 100 months from 6 say, and the models' seasonality and
 * trend were never observed over that span. Said, not refused: a shop may want the rough number.
 */
function horizonWarning(o: ResolvedForecastOptions, historyStart: number, end: number): string[] {
  const seen = periodsBetween(historyStart, end, o.period);
  if (seen === 0 || o.horizon <= seen) return [];
  const history = `${seen} ${o.period}${seen === 1 ? '' : 's'}`;
  return [
    `the horizon of ${o.horizon} ${o.period}s is longer than the ${history} of history the items were seen over: forecasts past ${history} ahead reach further than the data does (trend and seasonality over that span were never observed); forecast at most ${history} ahead, or wait for more history`,
  ];
}

function forecastWarnings(
  o: ResolvedForecastOptions,
  lastEventAt: Date | null,
  lastDemandAt: Date | null,
  items: readonly ItemDemandForecast[],
): string[] {
  const warnings: string[] = [];
  if (lastEventAt === null) warnings.push('the store has no events: every forecast is 0');
  else if (lastDemandAt === null) warnings.push('the store has no purchases: every forecast is 0');
  else if (o.skus === null && items.length === 0)
    warnings.push(
      `no item was bought in the ${o.historyPeriods} ${o.period}s of history before ${o.asOf.toISOString()}: nothing to forecast`,
    );
  else {
    const gapDays = (o.asOf.getTime() - lastDemandAt.getTime()) / MS_PER_DAY;
    if (gapDays > 7)
      warnings.push(
        `asOf is ${Math.floor(gapDays)} days after the last stored purchase or return (${lastDemandAt.toISOString()}): the periods since count as no demand`,
      );
  }
  if (items.length > 0 && items.every((i) => i.stock === null))
    warnings.push(
      'no item listed has its stock recorded, so there is no reorder advice: import a catalog with a stock column (docs/import-formats.md)',
    );
  return warnings;
}
