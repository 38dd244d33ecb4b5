import { trainRecommender } from '@storewise/engine';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecommenderSource } from '../src/recs/recommender-source.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let storage: Storage;

beforeAll(async () => {
  storage = await openStorage('memory:');
  await storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku })));
  await storage.appendEvents(shopEvents());
});
afterAll(() => storage.close());

describe('RecommenderSource', () => {
  it('takes a new catalog snapshot in the background after refreshMs without decoding the model again; a new version after invalidate', async () => {
    let clock = 0;
    const source = new RecommenderSource(storage, { refreshMs: 1000, now: () => clock });
    expect(await source.get()).toBeNull();
    await trainRecommender(storage, { model: 'item-knn', name: 'recs', seed: 7 });
    source.invalidate();
    const first = (await source.get())!;
    expect(first.trained.version).toBe(1);
    await storage.upsertItems([{ sku: 'NEW' }]);
    clock = 999;
    expect(await source.get()).toBe(first);
    clock = 500;
    // Due, but the catalog is unchanged since it was taken: the served object in use is kept.
    const early = new RecommenderSource(storage, { refreshMs: 100, now: () => clock });
    const before = (await early.get())!;
    clock = 600;
    await early.get();
    await early.settled();
    expect(await early.get()).toBe(before);
    clock = 1000;
    // Due: answered from the snapshot in use while the new one is taken.
    expect(await source.get()).toBe(first);
    await source.settled();
    const refreshed = (await source.get())!;
    expect(refreshed).not.toBe(first);
    expect(refreshed.catalog.bySku.has('NEW')).toBe(true);
    expect(first.catalog.bySku.has('NEW')).toBe(false);
    // The same decoded model: only the catalog was read again.
    expect(refreshed.trained).toBe(first.trained);
    await trainRecommender(storage, { model: 'item-knn', name: 'recs', seed: 7 });
    source.invalidate();
    const retrained = (await source.get())!;
    expect(retrained.trained.version).toBe(2);
    expect(retrained.catalog.bySku.has('NEW')).toBe(true);
  });

  it('on an embedded store, reads the catalog again only after a noted change, and not before refreshMs', async () => {
    let clock = 0;
    const source = new RecommenderSource(storage, { refreshMs: 1000, periodic: false, now: () => clock });
    const first = (await source.get())!;
    clock = 5000;
    expect(await source.get()).toBe(first);
    await source.settled();
    expect(await source.get()).toBe(first);
    // Events naming known SKUs change nothing; an unknown SKU (the store creates the item) does.
    source.noteSkus([SHOP_SKUS[0]!]);
    await source.get();
    await source.settled();
    expect(await source.get()).toBe(first);
    await storage.upsertItems([{ sku: 'NEWER' }]);
    source.noteSkus(['NEWER']);
    expect(await source.get()).toBe(first);
    await source.settled();
    const refreshed = (await source.get())!;
    expect(refreshed.catalog.bySku.has('NEWER')).toBe(true);
    expect(refreshed.trained).toBe(first.trained);
    // Changed again at once: the next snapshot waits until this one is refreshMs old.
    await storage.upsertItems([{ sku: 'NEWEST' }]);
    source.catalogChanged();
    await source.get();
    await source.settled();
    expect((await source.get())!.catalog.bySku.has('NEWEST')).toBe(false);
    clock = 6000;
    await source.get();
    await source.settled();
    expect((await source.get())!.catalog.bySku.has('NEWEST')).toBe(true);
  });

  it("with the store's catalog version, reads the catalog again only when the version moved", async () => {
    let clock = 0;
    let catalogReads = 0;
    await trainRecommender(storage, { model: 'item-knn', name: 'recs', seed: 7 });
    const counting = new Proxy(storage, {
      get(target, key, receiver) {
        if (key === 'scanItems') catalogReads++;
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const source = new RecommenderSource(counting, {
      refreshMs: 1000,
      now: () => clock,
      catalogVersion: () => storage.catalogVersion!(),
    });
    const first = (await source.get())!;
    expect(catalogReads).toBe(1);
    for (clock = 1000; clock <= 5000; clock += 1000) {
      await source.get();
      await source.settled();
    }
    // Five refreshes due, the version never moved: no read of the catalog.
    expect(catalogReads).toBe(1);
    expect(await source.get()).toBe(first);
    await source.settled();
    await storage.upsertItems([{ sku: SHOP_SKUS[0]!, stock: 0 }]);
    clock += 1000;
    await source.get();
    await source.settled();
    expect(catalogReads).toBe(2);
    const restocked = (await source.get())!;
    expect(restocked).not.toBe(first);
    expect(restocked.catalog.inStock[restocked.catalog.bySku.get(SHOP_SKUS[0]!)!]).toBe(0);
    await storage.upsertItems([{ sku: SHOP_SKUS[0]!, stock: 5 }]);
  });

  it('a failed background refresh keeps the snapshot in use and is tried again refreshMs later', async () => {
    let clock = 0;
    let failing = false;
    const flaky = new Proxy(storage, {
      get(target, key, receiver) {
        if (key === 'scanItems' && failing) {
          return () => {
            throw new Error('store unreachable');
          };
        }
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const errors: unknown[] = [];
    const source = new RecommenderSource(flaky, {
      refreshMs: 1000,
      now: () => clock,
      onRefreshError: (e) => errors.push(e),
    });
    const first = (await source.get())!;
    failing = true;
    clock = 1000;
    expect(await source.get()).toBe(first);
    await source.settled();
    expect(errors).toHaveLength(1);
    expect(await source.get()).toBe(first);
    await source.settled();
    expect(errors).toHaveLength(1);
    failing = false;
    await storage.upsertItems([{ sku: 'AFTER-OUTAGE' }]);
    clock = 2000;
    await source.get();
    await source.settled();
    expect((await source.get())!.catalog.bySku.has('AFTER-OUTAGE')).toBe(true);
  });

  it('keeps serving its version when another process activates one trained with a plugin it has not loaded, and says why', async () => {
    const own = await openStorage('memory:');
    try {
      await own.upsertItems(SHOP_SKUS.map((sku) => ({ sku })));
      await own.appendEvents(shopEvents());
      await trainRecommender(own, { model: 'item-knn', name: 'recs', seed: 7 });
      let clock = 0;
      const source = new RecommenderSource(own, { refreshMs: 10, now: () => clock });
      const served = (await source.get())!;
      expect(source.servedVersion()).toBe(1);
      // Another process (say the CLI with --plugin) stores and activates v2 of a plugin this one lacks.
      // Its bytes name the plugin: v1's with "item-knn" written as "ghost-kn" (a name of the same length).
      const v1 = (await own.loadModel('recs'))!;
      const bytes = Buffer.from(v1.bytes);
      for (let at = bytes.indexOf('item-knn'); at >= 0; at = bytes.indexOf('item-knn', at + 1))
        bytes.write('ghost-kn', at);
      await own.saveModel({
        name: 'recs',
        kind: v1.kind,
        params: { ...v1.params, model: 'ghost-kn' },
        metrics: {},
        bytes,
      });
      clock = 100;
      expect(await source.get()).toBe(served);
      await source.settled();
      expect(await source.get()).toBe(served);
      expect(source.servedVersion()).toBe(1);
      expect(source.loadFailure(2)).toBe(
        'it was trained with "ghost-kn", a plugin this gateway has not loaded: name its module in STOREWISE_PLUGINS and restart, or serve another version (storewise model activate recs <version>; v1 loads here), or train a new version (storewise train recs)',
      );
      expect(source.loadFailure(1)).toBeNull();
      // Served again once a version it can load is active.
      await own.activateModel('recs', 1);
      clock = 200;
      await source.get();
      await source.settled();
      expect(source.servedVersion()).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('reload swaps in a new version while requests go on being answered from the one in use', async () => {
    const own = await openStorage('memory:');
    try {
      await own.upsertItems(SHOP_SKUS.map((sku) => ({ sku })));
      await own.appendEvents(shopEvents());
      await trainRecommender(own, { model: 'item-knn', name: 'recs', seed: 7 });
      const source = new RecommenderSource(own, { periodic: false });
      const v1 = (await source.get())!;
      await trainRecommender(own, { model: 'item-knn', name: 'recs', seed: 7 });
      const swapping = source.reload();
      // Not held for the load: the version in use answers meanwhile (after invalidate, this waited).
      expect(await source.get()).toBe(v1);
      await swapping;
      expect((await source.get())!.trained.version).toBe(2);
      expect(source.servedVersion()).toBe(2);
    } finally {
      await own.close();
    }
  });
});
