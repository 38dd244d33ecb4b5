import { describe, expect, it } from 'vitest';
import { normalizeCustomers, normalizeItems, StorageInputError, validateEvents } from '../src/adapter-kit.js';
import { createMemoryStorage } from '../src/memory/index.js';
import { testStorage } from '../src/testkit/index.js';

// A contributor's adapter as docs/plugins.md describes it: here the memory adapter made by a synchronous
// factory (the testkit takes one, as it takes an async one).
testStorage('memory (synchronous factory)', () => createMemoryStorage());

describe('@storewise/storage/adapter-kit', () => {
  it("refuses bad input with the built-in adapters' messages", async () => {
    const storage = createMemoryStorage();
    const bad = [
      { eventId: 'e1', type: 'look' as never, customerId: 'c1', sku: 's1', timestamp: new Date(0) },
    ];
    const viaAdapter = await storage.appendEvents(bad).catch((e: unknown) => e);
    const viaKit = (() => {
      try {
        validateEvents(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(viaKit).toBeInstanceOf(StorageInputError);
    expect((viaKit as Error).message).toBe((viaAdapter as Error).message);
    expect(() => normalizeItems([{ sku: 's', price: -1 }])).toThrow(
      'items[0]: price must not be negative, got -1',
    );
    expect(normalizeCustomers([{ externalId: 'c', country: 'de' }])).toEqual([
      { externalId: 'c', country: 'DE' },
    ]);
    await storage.close();
  });
});
