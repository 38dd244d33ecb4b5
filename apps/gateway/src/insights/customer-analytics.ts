import {
  customerAnalytics,
  refreshRuleSegment,
  storeCustomerScores,
  storeSegmentMemberships,
} from '@storewise/engine';
import type { Storage } from '@storewise/storage';

export interface AnalyticsRun {
  asOf: Date;
  customers: number;
  scoresWritten: number;
  /** RFM, cluster and rule segments refreshed. */
  segmentsRefreshed: number;
  /** Why lifetime value was not computed (BG/NBD or Gamma-Gamma not fitted); null when it was. */
  lifetimeValueSkipped: string | null;
}

/**
 * The engine's customer analytics on the stored orders (RFM, clusters, BG/NBD + Gamma-Gamma), stored as
 * scores and RFM/cluster segment memberships as of `asOf`; then every rule segment is re-evaluated, since
 * rules may name those scores and segments.
 */
export async function runCustomerAnalytics(
  storage: Storage,
  options: { asOf?: Date; horizonDays?: number } = {},
): Promise<AnalyticsRun> {
  const analytics = await customerAnalytics(storage, options);
  const scoresWritten = await storeCustomerScores(storage, analytics);
  const refreshed = await storeSegmentMemberships(storage, analytics);
  const now = new Date();
  let rules = 0;
  for (const s of await storage.listSegments()) {
    if (s.kind !== 'rule') continue;
    await refreshRuleSegment(storage, { id: s.id, name: s.name, filter: s.definition.filter }, now);
    rules++;
  }
  const { lifetime } = analytics;
  return {
    asOf: analytics.asOf,
    customers: analytics.customerIds.length,
    scoresWritten,
    segmentsRefreshed: refreshed.length + rules,
    lifetimeValueSkipped: lifetime.clv !== null ? null : (lifetime.reason ?? lifetime.gammaGammaReason),
  };
}
