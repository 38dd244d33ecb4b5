import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ImportReject, openStorage, type Storage } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportInputError, importFile } from '../../src/import/index.js';
import { fixture } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejectsOf(storage: Storage): Promise<ImportReject[]> {
  const out: ImportReject[] = [];
  for await (const batch of storage.scanRejects()) out.push(...batch);
  return out.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
}

// Expected counts are read off the fixture by hand (see online-retail.test.ts): 15 rows, 7 rejected
// (9 bad fields), 8 valid of which one exact duplicate; customers 17850, 15311, 14527, 12583; items
// 85123A, 71053, 82567, D, 21773, 22728, 22752.
const SMALL_SUMMARY = {
  format: 'online-retail',
  rows: 15,
  accepted: 7,
  duplicates: 1,
  rejected: {
    total: 7,
    byReason: {
      'unparseable date': 2,
      'non-numeric quantity': 2,
      'missing id': 1,
      'negative price': 2,
      'non-positive quantity': 2,
    },
  },
  customers: 4,
  items: 7,
};

/** An unrelated event, stored first where a test needs an import that is not the first one. */
const SEED = { eventId: 'seed', type: 'view' as const, customerId: null, sku: null, timestamp: new Date(0) };

let opened = 0;
const ADAPTERS: [string, () => Promise<Storage>][] = [
  ['memory', () => openStorage('memory:')],
  ['pglite (temp directory)', () => openStorage(join(dir, `db-${++opened}`))],
];
// The same tests on a real PostgreSQL server (skipped, and said so, only where none runs and CI is not set).
const server = await postgresTestServer();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});
if (server.available) {
  ADAPTERS.push([
    'postgres',
    async () => {
      const db = await server.freshDatabase();
      drops.push(db.drop);
      return openStorage(db.url);
    },
  ]);
}

describe.each(ADAPTERS)('importFile on %s', (name, open) => {
  it('imports valid rows, counts duplicates and records rejects with file, line, field and reason', async () => {
    const storage = await open();
    const summary = await importFile(storage, fixture('online-retail-small.csv'), {
      format: 'online-retail',
    });
    expect(summary).toMatchObject(SMALL_SUMMARY);
    const counts = await storage.counts();
    expect(counts).toMatchObject({
      customers: 4,
      items: 7,
      events: 7,
      eventsByType: { purchase: 6, return: 1 },
    });
    const rejects = await rejectsOf(storage);
    expect(rejects).toHaveLength(9);
    expect(rejects[0]).toMatchObject({
      source: realpathSync(fixture('online-retail-small.csv')),
      line: 9,
      field: 'InvoiceDate',
      reason: 'unparseable date',
    });
    expect((await storage.getItem('82567'))?.title).toBe('AIRLINE LOUNGE,METAL SIGN');
    expect((await storage.getCustomer('12583'))?.country).toBe('France');
    await storage.close();
  });

  it('changes nothing when the same file is imported again', async () => {
    const storage = await open();
    await importFile(storage, fixture('online-retail-small.csv'), { format: 'online-retail' });
    const before = await storage.counts();
    const again = await importFile(storage, fixture('online-retail-small.csv'), { format: 'online-retail' });
    expect(again).toMatchObject({ rows: 15, accepted: 0, duplicates: 8, rejected: { total: 7 } });
    expect(await storage.counts()).toEqual(before);
    await storage.close();
  });

  it('imports events given without ids as one event per distinct content, again and from NDJSON', async () => {
    const storage = await open();
    const csv = await importFile(storage, fixture('events-no-id.csv'), { format: 'events' });
    // Lines 2 and 3 say the same (events.test.ts); line 6 lacks its sku.
    expect(csv).toMatchObject({ rows: 5, accepted: 3, duplicates: 1, rejected: { total: 1 } });
    // Its two purchases and its view are already stored; only the record with its own id is new.
    const nd = await importFile(storage, fixture('events-no-id.ndjson'), { format: 'events' });
    expect(nd).toMatchObject({ rows: 4, accepted: 1, duplicates: 3, rejected: { total: 0 } });
    const again = await importFile(storage, fixture('events-no-id.csv'), { format: 'events' });
    expect(again).toMatchObject({ accepted: 0, duplicates: 4 });
    expect((await storage.counts()).eventsByType).toEqual({ purchase: 2, view: 2 });
    await storage.close();
  });

  it('reports rows repeating an id with other content as rejects of the row, keeping the first stored', async () => {
    const storage = await open();
    const first = join(dir, `repeats-${name}.csv`);
    writeFileSync(
      first,
      [
        'event_id,type,customer_id,sku,timestamp,quantity,unit_price',
        'a1,view,c1,sku-1,2024-03-01T10:00:00Z,,',
        'a2,view,c1,sku-2,2024-03-01T10:01:00Z,,',
        'a1,purchase,c1,sku-1,2024-03-01T10:00:00Z,2,5',
        'a2,view,c1,sku-2,2024-03-01T10:01:00Z,,',
        '',
      ].join('\n'),
    );
    const summary = await importFile(storage, first, { format: 'events' });
    expect(summary).toMatchObject({
      rows: 4,
      accepted: 2,
      duplicates: 2,
      differing: 1,
      rejected: { total: 0 },
    });
    const source = realpathSync(first);
    const reason = 'duplicate id, different content: kept the first stored';
    const firstRejects = [
      {
        source,
        line: 4,
        field: 'quantity',
        reason,
        raw: 'event_id a1: stored nothing, this row 2',
        customerId: 'c1',
      },
      {
        source,
        line: 4,
        field: 'type',
        reason,
        raw: 'event_id a1: stored "view", this row "purchase"',
        customerId: 'c1',
      },
      {
        source,
        line: 4,
        field: 'unit_price',
        reason,
        raw: 'event_id a1: stored nothing, this row 5',
        customerId: 'c1',
      },
    ];
    expect(await rejectsOf(storage)).toEqual(firstRejects);
    // Not a first import: the stored a1 is compared with this file's.
    const second = join(dir, `repeats-2-${name}.csv`);
    writeFileSync(
      second,
      'event_id,type,customer_id,sku,timestamp\nb1,view,c2,sku-1,2024-03-02T10:00:00Z\na1,view,c2,sku-1,2024-03-01T10:00:00Z\n',
    );
    expect(await importFile(storage, second, { format: 'events' })).toMatchObject({
      rows: 2,
      accepted: 1,
      duplicates: 1,
      differing: 1,
      rejected: { total: 0 },
    });
    expect((await rejectsOf(storage)).filter((r) => r.source === realpathSync(second))).toEqual([
      {
        source: realpathSync(second),
        line: 3,
        field: 'customer_id',
        reason,
        // Not the stored customer's id: the reject is kept under c2 (erasing c1 must leave none of theirs).
        raw: 'event_id a1: stored another customer, this row "c2"',
        customerId: 'c2',
      },
    ]);
    // The same file again: every row a duplicate, the same row differing, no reject added.
    expect(await importFile(storage, first, { format: 'events' })).toMatchObject({
      accepted: 0,
      duplicates: 4,
      differing: 1,
    });
    expect(await rejectsOf(storage)).toHaveLength(4);
    const stored = [];
    for await (const batch of storage.scanEvents()) stored.push(...batch);
    expect(stored.find((e) => e.eventId === 'a1')).toMatchObject({
      type: 'view',
      customerId: 'c1',
      quantity: null,
    });
    await storage.close();
  });

  it('reports the differing repeats of a first import in bulk (SQL: once the load settles), on their lines', async () => {
    const storage = await open();
    // 3,000 rows in batches of 1,000: every 10th repeats the id of the row 5 before it, every 20th as a purchase.
    const path = join(dir, `repeats-bulk-${name}.csv`);
    const lines = ['event_id,type,customer_id,sku,timestamp,quantity'];
    for (let k = 0; k < 3000; k++) {
      const n = k % 10 === 9 ? k - 5 : k;
      const time = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();
      const differs = k % 20 === 9;
      lines.push(`L-${n},${differs ? 'purchase' : 'view'},c${n % 50},s${n % 40},${time},${differs ? 1 : ''}`);
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
    const summary = await importFile(storage, path, { format: 'events', batchSize: 1000 });
    expect(summary).toMatchObject({
      rows: 3000,
      accepted: 2700,
      duplicates: 300,
      differing: 150,
      rejected: { total: 0 },
    });
    const rejects = await rejectsOf(storage);
    const expected = [];
    for (let k = 9; k < 3000; k += 20)
      expected.push(
        { line: k + 2, field: 'quantity', raw: `event_id L-${k - 5}: stored nothing, this row 1` },
        { line: k + 2, field: 'type', raw: `event_id L-${k - 5}: stored "view", this row "purchase"` },
      );
    expect(rejects.map(({ line, field, raw }) => ({ line, field, raw }))).toEqual(expected);
    expect((await storage.counts()).eventsByType).toEqual({ view: 2700 });
    await storage.close();
  });

  it('writes batches of 20,000 events into a PostgreSQL server and of 5,000 elsewhere, unless told', async () => {
    const file = join(dir, `batches-${name}.csv`);
    const lines = ['event_id,type,sku,timestamp'];
    for (let k = 0; k < 24_000; k++) lines.push(`b${k},view,s${k % 50},2024-03-01T10:00:00Z`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const batchesOf = async (storage: Storage, batchSize?: number) => {
      let batches = 0;
      const summary = await importFile(storage, file, {
        format: 'events',
        onProgress: () => batches++,
        ...(batchSize ? { batchSize } : {}),
      });
      return { batches, accepted: summary.accepted };
    };
    const storage = await open();
    expect(storage.kind).toBe(
      name === 'postgres' ? 'postgres' : name.startsWith('pglite') ? 'pglite' : 'memory',
    );
    expect(await batchesOf(storage)).toEqual({ batches: name === 'postgres' ? 2 : 5, accepted: 24_000 });
    expect(await batchesOf(storage, 10_000)).toEqual({ batches: 3, accepted: 0 });
    // Items and customers: 5,000 everywhere (each batch's records are upserted in one statement).
    const catalog = join(dir, `catalog-${name}.csv`);
    writeFileSync(
      catalog,
      `sku,stock\n${Array.from({ length: 6_000 }, (_, k) => `s${k},${k}`).join('\n')}\n`,
    );
    let catalogBatches = 0;
    expect(await importFile(storage, catalog, { onProgress: () => catalogBatches++ })).toMatchObject({
      format: 'items',
      accepted: 6_000,
    });
    expect(catalogBatches).toBe(2);
    await storage.close();
  });

  it('stores every field of every row of a file read in many batches (their buffers reused)', async () => {
    const file = join(dir, `many-${name}.csv`);
    const rows = Array.from({ length: 12_000 }, (_, k) => ({
      eventId: `m${k}-${'x'.repeat(k % 17)}`,
      type: k % 3 === 0 ? ('purchase' as const) : ('view' as const),
      customerId: `c${k % 400}`,
      sku: `s${(k * 7) % 900}`,
      timestamp: new Date(Date.UTC(2024, 0, 1) + k * 60_000),
      quantity: k % 3 === 0 ? 1 + (k % 5) : null,
      sessionId: `sess-${k}`,
    }));
    const lines = ['event_id,type,customer_id,sku,timestamp,quantity,session_id'];
    for (const r of rows)
      lines.push(
        `${r.eventId},${r.type},${r.customerId},${r.sku},${r.timestamp.toISOString()},${r.quantity ?? ''},${r.sessionId}`,
      );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const storage = await open();
    const summary = await importFile(storage, file, { format: 'events', batchSize: 1_000 });
    expect(summary).toMatchObject({ accepted: 12_000, duplicates: 0 });
    const stored = [];
    for await (const batch of storage.scanEvents({ batchSize: 5_000 })) stored.push(...batch);
    expect(
      stored.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        customerId: e.customerId,
        sku: e.sku,
        timestamp: e.timestamp,
        quantity: e.quantity,
        sessionId: e.sessionId,
      })),
    ).toEqual(rows);
    await storage.close();
  });

  it('writes nothing when the header is wrong', async () => {
    const storage = await open();
    await expect(importFile(storage, fixture('bad-header.csv'), { format: 'online-retail' })).rejects.toThrow(
      /lacks the columns Quantity, CustomerID \(or Customer ID\)/,
    );
    expect(await storage.counts()).toMatchObject({ customers: 0, items: 0, events: 0, rejects: 0 });
    await storage.close();
  });

  it('leaves nothing of a batch whose write fails, and keeps the batches before it', async () => {
    const storage = await open();
    // Events already stored: this is not a first import, so every batch commits on its own.
    await storage.appendEvents([SEED]);
    let appends = 0;
    const failing = failSecondAppend(storage, () => ++appends);
    await expect(
      importFile(failing, fixture('online-retail-small.csv'), { format: 'online-retail', batchSize: 4 }),
    ).rejects.toThrow(/disk full/);
    // Batch 1 = data lines 2-5 (3 new events, 1 duplicate); batch 2 (lines 6-9) failed after its items
    // and customers were upserted, so its return, anonymous row, France customer and reject are gone.
    const counts = await storage.counts();
    expect(counts).toMatchObject({ events: 1 + 3, customers: 2, items: 3, rejects: 0 });
    expect(await storage.getCustomer('12583')).toBeNull();
    await storage.close();
  });

  it('refuses a row with a NUL character, naming its line and field, and stores the rest', async () => {
    const storage = await open();
    // A NUL byte (which PostgreSQL cannot store) in a description and in an events row's query.
    const retail = join(dir, `nul-${opened}.csv`);
    writeFileSync(
      retail,
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
        '536365,85123A,WHITE\u0000HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n' +
        '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n',
    );
    const summary = await importFile(storage, retail, { format: 'online-retail' });
    expect(summary).toMatchObject({
      rows: 2,
      accepted: 1,
      rejected: { total: 1, byReason: { 'NUL character': 1 } },
    });
    const events = join(dir, `nul-${opened}.ndjson`);
    writeFileSync(
      events,
      `${JSON.stringify({ event_id: 'q1', type: 'search', timestamp: '2024-01-01T00:00:00Z', query: 'mug\u0000' })}\n` +
        `${JSON.stringify({ event_id: 'q2', type: 'search', timestamp: '2024-01-01T00:00:00Z', query: 'mug' })}\n` +
        // A lone surrogate, which only a JSON escape can give: storage cannot keep it either.
        '{"event_id":"q3","type":"search","timestamp":"2024-01-01T00:00:00Z","query":"mug \\ud800"}\n',
    );
    expect(await importFile(storage, events, { format: 'events' })).toMatchObject({ accepted: 1 });
    const rejects = await rejectsOf(storage);
    expect(rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
      [1, 'query', 'NUL character'],
      [2, 'Description', 'NUL character'],
      [3, 'query', 'ill-formed Unicode'],
    ]);
    // The rejected row is kept with the NUL shown as U+FFFD.
    expect(rejects[1]!.raw).toBe(
      '536365,85123A,WHITE\ufffdHEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
    );
    expect(await storage.counts()).toMatchObject({ events: 2, items: 1 });
    await storage.close();
  });

  it('rejects numbers and dates beyond what storage keeps, naming line and field, and stores the rest', async () => {
    const storage = await open();
    const row = (fields: Record<string, unknown>) =>
      JSON.stringify({
        type: 'purchase',
        sku: 'mug',
        quantity: 1,
        timestamp: '2024-01-01T00:00:00Z',
        ...fields,
      });
    const events = join(dir, `range-${opened}.ndjson`);
    writeFileSync(
      events,
      [
        row({ event_id: 'r1', quantity: 1e308 }),
        row({ event_id: 'r2', unit_price: 1.5e12 }),
        row({ event_id: 'r3', timestamp: '1969-12-31T23:59:59Z' }),
        row({ event_id: 'r4', timestamp: '2200-01-01T00:00:00Z' }),
        row({ event_id: 'r5', type: 'rating', rating: -2e12 }),
        row({ event_id: 'r6', price: 1e13 }),
        row({ event_id: 'ok', unit_price: 1e12, timestamp: '1970-01-01T00:00:00Z' }),
        '',
      ].join('\n'),
    );
    expect(await importFile(storage, events, { format: 'events' })).toMatchObject({
      accepted: 1,
      rejected: {
        total: 6,
        byReason: {
          'quantity out of range': 1,
          'price out of range': 2,
          'date out of range': 2,
          'rating out of range': 1,
        },
      },
    });
    const ratings = join(dir, `range-${opened}.data`);
    writeFileSync(ratings, '1\t10\t4\t881250949\n2\t10\t4\t9999999999\n3\t10\t1e13\t881250949\n');
    expect(await importFile(storage, ratings, { format: 'movielens' })).toMatchObject({ accepted: 1 });
    expect(
      (await rejectsOf(storage)).map((r) => [r.source.endsWith('.data'), r.line, r.field, r.reason]),
    ).toEqual([
      [false, 1, 'quantity', 'quantity out of range'],
      [true, 2, 'timestamp', 'date out of range'],
      [false, 2, 'unit_price', 'price out of range'],
      [true, 3, 'rating', 'rating out of range'],
      [false, 3, 'timestamp', 'date out of range'],
      [false, 4, 'timestamp', 'date out of range'],
      [false, 5, 'rating', 'rating out of range'],
      [false, 6, 'price', 'price out of range'],
    ]);
    expect(await storage.counts()).toMatchObject({ events: 2 });
    await storage.close();
  });

  it('rejects ids longer than storage keeps and stock it cannot hold, naming line and field, and stores the rest', async () => {
    // Storage refuses such a batch whole (MAX_KEY_LENGTH = 800 characters, stock a 32-bit integer);
    // before the readers checked them, one such row failed the whole import, naming no line.
    const storage = await open();
    const long = 'x'.repeat(801);
    const edge = 'y'.repeat(800);
    const events = join(dir, `ids-${opened}.csv`);
    writeFileSync(
      events,
      [
        'event_id,type,customer_id,sku,timestamp,stock',
        `${long},view,c1,mug,2024-01-01T00:00:00Z,`,
        `e2,view,${long},mug,2024-01-01T00:00:00Z,`,
        `e3,view,c1,${long},2024-01-01T00:00:00Z,`,
        'e4,view,c1,mug,2024-01-01T00:00:00Z,2.5',
        'e5,view,c1,mug,2024-01-01T00:00:00Z,2147483648',
        `${edge},view,${edge},${edge},2024-01-01T00:00:00Z,-2147483648`,
        '',
      ].join('\n'),
    );
    expect(await importFile(storage, events)).toMatchObject({
      accepted: 1,
      rejected: {
        total: 5,
        byReason: { 'id too long': 3, 'non-integer stock': 1, 'stock out of range': 1 },
      },
    });
    expect((await storage.getItem(edge))?.stock).toBe(-2147483648);
    // Online Retail: the stock code, the customer, and the event id made of invoice and stock code
    // (`or-<invoice>-<code>-<hash>`, at most 16 characters more than the two).
    const retail = join(dir, `ids-${opened}-retail.csv`);
    const line = (invoice: string, code: string, customer: string) =>
      `${invoice},${code},MUG,1,12/1/2010 8:26,2.55,${customer},United Kingdom`;
    writeFileSync(
      retail,
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        line('536365', long, '17850'),
        line('536365', '85123A', `${long}.0`),
        line('9'.repeat(400), 'z'.repeat(385), '17850'),
        line('9'.repeat(400), 'z'.repeat(384), '17850'),
        '',
      ].join('\n'),
    );
    expect(await importFile(storage, retail)).toMatchObject({ accepted: 1, rejected: { total: 3 } });
    // MovieLens: the user, the movie, and the event id (`ml-<user>-<movie>`) made of both.
    const ratings = join(dir, `ids-${opened}.data`);
    writeFileSync(
      ratings,
      [
        '1\t10\t4\t881250949', // the first line tells the layout: its ids must be numbers
        `${long}\t10\t4\t881250949`,
        `1\t${long}\t4\t881250949`,
        `${'1'.repeat(400)}\t${'2'.repeat(397)}\t4\t881250949`,
        `${'1'.repeat(400)}\t${'2'.repeat(396)}\t4\t881250949`,
        '',
      ].join('\n'),
    );
    expect(await importFile(storage, ratings, { format: 'movielens' })).toMatchObject({ accepted: 2 });
    const rejects = (await rejectsOf(storage)).map((r) => [
      r.source.split('.').at(-1),
      r.line,
      r.field,
      r.reason,
    ]);
    expect(rejects).toEqual(
      expect.arrayContaining([
        ['csv', 2, 'event_id', 'id too long'],
        ['csv', 3, 'customer_id', 'id too long'],
        ['csv', 4, 'sku', 'id too long'],
        ['csv', 5, 'stock', 'non-integer stock'],
        ['csv', 6, 'stock', 'stock out of range'],
        ['csv', 2, 'StockCode', 'id too long'],
        ['csv', 3, 'CustomerID', 'id too long'],
        ['csv', 4, 'InvoiceNo', 'id too long'],
        ['data', 2, 'user', 'id too long'],
        ['data', 3, 'item', 'id too long'],
        ['data', 4, 'item', 'id too long'],
      ]),
    );
    expect(rejects).toHaveLength(11);
    expect(await storage.counts()).toMatchObject({ events: 4 });
    await storage.close();
  });

  it("keeps the facts of a record's latest time: an old export after a catalog or newer orders only fills gaps", async () => {
    const storage = await open();
    const file = (name: string, text: string) => {
      const path = join(dir, `${name}-${++opened}.csv`);
      writeFileSync(path, text);
      return path;
    };
    const header = 'event_id,type,timestamp,customer_id,sku,title,price,stock,category,country\n';
    // The catalog and the customers first (they hold as of now), then the order history.
    await importFile(storage, file('items', 'sku,title,price,stock\ns1,Mug,12,5\n'));
    await importFile(storage, file('customers', 'customer_id,country\nc1,DE\n'));
    await importFile(
      storage,
      file('history', `${header}e1,purchase,2024-01-05T10:00:00Z,c1,s1,Old mug,9,0,Home,XX\n`),
    );
    expect(await storage.getItem('s1')).toMatchObject({
      title: 'Mug',
      price: 12,
      stock: 5,
      categoryPath: ['Home'],
    });
    expect((await storage.getCustomer('c1'))?.country).toBe('DE');
    // Orders alone: the later order's facts win, in either order of the files and of the rows in one.
    await importFile(
      storage,
      file(
        'recent',
        `${header}e3,purchase,2024-03-01T10:00:00Z,c2,s2,,10,,,FR\ne2,purchase,2024-02-01T10:00:00Z,c2,s2,Cup,8,,,BE\n`,
      ),
    );
    expect(await storage.getItem('s2')).toMatchObject({ title: 'Cup', price: 10 });
    expect((await storage.getCustomer('c2'))?.country).toBe('FR');
    // An old row again (its event a duplicate, skipped): nothing of it comes back.
    const again = await importFile(
      storage,
      file('older', `${header}e2,purchase,2024-02-01T10:00:00Z,c2,s2,Cup,8,,,BE\n`),
    );
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await storage.getItem('s2')).toMatchObject({ title: 'Cup', price: 10 });
    expect((await storage.getCustomer('c2'))?.country).toBe('FR');
    await storage.close();
  });

  it('imports a catalog and customers: each valid row creates or updates its record, an empty field keeps what is stored', async () => {
    const storage = await open();
    const items = join(dir, `items-${opened}.csv`);
    writeFileSync(
      items,
      'sku,title,price,stock,recommendable\nm1,Blue mug,12.5,40,\ng1,Gift card,10,,no\nm2,Plate,x,,\n',
    );
    // The format told by the header; batches of one row.
    expect(await importFile(storage, items, { batchSize: 1 })).toMatchObject({
      format: 'items',
      rows: 3,
      accepted: 2,
      duplicates: 0,
      rejected: { total: 1, byReason: { 'non-numeric price': 1 } },
      items: 2,
      customers: 0,
    });
    expect(await storage.getItem('m1')).toMatchObject({ title: 'Blue mug', price: 12.5, stock: 40 });
    expect((await storage.getItem('g1'))?.attributes).toEqual({ recommendable: false });
    expect(await storage.getItem('m2')).toBeNull();
    // A stock feed: SKUs and stock only; what else is stored stays.
    const feed = join(dir, `stock-${opened}.csv`);
    writeFileSync(feed, 'sku,stock\nm1,0\nm3,5\n');
    expect(await importFile(storage, feed)).toMatchObject({ format: 'items', accepted: 2, items: 2 });
    expect(await storage.getItem('m1')).toMatchObject({ title: 'Blue mug', price: 12.5, stock: 0 });
    expect(await storage.getItem('m3')).toMatchObject({ title: null, stock: 5 });
    const customers = join(dir, `customers-${opened}.ndjson`);
    writeFileSync(
      customers,
      '{"customer_id":"c1","country":"DE","consent_marketing":true}\n{"customer_id":"c2","consent_analytics":"no"}\n',
    );
    expect(await importFile(storage, customers)).toMatchObject({
      format: 'customers',
      accepted: 2,
      customers: 2,
    });
    expect(await storage.getCustomer('c1')).toMatchObject({ country: 'DE', consent: { marketing: true } });
    expect((await storage.getCustomer('c2'))?.consent).toEqual({ analytics: false });
    // The same files again change nothing.
    const before = await storage.counts();
    await importFile(storage, feed);
    await importFile(storage, customers);
    expect(await storage.counts()).toEqual(before);
    expect(before).toMatchObject({ items: 3, customers: 2, events: 0, rejects: 1 });
    expect(await storage.getItem('m1')).toMatchObject({ stock: 0 });
    await storage.close();
  });

  it('imports a Shopify orders export, and the same export again adds nothing', async () => {
    const storage = await open();
    const file = fixture('shopify-orders.csv');
    expect(await importFile(storage, file)).toMatchObject({
      format: 'shopify-orders',
      rows: 6,
      accepted: 5,
      duplicates: 0,
      rejected: { total: 1, byReason: { 'non-numeric quantity': 1 } },
      customers: 3,
      items: 3,
    });
    expect(await importFile(storage, file)).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(await storage.counts()).toMatchObject({
      events: 5,
      eventsByType: { purchase: 4, add_to_cart: 1 },
      customers: 3,
      items: 3,
    });
    expect(await storage.getCustomer('bob@example.com')).toMatchObject({
      country: 'FR',
      consent: { marketing: false },
    });
    expect(await storage.getItem('TT-1')).toMatchObject({
      title: 'Tea towel, linen',
      price: 5,
      currency: 'EUR',
    });
    await storage.close();
  });

  it('imports a Shopify products export: its variants as items, the stock and status they give', async () => {
    const storage = await open();
    const file = fixture('shopify-products.csv');
    const expected = {
      format: 'shopify-products',
      rows: 6, // a row that adds only an image is not counted
      accepted: 5,
      rejected: { total: 1, byReason: { 'non-numeric price': 1, 'non-integer stock': 1 } },
      items: 5,
    };
    expect(await importFile(storage, file)).toMatchObject(expected);
    expect(await storage.getItem('MUG-L')).toMatchObject({ title: 'Blue mug - Large', price: 14, stock: 0 });
    expect((await storage.getItem('SC-R-M'))?.attributes).toEqual({ recommendable: false });
    const before = await storage.counts();
    expect(await importFile(storage, file)).toMatchObject(expected);
    expect(await storage.counts()).toEqual(before);
    expect(before).toMatchObject({ items: 5, events: 0 });
    await storage.close();
  });

  it('imports a Shopify customers export after the orders: the same customers, their choices kept', async () => {
    const storage = await open();
    await importFile(storage, fixture('shopify-orders.csv'));
    expect(await importFile(storage, fixture('shopify-customers.csv'))).toMatchObject({
      format: 'shopify-customers',
      accepted: 3,
      rejected: { total: 2 },
      customers: 3,
    });
    // alice and bob ordered; dana only subscribed. One customer each, whatever the case of the email.
    expect((await storage.counts()).customers).toBe(4);
    expect(await storage.getCustomer('dana@example.com')).toMatchObject({
      country: 'FR',
      consent: { marketing: true },
    });
    expect((await storage.getCustomer('bob@example.com'))?.consent).toEqual({ marketing: false });
    await storage.close();
  });

  it("leaves an erased customer's records and rows out, counted as erased, in a customers file and an events file", async () => {
    const storage = await open();
    await storage.deleteCustomer('c2');
    const customers = join(dir, 'erased-customers.csv');
    writeFileSync(customers, 'customer_id,country\nc1,DE\nc2,FR\nc3,ES\n');
    expect(await importFile(storage, customers)).toMatchObject({
      format: 'customers',
      accepted: 2,
      erased: 1,
      customers: 3,
      erasedCustomers: 1,
    });
    const events = join(dir, 'erased-events.csv');
    writeFileSync(
      events,
      'event_id,type,customer_id,sku,timestamp\ne1,view,c1,A,2024-01-01T00:00:00Z\ne2,view,c2,A,2024-01-02T00:00:00Z\ne3,view,c2,B,2024-01-03T00:00:00Z\n',
    );
    // The valid rows name c1 and c2, A and B; the store holds c1 and A alone of them (B only in c2's rows).
    expect(await importFile(storage, events)).toMatchObject({
      accepted: 1,
      duplicates: 0,
      erased: 2,
      customers: 2,
      erasedCustomers: 1,
      items: 2,
      erasedItems: 1,
    });
    expect(await storage.getCustomer('c2')).toBeNull();
    expect(await storage.getItem('B')).toBeNull();
    expect(await storage.counts()).toMatchObject({ customers: 2, items: 1, events: 1, erasedCustomers: 1 });
    await storage.close();
  });

  it("counts an item as named only by erased customers' rows when no kept row in any batch names it", async () => {
    const storage = await open();
    await storage.deleteCustomer('c2');
    const events = join(dir, 'erased-items-batches.csv');
    // A batch a row: C is named by a kept row before c2's, D after it, E by c2 alone.
    writeFileSync(
      events,
      'event_id,type,customer_id,sku,timestamp\n' +
        'f1,view,c1,C,2024-01-01T00:00:00Z\nf2,view,c2,C,2024-01-02T00:00:00Z\n' +
        'f3,view,c2,D,2024-01-03T00:00:00Z\nf4,view,c1,D,2024-01-04T00:00:00Z\n' +
        'f5,view,c2,E,2024-01-05T00:00:00Z\nf6,view,,E2,2024-01-06T00:00:00Z\n',
    );
    expect(await importFile(storage, events, { batchSize: 1 })).toMatchObject({
      accepted: 3,
      erased: 3,
      items: 4,
      erasedItems: 1,
    });
    expect(await storage.getItem('E')).toBeNull();
    expect(await storage.counts()).toMatchObject({ items: 3, events: 3 });
    await storage.close();
  });

  it('leaves nothing at all when a first import fails (one transaction)', async () => {
    const storage = await open();
    let appends = 0;
    const failing = failSecondAppend(storage, () => ++appends);
    await expect(
      importFile(failing, fixture('online-retail-small.csv'), { format: 'online-retail', batchSize: 4 }),
    ).rejects.toThrow(/disk full/);
    expect(appends).toBe(2);
    expect(await storage.counts()).toMatchObject({ events: 0, customers: 0, items: 0, rejects: 0 });
    await storage.close();
  });
});

// Behaviour that does not depend on the adapter runs on memory only, to keep the suite fast.
describe('importFile (memory)', () => {
  const open = () => openStorage('memory:');
  it('tells the format from the first line when none is given', async () => {
    const storage = await openStorage('memory:');
    expect(await importFile(storage, fixture('online-retail-small.csv'))).toMatchObject(SMALL_SUMMARY);
    expect(await importFile(storage, fixture('events-small.ndjson'))).toMatchObject({
      format: 'events',
      accepted: 3,
    });
    await expect(importFile(storage, fixture('../helpers/read-all.ts'))).rejects.toThrow(
      /cannot tell the format of .*read-all\.ts from its first line/,
    );
    await storage.close();
  });

  it('reads gzipped files directly, whatever their name', async () => {
    const path = join(dir, 'retail.dat');
    writeFileSync(path, gzipSync(readFileSync(fixture('online-retail-small.csv'))));
    const storage = await open();
    const summary = await importFile(storage, path, { format: 'online-retail', batchSize: 3 });
    expect(summary).toMatchObject({ ...SMALL_SUMMARY, file: path });
    await storage.close();
  });

  it('reads files whose lines end in a carriage return alone (Excel for Mac) as their LF originals', async () => {
    const crOnly = (file: string) =>
      Buffer.from(readFileSync(fixture(file), 'utf8').replace(/\r?\n/g, '\r'), 'utf8');
    const retail = join(dir, `mac-retail-${++opened}.csv`);
    writeFileSync(retail, crOnly('online-retail-small.csv'));
    const storage = await open();
    // The format told from its first line, as for the original.
    expect(await importFile(storage, retail)).toMatchObject(SMALL_SUMMARY);
    await storage.close();
    // Gzipped: the same summary and the same rejects, on the same lines, as the LF original.
    const events = join(dir, `mac-events-${++opened}.csv.gz`);
    writeFileSync(events, gzipSync(crOnly('events-small.csv')));
    const [mac, lf] = [await open(), await open()];
    const summary = await importFile(mac, events, { format: 'events' });
    const original = await importFile(lf, fixture('events-small.csv'), { format: 'events' });
    expect(summary).toMatchObject({ rows: 12, accepted: 5, duplicates: 1, rejected: { total: 6 } });
    expect(summary.rejected).toEqual(original.rejected);
    const lines = async (s: Storage) => (await rejectsOf(s)).map((r) => [r.line, r.field, r.reason]);
    expect(await lines(mac)).toEqual(await lines(lf));
    await mac.close();
    await lf.close();
  });

  it("reads lines ended by CR, LF and CR LF mixed in one file, also across the reader's pieces", async () => {
    // A header ended by a carriage return alone (as a Mac program writes it), rows ended by each kind in
    // turn, and a row whose line end falls on the last byte of the first 256 KB piece: a CR that ends a
    // line there, in one file, and a CR LF split between two pieces, in another. One row is bad (type).
    const header = 'event_id,type,customer_id,sku,timestamp';
    const ends = ['\r', '\n', '\r\n'];
    const make = (boundary: '\r' | '\r\n') => {
      let text = `${header}\r`;
      let i = 0;
      const row = (n: number) =>
        `e${n},${n === 7 ? 'peek' : 'view'},c${n % 40},s${n % 25},2024-01-01T00:00:00Z`;
      while (text.length < 256 * 1024 - 100) text += row(i) + ends[i++ % 3];
      // Pad the next row's sku so that its line end starts at byte 256 KB - 1.
      const last = row(i);
      const pad = 256 * 1024 - 1 - text.length - last.length;
      text += `${last.replace(/,s(\d+),/, (_, n) => `,s${n}${'x'.repeat(pad)},`)}${boundary}`;
      i++;
      for (const end of ends) text += row(i++) + end;
      return { text, rows: i };
    };
    for (const boundary of ['\r', '\r\n'] as const) {
      const { text, rows } = make(boundary);
      expect(text.indexOf(boundary, 256 * 1024 - 2)).toBe(256 * 1024 - 1);
      for (const gz of [false, true]) {
        const path = join(dir, `mixed-ends-${++opened}.csv${gz ? '.gz' : ''}`);
        writeFileSync(path, gz ? gzipSync(text) : text);
        const storage = await open();
        const summary = await importFile(storage, path, { format: 'events' });
        expect(summary).toMatchObject({ rows, accepted: rows - 1, rejected: { total: 1 } });
        // Line 1 is the header: e7 is on line 9.
        expect((await rejectsOf(storage)).map((r) => [r.line, r.field])).toEqual([[9, 'type']]);
        await storage.close();
      }
    }
  });

  it('refuses an Excel workbook or a ZIP archive by its first bytes, saying to save the sheet as CSV', async () => {
    // A ZIP's local file header (an .xlsx is one; UCI ships Online Retail so) and an OLE2 file (.xls).
    const xlsx = join(dir, 'Online Retail.xlsx');
    writeFileSync(
      xlsx,
      Buffer.concat([
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]),
        Buffer.from('[Content_Types].xml'),
      ]),
    );
    const xls = join(dir, 'orders.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const storage = await open();
    await expect(importFile(storage, xlsx, { format: 'online-retail' })).rejects.toThrow(
      `${xlsx} is a ZIP archive (an Excel .xlsx workbook, or a zipped download): save the sheet as CSV (UTF-8), or unzip it`,
    );
    await expect(importFile(storage, xls, { format: 'events' })).rejects.toThrow(
      `${xls} is an Excel .xls workbook: save the sheet as CSV (UTF-8)`,
    );
    // UTF-16 text, as Excel's "Unicode Text" saves it: told by its byte order mark, not quoted as mojibake.
    const utf16 = join(dir, 'events-utf16.csv');
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('event_id,type\n', 'utf16le')]),
    );
    await expect(importFile(storage, utf16)).rejects.toThrow(
      `${utf16} is UTF-16 text: save it as CSV UTF-8, or convert it (iconv -f UTF-16 -t UTF-8)`,
    );
    // Gzipped too, with or without a format.
    const utf16gz = join(dir, 'events-utf16.csv.gz');
    writeFileSync(utf16gz, gzipSync(readFileSync(utf16)));
    for (const options of [{}, { format: 'events' as const }])
      await expect(importFile(storage, utf16gz, options)).rejects.toThrow(
        `${utf16gz} is UTF-16 text: save it as CSV UTF-8, or convert it (iconv -f UTF-16 -t UTF-8)`,
      );
    expect(await storage.counts()).toMatchObject({ events: 0, rejects: 0 });
    await storage.close();
  });

  it('fails with an input error naming the file when gzip data is cut short', async () => {
    const path = join(dir, 'cut.csv.gz');
    const whole = gzipSync(readFileSync(fixture('online-retail-small.csv')));
    writeFileSync(path, whole.subarray(0, whole.length - 40));
    const storage = await open();
    await expect(importFile(storage, path, { format: 'online-retail' })).rejects.toThrow(
      /cut\.csv\.gz: cannot decompress: unexpected end of file; nothing was imported \(a first import is all or nothing\)/,
    );
    await storage.close();
  });

  it('says how many rows a cut-short .gz kept when events were already stored, and a re-run adds the rest', async () => {
    // 3,000 distinct events, cut in the middle of the compressed data.
    const lines = ['event_id,type,sku,timestamp'];
    for (let i = 0; i < 3000; i++)
      lines.push(`e${i},view,sku-${i % 97},2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`);
    const complete = join(dir, 'events-3000.csv.gz');
    const whole = gzipSync(`${lines.join('\n')}\n`);
    writeFileSync(complete, whole);
    const cut = join(dir, 'events-cut.csv.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const storage = await open();
    await storage.appendEvents([SEED]);
    const error = await importFile(storage, cut, { format: 'events', batchSize: 100 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ImportInputError);
    const match =
      /events-cut\.csv\.gz: cannot decompress: unexpected end of file; the ([\d,]+) rows before it were imported \(([\d,]+) new events\) and kept; importing the complete file again adds only what is missing$/.exec(
        (error as Error).message,
      );
    expect(match, (error as Error).message).not.toBeNull();
    const kept = Number(match![1]!.replace(/,/g, ''));
    expect(Number(match![2]!.replace(/,/g, ''))).toBe(kept);
    expect(kept).toBeGreaterThan(0);
    expect(kept % 100).toBe(0); // whole batches only
    expect((await storage.counts()).events).toBe(1 + kept);
    expect(await importFile(storage, complete, { format: 'events', batchSize: 100 })).toMatchObject({
      rows: 3000,
      accepted: 3000 - kept,
      duplicates: kept,
    });
    expect((await storage.counts()).events).toBe(1 + 3000);
    await storage.close();
  });

  it('keeps the rejects of two files of one name apart, and the same file reached another way adds none', async () => {
    // Monthly exports: a/orders.csv and b/orders.csv, each with one bad row on line 2.
    const header = 'event_id,type,sku,timestamp';
    const paths = ['a', 'b'].map((month) => {
      mkdirSync(join(dir, month), { recursive: true });
      const path = join(dir, month, 'orders.csv');
      writeFileSync(path, `${header}\n${month}1,view,mug,not a date\n${month}2,view,mug,2024-01-01\n`);
      return path;
    });
    const storage = await open();
    for (const path of paths)
      expect(await importFile(storage, path, { format: 'events' })).toMatchObject({ rejected: { total: 1 } });
    const kept = (await rejectsOf(storage)).map((r) => [r.source, r.line, r.field, r.raw]);
    expect(kept).toEqual([
      [realpathSync(paths[0]!), 2, 'timestamp', 'a1,view,mug,not a date'],
      [realpathSync(paths[1]!), 2, 'timestamp', 'b1,view,mug,not a date'],
    ]);
    // The same file again: through '..', relative to the working directory, and through a link.
    const link = join(dir, 'orders-link.csv');
    symlinkSync(paths[0]!, link);
    for (const again of [join(dir, 'b', '..', 'a', 'orders.csv'), relative(process.cwd(), paths[0]!), link])
      expect(await importFile(storage, again, { format: 'events' })).toMatchObject({
        accepted: 0,
        duplicates: 1,
        rejected: { total: 1 },
      });
    expect(await storage.counts()).toMatchObject({ events: 2, rejects: 2 });
    await storage.close();
  });

  it('refuses a file whose path is longer than storage keeps rejects under, before writing anything', async () => {
    // Four folders of 220 characters: a path of about 900.
    const deep = join(dir, ...['a', 'b', 'c', 'd'].map((c) => c.repeat(220)));
    mkdirSync(deep, { recursive: true });
    const path = join(deep, 'orders.csv');
    writeFileSync(path, 'event_id,type,sku,timestamp\ne1,view,mug,2024-01-01\n');
    const storage = await open();
    const refused = importFile(storage, path, { format: 'events' });
    await expect(refused).rejects.toThrow(ImportInputError);
    await expect(refused).rejects.toThrow(
      `the path is ${realpathSync(path).length} characters long; rejects are kept under it, which storage allows up to 800`,
    );
    expect((await storage.counts()).events).toBe(0);
    await storage.close();
  });

  it('rejects years below 100 as out of range instead of reading 0001 as 1901 (Online Retail and events)', async () => {
    const retail = join(dir, 'early.csv');
    writeFileSync(
      retail,
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
        '1,A,x,1,0001-01-01 00:00:00,1,7,UK\n1,B,x,1,1/1/0075 10:00,1,7,UK\n1,C,x,1,2011-01-01 10:00:00,1,7,UK\n',
    );
    const events = join(dir, 'early.ndjson');
    writeFileSync(
      events,
      '{"event_id":"e1","type":"view","sku":"A","timestamp":"0075-01-01T10:00:00Z"}\n' +
        '{"event_id":"e2","type":"view","sku":"A","timestamp":"1975-01-01T10:00:00Z"}\n',
    );
    const storage = await open();
    for (const [path, format] of [
      [retail, 'online-retail'],
      [events, 'events'],
    ] as const)
      expect(await importFile(storage, path, { format })).toMatchObject({
        accepted: 1,
        rejected: { byReason: { 'date out of range': format === 'events' ? 1 : 2 } },
      });
    expect((await rejectsOf(storage)).map((r) => [r.line, r.field, r.reason])).toEqual([
      [1, 'timestamp', 'date out of range'], // NDJSON has no header line
      [2, 'InvoiceDate', 'date out of range'],
      [3, 'InvoiceDate', 'date out of range'],
    ]);
    await storage.close();
  });

  it('quotes and escapes what a binary file holds in its header error, as the MovieLens one does', async () => {
    // Bytes as the start of a gzip member would be if it were not gzip: ESC, CSI (C1), NUL, DEL.
    const binary = Buffer.from([
      0x01, 0xc7, 0x9a, 0x3c, 0x74, 0x24, 0x1b, 0x5b, 0x32, 0x4a, 0xc2, 0x9b, 0x7f, 0x2c, 0x41, 0x0a,
    ]);
    const path = join(dir, 'binary.csv');
    writeFileSync(path, binary);
    const storage = await open();
    const found = (format: 'online-retail' | 'events' | 'movielens') =>
      importFile(storage, path, { format }).catch((e: Error) => e.message.slice(e.message.indexOf('found')));
    expect(await found('online-retail')).toBe('found: "\\u0001ǚ<t$\\u001b[2J\\u009b\\u007f, A")');
    expect(await found('events')).toBe('found: "\\u0001ǚ<t$\\u001b[2J\\u009b\\u007f, A")');
    expect(await found('movielens')).toBe('found "\\u0001ǚ<t$\\u001b[2J\\u009b\\u007f,A"');
    await storage.close();
  });

  // The worker thread inherits the process's Node options; these would make it refuse to start.
  it.each([
    ['a script given with -e and --input-type', ['--input-type=module', '--max-old-space-size=512', '-e']],
    ['a file, with V8 options', ['--max-old-space-size=512', '--max-semi-space-size=8']],
  ])('runs in a process started with %s', (_how, options) => {
    const code = `
      const { openStorage } = await import(${JSON.stringify(new URL('../../node_modules/@storewise/storage/dist/index.js', import.meta.url).href)});
      const { importFile } = await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)});
      const storage = await openStorage('memory:');
      const summary = await importFile(storage, ${JSON.stringify(fixture('online-retail-small.csv'))}, { format: 'online-retail' });
      console.log(JSON.stringify({ rows: summary.rows, accepted: summary.accepted }));`;
    let args: string[];
    if (options.at(-1) === '-e') args = [...options, code];
    else {
      const script = join(dir, `import-${options.length}.mjs`);
      writeFileSync(script, code);
      args = [...options, script];
    }
    const run = spawnSync(process.execPath, args, {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ rows: SMALL_SUMMARY.rows, accepted: SMALL_SUMMARY.accepted });
  });

  it('fails with an input error for a missing file', async () => {
    const storage = await open();
    await expect(importFile(storage, join(dir, 'nope.csv'), { format: 'events' })).rejects.toThrow(
      ImportInputError,
    );
    await storage.close();
  });

  it('imports the events layout as CSV and NDJSON', async () => {
    const storage = await open();
    const csv = await importFile(storage, fixture('events-small.csv'), { format: 'events' });
    expect(csv).toMatchObject({
      rows: 12,
      accepted: 5,
      duplicates: 1,
      rejected: { total: 6 },
      customers: 2,
      items: 2,
    });
    const nd = await importFile(storage, fixture('events-small.ndjson'), { format: 'events' });
    expect(nd).toMatchObject({ rows: 5, accepted: 3, duplicates: 0, rejected: { total: 2 } });
    const item = await storage.getItem('sku-1');
    expect(item).toMatchObject({ title: 'Blue mug', price: 12.5 });
    expect((await storage.counts()).eventsByType).toMatchObject({ search: 2, purchase: 2, view: 2 });
    await storage.close();
  });

  it('stops when aborted, with every committed batch whole', async () => {
    const storage = await open();
    await storage.appendEvents([SEED]);
    const controller = new AbortController();
    await expect(
      importFile(storage, fixture('online-retail-small.csv'), {
        format: 'online-retail',
        batchSize: 4,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).rejects.toThrow();
    expect((await storage.counts()).events).toBe(1 + 3);
    await storage.close();
  });

  it('rolls a first import back whole when aborted', async () => {
    const storage = await open();
    const controller = new AbortController();
    let progressed = 0;
    await expect(
      importFile(storage, fixture('online-retail-small.csv'), {
        format: 'online-retail',
        batchSize: 4,
        signal: controller.signal,
        onProgress: () => {
          progressed++;
          controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(progressed).toBe(1);
    expect(await storage.counts()).toMatchObject({ events: 0, customers: 0, items: 0, rejects: 0 });
    await storage.close();
  });
});

/** The storage with some methods replaced; the others stay bound to the real adapter. */
function withOverrides(target: Storage, overrides: Partial<Storage>): Storage {
  return new Proxy(target, {
    get(t, key) {
      if (key in overrides) return overrides[key as keyof Storage];
      const value = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/**
 * Wraps a storage (and every transaction opened on it) so that the second append (appendEvents, or its
 * fast path for columns where the storage has one) throws.
 */
function failSecondAppend(storage: Storage, count: () => number): Storage {
  const appendColumns = storage.appendEventColumns?.bind(storage);
  return withOverrides(storage, {
    appendEvents: async (events) => {
      if (count() === 2) throw new Error('disk full');
      return storage.appendEvents(events);
    },
    appendEventColumns:
      appendColumns &&
      (async (columns) => {
        if (count() === 2) throw new Error('disk full');
        return appendColumns(columns);
      }),
    transaction: <T>(fn: (tx: Storage) => Promise<T>) =>
      storage.transaction((tx) => fn(failSecondAppend(tx, count))),
  });
}
