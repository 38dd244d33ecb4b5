import {
  openRecommender,
  recommend,
  type ServedRecommender,
  serveModel,
  trainRecommender,
} from '@storewise/engine';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerHistories } from '../src/recs/customer-histories.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let storage: Storage;
let served: ServedRecommender;
/** When the served model version was saved (ms): CustomerHistories' modelSavedAt. */
let savedAt = 0;
const modelSavedAt = () => savedAt;
let clock = 0;
let n = 0;

/** Stores one more view of `sku` by `customerId` (as another process would, behind the cache's back). */
async function view(customerId: string, sku: string): Promise<void> {
  await storage.appendEvents([
    { eventId: `extra-${n++}`, type: 'view', customerId, sku, timestamp: new Date(Date.UTC(2024, 1, 1)) },
  ]);
}

/** Distinct items of the customer's history, as SKUs (the history holds model item indices). */
const skusOf = async (cache: CustomerHistories, id: string) =>
  [...(await cache.history(id, served)).items].map((i) => served.trained.model.itemIds!.idAt(i)).sort();

beforeAll(async () => {
  storage = await openStorage('memory:');
  await storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku })));
  await storage.appendEvents(shopEvents());
  await trainRecommender(storage, { model: 'item-knn', seed: 7 });
  served = await openRecommender(storage);
  savedAt = (await storage.listModels()).find((m) => m.active)!.createdAt.getTime();
});
afterAll(() => storage.close());

describe('CustomerHistories', () => {
  it('serves kept events until the entry is ttlMs old, then reads the store again', async () => {
    const cache = new CustomerHistories(storage, {
      modelSavedAt,
      maxEvents: 1000,
      ttlMs: 1000,
      now: () => clock,
      random: () => 0,
    });
    clock = 0;
    expect(await skusOf(cache, 'c1')).toEqual(['E', 'F', 'H']);
    await view('c1', 'G');
    clock = 999;
    expect(await skusOf(cache, 'c1')).toEqual(['E', 'F', 'H']);
    clock = 1000;
    expect(await skusOf(cache, 'c1')).toEqual(['E', 'F', 'G', 'H']);
  });

  it('expires entries between ttlMs / 2 and ttlMs, so customers read together are not read again together', async () => {
    let r = 0.999;
    const cache = new CustomerHistories(storage, {
      modelSavedAt,
      maxEvents: 1000,
      ttlMs: 1000,
      now: () => clock,
      random: () => r,
    });
    clock = 10_000;
    expect(await skusOf(cache, 'c11')).toEqual(['F', 'G', 'H']);
    await view('c11', 'E');
    clock = 10_500;
    expect(await skusOf(cache, 'c11')).toEqual(['F', 'G', 'H']);
    r = 0;
    clock = 10_501;
    // Read again (the entry expired just after 500 ms), and now kept for the whole ttl.
    expect(await skusOf(cache, 'c11')).toEqual(['E', 'F', 'G', 'H']);
    await view('c11', 'A');
    clock = 11_500;
    expect(await skusOf(cache, 'c11')).toEqual(['E', 'F', 'G', 'H']);
    clock = 11_501;
    expect(await skusOf(cache, 'c11')).toEqual(['A', 'E', 'F', 'G', 'H']);
  });

  it('keeps events without a ttl until forgotten', async () => {
    const cache = new CustomerHistories(storage, {
      modelSavedAt,
      maxEvents: 1000,
      ttlMs: null,
      now: () => clock,
    });
    expect(await skusOf(cache, 'c3')).toEqual(['F', 'G', 'H']);
    await view('c3', 'E');
    clock += 1e9;
    expect(await skusOf(cache, 'c3')).toEqual(['F', 'G', 'H']);
    cache.forget(['c3', null]);
    expect(await skusOf(cache, 'c3')).toEqual(['E', 'F', 'G', 'H']);
  });

  it('drops the least recently served customer beyond maxEvents (each counts its events plus one)', async () => {
    // c4, c5, c6 hold 3 events each: weight 4 apiece, so 8 keeps two customers.
    const cache = new CustomerHistories(storage, { modelSavedAt, maxEvents: 8, ttlMs: null });
    await skusOf(cache, 'c4');
    await skusOf(cache, 'c5');
    await skusOf(cache, 'c4');
    await skusOf(cache, 'c6');
    expect(cache.size).toEqual({ customers: 2, weight: 8 });
    await view('c4', 'D');
    await view('c5', 'G');
    // c4 is still kept (does not see D yet); c5 was dropped (read again: sees G).
    expect(await skusOf(cache, 'c4')).toEqual(['A', 'B', 'C']);
    expect(await skusOf(cache, 'c5')).toEqual(['E', 'F', 'G', 'H']);
    expect(new CustomerHistories(storage, { modelSavedAt, maxEvents: 0, ttlMs: null }).size.customers).toBe(
      0,
    );
  });

  it('does not keep a read that was in flight when its customer was forgotten', async () => {
    const cache = new CustomerHistories(storage, { modelSavedAt, maxEvents: 1000, ttlMs: null });
    const inFlight = cache.history('c7', served);
    await view('c7', 'E');
    cache.forget(['c7']);
    // The read started before the write: it may answer without the new event, but is not kept.
    expect([...(await inFlight).items].map((i) => served.trained.model.itemIds!.idAt(i)).sort()).toEqual([
      'F',
      'G',
      'H',
    ]);
    expect(await skusOf(cache, 'c7')).toEqual(['E', 'F', 'G', 'H']);
  });

  it('keeps nothing with maxEvents 0', async () => {
    const cache = new CustomerHistories(storage, { modelSavedAt, maxEvents: 0, ttlMs: null });
    expect(await skusOf(cache, 'c8')).toEqual(['A', 'B', 'C']);
    await view('c8', 'D');
    expect(await skusOf(cache, 'c8')).toEqual(['A', 'B', 'C', 'D']);
    expect(cache.size.customers).toBe(0);
  });

  it('keeps each answer with its history: equal to the engine reading the store, again only after a change', async () => {
    const cache = new CustomerHistories(storage, { modelSavedAt, maxEvents: 1000, ttlMs: null });
    const first = await cache.recommendations('c2', served, 3, {});
    expect(first).toEqual(await recommend(storage, served, 'c2', 3));
    expect(first.items.length).toBe(3);
    // Asked again: the kept answer, not a new one.
    expect(await cache.recommendations('c2', served, 3, {})).toBe(first);
    // c2's 3 events, plus one, plus the answer's 3 items.
    expect(cache.size.weight).toBe(3 + 1 + 3);
    // Other arguments: their own answer.
    const rules = { excludeBought: true };
    expect(await cache.recommendations('c2', served, 2, rules)).toEqual(
      await recommend(storage, served, 'c2', 2, rules),
    );
    // A new event (forgotten by the writer) or a new catalog snapshot: scored again.
    await view('c2', first.items[0]!.sku);
    cache.forget(['c2']);
    const afterView = await cache.recommendations('c2', served, 3, {});
    expect(afterView).toEqual(await recommend(storage, served, 'c2', 3));
    const again = await cache.recommendations('c2', served, 3, {});
    expect(again).toBe(afterView);
    const snapshot = await serveModel(storage, served.trained);
    const resnapped = await cache.recommendations('c2', snapshot, 3, {});
    expect(resnapped).not.toBe(afterView);
    expect(resnapped).toEqual(afterView);
  });

  it('counts kept answers against maxEvents', async () => {
    // c9 has 3 events: weight 4, plus 2 per answer of 2 items.
    const cache = new CustomerHistories(storage, { modelSavedAt, maxEvents: 7, ttlMs: null });
    await cache.recommendations('c9', served, 2, {});
    expect(cache.size).toEqual({ customers: 1, weight: 6 });
    await cache.recommendations('c9', served, 1, {});
    expect(cache.size).toEqual({ customers: 1, weight: 7 });
    // One more answer would pass 7: the customer is dropped, and nothing is kept.
    await cache.recommendations('c9', served, 2, { excludeSeen: true });
    expect(cache.size).toEqual({ customers: 0, weight: 0 });
  });

  it('serves a deleted customer, and their id used again, as unknown to the served model', async () => {
    const cache = new CustomerHistories(storage, { modelSavedAt, maxEvents: 1000, ttlMs: null });
    const stranger = await cache.recommendations('never-seen', served, 3, {});
    expect(stranger.strategy).toBe('popular');
    expect((await cache.recommendations('c10', served, 3, {})).strategy).toBe('model');
    expect((await storage.deleteCustomer('c10')).customer).toBe(1);
    cache.forget(['c10']);
    // The model still has c10's row; their events are gone: the popular items a stranger gets.
    expect(await cache.recommendations('c10', served, 3, {})).toEqual(stranger);
    await new Promise((r) => setTimeout(r, 2));
    // Erased until restored (storage's erasure list); then the id is a new customer.
    expect(await storage.restoreCustomer('c10')).toBe(true);
    await storage.upsertCustomers([{ externalId: 'c10', country: 'FR' }]);
    cache.forget(['c10']);
    expect(await cache.recommendations('c10', served, 3, {})).toEqual(stranger);
    // The new c10's own view: folded in from it alone, never the old row.
    await view('c10', 'E');
    cache.forget(['c10']);
    const own = await cache.recommendations('c10', served, 3, {});
    expect(own.strategy).toBe('fold-in');
    expect(own.items.flatMap((i) => i.because.map((b) => b.sku))).toEqual(
      own.items.flatMap((i) => (i.because.length > 0 ? ['E'] : [])),
    );
  });
});
