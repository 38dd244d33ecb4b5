/**
 * Reads the stored events as an interaction matrix: storage's integer ids (customer and item index)
 * are mapped to dense indices 0..n-1, and the dense indices to the shop's ids (customer external id,
 * SKU) in `userIds`/`itemIds`, which every trained model keeps in its bytes. Customers who declined
 * analytics (`consent.analytics` false: "use of their data for analytics and model training") are left
 * out, as if they had no events.
 */
import { buildInteractions, IdMap, type InteractionEvents, type InteractionMatrix } from '@storewise/core';
import {
  declines,
  type EventType,
  type EventWeights,
  type InteractionBatch,
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
  /**
   * Whether a rating event weighs its type's weight times its value, as the rating models read ratings
   * (RATING_WEIGHTS). Default false: a rating weighs its type's weight whatever its value, as `eval recs`
   * counts a rating.
   */
  ratingValues?: boolean;
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

/** The stored events one by one (for event splits), with what `readInteractions` also says. */
export interface StoredInteractionEvents {
  events: InteractionEvents;
  latestTime: number;
  excludedByConsent: number;
}

/**
 * The weight one event carries under `weights`: its type's weight, for a rating whatever its value unless
 * `ratingValues` (then times the rating, as storage's scanInteractions weighs it).
 */
export function eventWeightOf(
  weights: EventWeights,
  type: EventType,
  rating: number | null,
  ratingValues = false,
): number {
  const w = weights[type] ?? 0;
  return type === 'rating' && ratingValues ? w * (rating ?? 0) : w;
}

/** Reads every interaction of the store into a matrix keyed by customer external id and SKU. */
export async function readInteractions(
  storage: Storage,
  options: InteractionReadOptions,
): Promise<StoredInteractions> {
  if (options.halfLifeDays !== undefined && !(options.halfLifeDays > 0)) {
    throw new Error(`halfLifeDays must be > 0, got ${options.halfLifeDays}`);
  }
  const { events, latestTime, excludedByConsent } = await readInteractionEvents(storage, options);
  const matrix = buildInteractions(events, {
    nUsers: events.nUsers,
    nItems: events.nItems,
    userIds: events.userIds,
    itemIds: events.itemIds,
    duplicates: options.duplicates ?? 'sum',
    ...(options.halfLifeDays !== undefined
      ? { halfLifeMs: options.halfLifeDays * DAY_MS, referenceTime: latestTime }
      : {}),
  });
  return { matrix, latestTime, events: events.users.length, excludedByConsent };
}

/**
 * Reads every interaction of the store as events, weighted as `readInteractions` weighs them, each flagged
 * `owned` when it is a purchase or a rating (what makes an item the customer's own, left out of served
 * lists). Storage weighs a rating by its value, so ratings are read in a pass of their own and given their
 * type's weight unless `ratingValues`; purchases too, to flag them.
 */
export async function readInteractionEvents(
  storage: Storage,
  options: Pick<InteractionReadOptions, 'weights' | 'ratingValues' | 'since' | 'until'>,
): Promise<StoredInteractionEvents> {
  const { customerIds, declined } = await customersByIndex(storage);
  const skus = await skusByIndex(storage);
  const read = new InteractionColumns();
  const excluded = new Set<number>();
  const { purchase, rating, ...others } = options.weights;
  const passes: { weights: EventWeights; owned: 0 | 1; weight?: number }[] = [
    { weights: others, owned: 0 },
    { weights: { purchase }, owned: 1 },
    { weights: { rating }, owned: 1, ...(options.ratingValues ? {} : { weight: rating }) },
  ];
  for (const pass of passes) {
    if (!Object.values(pass.weights).some((w) => w !== undefined && w !== 0)) continue;
    const scan = scanInteractions(storage, {
      weights: pass.weights,
      ...(options.since ? { since: options.since } : {}),
      ...(options.until ? { until: options.until } : {}),
    });
    for await (const batch of scan) read.add(batch, declined, excluded, pass.owned, pass.weight);
  }
  const n = read.n;
  const users = read.users.subarray(0, n);
  const items = read.items.subarray(0, n);
  // Dense indices in storage-id order (not scan order), so every adapter gives the same matrix.
  const userIds = denseIds(users, customerIds, 'customer');
  const itemIds = denseIds(items, skus, 'item');
  return {
    events: {
      users,
      items,
      weights: read.weights.subarray(0, n),
      times: read.times.subarray(0, n),
      owned: read.owned.subarray(0, n),
      nUsers: userIds.size,
      nItems: itemIds.size,
      userIds,
      itemIds,
    },
    latestTime: read.latest,
    excludedByConsent: excluded.size,
  };
}

/** Growing columns of the events read, customers who declined analytics left out. */
class InteractionColumns {
  users = new Int32Array(4096);
  items = new Int32Array(4096);
  weights = new Float64Array(4096);
  times = new Float64Array(4096);
  owned = new Uint8Array(4096);
  n = 0;
  latest = 0;

  /** Appends a batch; `weight`, when given, replaces every event's (a rating's type weight). */
  add(
    batch: InteractionBatch,
    declined: Set<number>,
    excluded: Set<number>,
    owned: 0 | 1,
    weight: number | undefined,
  ): void {
    if (this.n + batch.length > this.users.length) {
      const size = Math.max(this.users.length * 2, this.n + batch.length);
      this.users = grow(this.users, new Int32Array(size));
      this.items = grow(this.items, new Int32Array(size));
      this.weights = grow(this.weights, new Float64Array(size));
      this.times = grow(this.times, new Float64Array(size));
      this.owned = grow(this.owned, new Uint8Array(size));
    }
    if (declined.size === 0) {
      for (let r = 0; r < batch.length; r++) if (batch.time[r]! > this.latest) this.latest = batch.time[r]!;
      const n = this.n;
      this.users.set(batch.customerIndex.subarray(0, batch.length), n);
      this.items.set(batch.itemIndex.subarray(0, batch.length), n);
      if (weight === undefined) this.weights.set(batch.weight.subarray(0, batch.length), n);
      else this.weights.fill(weight, n, n + batch.length);
      this.times.set(batch.time.subarray(0, batch.length), n);
      this.owned.fill(owned, n, n + batch.length);
      this.n += batch.length;
      return;
    }
    for (let r = 0; r < batch.length; r++) {
      const user = batch.customerIndex[r]!;
      if (declined.has(user)) {
        excluded.add(user);
        continue;
      }
      const n = this.n++;
      this.users[n] = user;
      this.items[n] = batch.itemIndex[r]!;
      this.weights[n] = weight ?? batch.weight[r]!;
      this.times[n] = batch.time[r]!;
      this.owned[n] = owned;
      if (this.times[n]! > this.latest) this.latest = this.times[n]!;
    }
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
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
