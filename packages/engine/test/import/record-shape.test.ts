import { describe, expect, it } from 'vitest';
import { BatchCollector } from '../../src/import/batch-collector.js';
import { feedOnlineRetail } from '../../src/import/formats/online-retail-bytes.js';
import { FORMAT_READERS, type ImportFormat, type ParsedRow } from '../../src/import/index.js';
import { problemsOf } from '../helpers/read-all.js';

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

async function rowsOf(format: ImportFormat, bytes: Buffer): Promise<ParsedRow[]> {
  const rows: ParsedRow[] = [];
  for await (const chunk of FORMAT_READERS[format](once(bytes), 'f.csv')) rows.push(...chunk);
  return rows;
}

/** `line:field:reason` of the rejects the import's byte reader of Online Retail records. */
async function byteRejects(bytes: Buffer): Promise<string[]> {
  const c = new BatchCollector('f.csv');
  const out: string[] = [];
  for await (const _ of feedOnlineRetail(once(bytes), 'f.csv', c, 1))
    out.push(...c.take(false).rejects.map((r) => `${r.line}:${r.field}:${r.reason}`));
  out.push(...c.take(true).rejects.map((r) => `${r.line}:${r.field}:${r.reason}`));
  return out;
}

const RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const EVENTS_HEADER = 'event_id,type,customer_id,sku,timestamp,title';

describe('a CSV record whose field count differs from the header’s', () => {
  const retail = Buffer.from(
    [
      RETAIL_HEADER,
      '536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      // A Description with an unquoted comma: every value after it shifts by one.
      '536365,71053,WHITE, METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom',
      '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85',
      '536367,22633,"QUOTED, TOO MANY",6,2010-12-01 08:28:00,1.85,17850,United Kingdom,extra',
      '',
    ].join('\n'),
  );

  it('is rejected as `wrong field count` on (row) by the Online Retail reference reader', async () => {
    const rows = await rowsOf('online-retail', retail);
    expect(problemsOf(rows)).toEqual([
      '3:(row):wrong field count',
      '4:(row):wrong field count',
      '5:(row):wrong field count',
    ]);
    expect(rows[2]!.raw).toBe('536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85');
    expect(rows.filter((r) => r.event !== null).map((r) => r.line)).toEqual([2]);
  });

  it('is rejected the same way by the import’s byte reader', async () => {
    expect(await byteRejects(retail)).toEqual([
      '3:(row):wrong field count',
      '4:(row):wrong field count',
      '5:(row):wrong field count',
    ]);
  });

  it('is rejected in the events layout (CSV) too', async () => {
    const rows = await rowsOf(
      'events',
      Buffer.from(
        [
          EVENTS_HEADER,
          'e1,view,c1,sku-1,2024-03-01,Mug',
          'e2,view,c1,sku-1,2024-03-01',
          'e3,view,c1,sku-1,2024-03-01,Mug,extra',
          '',
        ].join('\n'),
      ),
    );
    expect(problemsOf(rows)).toEqual(['3:(row):wrong field count', '4:(row):wrong field count']);
  });
});

describe('a CSV record whose bytes are not UTF-8', () => {
  // Latin-1 É (0xC9) and È (0xC8) stand alone: not UTF-8. The second data row holds a real U+FFFD.
  const latin1 = Buffer.concat([
    Buffer.from(`${RETAIL_HEADER}\n536365,85123A,CAF`),
    Buffer.from([0xc9]),
    Buffer.from(' CR'),
    Buffer.from([0xc8]),
    Buffer.from('ME,6,2010-12-01 08:26:00,2.55,17850,France\n'),
    Buffer.from('536366,85124,PLAIN,6,2010-12-01 08:26:00,2.55,17850,France\n'),
  ]);

  it('is rejected as `invalid UTF-8` on (row), its raw text kept, by the reference and byte readers', async () => {
    const rows = await rowsOf('online-retail', latin1);
    expect(problemsOf(rows)).toEqual(['2:(row):invalid UTF-8']);
    expect(rows[0]!.raw).toBe('536365,85123A,CAF\ufffd CR\ufffdME,6,2010-12-01 08:26:00,2.55,17850,France');
    expect(rows[1]!.event?.orderId).toBe('536366');
    expect(await byteRejects(latin1)).toEqual(['2:(row):invalid UTF-8']);
  });

  it('is told apart from a UTF-8 file holding U+FFFD itself, which imports as written', async () => {
    const valid = Buffer.from(
      `${RETAIL_HEADER}\n536365,85123A,CAF\ufffd,6,2010-12-01 08:26:00,2.55,17850,France\n`,
    );
    const rows = await rowsOf('online-retail', valid);
    expect(problemsOf(rows)).toEqual([]);
    expect(await byteRejects(valid)).toEqual([]);
    const events = await rowsOf(
      'events',
      Buffer.concat([
        Buffer.from(`${EVENTS_HEADER}\ne1,view,c1,sku-1,2024-03-01,Caf`),
        Buffer.from([0xe9, 0x0a]),
      ]),
    );
    expect(problemsOf(events)).toEqual(['2:(row):invalid UTF-8']);
  });

  it('is rejected the same way in NDJSON, where a real U+FFFD imports as written', async () => {
    const ndjson = async (bytes: Buffer) => {
      const rows: ParsedRow[] = [];
      for await (const chunk of FORMAT_READERS.events(once(bytes), 'f.ndjson')) rows.push(...chunk);
      return rows;
    };
    const line = (id: string, title: string) =>
      `{"event_id":"${id}","type":"view","customer_id":"c1","sku":"s1","timestamp":"2024-03-01","title":"${title}"}\n`;
    const rows = await ndjson(
      Buffer.concat([
        Buffer.from(line('e1', 'mug')),
        Buffer.from(line('e2', 'Caf').slice(0, -3)),
        Buffer.from([0xe9]),
        Buffer.from('"}\n'),
        Buffer.from(line('e3', 'cup')),
      ]),
    );
    expect(problemsOf(rows)).toEqual(['2:(row):invalid UTF-8']);
    expect(rows.map((r) => r.event?.eventId ?? null)).toEqual(['e1', null, 'e3']);
    expect(problemsOf(await ndjson(Buffer.from(line('e1', 'Caf\ufffd'))))).toEqual([]);
  });
});
