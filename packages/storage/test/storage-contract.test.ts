// The lists of the Storage contract (storage-members.ts, exported by @storewise/storage and its testkit), against the memory adapter, which has
// every required method and these optional ones: deleteScores, deleteRejects, isErased, lastErasureAt,
// catalogVersion (src/memory/memory-storage.ts); no bulk fast path.
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/memory/index.js';
import { droppedOptionalMethods, missingStorageMethods, STORAGE_MEMBERS } from '../src/storage-members.js';
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
      'listErasures',
      'addErasures',
      'deleteRejects',
      'catalogVersion',
    ]);
    expect(droppedOptionalMethods(without(memory), memory)).toEqual([]);
    await memory.close();
  });

  it('are exported by @storewise/storage itself (a wrapper needs no vitest), the testkit re-exporting them', async () => {
    const main = await import('../src/index.js');
    const kit = await import('../src/testkit/index.js');
    expect(main.STORAGE_MEMBERS).toBe(kit.STORAGE_MEMBERS);
    expect(main.BULK_MEMBERS).toBe(kit.BULK_MEMBERS);
    expect(main.droppedOptionalMethods).toBe(kit.droppedOptionalMethods);
    // A pass-through wrapper made by a loop over the lists drops nothing of what it wraps.
    const memory = createMemoryStorage();
    const source = memory as unknown as Record<string, unknown>;
    const wrapper: Record<string, unknown> = {};
    for (const name of Object.keys(main.STORAGE_MEMBERS)) {
      const value = source[name];
      if (typeof value === 'function') wrapper[name] = value.bind(memory);
      else if (value !== undefined) wrapper[name] = value;
    }
    const bulk: Record<string, unknown> = {};
    for (const name of Object.keys(main.BULK_MEMBERS)) {
      const value = (memory.bulk as Record<string, unknown>)[name];
      if (typeof value === 'function') bulk[name] = value.bind(memory.bulk);
    }
    wrapper.bulk = bulk;
    expect(main.missingStorageMethods(wrapper as unknown as Storage)).toEqual([]);
    expect(main.droppedOptionalMethods(wrapper as unknown as Storage, memory)).toEqual([]);
    // The loop over STORAGE_MEMBERS reached every optional method memory has (7: see the test above).
    expect(
      Object.keys(wrapper).filter((name) => main.STORAGE_MEMBERS[name as keyof Storage] === 'optional'),
    ).toHaveLength(7);
    await memory.close();
  });
});
