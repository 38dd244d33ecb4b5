import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'storewise-cli-rejects-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'event_id,type,customer_id,sku,timestamp';

/** Monthly exports of one name in two folders: line 2 of each is refused (no date; an ESC in a). */
function monthlyExports(): [string, string] {
  const write = (month: string, bad: string) => {
    mkdirSync(join(dir, month), { recursive: true });
    const path = join(dir, month, 'orders.csv');
    writeFileSync(path, `${HEADER}\n${bad}\n${month}-ok,purchase,c1,mug,2024-01-01T00:00:00Z\n`);
    return path;
  };
  return [write('a', 'a-1,purchase,c1,mug,\u001b[2Jsoon'), write('b', 'b-1,purchase,c1,mug,')];
}

describe('storewise rejects', () => {
  it('keeps and lists the rejects of two files of one name; a re-import from another directory adds none', async () => {
    const db = join(dir, 'db');
    const [a, b] = monthlyExports();
    for (const [cwd, file] of [
      [join(dir, 'a'), 'orders.csv'],
      [join(dir, 'b'), 'orders.csv'],
    ] as const) {
      const io = testIo(cwd);
      expect(await main(['import', file, '--format', 'events', '--db', db], io)).toBe(0);
      expect(io.out()).toMatch(
        /: 2 rows, 1 accepted, 0 duplicates skipped, 1 rejected \(unparseable date: 1\); the valid rows name 1 customer and 1 item;/,
      );
    }
    // The same file from another working directory: nothing new, no reject repeated.
    const again = testIo(dir);
    expect(await main(['import', 'a/orders.csv', '--format', 'events', '--db', db, '--json'], again)).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({ accepted: 0, duplicates: 1, rejected: { total: 1 } });

    const json = testIo(dir);
    expect(await main(['rejects', '--db', db, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toEqual({
      total: 2,
      rejects: [
        {
          source: a,
          line: 2,
          field: 'timestamp',
          reason: 'unparseable date',
          raw: 'a-1,purchase,c1,mug,\u001b[2Jsoon',
          // The row's customer, read from its customer_id field (docs/privacy.md).
          customerId: 'c1',
        },
        {
          source: b,
          line: 2,
          field: 'timestamp',
          reason: 'unparseable date',
          raw: 'b-1,purchase,c1,mug,',
          customerId: 'c1',
        },
      ],
    });

    const text = testIo(join(dir, 'b'));
    expect(await main(['rejects', '--db', db, '--limit', '1'], text)).toBe(0);
    expect(text.out()).toBe(
      `${a}:2  timestamp  unparseable date  "a-1,purchase,c1,mug,\\u001b[2Jsoon"\n1 of 2 rejected fields shown (--limit 1)\n`,
    );

    const one = testIo(join(dir, 'b'));
    expect(await main(['rejects', '--db', db, '--source', 'orders.csv'], one)).toBe(0);
    expect(one.out()).toBe(`${b}:2  timestamp  unparseable date  "b-1,purchase,c1,mug,"\n1 rejected field\n`);

    const none = testIo(dir);
    expect(await main(['rejects', '--db', db, '--source', 'c/orders.csv'], none)).toBe(0);
    expect(none.out()).toBe(`no rejected import fields kept for ${join(dir, 'c', 'orders.csv')}\n`);

    const info = testIo(dir);
    expect(await main(['info', '--db', db], info)).toBe(0);
    expect(info.out()).toContain('rejected import fields kept: 2 (storewise rejects lists them)\n');

    const bad = testIo(dir);
    expect(await main(['rejects', '--db', db, '--limit', '0'], bad)).toBe(1);
    expect(bad.err()).toBe('storewise: --limit must be a whole number from 1 to 9007199254740991, got "0"\n');

    // Cleared (an erasure may need the raw rows gone): one file's, then the rest.
    const clearB = testIo(join(dir, 'b'));
    expect(await main(['rejects', '--db', db, '--source', 'orders.csv', '--clear'], clearB)).toBe(0);
    expect(clearB.out()).toBe(`deleted 1 rejected field of ${b}\n`);
    const clearAll = testIo(dir);
    expect(await main(['rejects', '--db', db, '--clear', '--json'], clearAll)).toBe(0);
    expect(JSON.parse(clearAll.out())).toEqual({ deleted: 1 });
    const empty = testIo(dir);
    expect(await main(['rejects', '--db', db], empty)).toBe(0);
    expect(empty.out()).toBe('no rejected import fields kept\n');
  });
});
