/**
 * `watchChanges` on PostgreSQL: one connection of its own that LISTENs on the channel every Storewise write
 * notifies (sql/change-notify.ts). If the connection is lost, it connects again (waiting 0.5 s, then up to
 * 30 s between tries) and then tells the watcher that anything may have changed, since notifications sent
 * while it was away are gone.
 */
import type pg from 'pg';
import { CHANGES_CHANNEL, parseChangePayload } from '../sql/change-notify.js';
import type { ChangeWatch, StoreChange } from '../types.js';

type PgModule = typeof pg;

export interface ListenOptions {
  /** First wait before connecting again, doubled after each failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Where a lost connection and each failed try are reported. */
  onError?: (error: unknown) => void;
  /** Told once connected again after a loss. */
  onReconnect?: () => void;
}

export async function listenForChanges(
  driver: PgModule,
  url: string,
  onChange: (change: StoreChange) => void,
  options: ListenOptions = {},
): Promise<ChangeWatch> {
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  let closed = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<pg.Client> => {
    const c = new driver.Client({ connectionString: url, application_name: 'storewise (change watch)' });
    // A lost connection emits 'error' (and then 'end'); either starts the reconnection, once.
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (error !== undefined) options.onError?.(error);
      c.end().catch(() => {});
      if (!closed && client === c) {
        client = null;
        reconnect(retryMs);
      }
    };
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      // A throwing watcher must not become an uncaught exception of the connection's event emitter.
      try {
        onChange(parseChangePayload(message.payload));
      } catch (error) {
        options.onError?.(error);
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      lost = true;
      await c.end().catch(() => {});
      throw error;
    }
    return c;
  };

  const reconnect = (waitMs: number) => {
    timer = setTimeout(async () => {
      timer = null;
      if (closed) return;
      try {
        const c = await connect();
        if (closed) {
          await c.end().catch(() => {});
          return;
        }
        client = c;
        try {
          options.onReconnect?.();
          onChange({ kind: 'anything' });
        } catch (error) {
          options.onError?.(error);
        }
      } catch (error) {
        options.onError?.(error);
        reconnect(Math.min(waitMs * 2, maxRetryMs));
      }
    }, waitMs);
    timer.unref();
  };

  client = await connect();
  return {
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
