import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;
const db = join(dir, 'db');

/** Runs the command; its exit code, stdout and stderr. */
async function run(...args: string[]) {
  const io = testIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const purchase = { type: 'purchase', quantity: 1, unitPrice: 1, rating: null, query: null, sessionId: null };

describe('storewise customer export', () => {
  beforeAll(async () => {
    expect((await run('import', events, '--format', 'events', '--db', db)).code).toBe(0);
  });

  it("prints the customer's document as JSON: c2's three events of shop-events.csv, in time order", async () => {
    const { code, out, err } = await run('customer', 'export', 'c2', '--db', db);
    expect(code, err).toBe(0);
    const doc = JSON.parse(out);
    expect(doc).toMatchObject({
      format: 'storewise.customer-data',
      formatVersion: 1,
      customerId: 'c2',
      customer: { externalId: 'c2', country: null, attributes: {}, consent: {} },
      erasureList: { listed: false },
      scores: [],
      segmentMemberships: [],
      segmentSnapshots: [],
      campaignAssignments: [],
      rows: {
        customer: 1,
        events: 3,
        scores: 0,
        segmentMembers: 0,
        segmentSnapshots: 0,
        campaignAssignments: 0,
      },
    });
    // e3, e4 (purchases of A and B) and e5 (a view of F), as the file has them; the file's order ids are empty.
    expect(doc.events).toEqual([
      { ...purchase, eventId: 'e3', sku: 'A', timestamp: '2025-01-04T00:00:00.000Z', orderId: null },
      { ...purchase, eventId: 'e4', sku: 'B', timestamp: '2025-01-05T00:00:00.000Z', orderId: null },
      {
        ...purchase,
        type: 'view',
        eventId: 'e5',
        sku: 'F',
        timestamp: '2025-01-06T00:00:00.000Z',
        orderId: null,
      },
    ]);
    expect(doc.notes.rejectedImportFields.kept).toBe(0);
  });

  it('writes the same document to --out, readable by its owner only, and says what it wrote', async () => {
    const file = join(dir, 'c2.json');
    const { code, out, err } = await run('customer', 'export', 'c2', '--out', 'c2.json', '--db', db);
    expect(code, err).toBe(0);
    expect(out).toBe(`wrote the data of customer c2 to ${file}: 4 rows (customer 1, events 3)\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const printed = JSON.parse((await run('customer', 'export', 'c2', '--db', db)).out);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect({ ...written, exportedAt: null }).toEqual({ ...printed, exportedAt: null });
    // The same rows as deleting the customer removes.
    const deleted = await run('customer', 'delete', 'c2', '--db', db, '--json');
    expect(JSON.parse(deleted.out).tables).toEqual(written.rows);
  });

  it('refuses an unknown or erased customer with exit code 1, and leaves no file', async () => {
    const unknown = await run('customer', 'export', 'nobody', '--out', 'nobody.json', '--db', db);
    expect([unknown.code, unknown.out, unknown.err]).toEqual([
      1,
      '',
      'storewise: no customer "nobody" in the store\n',
    ]);
    // c2 was deleted by the test above.
    const erased = await run('customer', 'export', 'c2', '--db', db);
    expect(erased.code).toBe(1);
    expect(erased.err).toBe(
      'storewise: no customer "c2": they were erased (deleteCustomer), and the store holds nothing about them\n',
    );
    expect(readdirSync(dir).filter((f) => f.includes('nobody'))).toEqual([]);
  });

  it('names --out when its folder does not exist or is a file', async () => {
    const folder = join(dir, 'no-such-dir');
    const missing = join(folder, 'c3.json');
    const r = await run('customer', 'export', 'c3', '--out', missing, '--db', db);
    expect([r.code, r.err]).toEqual([1, `storewise: --out: the folder does not exist: ${folder}\n`]);
    expect(existsSync(folder)).toBe(false);
    writeFileSync(join(dir, 'a-file'), 'x');
    const underFile = await run(
      'customer',
      'export',
      'c3',
      '--out',
      join(dir, 'a-file', 'c3.json'),
      '--db',
      db,
    );
    expect([underFile.code, underFile.err]).toEqual([
      1,
      `storewise: --out: not a directory: ${join(dir, 'a-file')}\n`,
    ]);
    // An empty name resolves to the working folder: said as empty, not as "not a file: <cwd>".
    const empty = await run('customer', 'export', 'c3', '--out', '', '--db', db);
    expect([empty.code, empty.out, empty.err]).toEqual([
      1,
      '',
      'storewise: --out is empty: give the file to write\n',
    ]);
  });

  it('replaces an existing --out file, as `> file` does, and says so in its help', async () => {
    const file = join(dir, 'c3.json');
    writeFileSync(file, 'an older export', { mode: 0o644 });
    const r = await run('customer', 'export', 'c3', '--out', 'c3.json', '--db', db);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).customerId).toBe('c3');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const help = await run('customer', 'export', '--help');
    expect(help.out.replace(/\s+/g, ' ')).toContain(
      'an existing file of that name is replaced (as `> file` does)',
    );
  });

  it('refuses an empty customer id, as `campaign offer` does, before opening the database', async () => {
    for (const command of ['export', 'delete', 'restore'])
      for (const id of ['', '  ']) {
        const r = await run('customer', command, id, '--db', join(dir, 'never-opened'));
        expect([r.code, r.err], `${command} "${id}"`).toEqual([
          1,
          "storewise: <customerId> is empty: give the customer's id\n",
        ]);
      }
    expect(existsSync(join(dir, 'never-opened'))).toBe(false);
  });

  it('refuses an id as a file spells it when the store holds the id an import made of it, saying which', async () => {
    const numeric = join(dir, 'numeric');
    const storage = await openStorage(numeric);
    await storage.upsertCustomers([{ externalId: '17850' }, { externalId: '12347' }]);
    await storage.close();
    const hint = (command: string, id: string) =>
      `"${id}" (an import stores the id so: trimmed, a float's .0 dropped, as Online Retail's 17850.0 is 17850): did you mean storewise customer ${command} ${id}?`;
    const typed = await run('customer', 'delete', '17850.0', '--db', numeric);
    expect([typed.code, typed.out, typed.err]).toEqual([
      1,
      '',
      `storewise: no customer "17850.0" in the store, but it holds "17850" (an import stores the id so: trimmed, a float's .0 dropped, as Online Retail's 17850.0 is 17850): did you mean storewise customer delete 17850? Nothing was removed, and "17850.0" was not put on the erasure list (--as-given puts it there).\n`,
    ]);
    const spaced = await run('customer', 'export', ' 12347', '--db', numeric);
    expect(spaced.err).toBe(
      `storewise: no customer " 12347" in the store; it holds ${hint('export', '12347')}\n`,
    );
    const info = await run('info', '--db', numeric);
    expect(info.out).not.toContain('erased customers');
    // Asked for, the spelling goes on the list as typed; 17850 stays.
    const given = await run('customer', 'delete', '17850.0', '--as-given', '--db', numeric);
    expect(given.out).toMatch(
      /^no customer "17850\.0" in the database: no rows removed, but the id was added/,
    );
    expect((await run('customer', 'export', '17850', '--db', numeric)).code).toBe(0);
    // Neither spelling held: an Online Retail file naming 99999.0 would store 99999, which an erasure of
    // "99999.0" would not keep out: refused too, naming the id imports store; --as-given lists it as typed.
    const neither = await run('customer', 'delete', '99999.0', '--db', numeric);
    expect([neither.code, neither.out, neither.err]).toEqual([
      1,
      '',
      `storewise: no customer "99999.0" in the store, nor "99999" (an import stores the id so: trimmed, a float's .0 dropped, as Online Retail's 17850.0 is 17850): a file naming them as "99999.0" is stored as "99999" by the Online Retail reader, which an erasure of "99999.0" would not keep out. Nothing was put on the erasure list: storewise customer delete 99999 erases the id imports store, --as-given lists "99999.0" as typed.\n`,
    ]);
    expect((await run('customer', 'delete', '99999', '--db', numeric)).out).toMatch(
      /^no customer "99999" in the database: no rows removed, but the id was added/,
    );
  });
});
