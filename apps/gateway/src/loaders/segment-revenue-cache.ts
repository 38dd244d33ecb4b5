import { segmentRevenueShares } from '@storewise/engine';
import type { Segment, Storage } from '@storewise/storage';

/** How long a computed revenue split is reused while no segment changes (new purchases count after this). */
export const SEGMENT_REVENUE_MAX_AGE_MS = 60_000;

interface Entry {
  signature: string;
  at: number;
  shares: Promise<Map<string, number>>;
}

const cache = new WeakMap<Storage, Entry>();

/** Changes whenever a segment is created, refreshed or deleted. */
const signatureOf = (segments: readonly Segment[]): string =>
  segments.map((s) => `${s.id}@${s.refreshedAt?.getTime() ?? ''}#${s.members}`).join('|');

/**
 * Every segment's revenue share as of its own date (the engine's `segmentRevenueShares`, as `storewise
 * segment rfm` prints it), shared by the requests of this process: recomputed when a segment was refreshed
 * since, or after a minute.
 */
export function cachedSegmentRevenueShares(
  storage: Storage,
  segments: readonly Segment[],
  now = Date.now(),
): Promise<Map<string, number>> {
  const signature = signatureOf(segments);
  const hit = cache.get(storage);
  if (hit && hit.signature === signature && now - hit.at < SEGMENT_REVENUE_MAX_AGE_MS) return hit.shares;
  const shares = segmentRevenueShares(storage, segments);
  cache.set(storage, { signature, at: now, shares });
  shares.catch(() => {
    if (cache.get(storage)?.shares === shares) cache.delete(storage);
  });
  return shares;
}
