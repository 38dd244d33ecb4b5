/**
 * A customer's stored events, read for serving: what they bought or rated and what they saw (for the
 * exclusion rules), and their history in the model's item space, weighted as in training (event weights,
 * time decay), for folding them in without retraining.
 */
import { declines, type EventType, type Storage, type StoredEvent } from '@storewise/storage';
import type { Catalog } from './catalog.js';
import { eventWeightOf } from './interactions.js';
import type { TrainedRecommender } from './trained-model.js';

const DAY_MS = 86_400_000;

export interface CustomerHistory {
  /**
   * Catalog positions the customer bought or rated (purchase and rating events: a rating says they have
   * the item), which the rule `excludeBought` leaves out. Items only viewed or carted are not in it.
   */
  bought: Int32Array;
  /** Catalog positions the customer had any event with. */
  seen: Int32Array;
  /** Model item indices with a positive weight, and their summed (decayed) weights. */
  items: Int32Array;
  weights: Float64Array;
  /** Per history item, the event type that weighed most (for explanations). */
  strongest: EventType[];
  /** Weighted events newer than the model's data. */
  freshEvents: number;
  /**
   * False for a customer who declined personalization (`consent.personalization` false): nothing of their
   * behaviour is used, and they are served as an anonymous visitor (popular items).
   */
  personalized: boolean;
}

/** The fields of a stored event that serving reads. */
export type HistoryEvent = Pick<StoredEvent, 'type' | 'sku' | 'timestamp' | 'rating'>;

/** The customer's events (all of them; a storefront customer has few), slimmed to what serving reads. */
export async function readCustomerEvents(storage: Storage, customerId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const batch of storage.scanEvents({ customerId })) {
    for (const e of batch)
      events.push({ type: e.type, sku: e.sku, timestamp: e.timestamp, rating: e.rating });
  }
  return events;
}

/**
 * What serving may use of a customer's behaviour: their events, or null when they declined
 * personalization (`consent.personalization` false; `undefined`, no choice recorded, counts as not
 * declined). Reads the customer and their events at the same time.
 */
export async function readServingEvents(
  storage: Storage,
  customerId: string,
): Promise<HistoryEvent[] | null> {
  const [customer, events] = await Promise.all([
    storage.getCustomer(customerId),
    readCustomerEvents(storage, customerId),
  ]);
  return customer !== null && declines(customer.consent, 'personalization') ? null : events;
}

/** Reads what serving may use of the customer's events (`readServingEvents`) and returns their history. */
export async function readHistory(
  storage: Storage,
  customerId: string,
  trained: TrainedRecommender,
  catalog: Catalog,
): Promise<CustomerHistory> {
  return historyOf(await readServingEvents(storage, customerId), trained, catalog);
}

/**
 * The history of a list of events (for events read once and kept, carts and tests); null, from
 * `readServingEvents`, for a customer who declined personalization gives an empty, impersonal history.
 */
export function historyOf(
  events: readonly HistoryEvent[] | null,
  trained: TrainedRecommender,
  catalog: Catalog,
): CustomerHistory {
  const personalized = events !== null;
  const bought = new Set<number>();
  const seen = new Set<number>();
  const weightOf = new Map<number, number>();
  const best = new Map<number, [EventType, number]>();
  const rate = trained.halfLifeDays ? Math.LN2 / (trained.halfLifeDays * DAY_MS) : 0;
  const itemIds = trained.model.itemIds;
  let fresh = 0;
  for (const e of events ?? []) {
    if (e.sku === null) continue;
    const c = catalog.bySku.get(e.sku);
    if (c !== undefined) {
      seen.add(c);
      if (e.type === 'purchase' || e.type === 'rating') bought.add(c);
    }
    let w = eventWeightOf(trained.weights, e.type, e.rating);
    if (w === 0) continue;
    const t = e.timestamp.getTime();
    if (t > trained.trainedUntil) fresh++;
    const i = itemIds ? itemIds.indexOf(e.sku) : -1;
    if (i < 0) continue;
    if (rate > 0) w *= Math.exp(-rate * (trained.trainedUntil - t));
    weightOf.set(i, (weightOf.get(i) ?? 0) + w);
    const prior = best.get(i);
    if (!prior || w > prior[1]) best.set(i, [e.type, w]);
  }
  const items = Int32Array.from([...weightOf.keys()].sort((a, b) => a - b));
  const weights = Float64Array.from(items, (i) => weightOf.get(i)!);
  return {
    bought: Int32Array.from(bought),
    seen: Int32Array.from(seen),
    items,
    weights,
    strongest: Array.from(items, (i) => best.get(i)![0]),
    freshEvents: fresh,
    personalized,
  };
}
