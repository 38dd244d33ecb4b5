import type { EventType, StorageCounts } from '@storewise/storage';

/**
 * The latest stored event of any of `types` (StorageCounts.lastEventAtByType), null when none is stored;
 * from an adapter that does not report it, the latest event of any type. Analytics of purchases take
 * their default "now" from it: views a storefront tracks live do not move it past the purchases stored
 * (an import of orders up to yesterday; the demo shop's 2011 orders and a view tracked today).
 */
export function latestEventOf(counts: StorageCounts, types: readonly EventType[]): Date | null {
  const byType = counts.lastEventAtByType;
  if (byType === undefined) return counts.lastEventAt;
  let latest: Date | null = null;
  for (const type of types) {
    const at = byType[type];
    if (at !== undefined && (latest === null || at.getTime() > latest.getTime())) latest = at;
  }
  return latest;
}

/** The event types that make an item's demand (forecasts). */
export const DEMAND_EVENT_TYPES: readonly EventType[] = ['purchase', 'return'];
