import {
  type CustomerOrderAggregate,
  type CustomerScore,
  type CustomerSegment,
  customerScores,
  type Segment,
  type Storage,
  scanOrderAggregates,
} from '@storewise/storage';
import DataLoader from 'dataloader';

/** Per-request batching of what the insight fields read: one storage call per kind and tick, not one per customer. */
export interface InsightLoaders {
  /** A customer's stored scores, by model name. */
  scores: DataLoader<string, CustomerScore[]>;
  /** A customer's order aggregate; null without purchases. */
  orders: DataLoader<string, CustomerOrderAggregate | null>;
  /** The segments a customer is in. */
  customerSegments: DataLoader<string, CustomerSegment[]>;
  /** Every segment, read once per request. */
  allSegments(): Promise<Segment[]>;
  /** A segment by id (from `allSegments`). */
  segment: DataLoader<string, Segment | null>;
}

async function orderAggregates(storage: Storage, ids: readonly string[]) {
  const byId = new Map<string, CustomerOrderAggregate>();
  for await (const batch of scanOrderAggregates(storage, { customerIds: ids, batchSize: ids.length }))
    for (const a of batch) byId.set(a.customerId, a);
  return ids.map((id) => byId.get(id) ?? null);
}

export function createInsightLoaders(storage: Storage): InsightLoaders {
  const options = { maxBatchSize: 1000 };
  let segments: Promise<Segment[]> | null = null;
  const allSegments = () => {
    segments ??= storage.listSegments();
    return segments;
  };
  return {
    allSegments,
    scores: new DataLoader((ids: readonly string[]) => customerScores(storage, ids), options),
    orders: new DataLoader((ids: readonly string[]) => orderAggregates(storage, ids), options),
    customerSegments: new DataLoader((ids: readonly string[]) => storage.getCustomerSegments(ids), options),
    segment: new DataLoader(async (ids: readonly string[]) => {
      const all = new Map((await allSegments()).map((s) => [s.id, s]));
      return ids.map((id) => all.get(id) ?? null);
    }, options),
  };
}
