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
 * the first by segment id; customers in none count as '(none)'.
 */
export async function storedSegmentMigration(
  storage: Storage,
  from: Date,
  to: Date,
  kind: 'rfm' | 'cluster' | 'rule' = 'rfm',
): Promise<SegmentMigration> {
  const segments = (await storage.listSegments()).filter((s) => s.kind === kind);
  const at = async (date: Date): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    for (const s of segments) {
      const snap = await storage.getSegmentSnapshot(s.id, date);
      if (snap) for (const c of snap.customerIds) if (!out.has(c)) out.set(c, s.name);
    }
    return out;
  };
  return tabulate(from, to, await at(from), await at(to));
}
