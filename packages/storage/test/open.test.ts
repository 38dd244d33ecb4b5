import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedDirectory, openStorage } from '../src/index.js';

const accepted =
  'give a postgres:// or postgresql:// URL, a directory for the embedded database (optionally pglite:<directory>), pglite:memory or memory:';

describe('openStorage', () => {
  it('refuses a URL of another scheme instead of making a directory named after it', async () => {
    for (const [spec, scheme] of [
      ['postgress://postgres@127.0.0.1/x', 'postgress'],
      ['mysql://x', 'mysql'],
      [' MySQL://x ', 'MySQL'],
      ['pglite:mysql://x', 'mysql'],
      ['file:///tmp/x', 'file'],
    ]) {
      await expect(openStorage(spec!), spec).rejects.toThrow(
        `unsupported database URL scheme "${scheme}://": ${accepted}`,
      );
    }
    // A URL whose // was mistyped is refused too, not made a directory (DATABASE_URL=postgres:/broken).
    for (const [spec, start] of [
      ['postgres:/broken', 'postgres:'],
      ['postgresql:127.0.0.1/x', 'postgresql:'],
      ['pglite:MySQL:/x', 'pglite:MySQL:'],
      ['file:/tmp/x', 'file:'],
    ]) {
      await expect(openStorage(spec!), spec).rejects.toThrow(
        `"${start}" starts a URL without "//" (a PostgreSQL URL is postgres://user@host:5432/database): ${accepted}`,
      );
      expect(embeddedDirectory(spec!), spec).toBeNull();
    }
    expect(existsSync('postgres:')).toBe(false);
    expect(existsSync('postgress:')).toBe(false);
    expect(existsSync('mysql:')).toBe(false);
    await expect(openStorage('  ')).rejects.toThrow(`database location is empty: ${accepted}`);
  });

  it('tells which specs name an embedded database directory (the CLI checks that one exists)', () => {
    for (const spec of [
      'memory:',
      'pglite:memory',
      'postgres://u@h/db',
      'postgresql://h/db',
      'mysql://h/db',
      '',
    ])
      expect(embeddedDirectory(spec), spec).toBeNull();
    expect(embeddedDirectory(' ./shop ')).toBe('./shop');
    expect(embeddedDirectory('pglite:/var/shop')).toBe('/var/shop');
  });

  it('still opens what it accepts without a scheme', async () => {
    for (const spec of ['memory:', 'pglite:memory']) {
      const storage = await openStorage(spec);
      expect(storage.kind, spec).toBe(spec === 'memory:' ? 'memory' : 'pglite');
      await storage.close();
    }
  });

  it('makes a new directory, refuses one holding other files and no database, and one it cannot make', async () => {
    const root = mkdtempSync(join(tmpdir(), 'storewise-open-'));
    try {
      const fresh = join(root, 'a', 'b');
      const storage = await openStorage(fresh);
      await storage.close();
      expect(readdirSync(fresh)).toContain('PG_VERSION');
      // A project folder given by mistake: no data directory spilled among its files.
      const project = join(root, 'project');
      mkdirSync(project);
      writeFileSync(join(project, 'notes.txt'), 'mine');
      await expect(openStorage(project)).rejects.toThrow(
        `${project} holds other files (notes.txt) and no embedded database; give a new or empty directory`,
      );
      expect(readdirSync(project)).toEqual(['notes.txt']);
      // Node 20's recursive mkdir never returned for a path under /proc.
      await expect(openStorage('/proc/storewise-nope/x')).rejects.toThrow(
        'cannot make the directory /proc/storewise-nope for the embedded database: ENOENT',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
