import { afterEach, describe, expect, it } from 'vitest';
import type { EventInput } from '../src/index.js';
import { createTracker, StorewiseError } from '../src/index.js';

/** A stand-in client recording each trackEvents batch; `failures` makes the next calls throw. */
function recordingClient() {
  const batches: EventInput[][] = [];
  const attempts: EventInput[][] = [];
  const sent: { keepalive?: boolean }[] = [];
  const state: { failures: number; error: unknown } = { failures: 0, error: null };
  const client = {
    async trackEvents(events: EventInput[], options: { keepalive?: boolean } = {}) {
      attempts.push(events);
      sent.push({ ...(options.keepalive !== undefined ? { keepalive: options.keepalive } : {}) });
      if (state.failures > 0) {
        state.failures--;
        throw state.error ?? new Error('network down');
      }
      batches.push(events);
      return {
        inserted: events.length,
        duplicates: 0,
        differing: 0,
        conflicts: [],
        erased: 0,
        rejected: 0,
        errors: [],
      };
    },
  };
  return { client, batches, attempts, sent, state };
}

/** A timer the test fires by hand. */
function manualTimer() {
  const timer = { fire: () => {}, cleared: false };
  return {
    timer,
    options: {
      setInterval: (fn: () => void) => {
        timer.fire = fn;
        return 1;
      },
      clearInterval: () => {
        timer.cleared = true;
      },
    },
  };
}

let n = 0;
const newId = () => `id-${++n}`;
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('createTracker', () => {
  it('holds events until the interval fires, then sends them in one call with ids and timestamps', async () => {
    const { client, batches } = recordingClient();
    const { timer, options } = manualTimer();
    const tracker = createTracker(client, { ...options, newId });
    tracker.track({ type: 'VIEW', sku: 'A' });
    tracker.track({ type: 'VIEW', sku: 'B', eventId: 'mine' });
    await settle();
    expect(batches).toEqual([]);
    expect(tracker.pending).toBe(2);
    timer.fire();
    await settle();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((e) => [e.eventId, e.sku])).toEqual([
      [expect.stringMatching(/^id-\d+$/), 'A'],
      ['mine', 'B'],
    ]);
    expect(batches[0]?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(tracker.pending).toBe(0);
  });

  it('flushes when a batch fills and never sends more than maxBatch per call', async () => {
    const { client, batches } = recordingClient();
    const tracker = createTracker(client, { ...manualTimer().options, maxBatch: 2, newId });
    for (let i = 0; i < 5; i++) tracker.track({ type: 'VIEW', sku: `S${i}` });
    await tracker.flush();
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat().map((e) => e.sku)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
  });

  it('keeps events after a failed flush and resends them with the same ids', async () => {
    const { client, batches, attempts, state } = recordingClient();
    const errors: unknown[] = [];
    const tracker = createTracker(client, {
      ...manualTimer().options,
      newId,
      onError: (e) => errors.push(e),
    });
    tracker.track({ type: 'PURCHASE', sku: 'A', quantity: 1 });
    state.failures = 1;
    await expect(tracker.flush()).rejects.toThrow('network down');
    expect(errors).toHaveLength(1);
    expect(tracker.pending).toBe(1);
    await tracker.flush();
    expect(attempts).toHaveLength(2);
    expect(batches[0]?.[0]?.eventId).toMatch(/^id-\d+$/);
    expect(batches[0]?.[0]?.eventId).toBe(attempts[0]?.[0]?.eventId);
    expect(tracker.pending).toBe(0);
  });

  it('flushes when the page is hidden, and close() stops the timer and the listener', async () => {
    const listeners = new Map<string, () => void>();
    const doc = {
      visibilityState: 'visible',
      addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
      removeEventListener: (type: string) => listeners.delete(type),
    };
    (globalThis as { document?: unknown }).document = doc;
    const { client, batches, sent } = recordingClient();
    const { timer, options } = manualTimer();
    const tracker = createTracker(client, { ...options, newId });
    tracker.track({ type: 'VIEW', sku: 'A' });
    doc.visibilityState = 'hidden';
    listeners.get('visibilitychange')?.();
    await settle();
    expect(batches).toHaveLength(1);
    tracker.track({ type: 'VIEW', sku: 'B' });
    await tracker.close();
    expect(batches).toHaveLength(2);
    // The page-hide flush asks for keepalive (the request outlives the page); the others do not.
    expect(sent).toEqual([{ keepalive: true }, {}]);
    expect(timer.cleared).toBe(true);
    expect(listeners.size).toBe(0);
  });

  it('keeps at most maxQueue events while flushes fail, dropping the oldest and reporting each', async () => {
    const { client, state } = recordingClient();
    state.failures = Number.POSITIVE_INFINITY;
    const dropped: [string, string][] = [];
    const errors: unknown[] = [];
    const tracker = createTracker(client, {
      ...manualTimer().options,
      newId: () => `q-${++n}`,
      maxBatch: 2,
      maxQueue: 3,
      onError: (e) => errors.push(e),
      onDrop: (event, error) => dropped.push([event.sku ?? '', error.code]),
    });
    for (const sku of ['A', 'B', 'C', 'D', 'E']) {
      tracker.track({ type: 'VIEW', sku });
      await settle();
    }
    expect(tracker.pending).toBe(3);
    expect(dropped).toEqual([
      ['A', 'TRACKER_QUEUE_FULL'],
      ['B', 'TRACKER_QUEUE_FULL'],
    ]);
    // The failed flushes (network errors) were reported and kept their events.
    expect(errors.length).toBeGreaterThan(0);
    expect(() => createTracker(client, { maxBatch: 100, maxQueue: 50 })).toThrow(
      'maxQueue must be a whole number of events, at least maxBatch (100), got 50',
    );
  });

  it('drops a batch the gateway refuses for good (auth), reporting it, and keeps one an expired token refused', async () => {
    const { client, attempts, state } = recordingClient();
    const refusal = (reason: string) =>
      new StorewiseError('refused', 'UNAUTHENTICATED', 401, [
        { message: 'refused', extensions: { code: 'UNAUTHENTICATED', reason } },
      ]);
    const dropped: [string, string | null][] = [];
    const errors: unknown[] = [];
    const tracker = createTracker(client, {
      ...manualTimer().options,
      newId,
      onError: (e) => errors.push(e),
      onDrop: (event, error) => dropped.push([event.sku ?? '', error.reason]),
    });
    tracker.track({ type: 'VIEW', sku: 'A' });
    tracker.track({ type: 'VIEW', sku: 'B' });
    // An expired customer token: a token function gives a fresh one for the next flush, so kept.
    state.failures = 1;
    state.error = refusal('CUSTOMER_TOKEN_EXPIRED');
    await expect(tracker.flush()).rejects.toMatchObject({ reason: 'CUSTOMER_TOKEN_EXPIRED' });
    expect([tracker.pending, dropped]).toEqual([2, []]);
    // A revoked key: no retry fixes it; dropped and reported, once to onError and per event to onDrop.
    state.failures = 1;
    state.error = refusal('API_KEY_REVOKED');
    await expect(tracker.flush()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(tracker.pending).toBe(0);
    expect(dropped).toEqual([
      ['A', 'API_KEY_REVOKED'],
      ['B', 'API_KEY_REVOKED'],
    ]);
    expect(errors).toHaveLength(2);
    // A key without the scope (FORBIDDEN) is refused for good too.
    tracker.track({ type: 'VIEW', sku: 'C' });
    state.failures = 1;
    state.error = new StorewiseError('no scope', 'FORBIDDEN', 403);
    await expect(tracker.flush()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect([tracker.pending, dropped.at(-1)]).toEqual([0, ['C', null]]);
    expect(attempts).toHaveLength(3);
  });
});
