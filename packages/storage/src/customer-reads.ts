/**
 * Reads for serving many customers at once (the gateway's batched look-ups) and segment revenue: the
 * adapter's bulk fast path when it has one, otherwise computed from the required methods, with the same results.
 */
import { scanOrderAggregates } from './reads.js';
import type { SegmentRevenueOptions } from './segment-types.js';
import type { CustomerScore, SegmentRevenue, Storage } from './types.js';

/**
 * Each customer's stored scores (by model name), in the order of `customerIds`; empty for unknown ones. With
 * `models`, only the scores of those models.
 */
export async function customerScores(
  storage: Storage,
  customerIds: readonly string[],
  models?: readonly string[],
): Promise<CustomerScore[][]> {
  if (storage.bulk.customerScores) return storage.bulk.customerScores(customerIds, models);
  const all = await Promise.all(customerIds.map((id) => storage.getScores(id)));
  if (models === undefined) return all;
  const wanted = new Set(models);
  return all.map((scores) => scores.filter((s) => wanted.has(s.model)));
}

/**
 * Purchase revenue of every segment's current members and of all customers (revenue as in
 * `scanOrderAggregates`: quantity x unit price summed over purchases; returns are not subtracted); with
 * `until`, of the purchases before it.
 */
export async function segmentRevenue(
  storage: Storage,
  options: SegmentRevenueOptions = {},
): Promise<SegmentRevenue> {
  if (storage.bulk.segmentRevenue) return storage.bulk.segmentRevenue(options);
  const byCustomer = new Map<string, number>();
  let total = 0;
  const until = options.until ? { until: options.until } : {};
  for await (const batch of scanOrderAggregates(storage, { batchSize: 10_000, ...until })) {
    for (const a of batch) {
      byCustomer.set(a.customerId, a.revenue);
      total += a.revenue;
    }
  }
  const bySegment = new Map<string, number>();
  for (const segment of await storage.listSegments()) {
    let revenue = 0;
    let buyers = 0;
    for await (const batch of storage.scanSegmentMembers(segment.id, { batchSize: 10_000 })) {
      for (const m of batch) {
        const r = byCustomer.get(m.customerId);
        if (r !== undefined) {
          revenue += r;
          buyers++;
        }
      }
    }
    if (buyers > 0) bySegment.set(segment.id, revenue);
  }
  return { total, bySegment };
}
