/**
 * Steps between calendar periods of demand, in UTC: days start at midnight, weeks on Monday (ISO 8601),
 * months on the 1st, as the storage's demand read (`scanItemDemand`, `demandPeriodStart`) groups them.
 */
import type { DemandPeriod } from '@storewise/storage';
import { MS_PER_DAY } from '../customers/customer-orders.js';

/** The start of the period `n` periods after the one starting at `start` (n may be negative). */
export function addPeriods(start: number, period: DemandPeriod, n: number): number {
  if (period === 'day') return start + n * MS_PER_DAY;
  if (period === 'week') return start + n * 7 * MS_PER_DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

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
  return (addPeriods(start, period, 1) - start) / MS_PER_DAY;
}

/** The season of each period kind: a year of weeks or months, a week of days. */
export const SEASON_LENGTH: Record<DemandPeriod, number> = { day: 7, week: 52, month: 12 };
