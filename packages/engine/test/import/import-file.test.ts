import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.js';
import {
  failSecondAppend,
  importTestSetup,
  rejectsOf,
  SEED,
  SMALL_SUMMARY,
} from '../helpers/import-adapters.js';
import { fixture } from '../helpers/read-all.js';

const { dir, adapters: ADAPTERS } = await importTestSetup();
let opened = 0;

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
    const retail = join(dir, `nul-${++opened}.csv`);
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
    const events = join(dir, `nul-${++opened}.ndjson`);
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
    const events = join(dir, `range-${++opened}.ndjson`);
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
    const ratings = join(dir, `range-${++opened}.data`);
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
    const events = join(dir, `ids-${++opened}.csv`);
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
    const retail = join(dir, `ids-${++opened}-retail.csv`);
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
    const ratings = join(dir, `ids-${++opened}.data`);
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
});
