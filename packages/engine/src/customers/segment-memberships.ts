import type { Segment, SegmentInput, SegmentRefreshResult, Storage } from '@storewise/storage';
import type { CustomerAnalytics } from './customer-analytics.js';

/** 'Potential Loyalists' -> 'rfm:potential-loyalists'; "Can't Lose" -> 'rfm:cant-lose'. */
export function rfmSegmentId(name: string): string {
  return `rfm:${name
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

export const clusterSegmentId = (cluster: number): string => `cluster:${cluster}`;

/**
 * The id prefixes customer analytics stores its segments under ('rfm:<name>', 'cluster:<k>', taken from the
 * id functions above): the next analytics run overwrites a rule segment there, even one whose id names no
 * segment yet (a new RFM name, a larger k).
 */
const RESERVED_PREFIXES = [rfmSegmentId('x'), clusterSegmentId(0)].map((id) =>
  id.slice(0, id.indexOf(':') + 1),
);

/**
 * The prefix that reserves `id` for customer analytics ('rfm:' or 'cluster:'), or null when a rule segment may
 * take it. Every way of creating a rule segment (the CLI's `segment rule`, the gateway's createSegment) checks
 * it, and refreshRuleSegment refuses to create one there.
 */
export function reservedSegmentPrefix(id: string): string | null {
  return RESERVED_PREFIXES.find((prefix) => id.startsWith(prefix)) ?? null;
}

/**
 * What a run of customer analytics as of a date before the stored segments' says (the CLI's `segment rfm`,
 * the gateway's computeCustomerAnalytics): `storeSegmentMemberships` kept it as history only (a refresh
 * with `current: false`). A midnight is written as its date alone.
 */
export function historyOnlyNotice(asOf: Date): string {
  const iso = asOf.toISOString();
  const at = iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  return `stored as of ${at} as history only: the stored segments and scores are of a later date and stay current (segment migration reads the history)`;
}

/**
 * Stores the RFM segments ('rfm:<name>') and clusters ('cluster:<k>') of the analytics as segments, each
 * refreshed to its members as of `analytics.asOf` (one transaction per segment; stayers keep their `since`).
 * RFM segments of the map that are empty now are refreshed to no members; cluster segments beyond the current
 * k are refreshed empty too, so that nobody stays in a stale cluster. Analytics as of an earlier date than the
 * stored RFM and cluster segments' last refresh are kept as snapshots of the existing segments only: their
 * members, names and definitions stay (the results say `current: false`) and no segment is created, so a look
 * at the past does not rewrite the present. `historyOnly` keeps them so whatever the segments' dates.
 */
export async function storeSegmentMemberships(
  storage: Storage,
  analytics: CustomerAnalytics,
  options: { historyOnly?: boolean } = {},
): Promise<SegmentRefreshResult[]> {
  const { rfm, customerIds, asOf } = analytics;
  const results: SegmentRefreshResult[] = [];
  const byIndex = (labels: ArrayLike<number>, k: number): string[][] => {
    const groups: string[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < customerIds.length; i++) groups[labels[i]!]!.push(customerIds[i]!);
    return groups;
  };
  const existing = await storage.listSegments();
  // Analytics as of an earlier date than the stored ones are history: each existing segment records them as a
  // snapshot only (refreshSegment), keeping its name and definition, and no segment is created for them.
  const latest = Math.max(
    ...existing
      .filter((s) => s.kind !== 'rule' && s.refreshedAt !== null)
      .map((s) => s.refreshedAt!.getTime()),
  );
  // Also when told (the stored scores are of a later date: storeCustomerAnalytics).
  const past = options.historyOnly === true || asOf.getTime() < latest;
  const stored = new Set(existing.map((s) => s.id));
  const store = async (segment: SegmentInput, members: string[]): Promise<void> => {
    if (past && !stored.has(segment.id)) return;
    if (!past) await storage.upsertSegment(segment);
    results.push(await storage.refreshSegment(segment.id, members, asOf));
  };
  const rfmGroups = byIndex(rfm.segment, rfm.segments.length);
  for (let k = 0; k < rfm.segments.length; k++) {
    const name = rfm.segments[k]!;
    await store({ id: rfmSegmentId(name), name, kind: 'rfm', definition: { segment: name } }, rfmGroups[k]!);
  }
  const clusters = analytics.clusters;
  const k = clusters?.k ?? 0;
  if (clusters) {
    const groups = byIndex(clusters.labels, k);
    for (const c of clusters.clusters) {
      await store(
        {
          id: clusterSegmentId(c.cluster),
          name: `Cluster ${c.cluster}: ${c.description}`,
          kind: 'cluster',
          definition: { description: c.description, centroid: c.centroid, z: c.z },
        },
        groups[c.cluster]!,
      );
    }
  }
  const stale = (s: Segment): boolean =>
    s.members > 0 &&
    ((s.kind === 'cluster' && Number(s.id.slice(8)) >= k) ||
      (s.kind === 'rfm' && !rfm.segments.some((n) => rfmSegmentId(n) === s.id)));
  for (const s of existing.filter(stale)) results.push(await storage.refreshSegment(s.id, [], asOf));
  return results;
}
