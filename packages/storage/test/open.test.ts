import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../src/index.js';

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
    expect(existsSync('postgress:')).toBe(false);
    expect(existsSync('mysql:')).toBe(false);
    await expect(openStorage('  ')).rejects.toThrow(`database location is empty: ${accepted}`);
  });

  it('still opens what it accepts without a scheme', async () => {
    for (const spec of ['memory:', 'pglite:memory']) {
      const storage = await openStorage(spec);
      expect(storage.kind, spec).toBe(spec === 'memory:' ? 'memory' : 'pglite');
      await storage.close();
    }
  });
});
