import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { extract } from 'tar';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../src/index.js';
import {
  DATA_DIR_IMAGE_DIR,
  migrationsDigest,
  pgliteVersion,
  readDataDirImage,
} from '../src/pglite/data-dir-image.js';
import { createPgliteStorage } from '../src/pglite/index.js';
import { type Db, query } from '../src/sql/db.js';
import { migrationsFolder } from '../src/sql/migrations.js';
import { testStorage } from '../src/testkit/index.js';
import type { Storage } from '../src/types.js';

testStorage('pglite (in memory)', () => createPgliteStorage());

async function sharedBuffers(storage: Storage): Promise<string> {
  const { db } = storage as unknown as { db: Db };
  const [row] = await query<{ shared_buffers: string }>(db, sql`SHOW shared_buffers`);
  return row!.shared_buffers;
}

describe('pglite in memory', () => {
  it('starts with the settings of one on disk', async () => {
    // PGlite's constructor ignored them when given an undefined directory and the settings apart.
    const storage = await createPgliteStorage();
    try {
      expect(await sharedBuffers(storage)).toBe('32MB');
    } finally {
      await storage.close();
    }
  });
});

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
      // The buffer cache is set when the database starts, not by the directory's postgresql.conf (128MB).
      expect(await sharedBuffers(first)).toBe('32MB');
      await first.close();
      const second = await openStorage(`pglite:${join(dir, 'db')}`);
      expect((await second.counts()).events).toBe(1);
      expect(Array.from((await second.loadModel('pop'))!.bytes)).toEqual([7]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a new directory from the build image, and names the directory when that fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-pglite-'));
    try {
      const fresh = await openStorage(join(dir, 'fresh'));
      expect((await fresh.counts()).events).toBe(0);
      await fresh.close();
      expect(readFileSync(join(dir, 'fresh', 'PG_VERSION'), 'utf8')).toMatch(/^\d+\n$/);
      // An extraction cut short before PG_VERSION (written last) is done again by the next open.
      const cut = join(dir, 'cut');
      cpSync(join(dir, 'fresh'), cut, { recursive: true });
      rmSync(join(cut, 'PG_VERSION'));
      rmSync(join(cut, 'global', 'pg_control'));
      const again = await openStorage(cut);
      expect((await again.counts()).events).toBe(0);
      await again.close();
      // A directory that is not empty stands where the image has a file.
      mkdirSync(join(dir, 'blocked', 'global', 'pg_control'), { recursive: true });
      writeFileSync(join(dir, 'blocked', 'global', 'pg_control', 'x'), '');
      await expect(openStorage(join(dir, 'blocked'))).rejects.toThrow(
        `cannot create the embedded database in ${join(dir, 'blocked')}: extracting ${join(DATA_DIR_IMAGE_DIR, 'new-data-dir.tar.gz')} failed:`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a new directory with initdb (in a child process) without a usable image, and names it when that fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-pglite-'));
    try {
      const fresh = await createPgliteStorage({ dataDir: join(dir, 'fresh'), dataDirImage: null });
      expect((await fresh.counts()).events).toBe(0);
      await fresh.close();
      expect(existsSync(join(dir, 'fresh', 'PG_VERSION'))).toBe(true);
      // A directory PGlite cannot create a database in: a file stands where initdb makes a directory.
      mkdirSync(join(dir, 'blocked'));
      writeFileSync(join(dir, 'blocked', 'global'), '');
      await expect(
        createPgliteStorage({ dataDir: join(dir, 'blocked'), dataDirImage: null }),
      ).rejects.toThrow(
        `cannot create the embedded database in ${join(dir, 'blocked')}: initdb failed: ErrnoError (errno`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the image of a new database', () => {
  it('was made by the storage build from the installed PGlite', async () => {
    const manifest = JSON.parse(readFileSync(join(DATA_DIR_IMAGE_DIR, 'new-data-dir.json'), 'utf8'));
    const installed = JSON.parse(
      readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
    ).version;
    expect(manifest.pglite).toBe(installed);
    expect(pgliteVersion()).toBe(installed);
    const image = await readDataDirImage();
    expect('tarball' in image && image.tarball.length).toBe(manifest.bytes);
  });

  it('has every migration of the package applied', async () => {
    const image = await readDataDirImage();
    expect('tarball' in image && image.migrations).toBe(await migrationsDigest());
    // Straight from the tarball, not through the storage's open (which would migrate).
    const dir = mkdtempSync(join(tmpdir(), 'storewise-image-'));
    try {
      extract({ file: join(DATA_DIR_IMAGE_DIR, 'new-data-dir.tar.gz'), cwd: dir, sync: true });
      const pg = new PGlite(dir);
      try {
        const { rows } = await pg.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
        );
        const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8'));
        expect(rows[0]!.n).toBe(journal.entries.length);
      } finally {
        await pg.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not used when another PGlite made it or it does not match its manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-image-'));
    try {
      expect(await readDataDirImage(dir)).toEqual({ unusable: 'no image manifest (ENOENT)' });
      cpSync(DATA_DIR_IMAGE_DIR, dir, { recursive: true });
      const manifestPath = join(dir, 'new-data-dir.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      writeFileSync(manifestPath, JSON.stringify({ ...manifest, pglite: '0.4.0' }));
      expect(await readDataDirImage(dir)).toEqual({
        unusable: `the image was made by PGlite 0.4.0, this is PGlite ${pgliteVersion()}`,
      });
      writeFileSync(manifestPath, JSON.stringify({ ...manifest, sha256: '0'.repeat(64) }));
      expect(await readDataDirImage(dir)).toMatchObject({
        unusable: expect.stringContaining('the image tarball does not match its manifest'),
      });
      writeFileSync(manifestPath, JSON.stringify(manifest));
      expect('tarball' in (await readDataDirImage(dir))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
