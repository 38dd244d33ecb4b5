import type { Customer, Item, Storage } from '@storewise/storage';
import DataLoader from 'dataloader';
import { createInsightLoaders, type InsightLoaders } from './insight-loaders.js';

/** Per-request batching: every customer or item a request touches is read in one round trip per tick. */
export interface Loaders extends InsightLoaders {
  customer: DataLoader<string, Customer | null>;
  item: DataLoader<string, Item | null>;
}

export function createLoaders(storage: Storage): Loaders {
  return {
    customer: new DataLoader((ids: readonly string[]) => storage.getCustomers(ids), { maxBatchSize: 1000 }),
    item: new DataLoader((skus: readonly string[]) => storage.getItems(skus), { maxBatchSize: 1000 }),
    ...createInsightLoaders(storage),
  };
}
