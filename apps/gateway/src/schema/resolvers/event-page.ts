import { inEventTimeRange, type Storage, type StoredEvent } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import type { EventConnection } from '../types/event.js';

interface Cursor {
  time: number;
  seq: number;
}

export function encodeCursor(e: StoredEvent): string {
  return Buffer.from(`${e.timestamp.getTime()}:${e.seq}`, 'utf8').toString('base64url');
}

/**
 * Reads a cursor `encodeCursor` made. A forged one is refused like any other garbage when its time is not
 * one a stored event can have (storage's event range, `inEventTimeRange`: an invalid Date, or a year the
 * SQL scan cannot send, failed it as an internal error) or its seq is no exact integer.
 */
export function decodeCursor(cursor: string): Cursor {
  const m = /^(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const time = Number(m?.[1]);
  const seq = Number(m?.[2]);
  if (m === null || !inEventTimeRange(time) || !Number.isSafeInteger(seq)) {
    throw new GraphQLError('after is not a cursor this API returned', {
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  }
  return { time, seq };
}

const isAfter = (e: StoredEvent, c: Cursor): boolean => {
  const t = e.timestamp.getTime();
  return t > c.time || (t === c.time && e.seq > c.seq);
};

/**
 * One page of a customer's events, oldest first, after `after`: scans from the cursor's timestamp and
 * stops as soon as it has `first + 1` events (the extra one says whether another page follows).
 */
export async function customerEventPage(
  storage: Storage,
  customerId: string,
  first: number,
  after: string | null,
): Promise<EventConnection> {
  const cursor = after === null ? null : decodeCursor(after);
  const page: StoredEvent[] = [];
  const scan = storage.scanEvents({
    customerId,
    batchSize: first + 1,
    ...(cursor !== null ? { since: new Date(cursor.time) } : {}),
  });
  outer: for await (const batch of scan) {
    for (const e of batch) {
      if (cursor !== null && !isAfter(e, cursor)) continue;
      page.push(e);
      if (page.length > first) break outer;
    }
  }
  const hasNextPage = page.length > first;
  const edges = page.slice(0, first).map((e) => ({ cursor: encodeCursor(e), node: e as never }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
