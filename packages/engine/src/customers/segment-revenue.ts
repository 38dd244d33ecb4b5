/**
 * Segments' revenue shares as `storewise segment rfm` prints them: the members' purchase revenue before the
 * segment's as-of date (its last refresh) over all customers' purchase revenue before that date. A segment
 * stored as of 2011-12-01 is measured on the purchases it was chosen from, not on those since.
 */
import { type Segment, type Storage, segmentRevenue } from '@storewise/storage';

/**
 * Each segment's share of the revenue, from 0 to 1 (0 when no revenue is stored before its date), by id: one
 * aggregation per distinct as-of date (`segmentRevenue` with `until`); a segment never refreshed counts every
 * purchase. Revenue is quantity x unit price over purchases; returns are not subtracted.
 */
export async function segmentRevenueShares(
  storage: Storage,
  segments: readonly Segment[],
): Promise<Map<string, number>> {
  const byDate = new Map<number | null, Segment[]>();
  for (const s of segments) {
    const key = s.refreshedAt?.getTime() ?? null;
    byDate.set(key, [...(byDate.get(key) ?? []), s]);
  }
  const shares = new Map<string, number>();
  for (const [time, group] of byDate) {
    const revenue = await segmentRevenue(storage, time === null ? {} : { until: new Date(time) });
    for (const s of group)
      shares.set(s.id, revenue.total > 0 ? (revenue.bySegment.get(s.id) ?? 0) / revenue.total : 0);
  }
  return shares;
}
