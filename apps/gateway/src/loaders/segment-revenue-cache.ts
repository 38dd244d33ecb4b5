import { type Segment, type SegmentRevenue, type Storage, segmentRevenue } from '@storewise/storage';

/** How long a computed revenue split is reused while no segment changes (new purchases count after this). */
export const SEGMENT_REVENUE_MAX_AGE_MS = 60_000;

interface Entry {
  signature: string;
  at: number;
  revenue: Promise<SegmentRevenue>;
}

const cache = new WeakMap<Storage, Entry>();

/** Changes whenever a segment is created, refreshed or deleted. */
const signatureOf = (segments: readonly Segment[]): string =>
  segments.map((s) => `${s.id}@${s.refreshedAt?.getTime() ?? ''}#${s.members}`).join('|');

/**
 * Every segment's members' revenue and the shop's total, from one aggregation (`segmentRevenue`), shared by
 * the requests of this process: recomputed when a segment was refreshed since, or after a minute.
 */
export function cachedSegmentRevenue(
  storage: Storage,
  segments: readonly Segment[],
  now = Date.now(),
): Promise<SegmentRevenue> {
  const signature = signatureOf(segments);
  const hit = cache.get(storage);
  if (hit && hit.signature === signature && now - hit.at < SEGMENT_REVENUE_MAX_AGE_MS) return hit.revenue;
  const revenue = segmentRevenue(storage);
  cache.set(storage, { signature, at: now, revenue });
  revenue.catch(() => {
    if (cache.get(storage)?.revenue === revenue) cache.delete(storage);
  });
  return revenue;
}
