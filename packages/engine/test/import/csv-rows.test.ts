import { createRng } from '@storewise/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CsvRow, readCsvRows } from '../../src/import/csv-rows.js';

async function readAll(chunks: (string | Buffer)[]): Promise<CsvRow[]> {
  async function* source() {
    yield* chunks;
  }
  const rows: CsvRow[] = [];
  for await (const chunk of readCsvRows(source())) for (const row of chunk) rows.push(row);
  return rows;
}

/** Splits bytes at random places (also inside multi-byte characters). */
function randomChunks(bytes: Buffer, rng: ReturnType<typeof createRng>): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + rng.int(rng.next() < 0.5 ? 8 : 200);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

// Line breaks inside values are LF only: csv-parse counts a CRLF inside quotes as two lines.
const PIECES = ['a', 'bc', ' ', ',', '"', '\n', 'é', '€', 'x y', ''];

/** A random valid CSV document: fields quoted (with doubled quotes) when they need it. */
function randomCsv(rng: ReturnType<typeof createRng>): string {
  const records: string[] = [];
  const eol = rng.next() < 0.5 ? '\n' : '\r\n';
  const count = 1 + rng.int(30);
  for (let r = 0; r < count; r++) {
    const fields: string[] = [];
    const width = 1 + rng.int(6);
    for (let f = 0; f < width; f++) {
      let value = '';
      const len = rng.int(5);
      for (let k = 0; k < len; k++) value += PIECES[rng.int(PIECES.length)];
      const mustQuote = /[",\r\n]/.test(value) || (value === '' && width === 1) || rng.next() < 0.1;
      fields.push(mustQuote ? `"${value.replaceAll('"', '""')}"` : value);
    }
    records.push(fields.join(','));
    if (rng.next() < 0.1) records.push(''); // an empty line
  }
  return (rng.next() < 0.2 ? '\uFEFF' : '') + records.join(eol) + (rng.next() < 0.7 ? eol : '');
}

describe('readCsvRows', () => {
  // Reference implementation: csv-parse (sync) with the options the importer used before. csv-parse's raw
  // text may keep a BOM, the line breaks of skipped empty lines before a record and a stray CR of a CRLF
  // (when it took LF as the record delimiter); ours keeps none of them, so they are stripped here.
  it('yields the same records, lines and raw text as csv-parse on random documents and chunkings', async () => {
    const rng = createRng(7);
    for (let doc = 0; doc < 300; doc++) {
      const text = randomCsv(rng);
      const expected = (
        parse(text, {
          bom: true,
          info: true,
          raw: true,
          relax_column_count: true,
          skip_empty_lines: true,
        }) as unknown as {
          record: string[];
          raw: string;
          info: { lines: number };
        }[]
      ).map((r) => ({
        line: r.info.lines,
        raw: r.raw.replace(/^[\uFEFF\r\n]+|[\r\n]+$/g, ''),
        fields: r.record,
        error: null,
      }));
      const actual = await readAll(randomChunks(Buffer.from(text, 'utf8'), rng));
      for (let k = 0; k < expected.length; k++)
        expect(actual[k], `record ${k} of ${JSON.stringify(text)}`).toEqual(expected[k]);
      expect(actual).toHaveLength(expected.length);
    }
  });

  it('reports a malformed record and goes on with the next line', async () => {
    const rows = await readAll(['a,"b"c,d\n', 'x,y\n', '"open,', 'quote\n']);
    expect(rows).toEqual([
      { line: 1, raw: 'a,"b"c,d', fields: null, error: 'unexpected text after a closing quote' },
      { line: 2, raw: 'x,y', fields: ['x', 'y'], error: null },
      { line: 3, raw: '"open,quote', fields: null, error: 'unclosed quote' },
    ]);
  });

  it('refuses only the line where a stray quote opened, and reads the rows it would swallow', async () => {
    const text = [
      'id,type,query',
      'q1,view,',
      'q2,search,"unclosed',
      'q3,view,',
      'q4,view,',
      'q5,search,"mug, large"',
      'q6,view,',
      '',
    ].join('\r\n');
    const want = [
      { line: 1, raw: 'id,type,query', fields: ['id', 'type', 'query'], error: null },
      { line: 2, raw: 'q1,view,', fields: ['q1', 'view', ''], error: null },
      { line: 3, raw: 'q2,search,"unclosed', fields: null, error: 'unclosed quote' },
      { line: 4, raw: 'q3,view,', fields: ['q3', 'view', ''], error: null },
      { line: 5, raw: 'q4,view,', fields: ['q4', 'view', ''], error: null },
      { line: 6, raw: 'q5,search,"mug, large"', fields: ['q5', 'search', 'mug, large'], error: null },
      { line: 7, raw: 'q6,view,', fields: ['q6', 'view', ''], error: null },
    ];
    const rng = createRng(5);
    for (let run = 0; run < 50; run++)
      expect(await readAll(randomChunks(Buffer.from(text), rng))).toEqual(want);
    // A quote that never closes: its line is refused, the lines after it are rows.
    expect(await readAll(['a,b\n1,"x\n2,y\n3,z\n'])).toEqual([
      { line: 1, raw: 'a,b', fields: ['a', 'b'], error: null },
      { line: 2, raw: '1,"x', fields: null, error: 'unclosed quote' },
      { line: 3, raw: '2,y', fields: ['2', 'y'], error: null },
      { line: 4, raw: '3,z', fields: ['3', 'z'], error: null },
    ]);
    // A well-formed quoted field over several lines stays one record.
    expect(await readAll(['a,b\n1,"x\ny"\n2,z\n'])).toEqual([
      { line: 1, raw: 'a,b', fields: ['a', 'b'], error: null },
      { line: 3, raw: '1,"x\ny"', fields: ['1', 'x\ny'], error: null },
      { line: 4, raw: '2,z', fields: ['2', 'z'], error: null },
    ]);
  });

  it('reads on after a quote that stays open past the longest record (4 MB of rows after it)', async () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `${i},row ${i}`);
    const text = `a,b\n0,"open\n${rows.join('\n')}\n`;
    const chunks: string[] = [];
    for (let at = 0; at < text.length; at += 65_536) chunks.push(text.slice(at, at + 65_536));
    const got = await readAll(chunks);
    expect(got[1]).toEqual({ line: 2, raw: '0,"open', fields: null, error: 'unclosed quote' });
    expect(got).toHaveLength(2 + rows.length);
    expect(
      got.slice(2).every((r, i) => r.error === null && r.fields?.[1] === `row ${i}` && r.line === i + 3),
    ).toBe(true);
  });

  it('keeps a quote inside an unquoted field as text', async () => {
    const rows = await readAll(['RECORD FRAME 7" SINGLE,2\n']);
    expect(rows[0]?.fields).toEqual(['RECORD FRAME 7" SINGLE', '2']);
  });
});
