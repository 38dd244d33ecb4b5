/**
 * Bulk reads of campaigns: a campaign's assignments with the purchases attributed to each, and one model's
 * scores for many customers; served by the store when it offers the fast path (SQL), otherwise read here from
 * the required methods, with the same result.
 */
import type { CampaignOutcomeBatch, CampaignOutcomeOptions } from './campaign-types.js';
import { customerScores } from './customer-reads.js';
import type { Storage } from './types.js';
import { batchSizeOf, StorageInputError } from './validate.js';

/**
 * Assignments in customer-id order with the purchase lines in (assignedAt, assignedAt + window] (and before
 * `until`), in time order: the input of attribution (`attributeConversions` in @storewise/core).
 */
export async function* scanCampaignOutcomes(
  storage: Storage,
  campaignId: string,
  options: CampaignOutcomeOptions,
): AsyncIterable<CampaignOutcomeBatch> {
  if (!(options.window > 0))
    throw new StorageInputError('outcome options', 'window', `must be > 0, got ${options.window}`);
  if (storage.bulk.scanCampaignOutcomes) {
    yield* storage.bulk.scanCampaignOutcomes(campaignId, options);
    return;
  }
  const size = batchSizeOf(options);
  for await (const assignments of storage.scanAssignments(campaignId, { batchSize: size })) {
    const offsets = new Int32Array(assignments.length + 1);
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < assignments.length; i++) {
      const a = assignments[i]!;
      const from = a.assignedAt.getTime();
      let until = from + options.window + 1;
      if (options.until) until = Math.min(until, options.until.getTime());
      // scanEvents' since is inclusive: the purchase at exactly assignedAt is dropped below.
      const scan = storage.scanEvents({
        customerId: a.customerId,
        types: ['purchase'],
        since: new Date(from),
        until: new Date(until),
      });
      for await (const events of scan)
        for (const e of events) {
          if (e.timestamp.getTime() <= from) continue;
          times.push(e.timestamp.getTime());
          values.push((e.quantity ?? 1) * (e.unitPrice ?? 0));
        }
      offsets[i + 1] = times.length;
    }
    yield {
      assignments,
      purchaseOffsets: offsets,
      purchaseTime: Float64Array.from(times),
      purchaseValue: Float64Array.from(values),
    };
  }
}

/** One model's score per customer, in the order of `customerIds` (null for a customer without one). */
export async function modelScores(
  storage: Storage,
  model: string,
  customerIds: readonly string[],
): Promise<(number | null)[]> {
  const scores = await customerScores(storage, customerIds, [model]);
  return scores.map((list) => list[0]?.score ?? null);
}
