import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BatchCollector, type CollectedBatch, FILL_ONLY_TIME } from '../../src/import/batch-collector.js';
import { CsvChunkParser, type CsvRow } from '../../src/import/csv-rows.js';
import { ImportInputError } from '../../src/import/errors.js';
import { recordEnd } from '../../src/import/formats/csv-bytes.js';
import { feedOnlineRetail } from '../../src/import/formats/online-retail-bytes.js';
import { FORMAT_READERS } from '../../src/import/index.js';
import { fixture } from '../helpers/read-all.js';

// The byte reader against its reference, readOnlineRetail: the same file, cut into the same chunks,
// must give the same batches (events, facts with their field order, rejects, counts) and totals.

interface Collected {
  batches: CollectedBatch[];
  customers: number;
  items: number;
  byReason: Record<string, number>;
}

function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function* stream(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  yield* chunksOf(bytes, size);
}

function totals(batches: CollectedBatch[], c: BatchCollector): Collected {
  batches.push(c.take(true));
  return { batches, customers: c.customerKeys.size, items: c.itemKeys.size, byReason: c.byReason };
}

async function byReference(
  bytes: Buffer,
  chunk: number,
  batchSize: number,
  deferFacts = true,
): Promise<Collected> {
  const c = new BatchCollector('f.csv', deferFacts);
  const batches: CollectedBatch[] = [];
  for await (const rows of FORMAT_READERS['online-retail'](stream(bytes, chunk), 'f.csv')) {
    for (const row of rows) {
      c.add(row);
      if (c.size >= batchSize) batches.push(c.take(false));
    }
  }
  return totals(batches, c);
}

/**
 * The byte reader, with its WebAssembly scan (`wasm`) or reading every record in TypeScript; `maxKeys`:
 * the scan's interner's room (a few keys: it starts over again and again).
 */
async function byBytes(
  bytes: Buffer,
  chunk: number,
  batchSize: number,
  wasm: boolean,
  maxKeys?: number,
  deferFacts = true,
): Promise<Collected> {
  const c = new BatchCollector('f.csv', deferFacts);
  const batches: CollectedBatch[] = [];
  for await (const _ of feedOnlineRetail(stream(bytes, chunk), 'f.csv', c, batchSize, { wasm, maxKeys }))
    batches.push(c.take(false));
  return totals(batches, c);
}

/** How the byte reader reads in expectSame: with the WebAssembly scan (its interner's room), or without. */
type Scan = readonly [wasm: boolean, maxKeys: number | undefined];
const EVERY_SCAN: readonly Scan[] = [
  [true, undefined],
  [true, 7],
  [false, undefined],
];

async function expectSame(
  text: string | Buffer,
  chunks: number[],
  batchSizes: number[],
  scans: readonly Scan[] = EVERY_SCAN,
  deferFacts = true,
): Promise<Collected> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let last: Collected | undefined;
  for (const chunk of chunks) {
    for (const batchSize of batchSizes) {
      const want = await byReference(bytes, chunk, batchSize, deferFacts);
      for (const [wasm, maxKeys] of scans) {
        const got = await byBytes(bytes, chunk, batchSize, wasm, maxKeys, deferFacts);
        const scan = wasm
          ? `WebAssembly scan${maxKeys ? ` (${maxKeys} keys at most)` : ''}`
          : 'TypeScript scan';
        const where = `chunk ${chunk}, batch size ${batchSize}, ${scan}`;
        expect(got, where).toEqual(want);
        // Same facts in the same field order: the import compares them as JSON between batches.
        expect(JSON.stringify(got.batches.map((b) => [b.items, b.customers])), where).toBe(
          JSON.stringify(want.batches.map((b) => [b.items, b.customers])),
        );
        last = got;
      }
    }
  }
  return last!;
}

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** Rows that each take another turn of the byte reader or of its reference. */
const ODD_ROWS = [
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom',
  '536366, 22633 ,HAND WARMER UNION JACK ,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom ',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047.00, France',
  '536368,22960,"JAM MAKING SET, WITH JARS",6,2010-12-01 08:34:00,4.25,13047,United Kingdom',
  '536369,21756,BATH BUILDING BLOCK WORD,3,2010-12-01 08:35:00,5.95,,United Kingdom',
  'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom',
  'c536380,POST,POSTAGE,-2,2010-12-01 09:41:00,18,14527,',
  '536381,gift_0001_10,Dotcomgiftshop Gift Voucher £10.00,1,2010-12-01 09:45:00,8.51,,United Kingdom',
  '536382,22139,RETROSPOT TEA SET CERAMIC 11 PC ,+3,2010-12-01 09:45:00, 4.95 ,15311,Éire',
  '536383,22139,,1,2010-12-01 09:45:00,0,15311,United Kingdom',
  '536384,22139,RETROSPOT TEA SET,1e1,2010-12-01 09:45:00,.5,15311,United Kingdom',
  '536385,22139,RETROSPOT TEA SET,5.,2010-12-01 09:46:00,1234567890123456.25,15311,United Kingdom',
  '536386,22139,RETROSPOT TEA SET,-0,2010-12-01 09:46:00,1,15311,United Kingdom',
  '536387,22139,RETROSPOT TEA SET,2,2010-12-01 09:46:00,-0.0,15311,United Kingdom',
  '536388,22139,RETROSPOT TEA SET,2,2010-02-30 09:46:00,1,15311,United Kingdom',
  '536389,22139,RETROSPOT TEA SET,x,bad date,-1,15311,United Kingdom',
  ' ,22139,RETROSPOT TEA SET,2,2010-12-01 09:46:00,1,15311,United Kingdom',
  '536390,,RETROSPOT TEA SET,2,2010-12-01 09:46:00,1,15311,United Kingdom',
  '536391,22139,RETROSPOT TEA SET,2,2010-12-01 09:46:00,1,.0,United Kingdom',
  '536392,22139,RETROSPOT TEA SET,2,2010-12-01 09:46:00,1,1.0.00,United Kingdom',
  '536393,22139,TOO FEW FIELDS,2,2010-12-01 09:46:00,1',
  '536394,22139,TOO MANY,2,2010-12-01 09:46:00,1,15311,United Kingdom,extra',
  '536395,22140,QUOTE"INSIDE,2,2010-12-01 09:46:00,1,15311,United Kingdom',
  '536396,22141,"MULTI',
  'LINE TITLE",2,2010-12-01 09:46:00,1,15311,United Kingdom',
  '536397,22142,"CLOSED"TEXT,2,2010-12-01 09:46:00,1,15311,United Kingdom',
  '536398,22143,TAB\tINSIDE\t,2,2010-12-01 09:46:00,1,\t15312\t,United Kingdom',
  '536399,22143,CR\rINSIDE,2,2010-12-01 09:46:00,1,15312,United Kingdom',
  '536400,22143,RETROSPOT TEA SET,2,2010-12-01 09:46:00,1,15312,United Kingdom',
  '536400,22143,RETROSPOT TEA SET,2,2010-12-01 09:46:00,1,15312,United Kingdom',
  '536401,22144,NEW TITLE,2,2010-12-01 09:47:00,1,15312,Germany',
  '536402,22144,NEWER TITLE,2,2010-12-01 09:47:00,0,15312,',
  '536403,22144,,-2,2010-12-01 09:47:00,1,15312,Germany',
  // 16 digits: read as an integer over 10 ** 11 this is 98736.30728034704, a double off.
  '536404,22145,PRECISE,1,2010-12-01 09:47:00,98736.30728034703,15312,Germany',
  // A time and a customer that differ from the last row's in their last character only.
  '536405,22145,PRECISE,1,2010-12-01 09:47:01,2,15313,Germany',
  '536406,22146,"SAY ""HELLO"", AGAIN",1,2010-12-01 09:48:00,1,15313,Germany',
  // Quoted fields the WebAssembly scan reads itself (no quote or line ending inside), and a quoted id.
  '"536406","22146"," SAY, AGAIN ","2","2010-12-01 09:48:00","1.5","15313.0","Germany"',
  '536406,22146,"",1,2010-12-01 09:48:00,2,"",""',
  '536406,"22147",",",1,2010-12-01 09:48:00,2,15313,"United Kingdom"',
  '536407,22146,"""QUOTED""\r\nLINES",1,2010-12-01 09:48:00,1,15313,"Germany"',
  '536408,22147,NUL\u0000INSIDE,1,2010-12-01 09:48:00,1,15313,Germany',
  // Beyond what storage keeps (±1e12, times from 1970 up to 2200), though plain and read from digits.
  '536409,22148,HUGE,2000000000000,2010-12-01 09:49:00,1,15313,Germany',
  '536410,22148,OLD,1,1969-12-31 23:59:00,1,15313,Germany',
  '536411,22148,PRICEY,1,2010-12-01 09:49:00,1000000000000.01,15313,Germany',
  '536412,22148,LAST,1,2199-12-31 23:59:00,1000000000000,15313,Germany',
  // Ids longer than storage keeps (800 characters), alone or in the event id they make, and just within.
  `536413,${'S'.repeat(801)},LONG CODE,1,2010-12-01 09:50:00,1,15313,Germany`,
  `536414,22149,LONG CUSTOMER,1,2010-12-01 09:50:00,1,${'7'.repeat(801)}.0,Germany`,
  `${'9'.repeat(400)},${'z'.repeat(385)},LONG EVENT ID,1,2010-12-01 09:50:00,1,15313,Germany`,
  `${'9'.repeat(400)},${'z'.repeat(384)},LONGEST EVENT ID,1,2010-12-01 09:50:00,1,${'7'.repeat(800)},Germany`,
];

describe('the Online Retail byte reader', () => {
  it('ends each record where the reference CSV parser ends it', () => {
    const texts = [
      [HEADER, ...ODD_ROWS, ''].join('\n'),
      [HEADER, ...ODD_ROWS, ''].join('\r\n'),
      'a,"b"x"\n"c,d\ne",f\n"g""\r\n",h\r\n"i"\r\n"j"k\r\n',
    ];
    for (const text of texts) {
      const bytes = Buffer.from(text);
      const whole: CsvRow[] = [];
      new CsvChunkParser(44).parse(text, false, whole);
      // Record by record, each starting where recordEnd ended the last one.
      const walked: CsvRow[] = [];
      const parser = new CsvChunkParser(44);
      for (let at = 0; at < bytes.length; ) {
        const end = recordEnd(bytes, at, bytes.length);
        expect(end, `record at byte ${at}`).toBeGreaterThan(at);
        const piece = bytes.subarray(at, end).toString();
        const records: CsvRow[] = [];
        expect(parser.parse(piece, false, records), `record at byte ${at}`).toBe(piece.length);
        expect(records).toHaveLength(1);
        walked.push(...records);
        at = end;
      }
      expect(walked).toEqual(whole);
    }
  });

  it('gives its reference’s batches for every kind of odd row, however the bytes are cut', async () => {
    const text = [HEADER, ...ODD_ROWS, ''].join('\n');
    const out = await expectSame(text, [1, 2, 3, 5, 8, 13, 64, 100_000], [1, 2, 3, 7, 5000]);
    // The reference's own reading of these rows, so that the comparison is not of two empty results.
    expect(out.batches.reduce((n, b) => n + b.events.length, 0)).toBe(32);
    expect(out.byReason).toEqual({
      'wrong field count': 2,
      'missing id': 2,
      'non-numeric quantity': 1,
      'non-positive quantity': 2,
      'unparseable date': 2,
      'negative price': 1,
      'malformed CSV': 1,
      'NUL character': 1,
      'quantity out of range': 1,
      'date out of range': 1,
      'price out of range': 2,
      'id too long': 3,
    });
    expect(
      out.batches.flatMap((b) =>
        b.rejects.filter((r) => r.reason.endsWith('out of range')).map((r) => r.line),
      ),
    ).toEqual([14, 45, 46, 47]);
  });

  it('gives the same with CRLF endings, a byte order mark, empty lines and no final line ending', async () => {
    const text = `\ufeff${HEADER}\r\n\r\n${ODD_ROWS.join('\r\n')}\n\n\r\n${ODD_ROWS[0]}`;
    await expectSame(text, [1, 4, 7, 100_000], [3, 5000]);
    // A lone carriage return at the very end, and a header with its columns in another order.
    const moved = `Country,${HEADER.replace(',Country', '')},Extra\n${ODD_ROWS.slice(0, 10)
      .map((r) => {
        const f = r.split(',');
        return [f.at(-1), ...f.slice(0, -1), 'x'].join(',');
      })
      .join('\n')}\r`;
    await expectSame(moved, [1, 3, 100_000], [2, 5000]);
  });

  it('gives the same when the last record, with no line ending, comes after short ones in its chunk', async () => {
    // The last piece of the file in the scanner's memory starts at a plain record shorter than the
    // final one: the scan must read the final bytes where they are, not from the start of that memory.
    const short = (k: number) => `5363${k},A${k},,1,2010-12-01 08:26:00,1,,UK`;
    const rows = Array.from({ length: 12 }, (_, k) => short(k));
    const text = [HEADER, ...rows, ODD_ROWS[1]].join('\n');
    await expectSame(text, [60, 97, 150, 250], [5000]);
  });

  it("gives the same with Online Retail II's column names", async () => {
    const renamed = HEADER.replace('InvoiceNo', 'Invoice')
      .replace('UnitPrice', 'Price')
      .replace('CustomerID', 'Customer ID');
    expect(renamed).not.toBe(HEADER);
    const out = await expectSame([renamed, ...ODD_ROWS, ''].join('\n'), [1, 7, 100_000], [3, 5000]);
    expect(out.batches.flatMap((b) => b.rejects.map((r) => r.field))).toContain('Price');
  });

  it('keeps, as its reference does, a sale title over a later note at price 0 (rows of the real file)', async () => {
    // SKU 22548's sales, then a stock adjustment at price 0 that calls it "adjustment"; 23595 has only notes.
    const rows = [
      '536525,22548,HEADS AND TAILS SPORTING FUN,1,2010-12-01 12:54:00,1.25,14078,United Kingdom',
      '572614,23595,adjustment,5,2011-10-25 11:38:00,0,,United Kingdom',
      '575982,22548,HEADS AND TAILS SPORTING FUN,1,2011-11-13 13:42:00,1.25,13798,United Kingdom',
      '576673,22548,adjustment,4,2011-11-16 11:59:00,0,,United Kingdom',
    ];
    const out = await expectSame([HEADER, ...rows, ''].join('\n'), [1, 9, 100_000], [1, 3, 5000]);
    const last = out.batches.at(-1)!.items;
    expect(last.map((i) => [i.sku, i.title])).toEqual([
      ['22548', 'HEADS AND TAILS SPORTING FUN'],
      ['23595', 'adjustment'],
    ]);
    // 23595's only facts are a note's: written as such, they fill a stored item and change none.
    expect(last[1]!.asOf).toEqual(new Date(FILL_ONLY_TIME));
  });

  it('hands the rest of the file to its reference after a record it cannot place', async () => {
    // A malformed quote whose next record opens a quote that closes lines later: the reference reads
    // past the line the quote scan saw as the end.
    const malformed = `${HEADER}\n${ODD_ROWS[0]}\n536404,1,"A"B"\n"C,D\nE",1,2010-12-01 09:47:00,1,1,UK\n${ODD_ROWS[1]}\n`;
    await expectSame(malformed, [1, 5, 100_000], [1, 5000]);
    // A record longer than the byte reader waits for.
    const long = `${HEADER}\n${ODD_ROWS[0]}\n536405,1,${'L'.repeat(70_000)},1,2010-12-01 09:47:00,1,1,UK\n${ODD_ROWS[1]}\n`;
    await expectSame(long, [4096, 100_000], [1, 5000]);
    // An unclosed quote running to the end of the file.
    await expectSame(
      `${HEADER}\n${ODD_ROWS[0]}\n536406,1,"OPEN,1\n${ODD_ROWS[1]}\n`,
      [1, 7, 100_000],
      [5000],
    );
  });

  it('gives the same batches as its reference on the test fixture and the bundled demo shop', async () => {
    await expectSame(readFileSync(fixture('online-retail-small.csv')), [1, 17, 65_536], [4, 5000]);
    const demo = gunzipSync(readFileSync(new URL('../../data/online-retail-demo.csv.gz', import.meta.url)));
    const out = await expectSame(
      demo,
      [65_536, 4099],
      [5000, 997],
      [
        [true, undefined],
        [false, undefined],
      ],
    );
    // The interner starting over every few hundred rows.
    await expectSame(demo, [65_536], [5000], [[true, 500]]);
    // Facts sent with every batch (an import into a shop that holds events), which a take hands over.
    await expectSame(demo, [65_536], [997], EVERY_SCAN, false);
    expect(out.batches.reduce((n, b) => n + b.rows, 0)).toBe(24_708); // 24,488 stored, 156 repeated, 64 rejected
  });

  it('fails as its reference does on a file without a header or with the wrong columns', async () => {
    for (const text of ['', '\n\r\n', 'a,b,c\n1,2,3\n', '"unclosed\n']) {
      const want = await byReference(Buffer.from(text), 3, 10).catch((e: unknown) => e);
      expect(want).toBeInstanceOf(ImportInputError);
      for (const wasm of [true, false]) {
        const got = await byBytes(Buffer.from(text), 3, 10, wasm).catch((e: unknown) => e);
        expect(got).toEqual(want);
      }
    }
  });
});
