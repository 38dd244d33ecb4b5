import type { Segment, SegmentRefreshResult, Storage } from '@storewise/storage';
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
 * Stores the RFM segments ('rfm:<name>') and clusters ('cluster:<k>') of the analytics as segments, each
 * refreshed to its members as of `analytics.asOf` (one transaction per segment; stayers keep their `since`).
 * RFM segments of the map that are empty now are refreshed to no members; cluster segments beyond the current
 * k are refreshed empty too, so that nobody stays in a stale cluster.
 */
export async function storeSegmentMemberships(
  storage: Storage,
  analytics: CustomerAnalytics,
): Promise<SegmentRefreshResult[]> {
  const { rfm, customerIds, asOf } = analytics;
  const results: SegmentRefreshResult[] = [];
  const byIndex = (labels: ArrayLike<number>, k: number): string[][] => {
    const groups: string[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < customerIds.length; i++) groups[labels[i]!]!.push(customerIds[i]!);
    return groups;
  };
  const rfmGroups = byIndex(rfm.segment, rfm.segments.length);
  for (let k = 0; k < rfm.segments.length; k++) {
    const name = rfm.segments[k]!;
    const id = rfmSegmentId(name);
    await storage.upsertSegment({ id, name, kind: 'rfm', definition: { segment: name } });
    results.push(await storage.refreshSegment(id, rfmGroups[k]!, asOf));
  }
  const existing = await storage.listSegments();
  const clusters = analytics.clusters;
  const k = clusters?.k ?? 0;
  if (clusters) {
    const groups = byIndex(clusters.labels, k);
    for (const c of clusters.clusters) {
      const id = clusterSegmentId(c.cluster);
      await storage.upsertSegment({
        id,
        name: `Cluster ${c.cluster}: ${c.description}`,
        kind: 'cluster',
        definition: { description: c.description, centroid: c.centroid, z: c.z },
      });
      results.push(await storage.refreshSegment(id, groups[c.cluster]!, asOf));
    }
  }
  const stale = (s: Segment): boolean =>
    s.members > 0 &&
    ((s.kind === 'cluster' && Number(s.id.slice(8)) >= k) ||
      (s.kind === 'rfm' && !rfm.segments.some((n) => rfmSegmentId(n) === s.id)));
  for (const s of existing.filter(stale)) results.push(await storage.refreshSegment(s.id, [], asOf));
  return results;
}
