import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-import-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const EVENTS_HEADER = 'event_id,type,customer_id,sku,timestamp,quantity,unit_price,utm_source';
const events = file('events.csv', [
  EVENTS_HEADER,
  'e1,purchase,c1,s1,2024-01-02T10:00:00Z,1,5,mail',
  'e2,purchase,c2,s1,2024-01-03T10:00:00Z,2,5,',
  'e3,purchase,c1,s2,2024-02-01T10:00:00Z,1,-1,',
]);
const dayFirst = file('day-first.csv', [
  EVENTS_HEADER,
  'd1,view,c1,s1,02/01/2024 07:28,,,',
  'd2,purchase,c1,s1,02/01/2024 07:40,1,5,',
]);

describe('storewise import: what the summary adds', () => {
  it('refuses a misspelt header before writing anything, naming each column with the one it seems to mean', async () => {
    const typo = file('typo.csv', [
      'event_id,type,customerId,sku,timestamp,quantity,unit price',
      't1,purchase,C001,SKU-001,2024-03-01T10:00:00Z,2,12.5',
    ]);
    const io = testIo(dir);
    expect(await main(['import', typo, '--db', 'memory:'], io)).toBe(1);
    expect(io.err()).toBe(
      `storewise: ${typo} has wrong columns for the events format: customerId (did you mean customer_id?), unit price (did you mean unit_price?); rename them and import again (nothing was imported)\n`,
    );
    expect(io.out()).toBe('');
  });

  it('lists ignored columns, and warns of purchases without a unit price, in text and in --json', async () => {
    const unpriced = file('unpriced.csv', [
      'event_id,type,customer_id,sku,timestamp,quantity,price,utm_source',
      'q1,purchase,c1,s1,2024-03-01T10:00:00Z,2,12.5,mail',
      'q2,purchase,c2,s1,2024-03-05T10:00:00Z,1,12.5,',
    ]);
    const io = testIo(dir);
    expect(await main(['import', unpriced, '--db', 'memory:'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines.slice(1)).toEqual([
      'ignored columns: utm_source',
      "warning: 2 purchases have no unit price and count as revenue 0 in RFM, lifetime value and campaign reports: give what each unit was sold for as unit_price (the events format's price column is the item's catalog price)",
    ]);
    const json = testIo(dir);
    expect(await main(['import', unpriced, '--db', 'memory:', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({
      columns: { ignored: [{ name: 'utm_source', suggestion: null }], attributes: [] },
      unpricedPurchases: 2,
    });
  });

  it("imports a customers file's other columns as attributes, pointing at an identifier-like one", async () => {
    const customers = file('customers.csv', [
      'customer_id,country,tier,email',
      'C001,DE,gold,c001@example.com',
      'C002,FR,silver,',
    ]);
    const db = join(dir, 'attributes-db');
    const io = testIo(dir);
    expect(await main(['import', customers, '--db', db], io)).toBe(0);
    expect(io.out().trim().split('\n')[1]).toBe(
      'attributes: tier, email; this one looks like a direct identifier: email (e-mail address): store only what the shop needs (storewise privacy report lists what is held; docs/privacy.md)',
    );
    const exported = testIo(dir);
    expect(await main(['customer', 'export', 'C001', '--db', db], exported)).toBe(0);
    expect(JSON.parse(exported.out()).customer.attributes).toEqual({
      tier: 'gold',
      email: 'c001@example.com',
    });
    // An erased customer is left out, and not counted among those the file creates or updates.
    expect(await main(['customer', 'delete', 'C002', '--db', db], testIo(dir))).toBe(0);
    const again = testIo(dir);
    expect(await main(['import', customers, '--db', db], again)).toBe(0);
    expect(again.out()).toMatch(
      /: 2 rows, 1 accepted, 1 erased customer left out \(storewise customer restore <id> lifts it\), 0 rejected; they create or update 1 customer; /,
    );
  });

  it('refuses an events file given as a catalog, naming the format it looks like', async () => {
    const io = testIo(dir);
    expect(await main(['import', events, '--format', 'items', '--db', 'memory:'], io)).toBe(1);
    expect(io.err()).toBe(
      `storewise: ${events} looks like an events file, not a catalog (items): its header has type, timestamp, event_id; import it with --format events (or without --format: its header tells it)\n`,
    );
  });

  it('says NDJSON needs one object per line when given a JSON array', async () => {
    const array = file('array.json', ['[', ' {"type": "view", "timestamp": "2024-03-01", "sku": "s1"}', ']']);
    const io = testIo(dir);
    expect(await main(['import', array, '--db', 'memory:'], io)).toBe(1);
    expect(io.err()).toContain(
      `storewise: ${array} holds a JSON array: NDJSON needs one JSON object per line`,
    );
  });

  it('exits 2 when every row of a file was rejected, with the dates the format reads when dates were why', async () => {
    const io = testIo(dir);
    expect(await main(['import', dayFirst, events, '--db', 'memory:'], io)).toBe(2);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toMatch(
      /day-first\.csv \(events\): 2 rows, 0 accepted, 0 duplicates skipped, 2 rejected \(unparseable date: 2\)/,
    );
    expect(lines[2]).toBe(
      `2 rows have a date the events format does not read; it reads ISO 8601, e.g. 2024-01-05, 2024-01-05T10:00:00Z or 2024-01-05 10:00:00+01:00 (without a zone: UTC); day-first dates such as 05/01/2024 10:00 and epoch numbers (NDJSON too) are not read: convert the column first (storewise rejects --source ${dayFirst} shows them)`,
    );
    // The file after it is still imported.
    expect(lines[3]).toMatch(/events\.csv \(events\): 3 rows, 2 accepted/);
    expect(io.err()).toBe(
      `storewise: no row of ${dayFirst} was imported: every row was rejected (the lines above say why; storewise rejects lists them)\n`,
    );
    // Imported again, its rows are rejects again (not duplicates): still nothing, still 2.
    const again = testIo(dir);
    expect(await main(['import', events, '--db', 'memory:'], again)).toBe(0);
  });
});

describe('storewise import: rows of erased customers', () => {
  it("counts the customers and the items only erased customers' rows name apart from those stored", async () => {
    const db = join(dir, 'erased-db');
    const customers = file('erased-customers.csv', ['customer_id,country', 'c1,DE']);
    expect(await main(['import', customers, '--db', db], testIo(dir))).toBe(0);
    const deleted = testIo(dir);
    expect(await main(['customer', 'delete', 'c2', '--db', db], deleted)).toBe(0);
    // c2 alone names s3; s1 is named by c1 as well.
    const named = file('erased-items.csv', [
      EVENTS_HEADER,
      'x1,purchase,c1,s1,2024-01-02T10:00:00Z,1,5,',
      'x2,purchase,c2,s1,2024-01-03T10:00:00Z,1,5,',
      'x3,view,c2,s3,2024-01-04T10:00:00Z,,,',
    ]);
    const io = testIo(dir);
    expect(await main(['import', named, '--db', db], io)).toBe(0);
    expect(io.out()).toContain(
      "the valid rows name 1 customer (besides 1 erased customer, left out) and 1 item (besides 1 item named only in erased customers' rows, left out)",
    );
    const json = testIo(dir);
    expect(await main(['import', named, '--db', db, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({
      customers: 2,
      erasedCustomers: 1,
      items: 2,
      erasedItems: 1,
    });
    const info = testIo(dir);
    expect(await main(['info', '--db', db, '--json'], info)).toBe(0);
    expect(JSON.parse(info.out())).toMatchObject({ customers: 1, items: 1 });
  });
});

describe('--data', () => {
  it('tells the format by the first line, and warns on stderr of the rows it rejected and columns it ignored', async () => {
    const io = testIo(dir);
    expect(await main(['segment', 'rfm', '--data', events, '--as-of', '2024-03-01', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).customers).toBe(2);
    expect(io.err()).toBe(
      `storewise: warning: 1 row of ${events} rejected (negative price: 1) and left out of this analysis: storewise import ${events} keeps them (storewise rejects lists them)\n` +
        'storewise: warning: ignored columns: utm_source\n',
    );
  });

  it('fails when no row of the file could be read', async () => {
    const io = testIo(dir);
    expect(await main(['clv', '--data', dayFirst], io)).toBe(1);
    expect(io.err().trim().split('\n').at(-1)).toBe(
      `storewise: no row of ${dayFirst} could be read: all 2 were rejected; storewise import ${dayFirst} shows why`,
    );
    expect(io.out()).toBe('');
  });
});
