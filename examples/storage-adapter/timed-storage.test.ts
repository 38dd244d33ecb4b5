// The contributor's adapter passes the same conformance suite as the built-in adapters, over the memory
// adapter (no bulk paths: the fallbacks run) and over embedded PGlite (bulk paths passed through).
import { openStorage } from '@storewise/storage';
import { createMemoryStorage } from '@storewise/storage/memory';
import { droppedOptionalMethods, postgresTestServer, testStorage } from '@storewise/storage/testkit';
import { describe, expect, it } from 'vitest';
import { timedStorage } from './timed-storage.js';

const server = await postgresTestServer();

testStorage('timed(memory)', async () => timedStorage(createMemoryStorage()));
testStorage('timed(pglite)', async () => timedStorage(await openStorage('pglite:memory')));

describe('timed storage', () => {
  it('passes through every bulk fast path the storage it wraps has', async () => {
    const inner = await openStorage('pglite:memory');
    try {
      expect(Object.keys(timedStorage(inner).bulk).sort()).toEqual(Object.keys(inner.bulk).sort());
    } finally {
      await inner.close();
    }
  });

  it('counts the calls each method got, inside transactions too', async () => {
    const storage = timedStorage(createMemoryStorage());
    await storage.transaction(async (tx) => {
      await tx.appendEvents([
        { eventId: 'e1', type: 'view', customerId: 'c', sku: 's', timestamp: new Date(0) },
      ]);
      await tx.appendEvents([
        { eventId: 'e2', type: 'view', customerId: 'c', sku: 's', timestamp: new Date(1) },
      ]);
    });
    for await (const _ of storage.scanEvents()) {
      // drain
    }
    expect(storage.stats.get('appendEvents')?.calls).toBe(2);
    expect(storage.stats.get('transaction')?.calls).toBe(1);
    expect(storage.stats.get('scanEvents')?.calls).toBe(1);
    expect(storage.stats.get('counts')).toBeUndefined();
  });

  it('keeps every optional method of the storage it wraps (memory, PGlite)', async () => {
    // It dropped deleteScores, deleteRejects and exclusive: `rejects --clear` and propensity activation
    // refused, and two gateways on one PostgreSQL database both did the first start's work.
    const memory = createMemoryStorage();
    expect(droppedOptionalMethods(timedStorage(memory), memory)).toEqual([]);
    const pglite = await openStorage('pglite:memory');
    try {
      expect(droppedOptionalMethods(timedStorage(pglite), pglite)).toEqual([]);
    } finally {
      await pglite.close();
    }
  });

  // `exclusive` is a server database's alone (its advisory lock).
  it.skipIf(!server.available)('keeps every optional method of a PostgreSQL storage', async () => {
    const db = await server.freshDatabase();
    const inner = await openStorage(db.url);
    try {
      expect(typeof inner.exclusive).toBe('function');
      expect(droppedOptionalMethods(timedStorage(inner), inner)).toEqual([]);
      const storage = timedStorage(inner);
      expect(await storage.exclusive!('timed-test', async () => 'ran')).toBe('ran');
      expect(storage.stats.get('exclusive')?.calls).toBe(1);
    } finally {
      await inner.close();
      await db.drop();
    }
  });

  it('has the optional methods the wrapped storage has, and only those', async () => {
    const memory = timedStorage(createMemoryStorage());
    expect([memory.appendEventColumns, memory.lockCampaign, memory.watchChanges]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(await memory.catalogVersion!()).toBe(await createMemoryStorage().catalogVersion!());
    await memory.close();
    const pglite = timedStorage(await openStorage('pglite:memory'));
    try {
      expect(typeof pglite.appendEventColumns).toBe('function');
      expect(await pglite.catalogVersion!()).toMatch(/^0\//);
      expect(pglite.stats.get('catalogVersion')?.calls).toBe(1);
    } finally {
      await pglite.close();
    }
  });
});
