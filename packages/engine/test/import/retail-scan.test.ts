import { describe, expect, it } from 'vitest';
import { CsvChunkParser, type CsvRow } from '../../src/import/csv-rows.js';
import { base36, contentHash, cyrb53Bytes } from '../../src/import/event-id.js';
import { COMMA } from '../../src/import/formats/csv-bytes.js';
import {
  DESCRIPTOR,
  HASH_AT,
  IDS_WORD,
  PRICE_AT,
  QUANTITY_AT,
  RetailScan,
  TEXT_WORD,
} from '../../src/import/formats/retail-scan.js';

// The WebAssembly scan on its own: it loads here (the byte reader's tests compare whole batches with and
// without it), and its descriptors hold what the TypeScript reader computes from the same bytes.

const LAYOUT = {
  InvoiceNo: 0,
  StockCode: 1,
  Description: 2,
  Quantity: 3,
  InvoiceDate: 4,
  UnitPrice: 5,
  CustomerID: 6,
  Country: 7,
};

function scanned(text: string, limit = 100, scanner = RetailScan.create()) {
  expect(scanner).not.toBeNull();
  const s = scanner!;
  expect(s.setLayout(LAYOUT, 8)).toBe(true);
  const bytes = s.fill(s.empty(), 0, Buffer.from(text, 'latin1'));
  const count = s.scan(bytes, 0, limit);
  const records = [];
  for (let r = 0, at = s.out; r < count; r++, at += DESCRIPTOR) {
    const w = s.i32.subarray(at >> 2, (at >> 2) + 18);
    const field = (k: number) => bytes.toString('latin1', w[k]!, w[k + 1]!);
    records.push({
      record: bytes.toString('latin1', w[0]!, w[1]!),
      next: w[2],
      emptyLinesBefore: w[3],
      invoice: field(4),
      sku: field(6),
      title: field(8),
      customer: field(10),
      country: field(12),
      date: field(14),
      isReturn: w[16] === 1,
      quantity: s.f64[(at + QUANTITY_AT) >> 3],
      price: s.f64[(at + PRICE_AT) >> 3],
      hash: Buffer.from(s.u8.subarray(at + HASH_AT, at + HASH_AT + w[17]!)).toString('latin1'),
      ids: Array.from(s.i32.subarray((at >> 2) + IDS_WORD, (at >> 2) + IDS_WORD + 5)),
      // The event text: the event id, then the order id.
      text: Buffer.from(
        s.u8.subarray(
          s.textBase + s.i32[(at >> 2) + TEXT_WORD]!,
          s.textBase + s.i32[(at >> 2) + TEXT_WORD]! + s.i32[(at >> 2) + TEXT_WORD + 1]! + (w[5]! - w[4]!),
        ),
      ).toString('latin1'),
      eventIdLength: s.i32[(at >> 2) + TEXT_WORD + 1],
    });
  }
  return { count, records, stop: s.stop, trailingLines: s.trailingLines, bytes };
}

describe('the WebAssembly scan of Online Retail records', () => {
  it('describes plain records as the TypeScript reader reads them, the hash as cyrb53Bytes', () => {
    const lines = [
      '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom',
      '',
      'C536379, D ,  Discount ,-1,12/1/2010 9:41,27.5,14527.0 ,United Kingdom ',
      '536414,22139,,56,12/1/2010 11:52,0,,United Kingdom',
    ];
    const text = `${lines.join('\r\n')}\r\n`;
    const out = scanned(text);
    expect(out.count).toBe(3);
    expect(out.stop).toBe(text.length);
    expect(out.trailingLines).toBe(0);
    const hash = (line: string) => {
      const b = Buffer.from(line, 'latin1');
      return base36(cyrb53Bytes(b, 0, b.length, COMMA, 31));
    };
    expect(out.records).toEqual([
      {
        record: lines[0],
        next: lines[0]!.length + 2,
        emptyLinesBefore: 0,
        invoice: '536365',
        sku: '85123A',
        title: 'WHITE HANGING HEART T-LIGHT HOLDER',
        customer: '17850',
        country: 'United Kingdom',
        date: '12/1/2010 8:26',
        isReturn: false,
        quantity: 6,
        price: 2.55,
        hash: hash(lines[0]!),
        ids: [0, 0, 0, 0, 0], // stock code, customer, date, description, country: each kind numbered apart
        text: `or-536365-85123A-${hash(lines[0]!)}536365`,
        eventIdLength: `or-536365-85123A-${hash(lines[0]!)}`.length,
      },
      {
        record: lines[2],
        next: lines[0]!.length + lines[2]!.length + 6,
        emptyLinesBefore: 1,
        invoice: 'C536379',
        sku: 'D',
        title: 'Discount',
        customer: '14527',
        country: 'United Kingdom',
        date: '12/1/2010 9:41',
        isReturn: true,
        quantity: -1,
        price: 27.5,
        hash: hash(lines[2]!),
        ids: [1, 1, 1, 1, 0],
        text: `or-C536379-D-${hash(lines[2]!)}C536379`,
        eventIdLength: `or-C536379-D-${hash(lines[2]!)}`.length,
      },
      {
        record: lines[3],
        next: text.length,
        emptyLinesBefore: 0,
        invoice: '536414',
        sku: '22139',
        title: '',
        customer: '',
        country: 'United Kingdom',
        date: '12/1/2010 11:52',
        isReturn: false,
        quantity: 56,
        price: 0,
        hash: hash(lines[3]!),
        ids: [2, -1, 2, -1, 0], // no customer, no description
        text: `or-536414-22139-${hash(lines[3]!)}536414`,
        eventIdLength: `or-536414-22139-${hash(lines[3]!)}`.length,
      },
    ]);
  });

  it('reads quoted fields without a quote or line ending inside as the reference parser reads them', () => {
    const lines = [
      '536365,85123A,"HOLDER, WHITE",6,12/1/2010 8:26,2.55,17850,United Kingdom',
      '"C536366","22633"," HAND WARMER, UNION JACK ","-6","12/1/2010 8:28","1.85","17850.0","United Kingdom"',
      '536367,84879,",",32,12/1/2010 8:34,1.69,"",""',
    ];
    const text = `${lines.join('\n')}\r\n`;
    const out = scanned(text);
    expect([out.count, out.stop]).toEqual([3, text.length]);
    // The reference's fields (CsvChunkParser) and its event id hash (contentHash of the values).
    const fields = lines.map((line) => {
      const rows: CsvRow[] = [];
      new CsvChunkParser(COMMA).parse(`${line}\n`, false, rows);
      return rows[0]!.fields!;
    });
    expect(fields[0]).toEqual([
      '536365',
      '85123A',
      'HOLDER, WHITE',
      '6',
      '12/1/2010 8:26',
      '2.55',
      '17850',
      'United Kingdom',
    ]);
    expect(out.records.map((r) => r.hash)).toEqual(fields.map((f) => contentHash(f)));
    expect(out.records.map((r) => [r.invoice, r.sku, r.title, r.customer, r.country, r.date])).toEqual([
      ['536365', '85123A', 'HOLDER, WHITE', '17850', 'United Kingdom', '12/1/2010 8:26'],
      ['C536366', '22633', 'HAND WARMER, UNION JACK', '17850', 'United Kingdom', '12/1/2010 8:28'],
      ['536367', '84879', ',', '', '', '12/1/2010 8:34'],
    ]);
    expect(out.records.map((r) => [r.isReturn, r.quantity, r.price])).toEqual([
      [false, 6, 2.55],
      [true, -6, 1.85],
      [false, 32, 1.69],
    ]);
    expect(out.records[1]!.text).toBe(`or-C536366-22633-${contentHash(fields[1]!)}C536366`);
    expect(out.records[2]!.ids).toEqual([2, -1, 2, 2, -1]); // no customer, no country
  });

  it('stops before a record the TypeScript reader must read, after the limit, and before an incomplete one', () => {
    const plain = '536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n';
    for (const odd of [
      '536365,85123A,"HOLDER ""WHITE""",6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // a quote in quotes
      '536365,85123A,"HOLDER\nWHITE",6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // a line in quotes
      '536365,85123A,"HOLDER\r\nWHITE",6,12/1/2010 8:26,2.55,17850,United Kingdom\n',
      '536365,85123A,"HOLDER"WHITE,6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // text after the quote
      '536365,85123A,"HOLDER" ,6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // a space after it
      '536365,85123A, "HOLDER",6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // a space before it
      '536365,85123A,HOLDER "WHITE",6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // not where it starts
      '536365,85123A,"HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // never closed on its line
      '536365,85123A,"CAFÉ",6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // quoted, not ASCII
      '536365,85123A,"HOLDER",6,12/1/2010 8:26,2.55,17850,"United Kingdom",\n', // a field more, quoted
      '536365,85123A,CAFÉ,6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // not ASCII
      '536365,85123A,HOLDER,six,12/1/2010 8:26,2.55,17850,United Kingdom\n', // not a number
      '536365,85123A,HOLDER,0,12/1/2010 8:26,2.55,17850,United Kingdom\n', // no quantity
      '536365,85123A,HOLDER,-6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // negative, not a return
      '536365,85123A,HOLDER,6,12/1/2010 8:26,-2.55,17850,United Kingdom\n', // negative price
      '536365,85123A,HOLDER,6,12/1/2010 8:26,1e3,17850,United Kingdom\n', // parseDecimal's to read
      '536365,,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n', // no stock code
      '536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,.0,United Kingdom\n', // an empty id written as a float
      '536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850\n', // a field short
      '536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom,\n', // a field more
      '536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United\rKingdom\n', // a lone carriage return
    ]) {
      const out = scanned(plain + odd + plain);
      expect(out.count, odd).toBe(1);
      expect(out.stop, odd).toBe(plain.length);
    }
    expect(scanned(plain.repeat(5), 3).count).toBe(3);
    const cut = scanned(plain + plain.slice(0, 20));
    expect([cut.count, cut.stop]).toEqual([1, plain.length]);
    // Cut inside a quoted field, at its closing quote, and after it: incomplete, not refused.
    const quoted = '536365,85123A,"HOLDER, WHITE",6,12/1/2010 8:26,2.55,17850,"United Kingdom"\n';
    for (const at of [quoted.indexOf('WHITE'), quoted.indexOf('",6'), quoted.length - 2, quoted.length - 1]) {
      const part = scanned(plain + quoted.slice(0, at));
      expect([part.count, part.stop], `cut at ${at}`).toEqual([1, plain.length]);
    }
    expect(scanned(plain + quoted).count).toBe(2);
    const trailing = scanned(`${plain}\n\r\n`);
    expect([trailing.count, trailing.stop, trailing.trailingLines]).toEqual([1, plain.length + 3, 2]);
  });

  it('takes a file of many columns without touching its own constants', () => {
    // 300 columns: their bounds take 2,400 bytes of scratch, more than the kernel's static data starts at.
    const scanner = RetailScan.create()!;
    const layout = Object.fromEntries(Object.entries(LAYOUT).map(([k, v]) => [k, v + 292]));
    expect(scanner.setLayout(layout as typeof LAYOUT, 300)).toBe(true);
    const line = `${'x,'.repeat(292)}536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom`;
    const bytes = scanner.fill(scanner.empty(), 0, Buffer.from(`${line}\n${line}\n`));
    expect(scanner.scan(bytes, 0, 10)).toBe(2);
    const second = scanner.out + DESCRIPTOR;
    expect(scanner.f64[(second + PRICE_AT) >> 3]).toBe(2.55);
    expect(scanner.i32[(second >> 2) + 2]).toBe(bytes.length);
    expect(scanner.setLayout(layout as typeof LAYOUT, 5000)).toBe(false); // wider: read in TypeScript
  });

  it('gives each distinct key its id once, and starts over when its room is full', () => {
    const row = (sku: string, customer: string) =>
      `536365,${sku},HOLDER,6,12/1/2010 8:26,2.55,${customer},United Kingdom\n`;
    const scanner = RetailScan.create(6)!;
    const text = row('A', '1') + row('B', '1') + row('A', '2') + row('C', '3');
    // Keys: A, 1, the date, HOLDER, the country (5); B (6); then customer 2 does not fit.
    const first = scanned(text, 100, scanner);
    expect(first.records.map((r) => r.ids)).toEqual([
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
    expect(first.stop).toBe(2 * row('A', '1').length);
    expect(scanner.keysFull).toBe(true);
    scanner.resetKeys();
    expect(scanner.keysFull).toBe(false);
    // Numbered from 0 again: A, customer 2, ... (5 keys); then C and customer 3 do not fit.
    expect(scanner.scan(first.bytes, first.stop, 100)).toBe(1);
    const at = scanner.out / 4 + IDS_WORD;
    expect(Array.from(scanner.i32.subarray(at, at + 5))).toEqual([0, 0, 0, 0, 0]);
    expect(scanner.keysFull).toBe(true);
  });

  it('reads the rest of a buffer where it is, and refuses bytes of its own', () => {
    const scanner = RetailScan.create()!;
    scanner.setLayout(LAYOUT, 8);
    const a = '536365,A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n';
    const b = '536366,LONGER-CODE,ANOTHER HOLDER,12,12/1/2010 8:28,1.85,17851,United Kingdom';
    const bytes = scanner.fill(scanner.empty(), 0, Buffer.from(`${a}${b}\n`));
    const rest = bytes.subarray(a.length);
    expect(scanner.scan(rest, 0, 10)).toBe(1);
    const w = scanner.out >> 2;
    expect(rest.toString('latin1', scanner.i32[w + 6], scanner.i32[w + 7])).toBe('LONGER-CODE');
    expect(scanner.stop).toBe(rest.length);
    expect(() => scanner.scan(Buffer.from(a), 0, 10)).toThrow('must be a buffer fill() made');
    expect(() => scanner.scan(bytes.subarray(0, a.length), 0, 10)).toThrow('or the rest of one');
  });

  it('keeps the bytes still to be read when the next chunk comes, growing its memory', () => {
    const scanner = RetailScan.create()!;
    scanner.setLayout(LAYOUT, 8);
    const first = scanner.fill(scanner.empty(), 0, Buffer.from('abc'));
    const big = Buffer.alloc(3 << 20, 0x41);
    const second = scanner.fill(first, 1, big);
    expect(second.length).toBe(2 + big.length);
    expect(second.toString('latin1', 0, 4)).toBe('bcAA');
    expect(second.subarray(2).equals(big)).toBe(true);
  });
});
