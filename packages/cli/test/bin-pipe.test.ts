import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../dist/bin.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storewise in a pipe', () => {
  it('ends quietly when the reader has gone (| true, | head): no EPIPE stack trace', () => {
    const db = join(dir, 'db');
    expect(spawnSync('node', [bin, 'demo', '--db', db, '--json']).status).toBe(0);
    // `true` reads nothing and exits at once: every write after it meets a closed pipe.
    const r = spawnSync('sh', ['-c', `node "${bin}" info --db "${db}" | true`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
