import { ParamError } from '@storewise/core';
import { openStorage, type Storage } from '@storewise/storage';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPlugins, recommend, serveModel, similarItems, trainRecommender } from '../../src/recs/index.js';
import { seedShop } from './shop-fixture.js';

/** The fit workers started (fit-worker.js), counted by a Worker that is Node's own otherwise. */
const fitWorkers = vi.hoisted(() => ({ started: 0 }));
vi.mock('node:worker_threads', async (original) => {
  const threads = await original<typeof import('node:worker_threads')>();
  class CountingWorker extends threads.Worker {
    constructor(...args: ConstructorParameters<typeof threads.Worker>) {
      super(...args);
      if (String(args[0]).endsWith('/fit-worker.js')) fitWorkers.started++;
    }
  }
  return { ...threads, Worker: CountingWorker };
});

const CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'stranger'];

// The reference is the same training on the calling thread: a fit in a worker must give the same model.
describe('trainRecommender with offThread: the fit in a worker thread', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await seedShop(await openStorage('memory:'));
  });

  it('refuses a parameter in the worker with the ParamError the calling thread gives, naming it', async () => {
    const options = { model: 'item-knn', params: { neighbors: -1 }, dryRun: true };
    const here = await trainRecommender(storage, options).catch((e: unknown) => e);
    const there = await trainRecommender(storage, { ...options, offThread: true }).catch((e: unknown) => e);
    expect(here).toBeInstanceOf(ParamError);
    expect(there).toBeInstanceOf(ParamError);
    expect(there).toMatchObject({ param: 'neighbors', value: -1, message: (here as Error).message });
  });

  it.each([
    ['als', { factors: 4, iterations: 10, backend: 'js' }],
    ['als', { factors: 4, iterations: 10 }],
    ['item-knn', {}],
    ['user-knn', {}],
    ['ease', { lambda: 10 }],
    ['bpr', { factors: 4, epochs: 20 }],
    ['cooccurrence', {}],
    ['popularity', {}],
  ])('%s %o: the same recommendations and metrics as on the calling thread', async (model, params) => {
    const options = { model, params, seed: 3, dryRun: true, evaluate: { testRatio: 0.3, k: 3 } };
    const here = await trainRecommender(storage, options);
    const progress: number[] = [];
    /** Where each report of the fit came from: the worker's messages, or the fit itself on this thread. */
    const callers = new Set<string>();
    const there = await trainRecommender(storage, {
      ...options,
      offThread: true,
      onProgress: (fraction, message) => {
        progress.push(fraction);
        if (message === 'reading interactions' || message === 'done') return;
        const stack = new Error().stack ?? '';
        callers.add(
          stack.includes('/core/') ? 'core' : stack.includes('fit-off-thread') ? 'worker' : 'other',
        );
      },
    });
    expect([...callers]).toEqual(['worker']);
    expect(there.metrics).toEqual(here.metrics);
    expect(there.recommender.model.constructor).toBe(here.recommender.model.constructor);
    const a = await serveModel(storage, here.recommender);
    const b = await serveModel(storage, there.recommender);
    for (const customer of CUSTOMERS) {
      expect(await recommend(storage, b, customer, 6)).toEqual(await recommend(storage, a, customer, 6));
    }
    for (const sku of ['A', 'D', 'F']) expect(similarItems(b, sku, 5)).toEqual(similarItems(a, sku, 5));
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('auto: one worker chooses and fits, with the same choice, metrics and recommendations as on the calling thread', async () => {
    // Each candidate's holdout fit and the chosen model's fit used to start a worker each (six here).
    const options = { model: 'auto', seed: 3, dryRun: true };
    const here = await trainRecommender(storage, options);
    const before = fitWorkers.started;
    const progress: number[] = [];
    const messages: (string | undefined)[] = [];
    const there = await trainRecommender(storage, {
      ...options,
      offThread: true,
      onProgress: (fraction, message) => {
        progress.push(fraction);
        messages.push(message);
      },
    });
    expect(fitWorkers.started - before).toBe(1);
    // Every report says what runs (the chosen model's fit reported none of its own: "100% undefined").
    expect(messages.every((m) => m !== undefined)).toBe(true);
    const chosen = `fitting ${there.recommender.plugin.name} on every interaction`;
    expect(messages.filter((m) => m?.startsWith(chosen)).length).toBeGreaterThan(0);
    expect(there.metrics).toEqual(here.metrics);
    expect(Object.keys(there.metrics).filter((key) => /^auto\..*\.ndcg$/.test(key))).toHaveLength(5);
    expect(there.recommender.plugin.name).toBe(here.recommender.plugin.name);
    expect(there.recommender.model.constructor).toBe(here.recommender.model.constructor);
    const a = await serveModel(storage, here.recommender);
    const b = await serveModel(storage, there.recommender);
    for (const customer of CUSTOMERS)
      expect(await recommend(storage, b, customer, 6)).toEqual(await recommend(storage, a, customer, 6));
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('a fit that fails in the worker fails the training with its own message', async () => {
    const options = { model: 'bpr', params: { factors: 0 }, dryRun: true };
    const here = await trainRecommender(storage, options).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(here).not.toBeNull();
    await expect(trainRecommender(storage, { ...options, offThread: true })).rejects.toThrow(here!);
  });

  it('an abort stops the worker and rejects with the reason', async () => {
    const controller = new AbortController();
    const training = trainRecommender(storage, {
      model: 'als',
      params: { factors: 4, iterations: 10, backend: 'js' },
      dryRun: true,
      offThread: true,
      signal: controller.signal,
      // The first progress from the worker: the fit is under way there.
      onProgress: (fraction) => {
        if (fraction > 0) controller.abort(new Error('stopped by the test'));
      },
    });
    await expect(training).rejects.toThrow('stopped by the test');
  });

  it('fits a contributed recommender loaded from a module in the worker too, with the same result', async () => {
    // The fixture says in its progress message on which thread it fits; its scores are each item's summed weight.
    expect(await loadPlugins(['./fixtures/thread-probe-plugin.mjs'], import.meta.dirname)).toEqual([
      'thread-probe',
    ]);
    const messages = (offThread: boolean) => {
      const seen: string[] = [];
      const trained = trainRecommender(storage, {
        model: 'thread-probe',
        dryRun: true,
        offThread,
        onProgress: (_fraction, message) => void (message?.startsWith('fitting') && seen.push(message)),
      });
      return trained.then((t) => ({ t, seen }));
    };
    const here = await messages(false);
    const there = await messages(true);
    expect(here.seen).toEqual(['fitting on the main thread']);
    expect(there.seen).toEqual(['fitting in a worker']);
    const a = await serveModel(storage, here.t.recommender);
    const b = await serveModel(storage, there.t.recommender);
    for (const customer of CUSTOMERS)
      expect(await recommend(storage, b, customer, 6)).toEqual(await recommend(storage, a, customer, 6));
  });

  it('fails a fit whose model the plugin cannot read back, instead of throwing in the worker handler', async () => {
    // Thrown from the worker's message handler, the error ended the gateway's process.
    expect(await loadPlugins(['./fixtures/unreadable-plugin.mjs'], import.meta.dirname)).toEqual([
      'unreadable',
    ]);
    await expect(
      trainRecommender(storage, { model: 'unreadable', dryRun: true, offThread: true }),
    ).rejects.toThrow('recommender plugin "unreadable": deserialize failed: cannot read');
  });
});
