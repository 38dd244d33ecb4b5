import { EVENT_TIME_MAX, EVENT_TIME_MIN, inEventTimeRange } from '@storewise/storage';

/**
 * Why `asOf` cannot be the instant a report is made as of (the privacy report, a campaign's report), or
 * null when it can: a valid date within the range of event times, from 1970 up to before 2200. Before it
 * no event can be (a report as of 1960 would read as one of a shop with nothing yet), and cutoffs measured
 * back from it stay dates every store takes.
 */
export function asOfRangeProblem(asOf: Date): string | null {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))
    return `must be a valid date, got ${String(asOf)}`;
  if (inEventTimeRange(asOf.getTime())) return null;
  return `must be from ${new Date(EVENT_TIME_MIN).toISOString()} up to before ${new Date(EVENT_TIME_MAX).toISOString()}, got ${asOf.toISOString()}`;
}
