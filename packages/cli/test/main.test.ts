import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const engineFixtures = new URL('../../engine/test/fixtures/', import.meta.url).pathname;

function testIo(
  env: Record<string, string | undefined> = {},
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env,
    cwd: dir,
    out: () => out,
    err: () => err,
  };
}

// Expected counts for the fixture are read off it by hand (see packages/engine/test/import).
describe('storewise import', () => {
  it('prints only the JSON summary with --json, and imports nothing new the second time', async () => {
    const db = join(dir, 'db-import');
    const file = join(engineFixtures, 'online-retail-small.csv');
    const io = testIo();
    expect(await main(['import', file, '--format', 'online-retail', '--db', db, '--json'], io)).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary).toMatchObject({
      rows: 15,
      accepted: 7,
      duplicates: 1,
      rejected: { total: 7 },
      customers: 4,
    });
    expect(io.err()).toBe('');

    const again = testIo();
    expect(await main(['import', file, '--format', 'online-retail', '--db', db, '--json'], again)).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({ accepted: 0, duplicates: 8 });

    const info = testIo();
    expect(await main(['info', '--db', db, '--json'], info)).toBe(0);
    expect(JSON.parse(info.out())).toMatchObject({ customers: 4, items: 7, events: 7, rejects: 9 });
  });

  it('tells the format of each file by its first line when --format is absent, and says when it cannot', async () => {
    const io = testIo();
    const files = ['online-retail-small.csv', 'events-small.ndjson', 'movielens/u.data'].map((f) =>
      join(engineFixtures, f),
    );
    expect(await main(['import', ...files, '--db', 'memory:', '--json'], io)).toBe(0);
    const summaries = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(summaries.map((s) => [s.format, s.accepted])).toEqual([
      ['online-retail', 7],
      ['events', 3],
      ['movielens', 3], // u.data: three valid lines of six
    ]);
    const other = join(dir, 'orders.csv');
    writeFileSync(other, 'order,customer_id,sku,qty\n1,c1,P-1,2\n');
    const refused = testIo();
    expect(await main(['import', other, '--db', 'memory:'], refused)).not.toBe(0);
    expect(refused.err()).toContain(
      `cannot tell the format of ${other} from its first line ("order,customer_id,sku,qty"): give --format online-retail, shopify-orders, shopify-products, shopify-customers, events, orders, movielens, items or customers`,
    );
  });

  it('imports a catalog and a customer list, saying how many records the rows create or update', async () => {
    const items = join(dir, 'catalog.csv');
    writeFileSync(items, 'sku;title;price;stock\nP-1;Mug;12,5;3\nP-2;Plate;9;\nP-1;;;2\n;Nameless;1;\n');
    const people = join(dir, 'people.csv');
    writeFileSync(people, 'customer_id,country,consent_marketing\nc1,DE,yes\n');
    const db = join(dir, 'catalog-db');
    const io = testIo();
    expect(await main(['import', items, people, '--db', db], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toMatch(
      /^imported .*catalog\.csv \(items\): 4 rows, 3 accepted, 1 rejected \(missing id: 1\); they create or update 2 items; /,
    );
    expect(lines[1]).toMatch(
      /^imported .*people\.csv \(customers\): 1 row, 1 accepted, 0 rejected; they create or update 1 customer; /,
    );
    const shopify = testIo();
    expect(
      await main(['import', join(engineFixtures, 'shopify-customers.csv'), '--db', 'memory:'], shopify),
    ).toBe(0);
    expect(shopify.out()).toMatch(
      /\(shopify-customers\): 5 rows, 3 accepted, 2 rejected \(missing id: 1, not true or false: 1\); they create or update 3 customers; /,
    );
    // Segments and lifetime value read orders: a catalog given as --data is refused.
    const refused = testIo();
    expect(await main(['segment', 'rfm', '--data', items, '--format', 'items'], refused)).not.toBe(0);
    expect(refused.err()).toContain(
      '--data needs orders or events (online-retail | shopify-orders | events | orders | movielens), not items',
    );
  });

  it('uses DATABASE_URL when --db is absent, and prints a one-line summary without --json', async () => {
    const io = testIo({ DATABASE_URL: 'memory:' });
    const file = join(engineFixtures, 'events-small.ndjson');
    expect(await main(['import', file, '--format', 'events'], io)).toBe(0);
    expect(io.out()).toMatch(
      /^imported .*events-small\.ndjson \(events\): 5 rows, 3 accepted, 0 duplicates skipped, 2 rejected/,
    );
    expect(io.out().trim().split('\n')).toHaveLength(1);
  });

  it('imports several files in order, a summary each, and checks that all exist before importing any', async () => {
    const first = join(dir, 'month-1.csv');
    const second = join(dir, 'month-2.csv');
    writeFileSync(first, 'event_id,type,sku,timestamp\ne1,view,mug,2024-01-01\ne2,view,cup,2024-01-02\n');
    // The second month repeats e2 (an overlap of two exports) and adds e3.
    writeFileSync(second, 'event_id,type,sku,timestamp\ne2,view,cup,2024-01-02\ne3,view,mug,2024-02-01\n');
    const db = join(dir, 'db-months');
    const missing = testIo();
    expect(
      await main(['import', first, join(dir, 'month-3.csv'), '--format', 'events', '--db', db], missing),
    ).toBe(1);
    expect(missing.err()).toBe(`storewise: file not found: ${join(dir, 'month-3.csv')}\n`);
    const folder = testIo();
    expect(await main(['import', first, dir, '--format', 'events', '--db', db], folder)).toBe(1);
    expect(folder.err()).toBe(`storewise: not a file: ${dir}\n`);
    const io = testIo();
    expect(await main(['import', first, second, '--format', 'events', '--db', db, '--json'], io)).toBe(0);
    const summaries = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(summaries.map((s) => [s.file, s.accepted, s.duplicates])).toEqual([
      [first, 2, 0],
      [second, 1, 1],
    ]);
    // A file that fails in the middle: the error says which files after it were not imported.
    const broken = join(dir, 'month-broken.csv');
    writeFileSync(broken, 'event_id,sku\ne9,mug\n');
    const stopped = testIo();
    expect(
      await main(['import', first, broken, second, first, '--format', 'events', '--db', db], stopped),
    ).toBe(1);
    expect(stopped.err()).toMatch(
      new RegExp(
        `\\nnot imported, after it: ${second.replace(/[.]/g, '\\.')}, ${first.replace(/[.]/g, '\\.')} \\(the files before it are\\)\\n$`,
      ),
    );
    expect(stopped.err()).toMatch(/^storewise: .*month-broken\.csv is not in the events format/);
  });

  it('says 1 row, 1 duplicate, 1 customer, 1 item in the singular', async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(
      file,
      'event_id,type,customer_id,sku,timestamp\ne1,view,c1,mug,2024-01-01\ne1,view,c1,mug,2024-01-01\n',
    );
    const io = testIo({ DATABASE_URL: 'memory:' });
    expect(await main(['import', file, '--format', 'events'], io)).toBe(0);
    expect(io.out()).toMatch(
      /: 2 rows, 1 accepted, 1 duplicate skipped, 0 rejected; the valid rows name 1 customer and 1 item; /,
    );
  });

  it('says how many duplicates had different content, and --json gives them as differing', async () => {
    const file = join(dir, 'differing.csv');
    writeFileSync(
      file,
      'event_id,type,customer_id,sku,timestamp\ne1,view,c1,mug,2024-01-01\ne1,purchase,c1,mug,2024-01-01\n' +
        'e1,view,c1,mug,2024-01-01\ne2,view,c2,mug,2024-01-02\ne2,view,c2,cup,2024-01-03\n',
    );
    const io = testIo({ DATABASE_URL: 'memory:' });
    expect(await main(['import', file, '--format', 'events'], io)).toBe(0);
    expect(io.out()).toMatch(
      /: 5 rows, 2 accepted, 3 duplicates skipped \(2 with different content: kept the first stored\), 0 rejected; /,
    );
    const json = testIo({ DATABASE_URL: 'memory:' });
    expect(await main(['import', file, '--format', 'events', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ rows: 5, accepted: 2, duplicates: 3, differing: 2 });
  });

  it('says how to convert a file saved as Latin-1, whose rows it rejects as not UTF-8', async () => {
    const file = join(dir, 'latin1.csv');
    const rows = [
      'event_id,type,sku,timestamp,title',
      'e1,view,mug,2024-01-01,Mug',
      'e2,view,cafe,2024-01-01,CAF',
    ];
    writeFileSync(file, Buffer.concat([Buffer.from(rows.join('\n')), Buffer.from([0xc9, 0x0a])]));
    const io = testIo({ DATABASE_URL: 'memory:' });
    expect(await main(['import', file, '--format', 'events'], io)).toBe(0);
    const [summary, hint] = io.out().trim().split('\n');
    expect(summary).toMatch(/: 2 rows, 1 accepted, 0 duplicates skipped, 1 rejected \(invalid UTF-8: 1\)/);
    expect(hint).toBe(
      '1 row is not UTF-8: if the file was saved as Latin-1 or Windows-1252, convert it (iconv -f windows-1252 -t utf-8 FILE > FILE.utf8.csv; gzip -dc first for a .gz) and import that: what was imported already is skipped as duplicates',
    );
  });

  it('escapes what a binary file holds in the header error', async () => {
    const file = join(dir, 'binary.csv');
    writeFileSync(file, Buffer.from([0x1f, 0x8b ^ 0xff, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xc2, 0x9b, 0x0a]));
    const io = testIo();
    expect(await main(['import', file, '--format', 'online-retail', '--db', 'memory:'], io)).toBe(1);
    expect(io.err()).toMatch(/\(found: "\\u001ft\\u001b\[31m\\u009b"\)\n$/);
    const control = [...io.err()].filter((c) => c !== '\n' && (c < ' ' || (c >= '\x7f' && c <= '\x9f')));
    expect(control).toEqual([]);
  });

  it('removes the directory a failed first import made, and keeps one that holds data', async () => {
    const lines = ['event_id,type,sku,timestamp'];
    for (let i = 0; i < 2000; i++) lines.push(`e${i},view,sku-${i % 31},2024-01-01T00:00:00Z`);
    const whole = gzipSync(`${lines.join('\n')}\n`);
    const cut = join(dir, 'cut-first.csv.gz');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const db = join(dir, 'never-made');
    const io = testIo();
    expect(await main(['import', cut, '--format', 'events', '--db', db], io)).toBe(1);
    expect(io.err()).toContain('nothing was imported');
    expect(existsSync(db)).toBe(false);
    // A later command says there is no database, instead of opening an empty one.
    const info = testIo();
    expect(await main(['info', '--db', db], info)).toBe(1);
    expect(info.err()).toMatch(/^storewise: no database at /);
    // Two files, the second cut short: the first one's data stays, and so does the directory.
    const ok = join(dir, 'ok.csv');
    writeFileSync(ok, 'event_id,type,sku,timestamp\nok1,view,mug,2024-01-01\n');
    expect(await main(['import', ok, cut, '--format', 'events', '--db', db], testIo())).toBe(1);
    expect(existsSync(db)).toBe(true);
  });

  it('says how many rows a cut-short .gz kept in a database that held events', async () => {
    const db = join(dir, 'db-gz');
    const lines = ['event_id,type,sku,timestamp'];
    for (let i = 0; i < 2000; i++) lines.push(`e${i},view,sku-${i % 31},2024-01-01T00:00:00Z`);
    const whole = gzipSync(`${lines.join('\n')}\n`);
    const cut = join(dir, 'cut.csv.gz');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const seed = join(dir, 'seed.csv');
    writeFileSync(seed, 'event_id,type,sku,timestamp\nseed,view,mug,2024-01-01\n');
    expect(await main(['import', seed, '--format', 'events', '--db', db], testIo())).toBe(0);
    const io = testIo();
    expect(await main(['import', cut, '--format', 'events', '--db', db, '--batch-size', '100'], io)).toBe(1);
    expect(io.err()).toMatch(
      /^storewise: .*cut\.csv\.gz: cannot decompress: unexpected end of file; the [\d,]+ rows before it were imported \([\d,]+ new events\) and kept; importing the complete file again adds only what is missing\n$/,
    );
  });

  it.each([
    [
      ['import', 'missing.csv', '--format', 'events', '--db', 'memory:'],
      /^storewise: file not found: .*missing\.csv\n$/,
    ],
    [['import', 'x.csv', '--format', 'parquet', '--db', 'memory:'], /^storewise: unknown format "parquet"/],
    [
      ['import', join(engineFixtures, 'bad-header.csv'), '--format', 'online-retail', '--db', 'memory:'],
      /^storewise: .*lacks the columns Quantity, CustomerID \(or Customer ID\)/,
    ],
    [
      ['info', '--db', 'postgres://u:secret@127.0.0.1:1/none'],
      /^storewise: cannot open the database postgres:\/\/u:\*\*\*@/,
    ],
    [
      ['import', 'x.csv', '--format', 'events', '--db', 'memory:', '--batch-size', '0'],
      /--batch-size must be a positive/,
    ],
  ])('fails with one line and exit code 1: %s', async (argv, message) => {
    const io = testIo();
    expect(await main(argv, io)).toBe(1);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.err()).not.toContain('secret');
    expect(io.out()).toBe('');
  });
});

describe('file errors', () => {
  it('tell a missing file, a directory, a file for a directory and an empty --db with the flag and the path', async () => {
    const file = join(dir, 'plain.csv');
    writeFileSync(file, 'a,b\n');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const missing = join(dir, 'nofile.json');
    const cases: [string[], string][] = [
      [
        ['segment', 'rfm', '--data', file, '--format', 'online-retail', '--map', 'nofile.json'],
        `--map: file not found: ${missing}`,
      ],
      [
        ['segment', 'rule', '--id', 'x', '--filter', '@nofile.json', '--db', 'memory:'],
        `--filter: file not found: ${missing}`,
      ],
      [
        ['segment', 'rule', '--id', 'x', '--filter', '@plain.csv/x.json', '--db', 'memory:'],
        `--filter: not a directory: ${join(file, 'x.json')}`,
      ],
      [['campaign', 'create', '--file', 'a-folder', '--db', 'memory:'], `--file: not a file: ${folder}`],
      [
        ['campaign', 'create', '--file', 'nofile.json', '--db', 'memory:'],
        `--file: file not found: ${missing}`,
      ],
      [['info', '--db', './plain.csv'], `--db: not a directory: ${file}`],
      [['info', '--db', ''], '--db is empty: give a directory, a postgres:// URL or memory:'],
      [
        ['segment', 'rfm', '--data', 'a-folder', '--format', 'online-retail'],
        `--data: not a file: ${folder}`,
      ],
      [['clv', '--summary', 'nofile.json'], `--summary: file not found: ${missing}`],
      [['eval', 'recs', '--data', 'nofile.json', '--format', 'csv'], `--data: file not found: ${missing}`],
      [['eval', 'propensity', '--data', 'a-folder', '--label', 'x'], `--data: not a file: ${folder}`],
      [['import', 'a-folder', '--db', 'memory:'], `not a file: ${folder}`],
    ];
    for (const [argv, message] of cases) {
      const io = testIo();
      expect(await main(argv, io), argv.join(' ')).toBe(1);
      expect(io.err(), argv.join(' ')).toBe(`storewise: ${message}\n`);
    }
  });
});

describe('smaller usage fixes', () => {
  it('prints the version, lists every recommender in the help, and refuses an empty customer id', async () => {
    const version = testIo();
    expect(await main(['--version'], version)).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(version.out()).toBe(`${pkg.version}\n`);
    const help = testIo();
    expect(await main(['train', 'recs', '--help'], help)).toBe(0);
    expect(help.out().replace(/\s+/g, ' ')).toContain('biased-mf (mf, svd)');
    const offer = testIo();
    expect(await main(['campaign', 'offer', 'x', '', '--db', 'memory:'], offer)).toBe(1);
    expect(offer.err()).toBe("storewise: <customerId> is empty: give the customer's id\n");
  });
});

describe('storewise demo', () => {
  it('imports the bundled shop and reports what the database holds', async () => {
    const io = testIo();
    expect(await main(['demo', '--db', 'memory:', '--json'], io)).toBe(0);
    const { import: summary, report } = JSON.parse(io.out());
    // Counts from pandas on the demo file (see packages/engine/test/demo/demo-shop.test.ts).
    expect(summary).toMatchObject({ rows: 24708, accepted: 24488, duplicates: 156 });
    expect(report).toMatchObject({
      customers: 303,
      events: 24488,
      eventsByType: { purchase: 23944, return: 544 },
    });
    expect(report.topItems[0]).toMatchObject({ sku: '17003', units: 10491, title: 'BROCADE RING PURSE' });
  });

  it("goes only into an empty database unless --force: mixed into a shop's own events it would skew them", async () => {
    const db = join(dir, 'demo-own-data');
    const own = join(dir, 'own.ndjson');
    writeFileSync(
      own,
      `${JSON.stringify({ event_id: 'o1', type: 'view', customer_id: 'c1', sku: 's1', timestamp: '2024-01-01T00:00:00Z' })}\n`,
    );
    expect(await main(['import', own, '--format', 'events', '--db', db, '--json'], testIo())).toBe(0);
    const refused = testIo();
    expect(await main(['demo', '--db', db], refused)).toBe(1);
    expect(refused.err()).toBe(
      'storewise: the database already holds 1 event; the demo shop goes into an empty one (give another --db), or pass --force to add it anyway\n',
    );
    const forced = testIo();
    expect(await main(['demo', '--db', db, '--force', '--json'], forced)).toBe(0);
    expect(JSON.parse(forced.out()).report.events).toBe(24489);
  });
});

const bin = new URL('../dist/bin.js', import.meta.url).pathname;
describe('dist/bin.js', () => {
  it('runs as a program against an embedded database', () => {
    // `pnpm test` builds every package before its tests (turbo: test dependsOn build).
    expect(existsSync(bin), `${bin} is missing: run pnpm build first`).toBe(true);
    const db = join(dir, 'db-spawn');
    const file = join(engineFixtures, 'events-small.csv');
    const run = spawnSync(
      process.execPath,
      [bin, 'import', file, '--format', 'events', '--db', db, '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      rows: 12,
      accepted: 5,
      duplicates: 1,
      rejected: { total: 6 },
    });
    const bad = spawnSync(process.execPath, [bin, 'import', file, '--format', 'movielens', '--db', db], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^storewise: .*not a MovieLens ratings file/);
  });
});
