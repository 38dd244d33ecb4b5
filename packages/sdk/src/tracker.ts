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
  /** Called with each failed flush; the events are kept and sent with the next flush. */
  onError?: (error: unknown) => void;
  /**
   * Called with an event the gateway refuses whatever the retry (a whole call refused as BAD_USER_INPUT,
   * e.g. text holding U+0000 or a number sent as a string): it is dropped, the others are sent. A batch so
   * refused is split in halves until the event is found, so one bad event never holds back the rest.
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
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const now = options.now ?? (() => new Date());
  const setTimer = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clearTimer = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let queue: EventInput[] = [];
  let inFlight: Promise<void> | null = null;

  /** Sends `batch`, dropping (onDrop) the events that make the gateway refuse a whole call. */
  const send = async (batch: EventInput[]): Promise<void> => {
    let result: Awaited<ReturnType<StorewiseClient['trackEvents']>>;
    try {
      // sentAt by the clock that stamped the events: the gateway corrects a clock that runs ahead or behind.
      result = await client.trackEvents(batch, { sentAt: now() });
    } catch (error) {
      if (!(error instanceof StorewiseError && error.code === 'BAD_USER_INPUT')) throw error;
      if (batch.length === 1) {
        options.onDrop?.(batch[0]!, error);
        return;
      }
      // Halves: a retry of the half that went through stores nothing twice (event ids are kept).
      const half = Math.ceil(batch.length / 2);
      await send(batch.slice(0, half));
      await send(batch.slice(half));
      return;
    }
    options.onFlush?.(result);
  };
  const flushOnce = async (): Promise<void> => {
    const batch = queue.slice(0, maxBatch);
    if (batch.length === 0) return;
    try {
      await send(batch);
      queue = queue.slice(batch.length);
    } catch (error) {
      options.onError?.(error);
      throw error;
    }
  };
  const flush = async (): Promise<void> => {
    while (inFlight !== null) await inFlight.catch(() => {});
    inFlight = (async () => {
      while (queue.length > 0) await flushOnce();
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  };
  const background = () => void flush().catch(() => {});

  const timer = setTimer(background, options.flushIntervalMs ?? 2000);
  (timer as { unref?: () => void }).unref?.();
  const doc = (globalThis as { document?: Document }).document;
  const onHide = () => {
    if (doc?.visibilityState === 'hidden') background();
  };
  doc?.addEventListener('visibilitychange', onHide);

  return {
    track(event) {
      queue.push({ ...event, eventId: event.eventId ?? newId(), timestamp: event.timestamp ?? now() });
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
