// `pnpm storewise <args>` (the repository's package.json, scripts/storewise.mjs): the built CLI, with the
// arguments and the exit status passed through, in the directory pnpm was called from.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Inside the checkout (pnpm runs the repository's scripts only there), removed afterwards.
const dir = mkdtempSync(new URL('./fixtures/tmp-root-script-', import.meta.url).pathname);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pnpm = (args: string[], cwd: string) =>
  spawnSync('pnpm', ['-w', 'storewise', ...args], { cwd, encoding: 'utf8' });

describe('pnpm storewise', () => {
  it('takes relative paths from the calling directory, not the repository root', () => {
    copyFileSync(new URL('./fixtures/shop-events.csv', import.meta.url), join(dir, 'shop.csv'));
    // shop-events.csv: 18 rows, all valid.
    const r = pnpm(['import', 'shop.csv', '--format', 'events', '--db', './db', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: join(dir, 'shop.csv'), rows: 18, accepted: 18 });
    const info = spawnSync(
      'node',
      [new URL('../dist/bin.js', import.meta.url).pathname, 'info', '--db', join(dir, 'db'), '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).events).toBe(18);
  });

  it("passes the CLI's exit status through (2: an import with every row rejected)", () => {
    writeFileSync(join(dir, 'bad.csv'), 'customer_id,sku,type,timestamp\nc1,A,bogus,2025-01-01\n');
    const r = pnpm(['import', 'bad.csv', '--format', 'events', '--db', 'memory:'], dir);
    expect(r.status, r.stderr).toBe(2);
  });
});
