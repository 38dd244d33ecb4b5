import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeWatch, EventInput, Storage, StoreChange } from '../src/index.js';
import { createPostgresStorage } from '../src/postgres/index.js';
import { changePayload, parseChangePayload } from '../src/sql/change-notify.js';
import { postgresTestServer } from '../src/testkit/index.js';

const server = await postgresTestServer();

const view = (eventId: string, customerId: string): EventInput => ({
  eventId,
  type: 'view',
  customerId,
  sku: 'mug',
  timestamp: new Date(0),
});

describe('change payloads', () => {
  it('lists each customer once, and says "anything" past what PostgreSQL carries (8,000 bytes)', () => {
    expect(parseChangePayload(changePayload(['a', 'b', 'a']))).toEqual({
      kind: 'customers',
      customerIds: ['a', 'b'],
    });
    const many = Array.from({ length: 1_000 }, (_, i) => `customer-${i}`);
    expect(changePayload(many)).toBe('*');
    expect(parseChangePayload('*')).toEqual({ kind: 'anything' });
    expect(parseChangePayload('not json')).toEqual({ kind: 'anything' });
    expect(parseChangePayload('[1]')).toEqual({ kind: 'anything' });
  });
});

// Two storages on one database stand for two processes: what one commits, the other's watch is told.
describe.skipIf(!server.available)('watchChanges on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  let watcher: Storage;
  let writer: Storage;
  let watch: ChangeWatch;
  const told: StoreChange[] = [];
  const errors: unknown[] = [];
  /** told.length at each reconnect. */
  const reconnects: number[] = [];

  /** Waits until the watch has been told `n` changes in all (or fails after 5 s). */
  const toldAtLeast = async (n: number): Promise<StoreChange[]> => {
    for (const started = Date.now(); told.length < n; ) {
      if (Date.now() - started > 5_000) throw new Error(`told ${told.length} changes, waited for ${n}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return told.slice(0, n);
  };
  const listeners = async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
      );
      return rows.map((r) => r.pid);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await server.freshDatabase();
    watcher = await createPostgresStorage({ url: db.url });
    writer = await createPostgresStorage({ url: db.url });
    watch = await watcher.watchChanges!((change) => told.push(change), {
      onError: (e) => errors.push(e),
      onReconnect: () => reconnects.push(told.length),
    });
  });
  afterAll(async () => {
    await watch?.close();
    await Promise.all([watcher?.close(), writer?.close()]);
    await db?.drop();
  });

  it('tells the customers whose events another process stored, once it committed', async () => {
    await writer.appendEvents([view('e1', 'c1'), view('e2', 'c2'), view('e3', 'c1')]);
    expect(await toldAtLeast(1)).toEqual([{ kind: 'customers', customerIds: ['c1', 'c2'] }]);
  });

  it('tells nothing of a rolled-back transaction or of events already stored', async () => {
    await expect(
      writer.transaction(async (tx) => {
        await tx.appendEvents([view('e4', 'c3')]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await writer.appendEvents([view('e1', 'c1')]);
    // Notifications arrive in commit order: the next one told is this write's.
    await writer.appendEvents([view('e5', 'c4')]);
    expect((await toldAtLeast(2))[1]).toEqual({ kind: 'customers', customerIds: ['c4'] });
  });

  it('tells a deleted customer, and "anything" for a write naming too many customers to list', async () => {
    expect((await writer.deleteCustomer('c2')).customer).toBe(1);
    expect((await toldAtLeast(3))[2]).toEqual({ kind: 'customers', customerIds: ['c2'] });
    const many = Array.from({ length: 1_000 }, (_, i) => view(`m${i}`, `customer-${i}`));
    await writer.appendEvents(many);
    expect((await toldAtLeast(4))[3]).toEqual({ kind: 'anything' });
  });

  it('connects again after losing its connection, and says anything may have changed meanwhile', async () => {
    const [pid] = await listeners();
    expect(pid).toBeDefined();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    expect((await toldAtLeast(5))[4]).toEqual({ kind: 'anything' });
    // The lost connection was reported (the terminated backend's error).
    expect(errors.map((e) => (e as Error).message).join('; ')).toMatch(/terminat/i);
    // And the new connection, once, before the "anything" it tells.
    expect(reconnects).toEqual([4]);
    await writer.appendEvents([view('e6', 'c5')]);
    expect((await toldAtLeast(6))[5]).toEqual({ kind: 'customers', customerIds: ['c5'] });
    expect(await listeners()).toHaveLength(1);
  });

  it('tells the customers an upsert changed (their consent may have), not new or unchanged ones', async () => {
    await writer.upsertCustomers([{ externalId: 'c1', consent: { personalization: false } }]);
    expect((await toldAtLeast(7))[6]).toEqual({ kind: 'customers', customerIds: ['c1'] });
    // A repeat changes nothing and a new customer has nothing served yet: neither is told; c4 is.
    await writer.upsertCustomers([
      { externalId: 'c1', consent: { personalization: false } },
      { externalId: 'brand-new', country: 'FR' },
    ]);
    await writer.upsertCustomers([{ externalId: 'c4', consent: { analytics: false } }]);
    expect((await toldAtLeast(8))[7]).toEqual({ kind: 'customers', customerIds: ['c4'] });
  });

  it('tells once, at commit, every customer the writes of a transaction named', async () => {
    await writer.transaction(async (tx) => {
      await tx.appendEvents([view('t1', 'c6')]);
      await tx.transaction((inner) => inner.appendEvents([view('t2', 'c7'), view('t3', 'c6')]));
      await tx.upsertCustomers([{ externalId: 'c1', consent: { personalization: true } }]);
    });
    expect((await toldAtLeast(9))[8]).toEqual({ kind: 'customers', customerIds: ['c6', 'c7', 'c1'] });
    // The next write's notification comes next: the transaction was told once.
    await writer.appendEvents([view('t4', 'c8')]);
    expect((await toldAtLeast(10))[9]).toEqual({ kind: 'customers', customerIds: ['c8'] });
  });

  it('holds no connection once the storage is closed', async () => {
    const other = await createPostgresStorage({ url: db.url });
    await other.watchChanges!(() => {});
    expect(await listeners()).toHaveLength(2);
    await other.close();
    expect(await listeners()).toHaveLength(1);
  });
});
