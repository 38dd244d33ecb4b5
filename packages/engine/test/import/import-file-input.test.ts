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
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportInputError, importFile } from '../../src/import/index.js';
import { rejectsOf, SEED, SMALL_SUMMARY } from '../helpers/import-adapters.js';
import { fixture } from '../helpers/read-all.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-import-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let opened = 0;

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
