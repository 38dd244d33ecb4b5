import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImportReject, openStorage, type Storage, type TransactionOptions } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll } from 'vitest';

/**
 * A temporary directory for a test file's inputs and PGlite databases, and the adapters its importFile tests
 * run on: memory, PGlite in that directory, and a real PostgreSQL server (a fresh database each; skipped, and
 * said so, only where none runs and CI is not set). Removed after the file's tests.
 */
export async function importTestSetup(): Promise<{
  dir: string;
  adapters: [string, () => Promise<Storage>][];
}> {
  const dir = mkdtempSync(join(tmpdir(), 'storewise-import-'));
  let opened = 0;
  const adapters: [string, () => Promise<Storage>][] = [
    ['memory', () => openStorage('memory:')],
    ['pglite (temp directory)', () => openStorage(join(dir, `db-${++opened}`))],
  ];
  const server = await postgresTestServer();
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    rmSync(dir, { recursive: true, force: true });
  });
  if (server.available) {
    adapters.push([
      'postgres',
      async () => {
        const db = await server.freshDatabase();
        drops.push(db.drop);
        return openStorage(db.url);
      },
    ]);
  }
  return { dir, adapters };
}

/** Every reject storage holds, by line and field. */
export async function rejectsOf(storage: Storage): Promise<ImportReject[]> {
  const out: ImportReject[] = [];
  for await (const batch of storage.scanRejects()) out.push(...batch);
  return out.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
}

// Expected counts are read off the fixture by hand (see online-retail.test.ts): 15 rows, 7 rejected
// (9 bad fields), 8 valid of which one exact duplicate; customers 17850, 15311, 14527, 12583; items
// 85123A, 71053, 82567, D, 21773, 22728, 22752.
export const SMALL_SUMMARY = {
  format: 'online-retail',
  rows: 15,
  accepted: 7,
  duplicates: 1,
  rejected: {
    total: 7,
    byReason: {
      'unparseable date': 2,
      'non-numeric quantity': 2,
      'missing id': 1,
      'negative price': 2,
      'non-positive quantity': 2,
    },
  },
  customers: 4,
  items: 7,
};

/** An unrelated event, stored first where a test needs an import that is not the first one. */
export const SEED = {
  eventId: 'seed',
  type: 'view' as const,
  customerId: null,
  sku: null,
  timestamp: new Date(0),
};

/** The storage with some methods replaced; the others stay bound to the real adapter. */
function withOverrides(target: Storage, overrides: Partial<Storage>): Storage {
  return new Proxy(target, {
    get(t, key) {
      if (key in overrides) return overrides[key as keyof Storage];
      const value = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/**
 * Wraps a storage (and every transaction opened on it) so that the second append (appendEvents, or its
 * fast path for columns where the storage has one) throws.
 */
export function failSecondAppend(storage: Storage, count: () => number): Storage {
  const appendColumns = storage.appendEventColumns?.bind(storage);
  return withOverrides(storage, {
    appendEvents: async (events) => {
      if (count() === 2) throw new Error('disk full');
      return storage.appendEvents(events);
    },
    appendEventColumns:
      appendColumns &&
      (async (columns) => {
        if (count() === 2) throw new Error('disk full');
        return appendColumns(columns);
      }),
    transaction: <T>(fn: (tx: Storage) => Promise<T>, options?: TransactionOptions) =>
      storage.transaction((tx) => fn(failSecondAppend(tx, count)), options),
  });
}
