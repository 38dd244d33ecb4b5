/**
 * A segment's lifetime value: the sum and mean of its current members' stored CLV scores (`clv`, written by
 * `storewise segment rfm`, `storewise clv` and GraphQL `computeCustomerAnalytics`), as of when they were
 * computed. A member without a stored CLV (no order, or analytics declined) is not counted.
 */
import { customerScores, roundToCents, type Storage } from '@storewise/storage';

export interface SegmentLifetimeValue {
  /** Members with a stored CLV. */
  customers: number;
  /** Current members. */
  members: number;
  /** Their CLVs summed, rounded to cents. */
  total: number;
  /** total / customers, rounded to cents (0 for no customer). */
  mean: number;
  /** The latest computedAt of the scores summed (null for none). */
  computedAt: Date | null;
}

/** Members read, and their scores asked for, this many at a time. */
const BATCH = 1_000;

/** The lifetime value of segment `id`'s current members, from their stored `clv` scores. */
export async function segmentLifetimeValue(storage: Storage, id: string): Promise<SegmentLifetimeValue> {
  let members = 0;
  let customers = 0;
  let total = 0;
  let latest = Number.NEGATIVE_INFINITY;
  for await (const batch of storage.scanSegmentMembers(id, { batchSize: BATCH })) {
    members += batch.length;
    const scores = await customerScores(
      storage,
      batch.map((m) => m.customerId),
      ['clv'],
    );
    for (const own of scores) {
      const clv = own.find((s) => s.model === 'clv');
      if (clv === undefined) continue;
      customers++;
      total += clv.score;
      latest = Math.max(latest, clv.computedAt.getTime());
    }
  }
  return {
    customers,
    members,
    total: roundToCents(total),
    mean: customers === 0 ? 0 : roundToCents(total / customers),
    computedAt: customers === 0 ? null : new Date(latest),
  };
}
