/**
 * The reorder advice a demand forecast gives for an item whose stock is recorded: the reorder point, whether
 * to order now and how much, and when the stock on hand runs out (`reorderPlan` in @storewise/core for the
 * rule, docs/forecasting.md for what the engine adds).
 */
import { type ReorderPlan, reorderPlan } from '@storewise/core';
import { MS_PER_DAY } from '../customers/customer-orders.js';
import type { ResolvedForecastOptions } from './forecast-options.js';
import { periodDays } from './periods.js';

/** What the forecast says of the stock on hand (see `reorderPlan` in @storewise/core for the rule). */
export interface ReorderAdvice {
  stock: number;
  /** Mean demand from `asOf` over the lead time. */
  leadTimeDemand: number;
  safetyStock: number;
  /** Order when the stock is at or below this. */
  reorderPoint: number;
  /** There is something to order now: the stock is at or below the reorder point and `suggestedOrder` > 0. */
  reorderNow: boolean;
  /** Units to order now (0 when the stock suffices); includes back-orders when the stock is negative. */
  suggestedOrder: number;
  /** When the forecast's mean demand uses up the stock on hand (asOf for none); null when it lasts past the horizon. */
  stockoutAt: Date | null;
  /** Days from `asOf` to `stockoutAt` (null with it). */
  daysOfCover: number | null;
}

/**
 * The reorder plan reads the forecast as demand per period from `asOf` on: its first period is the period's
 * length from asOf, whatever part of the calendar period holding asOf has passed.
 */
export interface PlanContext {
  asOf: number;
  /** Start of the period holding asOf. */
  current: number;
  /** Length of a period (of the one holding asOf, for months), in ms. */
  periodMs: number;
  leadTimePeriods: number;
  /**
   * Periods each item is forecast for: the horizon shown, or two lead times and a period if longer (the
   * reorder rule sums the demand of two lead times), so that the advice does not depend on the horizon.
   */
  pathPeriods: number;
}

export function planContext(o: ResolvedForecastOptions, current: number): PlanContext {
  const days = periodDays(current, o.period);
  const leadTimePeriods = o.leadTimeDays / days;
  return {
    asOf: o.asOf.getTime(),
    current,
    periodMs: days * MS_PER_DAY,
    leadTimePeriods,
    pathPeriods: Math.max(o.horizon, Math.ceil(2 * leadTimePeriods) + 1),
  };
}

export function reorderAdvice(
  stock: number,
  mean: Float64Array,
  sigma: number,
  o: ResolvedForecastOptions,
  ctx: PlanContext,
): ReorderAdvice {
  const p: ReorderPlan = reorderPlan({
    mean,
    sigma,
    stock: Math.max(0, stock),
    leadTimePeriods: ctx.leadTimePeriods,
    serviceLevel: o.serviceLevel,
  });
  // The run-out within the horizon shown (the path may go further, for the lead times); an oversold stock
  // is planned as 0, which has run out now.
  const out = p.stockoutPeriod !== null && p.stockoutPeriod < o.horizon ? p.stockoutPeriod : null;
  const stockoutAt = out === null ? null : new Date(ctx.asOf + out * ctx.periodMs);
  // No demand forecast over the next two lead times: nothing to reorder, whatever the safety stock (it
  // covers the errors of a forecast that expects no sales), but back-orders.
  const demandAhead =
    ctx.leadTimePeriods > 0 && mean.some((m, k) => m > 0 && k < Math.ceil(2 * ctx.leadTimePeriods));
  const suggestedOrder = (demandAhead ? p.suggestedOrder : 0) + Math.max(0, -stock);
  return {
    stock,
    leadTimeDemand: p.leadTimeDemand,
    safetyStock: p.safetyStock,
    reorderPoint: p.reorderPoint,
    // Something to order: the stock is at or below the reorder point, and the rule's order is not 0.
    reorderNow: suggestedOrder > 0,
    suggestedOrder,
    stockoutAt,
    daysOfCover: stockoutAt === null ? null : (stockoutAt.getTime() - ctx.asOf) / MS_PER_DAY,
  };
}
