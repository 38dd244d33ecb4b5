import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../src/index.js';
import { createPgliteStorage } from '../src/pglite/index.js';
import { testStorage } from '../src/testkit/index.js';

testStorage('pglite (in memory)', () => createPgliteStorage());

describe('pglite on disk', () => {
  it('keeps data and models across a restart, in the directory given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-pglite-'));
    try {
      const first = await openStorage(join(dir, 'db'));
      expect(first.kind).toBe('pglite');
      await first.appendEvents([
        { eventId: 'e1', type: 'view', customerId: 'c', sku: 's', timestamp: new Date(0) },
      ]);
      await first.saveModel({
        name: 'pop',
        kind: 'recommender',
        params: {},
        metrics: {},
        bytes: new Uint8Array([7]),
      });
      await first.close();
      const second = await openStorage(`pglite:${join(dir, 'db')}`);
      expect((await second.counts()).events).toBe(1);
      expect(Array.from((await second.loadModel('pop'))!.bytes)).toEqual([7]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a new directory (initdb in a child process) and names it when that fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-pglite-'));
    try {
      const fresh = await openStorage(join(dir, 'fresh'));
      expect((await fresh.counts()).events).toBe(0);
      await fresh.close();
      expect(existsSync(join(dir, 'fresh', 'PG_VERSION'))).toBe(true);
      // A directory PGlite cannot create a database in: a file stands where initdb makes a directory.
      mkdirSync(join(dir, 'blocked'));
      writeFileSync(join(dir, 'blocked', 'global'), '');
      await expect(openStorage(join(dir, 'blocked'))).rejects.toThrow(
        `cannot create the embedded database in ${join(dir, 'blocked')}: initdb failed: ErrnoError (errno`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
