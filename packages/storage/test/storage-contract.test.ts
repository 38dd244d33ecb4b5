// The testkit's lists of the Storage contract (testkit/contract.ts), against the memory adapter, which has
// every required method and these optional ones: deleteScores, deleteRejects, isErased, lastErasureAt,
// catalogVersion (src/memory/memory-storage.ts); no bulk fast path.
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/memory/index.js';
import { droppedOptionalMethods, missingStorageMethods, STORAGE_MEMBERS } from '../src/testkit/contract.js';
import type { Storage } from '../src/types.js';

/** `inner` with the members `hidden` read as undefined (a tester's broken adapter, BUG=noRestore). */
function without(inner: Storage, ...hidden: string[]): Storage {
  return new Proxy(inner, {
    get: (target, prop) => {
      if (hidden.includes(String(prop))) return undefined;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('the Storage contract lists', () => {
  it('name the required methods an adapter lacks, all at once', async () => {
    const memory = createMemoryStorage();
    expect(missingStorageMethods(memory)).toEqual([]);
    // One missing method was `TypeError: s.restoreCustomer is not a function` in four unrelated tests.
    expect(missingStorageMethods(without(memory, 'restoreCustomer', 'kind', 'lockCampaign'))).toEqual([
      'kind',
      'restoreCustomer',
    ]);
    await memory.close();
  });

  it('name the optional methods a wrapper drops of the storage it wraps, and no method the storage lacks', async () => {
    const memory = createMemoryStorage();
    const optional = Object.keys(STORAGE_MEMBERS).filter(
      (name) => STORAGE_MEMBERS[name as keyof Storage] === 'optional',
    );
    // A wrapper with no optional method at all drops exactly the ones memory has.
    expect(droppedOptionalMethods(without(memory, ...optional), memory)).toEqual([
      'deleteScores',
      'isErased',
      'lastErasureAt',
      'deleteRejects',
      'catalogVersion',
    ]);
    expect(droppedOptionalMethods(without(memory), memory)).toEqual([]);
    await memory.close();
  });
});
