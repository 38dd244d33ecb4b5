import type { StorewiseClient } from './client-types.js';
import { StorewiseError } from './errors.js';
import type { EventInput } from './generated/graphql.generated.js';

/** An event to track; `eventId` is generated when left out, `timestamp` is when `track` was called. */
export type TrackedEvent = Omit<EventInput, 'eventId'> & { eventId?: string };

export interface TrackerOptions {
  /** Flush this often while events wait (default 2000 ms). */
  flushIntervalMs?: number;
  /** Flush as soon as this many events wait (default 100; the gateway takes up to 1,000 per call). */
  maxBatch?: number;
  /**
   * Most events kept waiting (default 1,000). Past it the oldest are dropped, each reported to `onDrop`
   * with a TRACKER_QUEUE_FULL error: a page whose flushes keep failing (the gateway unreachable) holds
   * at most this many.
   */
  maxQueue?: number;
  /**
   * Called with each failed flush. The events are kept and sent with the next flush, unless the gateway
   * refused the call for a reason no retry fixes (UNAUTHENTICATED: a revoked or unknown key, a bad
   * customer token; FORBIDDEN: a key without the scope): then the batch is dropped, each event reported to
   * `onDrop`. An expired customer token (reason CUSTOMER_TOKEN_EXPIRED) is retried: a `customerToken`
   * function gives a fresh one for the next flush.
   */
  onError?: (error: unknown) => void;
  /**
   * Called with each event dropped, and why: one the gateway refuses whatever the retry (a whole call
   * refused as BAD_USER_INPUT, e.g. text holding U+0000 or a number sent as a string: a batch so refused is
   * split in halves until the event is found, so one bad event never holds back the rest), a batch refused
   * as UNAUTHENTICATED or FORBIDDEN (see `onError`), or the oldest events past `maxQueue`
   * (TRACKER_QUEUE_FULL).
   */
  onDrop?: (event: EventInput, error: StorewiseError) => void;
  /** Called with the gateway's answer to each flush (per-event errors included). */
  onFlush?: (result: Awaited<ReturnType<StorewiseClient['trackEvents']>>) => void;
  /** Timer functions (tests pass their own). */
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  /** Makes event ids (default crypto.randomUUID). */
  newId?: () => string;
  /** The clock that stamps events and each call's sentAt (default the device's; tests pass their own). */
  now?: () => Date;
}

export interface Tracker {
  /** Queues an event; it is sent with the next flush. */
  track(event: TrackedEvent): void;
  /** Sends what waits now; resolves when the gateway has answered. */
  flush(): Promise<void>;
  /** Events waiting to be sent. */
  readonly pending: number;
  /** Flushes and stops the timer and the page-hide listener. */
  close(): Promise<void>;
}

/** Events a tracker keeps waiting at most, by default (TrackerOptions.maxQueue). */
export const DEFAULT_MAX_QUEUE = 1000;

/**
 * A call refused for a reason no retry of the same call fixes: the key (unknown, revoked, malformed, or
 * without the scope) or a customer token that is not valid. An expired token is not one: a customerToken
 * function gives a fresh one on the next call.
 */
function refusedForGood(error: unknown): error is StorewiseError {
  if (!(error instanceof StorewiseError)) return false;
  if (error.code === 'FORBIDDEN') return true;
  return error.code === 'UNAUTHENTICATED' && error.reason !== 'CUSTOMER_TOKEN_EXPIRED';
}

/**
 * Batches events for `trackEvents`: flushes on an interval, when a batch fills, and (in browsers) when the
 * page is hidden. Each event has an id from the start, so a flush that is retried, or repeated after a
 * failure, never stores an event twice.
 */
export function createTracker(
  client: Pick<StorewiseClient, 'trackEvents'>,
  options: TrackerOptions = {},
): Tracker {
  const maxBatch = options.maxBatch ?? 100;
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  // At least a batch: the events being sent are never the ones dropped for room.
  if (!(Number.isInteger(maxQueue) && maxQueue >= maxBatch))
    throw new Error(
      `maxQueue must be a whole number of events, at least maxBatch (${maxBatch}), got ${maxQueue}`,
    );
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const now = options.now ?? (() => new Date());
  const setTimer = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clearTimer = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let queue: EventInput[] = [];
  let inFlight: Promise<void> | null = null;

  /** Sends `batch`, dropping (onDrop) the events that make the gateway refuse a whole call. */
  const send = async (batch: EventInput[], keepalive: boolean): Promise<void> => {
    let result: Awaited<ReturnType<StorewiseClient['trackEvents']>>;
    try {
      // sentAt by the clock that stamped the events: the gateway corrects a clock that runs ahead or behind.
      result = await client.trackEvents(batch, { sentAt: now(), ...(keepalive ? { keepalive } : {}) });
    } catch (error) {
      if (!(error instanceof StorewiseError && error.code === 'BAD_USER_INPUT')) throw error;
      if (batch.length === 1) {
        options.onDrop?.(batch[0]!, error);
        return;
      }
      // Halves: a retry of the half that went through stores nothing twice (event ids are kept).
      const half = Math.ceil(batch.length / 2);
      await send(batch.slice(0, half), keepalive);
      await send(batch.slice(half), keepalive);
      return;
    }
    options.onFlush?.(result);
  };
  // The events of the batch being sent: left in the queue until the gateway answers, never dropped for room.
  let sending = new Set<EventInput>();
  /** Takes `events` out of the queue (by identity: the queue may have moved meanwhile). */
  const remove = (events: ReadonlySet<EventInput>) => {
    queue = queue.filter((event) => !events.has(event));
  };
  /** Drops `events`, each reported to onDrop with `error`. */
  const drop = (events: EventInput[], error: StorewiseError) => {
    remove(new Set(events));
    for (const event of events) options.onDrop?.(event, error);
  };
  const flushOnce = async (keepalive: boolean): Promise<void> => {
    const batch = queue.slice(0, maxBatch);
    if (batch.length === 0) return;
    sending = new Set(batch);
    try {
      await send(batch, keepalive);
      remove(sending);
    } catch (error) {
      if (refusedForGood(error)) drop(batch, error);
      options.onError?.(error);
      throw error;
    } finally {
      sending = new Set();
    }
  };
  const flushWith = async (keepalive: boolean): Promise<void> => {
    while (inFlight !== null) await inFlight.catch(() => {});
    inFlight = (async () => {
      while (queue.length > 0) await flushOnce(keepalive);
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  };
  const flush = () => flushWith(false);
  const background = () => void flush().catch(() => {});

  const timer = setTimer(background, options.flushIntervalMs ?? 2000);
  (timer as { unref?: () => void }).unref?.();
  const doc = (globalThis as { document?: Document }).document;
  // A page being left: keepalive lets the browser finish the request after the page is gone (a plain
  // fetch started then is often cancelled, losing the last page's events).
  const onHide = () => {
    if (doc?.visibilityState === 'hidden') void flushWith(true).catch(() => {});
  };
  doc?.addEventListener('visibilitychange', onHide);

  return {
    track(event) {
      queue.push({ ...event, eventId: event.eventId ?? newId(), timestamp: event.timestamp ?? now() });
      // The oldest go first, but not those being sent (maxQueue is at least a batch: there are others).
      if (queue.length > maxQueue)
        drop(
          queue.filter((e) => !sending.has(e)).slice(0, queue.length - maxQueue),
          new StorewiseError(
            `the tracker's queue is full (maxQueue ${maxQueue}: its flushes keep failing): the oldest event was dropped`,
            'TRACKER_QUEUE_FULL',
            null,
          ),
        );
      if (queue.length >= maxBatch) background();
    },
    flush,
    get pending() {
      return queue.length;
    },
    async close() {
      clearTimer(timer);
      doc?.removeEventListener('visibilitychange', onHide);
      await flush();
    },
  };
}
