/**
 * Reads the stored events as an interaction matrix: storage's integer ids (customer and item index)
 * are mapped to dense indices 0..n-1, and the dense indices to the shop's ids (customer external id,
 * SKU) in `userIds`/`itemIds`, which every trained model keeps in its bytes. Customers who declined
 * analytics (`consent.analytics` false: "use of their data for analytics and model training") are left
 * out, as if they had no events.
 */
import { buildInteractions, IdMap, type InteractionMatrix } from '@storewise/core';
import {
  declines,
  type EventType,
  type EventWeights,
  type Storage,
  scanInteractions,
} from '@storewise/storage';

/**
 * Default weight per event type for implicit models. A rating counts as an interaction of 1 whatever its
 * value, as in `eval recs` (a rated item is one the customer chose to engage with), so that a store of
 * ratings alone (MovieLens) trains the default model too; the rating models read the values instead.
 */
export const DEFAULT_EVENT_WEIGHTS: Readonly<EventWeights> = {
  view: 1,
  add_to_cart: 3,
  purchase: 5,
  rating: 1,
};

/** The weights the rating models train on: each rating event's value (the latest per pair is kept). */
export const RATING_WEIGHTS: Readonly<EventWeights> = { rating: 1 };

const DAY_MS = 86_400_000;

export interface InteractionReadOptions {
  weights: EventWeights;
  /** Exponential time decay: an event `halfLifeDays` old weighs half. */
  halfLifeDays?: number;
  since?: Date;
  until?: Date;
  /** 'sum' for implicit events; 'last' keeps the latest rating of a pair. */
  duplicates?: 'sum' | 'last';
}

export interface StoredInteractions {
  matrix: InteractionMatrix;
  /** Latest event time read (ms); the reference of the time decay. 0 when there were no events. */
  latestTime: number;
  events: number;
  /** Customers whose events were left out because they declined analytics (consent.analytics false). */
  excludedByConsent: number;
}

/** The weight one event carries under `weights` (times the rating for rating events), as storage does. */
export function eventWeightOf(weights: EventWeights, type: EventType, rating: number | null): number {
  const w = weights[type] ?? 0;
  return type === 'rating' ? w * (rating ?? 0) : w;
}

/** Reads every interaction of the store into a matrix keyed by customer external id and SKU. */
export async function readInteractions(
  storage: Storage,
  options: InteractionReadOptions,
): Promise<StoredInteractions> {
  if (options.halfLifeDays !== undefined && !(options.halfLifeDays > 0)) {
    throw new Error(`halfLifeDays must be > 0, got ${options.halfLifeDays}`);
  }
  const { customerIds, declined } = await customersByIndex(storage);
  const skus = await skusByIndex(storage);
  let users = new Int32Array(4096);
  let items = new Int32Array(4096);
  let weights = new Float64Array(4096);
  let times = new Float64Array(4096);
  let n = 0;
  let latest = 0;
  const excluded = new Set<number>();
  const scan = scanInteractions(storage, {
    weights: options.weights,
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
  });
  for await (const batch of scan) {
    if (n + batch.length > users.length) {
      const size = Math.max(users.length * 2, n + batch.length);
      users = grow(users, new Int32Array(size));
      items = grow(items, new Int32Array(size));
      weights = grow(weights, new Float64Array(size));
      times = grow(times, new Float64Array(size));
    }
    if (declined.size === 0) {
      users.set(batch.customerIndex.subarray(0, batch.length), n);
      items.set(batch.itemIndex.subarray(0, batch.length), n);
      weights.set(batch.weight.subarray(0, batch.length), n);
      times.set(batch.time.subarray(0, batch.length), n);
      for (let r = 0; r < batch.length; r++) if (batch.time[r]! > latest) latest = batch.time[r]!;
      n += batch.length;
      continue;
    }
    for (let r = 0; r < batch.length; r++) {
      const user = batch.customerIndex[r]!;
      if (declined.has(user)) {
        excluded.add(user);
        continue;
      }
      users[n] = user;
      items[n] = batch.itemIndex[r]!;
      weights[n] = batch.weight[r]!;
      times[n] = batch.time[r]!;
      if (times[n]! > latest) latest = times[n]!;
      n++;
    }
  }
  users = users.subarray(0, n);
  items = items.subarray(0, n);
  // Dense indices in storage-id order (not scan order), so every adapter gives the same matrix.
  const userIds = denseIds(users, customerIds, 'customer');
  const itemIds = denseIds(items, skus, 'item');
  const matrix = buildInteractions(
    {
      users,
      items,
      weights: weights.subarray(0, n),
      times: times.subarray(0, n),
    },
    {
      nUsers: userIds.size,
      nItems: itemIds.size,
      userIds,
      itemIds,
      duplicates: options.duplicates ?? 'sum',
      ...(options.halfLifeDays !== undefined
        ? { halfLifeMs: options.halfLifeDays * DAY_MS, referenceTime: latest }
        : {}),
    },
  );
  return { matrix, latestTime: latest, events: n, excludedByConsent: excluded.size };
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Rewrites storage indices in place to dense ones (ascending storage index) and returns their ids. */
function denseIds(indices: Int32Array, ids: (string | undefined)[], what: string): IdMap {
  const dense = new Int32Array(ids.length).fill(-1);
  for (let e = 0; e < indices.length; e++) {
    const s = indices[e]!;
    if (ids[s] === undefined) {
      throw new Error(`interaction ${e} names ${what} index ${s}, which storage does not list`);
    }
    dense[s] = 0;
  }
  const map = new IdMap();
  for (let s = 0; s < ids.length; s++) if (dense[s] === 0) dense[s] = map.add(ids[s]!);
  for (let e = 0; e < indices.length; e++) indices[e] = dense[indices[e]!]!;
  return map;
}

/** External id per storage index, and the indices of customers who declined analytics. */
async function customersByIndex(
  storage: Storage,
): Promise<{ customerIds: (string | undefined)[]; declined: Set<number> }> {
  const customerIds: (string | undefined)[] = [];
  const declined = new Set<number>();
  for await (const batch of storage.scanCustomers()) {
    for (const c of batch) {
      customerIds[c.index] = c.externalId;
      if (declines(c.consent, 'analytics')) declined.add(c.index);
    }
  }
  return { customerIds, declined };
}

async function skusByIndex(storage: Storage): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for await (const batch of storage.scanItems()) for (const item of batch) out[item.index] = item.sku;
  return out;
}
