/**
 * Telling other processes what changed, through PostgreSQL's NOTIFY: a write that stores customers' events
 * or deletes a customer notifies `CHANGES_CHANNEL` in its own transaction, so the notification is delivered
 * when (and only if) it commits, and never before what it names can be read. The postgres adapter's
 * `watchChanges` listens (postgres/change-listener.ts).
 */
import { sql } from 'drizzle-orm';
import type { StoreChange } from '../types.js';
import { type Db, query } from './db.js';

export const CHANGES_CHANNEL = 'storewise_changes';

/** PostgreSQL refuses payloads of 8,000 bytes or more; a longer list is sent as "anything". */
const MAX_PAYLOAD_BYTES = 7_000;
const ANYTHING = '*';

/** The payload naming these customers: a JSON array of their ids, or "*" when it would be too long. */
export function changePayload(customerIds: Iterable<string>): string {
  const ids = new Set<string>();
  // A lower bound of the payload's bytes (quotes and a comma each): past the limit, stop looking.
  let atLeast = 2;
  for (const id of customerIds) {
    if (ids.has(id)) continue;
    ids.add(id);
    atLeast += id.length + 3;
    if (atLeast >= MAX_PAYLOAD_BYTES) return ANYTHING;
  }
  const payload = JSON.stringify([...ids]);
  return Buffer.byteLength(payload) < MAX_PAYLOAD_BYTES ? payload : ANYTHING;
}

/** What a payload says; anything unreadable counts as "anything may have changed". */
export function parseChangePayload(payload: string | undefined): StoreChange {
  if (payload === undefined || payload === ANYTHING) return { kind: 'anything' };
  try {
    const ids: unknown = JSON.parse(payload);
    if (Array.isArray(ids) && ids.every((id) => typeof id === 'string')) {
      return { kind: 'customers', customerIds: ids };
    }
  } catch {
    // falls through
  }
  return { kind: 'anything' };
}

/** Notifies watchers of these customers when the transaction `db` is in commits (at once outside one). */
export async function notifyCustomers(db: Db, customerIds: Iterable<string>): Promise<void> {
  await notifyPayload(db, changePayload(customerIds));
}

/**
 * The customers a transaction's writes named, notified once before it commits: PostgreSQL delivers a
 * transaction's notifications at commit anyway, so one notification naming all of them says the same as
 * one per write, without a statement per write (an import wrote one per batch). Past what one payload
 * can name it keeps no ids and notifies "anything". A savepoint that rolls back keeps what it added: the
 * notification may then name a customer whose change did not commit, and watchers read it again for
 * nothing; it never misses one that did.
 */
export class PendingChanges {
  private readonly ids = new Set<string>();
  private anything = false;
  /** A lower bound of the payload's bytes, as in changePayload. */
  private atLeast = 2;

  add(customerIds: Iterable<string>): void {
    if (this.anything) return;
    for (const id of customerIds) {
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      this.atLeast += id.length + 3;
      if (this.atLeast >= MAX_PAYLOAD_BYTES) {
        this.anything = true;
        this.ids.clear();
        return;
      }
    }
  }

  /** Notifies what was added (call last in the transaction, before it commits). */
  async flush(db: Db): Promise<void> {
    if (this.anything) await notifyPayload(db, ANYTHING);
    else if (this.ids.size > 0) await notifyCustomers(db, this.ids);
  }
}

async function notifyPayload(db: Db, payload: string): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${payload})`);
}

/**
 * The catalog's version: the number of items and the sum of their row versions' transaction ids, which
 * changes with every insert, update or delete of an item (an upsert that changes nothing writes no row).
 */
export async function catalogVersion(db: Db): Promise<string> {
  const [row] = await query<{ version: string }>(
    db,
    sql`SELECT count(*)::text || '/' || coalesce(sum(xmin::text::bigint), 0)::text AS version FROM items`,
  );
  return row!.version;
}
