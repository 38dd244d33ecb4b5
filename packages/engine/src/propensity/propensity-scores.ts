/** Reading who declined analytics, and writing purchase-propensity scores: shared by training and activation. */
import { type CustomerScoreInput, declines, type Storage } from '@storewise/storage';

/** Indexes of the customers whose consent.analytics is false. */
export async function customersDecliningAnalytics(storage: Storage): Promise<Set<number>> {
  const out = new Set<number>();
  for await (const batch of storage.scanCustomers()) {
    for (const c of batch) if (declines(c.consent, 'analytics')) out.add(c.index);
  }
  return out;
}

/** Stores score `model` of each customer as of `computedAt`, in batches; returns how many were written. */
export async function writeScores(
  storage: Storage,
  customerIds: readonly string[],
  p: Float64Array,
  model: string,
  computedAt: Date,
  batchSize = 5000,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < customerIds.length; i += batchSize) {
    const batch: CustomerScoreInput[] = [];
    for (let k = i; k < Math.min(i + batchSize, customerIds.length); k++)
      batch.push({ customerId: customerIds[k]!, model, score: p[k]!, computedAt });
    written += await storage.upsertScores(batch);
  }
  return written;
}
