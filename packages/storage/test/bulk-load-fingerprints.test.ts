// A bulk load keeps only a fingerprint of each event id it stored (src/sql/id-fingerprints.ts). Two
// different ids that share one must both be stored: here every id of one length shares a fingerprint,
// so that nearly every row of a load is set aside and stored with ON CONFLICT after the index builds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openStorage, type Storage, type StoredEvent } from '../src/index.js';
import type { FingerprintFunction } from '../src/sql/id-fingerprints.js';
import { postgresTestServer } from '../src/testkit/index.js';

vi.mock('../src/sql/id-fingerprints.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/sql/id-fingerprints.js')>();
  const byLength: FingerprintFunction = (_source, start, end, out) => {
    out[0] = 1;
    out[1] = end - start;
    out[2] = 0;
  };
  class CollidingFingerprints extends original.IdFingerprints {
    constructor() {
      super(byLength);
    }
  }
  return { ...original, IdFingerprints: CollidingFingerprints };
});

const dir = mkdtempSync(join(tmpdir(), 'storewise-fingerprints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ids of 3 to 6 characters (most share a length), customers and items that only some events name. */
const events = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => {
    const k = from + i;
    return {
      eventId: `${prefix}${k}`,
      type: 'purchase' as const,
      customerId: `c${k}`,
      sku: `s${k % 700}`,
      timestamp: new Date(k * 1000),
      quantity: 1 + (k % 3),
    };
  });

async function all(s: Storage): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of s.scanEvents({ batchSize: 1000 })) out.push(...batch);
  return out;
}

let made = 0;
const targets: [string, () => Promise<string>][] = [['pglite', async () => join(dir, `db-${++made}`)]];
const server = await postgresTestServer();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});
if (server.available)
  targets.push([
    'postgres',
    async () => {
      const db = await server.freshDatabase();
      drops.push(db.drop);
      return db.url;
    },
  ]);

describe.each(targets)('a bulk load whose ids share fingerprints: %s', (_name, database) => {
  it('stores every distinct event once, with its customer and item, and each repeat not again', async () => {
    const s = await openStorage(await database());
    await s.transaction(async (tx) => {
      await tx.appendEvents(events('e', 0, 1500));
      // 500 repeats of the first batch, 1,500 new events.
      await tx.appendEvents(events('e', 1000, 3000));
    });
    const stored = await all(s);
    expect(stored.map((e) => e.eventId).sort()).toEqual(
      events('e', 0, 3000)
        .map((e) => e.eventId)
        .sort(),
    );
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    for (const e of events('e', 0, 3000))
      expect(byId.get(e.eventId)).toMatchObject({
        customerId: e.customerId,
        sku: e.sku,
        quantity: e.quantity,
      });
    expect(await s.counts()).toMatchObject({ events: 3000, customers: 3000, items: 700 });
    // The primary key holds: appending them again stores nothing.
    expect(await s.appendEvents(events('e', 0, 3000))).toEqual({ inserted: 0, duplicates: 3000 });
    await s.close();
  });
});
