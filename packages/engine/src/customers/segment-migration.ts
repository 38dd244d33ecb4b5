import type { Storage } from '@storewise/storage';
import type { CustomerAnalytics } from './customer-analytics.js';

export const NO_SEGMENT = '(none)';

/** How many customers moved from each segment to each other between two dates. */
export interface SegmentMigration {
  from: Date;
  to: Date;
  /** Rows of the matrix: segment names at `from` (plus '(none)' for customers in no segment then). */
  segments: string[];
  /** One entry per non-empty (from, to) pair, largest first. */
  moves: { from: string; to: string; customers: number }[];
  /** Customers in the same segment at both dates, and in another one. */
  stayed: number;
  moved: number;
}

function tabulate(
  from: Date,
  to: Date,
  before: Map<string, string>,
  after: Map<string, string>,
): SegmentMigration {
  const counts = new Map<string, number>();
  const names = new Set<string>();
  const customers = new Set([...before.keys(), ...after.keys()]);
  let stayed = 0;
  let moved = 0;
  for (const c of customers) {
    const a = before.get(c) ?? NO_SEGMENT;
    const b = after.get(c) ?? NO_SEGMENT;
    names.add(a).add(b);
    const key = JSON.stringify([a, b]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (a === b) stayed++;
    else moved++;
  }
  const moves = [...counts]
    .map(([key, n]) => {
      const [a, b] = JSON.parse(key) as [string, string];
      return { from: a, to: b, customers: n };
    })
    .sort((x, y) => y.customers - x.customers || x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
  return { from, to, segments: [...names].sort(), moves, stayed, moved };
}

/** RFM migration recomputed from two analytics (e.g. `customerAnalytics` as of each date). */
export function rfmMigration(before: CustomerAnalytics, after: CustomerAnalytics): SegmentMigration {
  const toMap = (a: CustomerAnalytics): Map<string, string> =>
    new Map(a.customerIds.map((id, i) => [id, a.rfm.segments[a.rfm.segment[i]!]!]));
  return tabulate(before.asOf, after.asOf, toMap(before), toMap(after));
}

/**
 * Migration between the stored snapshots of the segments of one kind (default 'rfm'): for each date, each
 * segment's latest refresh at or before it. A customer in several segments of the kind at once counts under
 * the first by segment id; customers in none count as '(none)'. Refuses (SegmentSnapshotError) a date with
 * no snapshot at or before it, and a `to` whose latest snapshot is not after `from`'s: both sides would read
 * the same snapshot, and every customer would seem to have stayed.
 */
export async function storedSegmentMigration(
  storage: Storage,
  from: Date,
  to: Date,
  kind: 'rfm' | 'cluster' | 'rule' = 'rfm',
): Promise<SegmentMigration> {
  const segments = (await storage.listSegments()).filter((s) => s.kind === kind);
  const at = async (date: Date): Promise<{ members: Map<string, string>; asOf: number }> => {
    const members = new Map<string, string>();
    let asOf = Number.NEGATIVE_INFINITY;
    for (const s of segments) {
      const snap = await storage.getSegmentSnapshot(s.id, date);
      if (!snap) continue;
      asOf = Math.max(asOf, snap.asOf.getTime());
      for (const c of snap.customerIds) if (!members.has(c)) members.set(c, s.name);
    }
    return { members, asOf };
  };
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const before = await at(from);
  if (before.asOf === Number.NEGATIVE_INFINITY)
    throw new SegmentSnapshotError(`no ${kind} segments are stored as of ${day(from.getTime())} or before`);
  const after = await at(to);
  if (after.asOf <= before.asOf)
    throw new SegmentSnapshotError(
      `no ${kind} segments are stored after ${day(before.asOf)} and as of ${day(to.getTime())} or before: both dates would read the snapshot of ${day(before.asOf)}`,
    );
  return tabulate(from, to, before.members, after.members);
}

/** No stored snapshot answers a migration's date (store the segments as of that date, or recompute). */
export class SegmentSnapshotError extends Error {
  override readonly name = 'SegmentSnapshotError';
}
