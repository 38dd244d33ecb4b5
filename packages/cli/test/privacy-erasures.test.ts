import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-erasures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// shop-events.csv: c1..c6, c1 with three events.
const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;
const from = join(dir, 'from');
const to = join(dir, 'to');
// SHA-256 of the ids' UTF-8 bytes, from Python's hashlib.sha256(b'c1').hexdigest() and so on.
const C1 = 'd0f631ca1ddba8db3bcfcb9e057cdc98d0379f1bee00e75a545147a27dadd982';
const GHOST = 'ead6ef03d61ee60c533d6d450c50a1e559a8a37f6b796a4094cd0dac6b744428';

async function run(...args: string[]) {
  const io = testIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('storewise privacy erasures export / import', () => {
  it('carries the erasure list to a new database, erasing there a customer already imported', async () => {
    expect((await run('import', events, '--format', 'events', '--db', from)).code).toBe(0);
    expect((await run('customer', 'delete', 'c1', '--db', from)).code).toBe(0);
    expect((await run('customer', 'delete', 'ghost', '--db', from)).code).toBe(0);
    const file = join(dir, 'erased.csv');
    writeFileSync(file, 'an older file\n', { mode: 0o644 });
    const exported = await run('privacy', 'erasures', 'export', file, '--db', from);
    expect(exported.out).toBe(
      `wrote the erasure list to ${file}: 2 erased customers (hashes of their ids; storewise privacy erasures import ${file} --db <new database> puts them on another database's list)\n`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('id_hash,erased_at,held');
    // By hash: c1's (d0f6...) before ghost's (ead6...); the store held c1, not ghost.
    expect(lines.slice(1).map((l) => l.split(',').filter((_, i) => i !== 1))).toEqual([
      [C1, 'true'],
      [GHOST, 'false'],
      [''],
    ]);
    // The new database got the shop's file first: c1 is back there until the list comes.
    expect((await run('import', events, '--format', 'events', '--db', to)).code).toBe(0);
    const imported = await run('privacy', 'erasures', 'import', file, '--db', to);
    expect([imported.code, imported.out]).toEqual([
      0,
      `erasure list: 2 customers added from ${file}; 1 customer this database held erased now (4 rows removed). Later imports leave their rows out.\n`,
    ]);
    const again = await run('import', events, '--format', 'events', '--db', to);
    expect(again.out).toMatch(/ 3 rows of erased customers left out /);
    expect((await run('info', '--db', to)).out).toContain('erased customers: 2 ');
    expect((await run('privacy', 'erasures', 'import', file, '--db', to)).out).toBe(
      `erasure list: 0 customers added from ${file} (2 listed already); none of them is held by this database. Later imports leave their rows out.\n`,
    );
  });

  it('refuses a malformed file, naming its line, before writing anything', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `id_hash,erased_at,held\n${C1},2025-01-01T00:00:00.000Z,true\nc2,2025-01-01T00:00:00.000Z,true\n`,
    );
    const fresh = join(dir, 'fresh');
    const refused = await run('privacy', 'erasures', 'import', bad, '--db', fresh);
    expect([refused.code, refused.err]).toEqual([
      1,
      `storewise: ${bad}:3: id_hash: must be 64 lower-case hex digits (a SHA-256), got "c2"\n`,
    ]);
    const missing = await run('privacy', 'erasures', 'import', join(dir, 'none.csv'), '--db', fresh);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('none.csv');
  });
});
