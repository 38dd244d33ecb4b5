/**
 * Counts of calendar periods of demand, in UTC (days from midnight, weeks from Monday, months from the 1st),
 * as the storage's demand read groups them; `demandPeriodStart` and `addDemandPeriods` step between them.
 */
import { addDemandPeriods, type DemandPeriod } from '@storewise/storage';
import { MS_PER_DAY } from '../customers/customer-orders.js';

/** Whole periods from the one starting at `from` to the one starting at `to` (both period starts). */
export function periodsBetween(from: number, to: number, period: DemandPeriod): number {
  if (period === 'day') return Math.round((to - from) / MS_PER_DAY);
  if (period === 'week') return Math.round((to - from) / (7 * MS_PER_DAY));
  const a = new Date(from);
  const b = new Date(to);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
}

/** Days in the period starting at `start`. */
export function periodDays(start: number, period: DemandPeriod): number {
  return (addDemandPeriods(start, period, 1) - start) / MS_PER_DAY;
}

/** The season of each period kind: a year of weeks or months, a week of days. */
export const SEASON_LENGTH: Record<DemandPeriod, number> = { day: 7, week: 52, month: 12 };
