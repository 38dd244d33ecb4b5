import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../src/index.js';
import { createPostgresStorage } from '../src/postgres/index.js';
import { event } from '../src/testkit/fixtures.js';
import { postgresTestServer } from '../src/testkit/index.js';

const server = await postgresTestServer();

/** A view of the mug by `customerId` (the conformance suite's event fixture). */
const view = (eventId: string, customerId: string) => event(eventId, { customerId, sku: 'mug' });

/** Resolves after `ms`, with `label`: to tell whether a promise settled first. */
const after = (ms: number, label: string) => new Promise<string>((r) => setTimeout(() => r(label), ms));

// Two storages on one database stand for two processes (sql-erasure.ts: writes and erasures exclude each other).
describe.skipIf(!server.available)('erasure against writes in flight on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  let writer: Storage;
  let eraser: Storage;

  beforeAll(async () => {
    db = await server.freshDatabase();
    writer = await createPostgresStorage({ url: db.url });
    eraser = await createPostgresStorage({ url: db.url });
  });
  afterAll(async () => {
    await Promise.all([writer?.close(), eraser?.close()]);
    await db?.drop();
  });

  it('waits for a write in flight and deletes what it stored', async () => {
    await writer.appendEvents([view('old', 'x')]);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let stored!: () => void;
    const appended = new Promise<void>((r) => {
      stored = r;
    });
    const writing = writer.transaction(async (tx) => {
      await tx.appendEvents([view('new', 'x'), view('other', 'y')]);
      stored();
      await held;
    });
    await appended;
    const erasing = eraser.deleteCustomer('x');
    // Without the lock the erasure ran at once, missed the uncommitted event, and it was stored after.
    expect(await Promise.race([erasing.then(() => 'erased'), after(300, 'waiting')])).toBe('waiting');
    release();
    await writing;
    expect(await erasing).toMatchObject({ customer: 1, events: 2 });
    expect(await writer.counts()).toMatchObject({ customers: 1, events: 1, erasedCustomers: 1 });
    expect(await writer.getCustomer('x')).toBeNull();
  });

  it('makes a write that starts during an erasure wait for it, then leaves the customer out', async () => {
    await writer.appendEvents([view('z1', 'z')]);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let deleted!: () => void;
    const erased = new Promise<void>((r) => {
      deleted = r;
    });
    const erasing = eraser.transaction(async (tx) => {
      await tx.deleteCustomer('z');
      deleted();
      await held;
    });
    await erased;
    const writing = writer.appendEvents([view('z2', 'z'), view('w1', 'w')]);
    expect(await Promise.race([writing.then(() => 'written'), after(300, 'waiting')])).toBe('waiting');
    release();
    await erasing;
    expect(await writing).toEqual({
      inserted: 1,
      duplicates: 0,
      erased: 1,
      erasedCustomers: ['z'],
      conflicts: [],
      unsettled: [],
    });
    expect(await writer.getCustomer('z')).toBeNull();
  });
});
