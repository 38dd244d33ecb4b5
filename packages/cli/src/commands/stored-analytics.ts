/**
 * What `segment rfm` and `clv` store from customer analytics, and the lines saying so: no command writes to the
 * database without telling what it wrote (--dry-run stores nothing and says that).
 */
import {
  type CustomerAnalytics,
  rfmSegmentId,
  storeCustomerAnalytics,
  storedScoreModels,
} from '@storewise/engine';
import type { Storage } from '@storewise/storage';
import { count, dateText, displayText } from '../render.js';

/** A stored segment the run emptied: its id and the members it had. */
export interface EmptiedSegment {
  segmentId: string;
  members: number;
}

export interface StoredAnalytics {
  asOf: string;
  /** Score names written, one score per customer each. */
  scores: string[];
  customers: number;
  /** Segments refreshed with members (empty for `clv`, which stores scores only). */
  segments: { segmentId: string; members: number }[];
  /** Stored segments with members before the run and none after (RFM segments the map does not name, clusters beyond k). */
  emptied: EmptiedSegment[];
  /**
   * False when the analytics are as of an earlier date than the stored scores or segments: kept as history
   * only (segments' snapshots; no score written).
   */
  current: boolean;
  /** That later date, when not current. */
  laterAt: string | null;
}

/**
 * The stored RFM segments with members that storing these analytics' segments would empty: those whose name
 * the segment map does not have (a custom --map empties the standard rfm:champions, ...).
 */
export async function rfmSegmentsEmptied(
  storage: Storage,
  analytics: CustomerAnalytics,
): Promise<EmptiedSegment[]> {
  const named = new Set(analytics.rfm.segments.map(rfmSegmentId));
  return (await storage.listSegments())
    .filter((s) => s.kind === 'rfm' && s.members > 0 && !named.has(s.id))
    .map((s) => ({ segmentId: s.id, members: s.members }));
}

/** Stores the analytics' customer scores and, with `segments`, their RFM and cluster segments. */
export async function storeAnalytics(
  storage: Storage,
  analytics: CustomerAnalytics,
  segments: boolean,
): Promise<StoredAnalytics> {
  const before = new Map((await storage.listSegments()).map((s) => [s.id, s.members]));
  const run = await storeCustomerAnalytics(storage, analytics, { segments });
  const refreshes = run.refreshed;
  const current = run.current;
  return {
    asOf: analytics.asOf.toISOString(),
    scores: current ? storedScoreModels(analytics) : [],
    customers: analytics.customerIds.length,
    segments: refreshes
      .filter((r) => r.members > 0)
      .map((r) => ({ segmentId: r.segmentId, members: r.members })),
    emptied: current
      ? refreshes
          .filter((r) => r.members === 0 && (before.get(r.segmentId) ?? 0) > 0)
          .map((r) => ({ segmentId: r.segmentId, members: before.get(r.segmentId)! }))
      : [],
    current,
    laterAt: run.laterAt?.toISOString() ?? null,
  };
}

/** `a (8), b (3) and c (1)`: segment ids with member counts. */
const segmentList = (segments: readonly { segmentId: string; members: number }[]): string =>
  segments.map((s) => `${displayText(s.segmentId)} (${s.members})`).join(', ');

/** The lines saying what was stored (or, for a dry run, that nothing was). */
export function renderStored(stored: StoredAnalytics | null): string[] {
  if (stored === null) return ['dry run: nothing stored'];
  const asOf = dateText(new Date(stored.asOf));
  // Scores and segments of a later date stay: nothing current is replaced by an earlier look.
  if (!stored.current) {
    const later = dateText(new Date(stored.laterAt!));
    return [
      stored.segments.length > 0
        ? `stored as of ${asOf} as history only: snapshots of ${count(stored.segments.length, 'segment')} with members for segment migration; the current scores and segments are of a later date (${later}) and stay`
        : `nothing stored: the stored scores and segments are as of ${later}, a later date, and stay current (--dry-run looks at an earlier date without this)`,
    ];
  }
  const lines = [
    `stored as of ${asOf}: scores ${stored.scores.join(', ')} of ${count(stored.customers, 'customer')}`,
  ];
  if (stored.segments.length > 0)
    lines.push(
      `stored ${count(stored.segments.length, 'segment')} with members (customers): ${segmentList(stored.segments)}`,
    );
  if (stored.emptied.length > 0)
    lines.push(
      `emptied ${count(stored.emptied.length, 'segment')} (members before): ${segmentList(stored.emptied)}; rule segments and campaigns built on them now find no one`,
    );
  return lines;
}
