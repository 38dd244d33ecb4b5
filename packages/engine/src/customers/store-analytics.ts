/**
 * Storing a run of customer analytics (the CLI's `segment rfm` and `clv`, the gateway's
 * computeCustomerAnalytics): its scores and, when asked, its RFM and cluster segments, as of its date. A run
 * as of a date before what is stored (scores or segments of a later run) is history only: no score is
 * written (storage would keep the later ones anyway, and write the earlier ones only for customers the later
 * run did not score: two dates mixed) and the segments record it as snapshots only.
 */
import { latestScoreAt, type SegmentRefreshResult, type Storage } from '@storewise/storage';
import type { CustomerAnalytics } from './customer-analytics.js';
import { storeSegmentMemberships } from './segment-memberships.js';
import { storeCustomerScores, storedScoreModels } from './store-scores.js';

export interface StoredCustomerAnalytics {
  /** Scores written (0 when history only). */
  scoresWritten: number;
  /** The segments refreshed (with `segments`): as current members, or as snapshots only. */
  refreshed: SegmentRefreshResult[];
  /** False when stored scores or segments are of a later date: the run was kept as history only. */
  current: boolean;
  /** That later date, when not current. */
  laterAt: Date | null;
}

/**
 * The latest date of what customer analytics stored after `analytics.asOf`: its scores (of the same names)
 * or its RFM and cluster segments' last refresh; null when nothing stored is later.
 */
export async function laterAnalyticsAt(storage: Storage, analytics: CustomerAnalytics): Promise<Date | null> {
  const scoresAt = await latestScoreAt(storage, storedScoreModels(analytics));
  let latest = scoresAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  for (const s of await storage.listSegments())
    if (s.kind !== 'rule' && s.refreshedAt !== null) latest = Math.max(latest, s.refreshedAt.getTime());
  return latest > analytics.asOf.getTime() ? new Date(latest) : null;
}

/** Stores the analytics' scores and, with `segments`, their segments; history only when later ones are stored. */
export async function storeCustomerAnalytics(
  storage: Storage,
  analytics: CustomerAnalytics,
  options: { segments: boolean },
): Promise<StoredCustomerAnalytics> {
  const laterAt = await laterAnalyticsAt(storage, analytics);
  if (laterAt !== null) {
    const refreshed = options.segments
      ? await storeSegmentMemberships(storage, analytics, { historyOnly: true })
      : [];
    return { scoresWritten: 0, refreshed, current: false, laterAt };
  }
  const scoresWritten = await storeCustomerScores(storage, analytics);
  const refreshed = options.segments ? await storeSegmentMemberships(storage, analytics) : [];
  return { scoresWritten, refreshed, current: true, laterAt: null };
}
