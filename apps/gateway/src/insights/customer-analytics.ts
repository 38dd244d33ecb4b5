import {
  customerAnalytics,
  historyOnlyNotice,
  lifetimeWarnings,
  refreshRuleSegment,
  storeCustomerAnalytics,
  unpricedPurchasesWarning,
} from '@storewise/engine';
import { SegmentFilterError, type Storage, validateSegmentFilter } from '@storewise/storage';

export interface AnalyticsRun {
  asOf: Date;
  /** Customers analysed: with orders before asOf, not declining analytics. */
  customers: number;
  /** Customers with orders left out because they declined analytics. */
  excludedByConsent: number;
  scoresWritten: number;
  /**
   * Segments whose current members were recomputed: the RFM and cluster segments (none when `asOf` is
   * before the stored scores' or segments' date: the run is kept as their history only, and no score is
   * written) and the valid rule segments.
   */
  segmentsRefreshed: number;
  /** Rule segments left as they were because their stored rule is not valid ("id: reason"). */
  rulesSkipped: string[];
  /** Why lifetime value was not computed (BG/NBD or Gamma-Gamma not fitted); null when it was. */
  lifetimeValueSkipped: string | null;
  /** Warnings on the fits that were made: not converged, or at a boundary and what that means. */
  lifetimeValueWarnings: string[];
  warnings: string[];
}

/**
 * The engine's customer analytics on the stored orders (RFM, clusters, BG/NBD + Gamma-Gamma), stored as
 * scores and RFM/cluster segment memberships as of `asOf`; then every rule segment is re-evaluated, since
 * rules may name those scores and segments (one without a valid stored rule is left as it was and reported).
 */
export async function runCustomerAnalytics(
  storage: Storage,
  options: { asOf?: Date; horizonDays?: number } = {},
): Promise<AnalyticsRun> {
  const analytics = await customerAnalytics(storage, options);
  // A run as of a date before the stored scores' or segments' is history only: no score is written.
  const stored = await storeCustomerAnalytics(storage, analytics, { segments: true });
  const { scoresWritten, refreshed } = stored;
  const now = new Date();
  let rules = 0;
  const rulesSkipped: string[] = [];
  for (const s of await storage.listSegments()) {
    if (s.kind !== 'rule') continue;
    try {
      validateSegmentFilter(s.definition.filter);
    } catch (error) {
      if (!(error instanceof SegmentFilterError)) throw error;
      rulesSkipped.push(`${s.id}: ${error.message}`);
      continue;
    }
    await refreshRuleSegment(storage, { id: s.id, name: s.name, filter: s.definition.filter }, now);
    rules++;
  }
  const { lifetime } = analytics;
  const unpriced = await unpricedPurchasesWarning(storage);
  // Said as the CLI says it.
  const historyOnly = !stored.current;
  return {
    asOf: analytics.asOf,
    customers: analytics.customerIds.length,
    excludedByConsent: analytics.excludedByConsent,
    scoresWritten,
    segmentsRefreshed: refreshed.filter((r) => r.current).length + rules,
    rulesSkipped,
    lifetimeValueSkipped: lifetime.clv !== null ? null : (lifetime.reason ?? lifetime.gammaGammaReason),
    lifetimeValueWarnings: lifetimeWarnings(lifetime),
    warnings: [
      ...(historyOnly ? [historyOnlyNotice(analytics.asOf)] : []),
      ...(unpriced === null ? [] : [unpriced]),
    ],
  };
}
