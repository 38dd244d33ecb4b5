import { ImportInputError } from './errors.js';
import { INVALID_UTF8, Utf8Check } from './utf8-check.js';

/**
 * One CSV record with where it sat; `fields` is null when the record itself could not be parsed, or its
 * bytes were not UTF-8 (`error` INVALID_UTF8, see markInvalidUtf8).
 */
export interface CsvRow {
  /** 1-based line on which the record ends (for an unclosed quote: the line where it opened). */
  line: number;
  /** The record's text without its line ending. */
  raw: string;
  fields: string[] | null;
  error: string | null;
}

/** The problem of a record whose quote does not close (CsvRow.error; a reject's reason). */
export const UNCLOSED_QUOTE = 'unclosed quote';

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** A record longer than this (an unclosed quote, most likely) stops the import. */
const MAX_RECORD_CHARS = 4 << 20;

/** Where `input` starts when it is the rest of a file: after `lines` lines, at a record boundary. */
export interface CsvResume {
  lines: number;
}

/**
 * Streams RFC 4180 CSV records (header included, as the first row), the complete records of each chunk
 * of input together (one await per chunk, not per record): fields quoted with `"` (doubled
 * inside), line breaks inside quotes, CRLF or LF endings, a UTF-8 byte order mark, empty lines skipped.
 * A quote inside an unquoted field is kept as text. A record with text after a closing quote is yielded
 * with `fields: null` and the problem, instead of stopping the file; a quote that does not close (or
 * closes on a later line, followed by text) refuses only the line where it opened, and the lines after it
 * are read as records. Hand-written rather than csv-parse for speed (about 4x faster on Online Retail);
 * test/import/csv-rows.test.ts checks it against csv-parse.
 */
export async function* readCsvRows(
  input: AsyncIterable<string | Buffer>,
  delimiter = ',',
  resume: CsvResume | null = null,
): AsyncIterable<CsvRow[]> {
  if (delimiter.length !== 1)
    throw new ImportInputError(`CSV delimiter must be one character, got "${delimiter}"`);
  const parser = new CsvChunkParser(delimiter.charCodeAt(0), resume?.lines ?? 0);
  // A byte order mark is dropped only where a file starts.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: resume !== null });
  const utf8 = new Utf8Check();
  let out: CsvRow[] = [];
  let carry = '';
  for await (const chunk of input) {
    let decoded: string;
    if (typeof chunk === 'string') decoded = chunk;
    else {
      decoded = decoder.decode(chunk, { stream: true });
      utf8.see(chunk, decoded);
    }
    const text = carry + decoded;
    const consumed = parser.parse(text, false, out);
    carry = consumed === 0 ? text : text.slice(consumed);
    while (carry.length > MAX_RECORD_CHARS) {
      // A record this long is a quote that does not close: its first line is refused, the rest read again.
      const skipped = parser.rejectLine(carry, out);
      if (skipped < 0)
        throw new ImportInputError(
          `CSV line ${parser.line + 1} is longer than ${MAX_RECORD_CHARS} characters: is this a CSV file?`,
        );
      carry = carry.slice(skipped);
      carry = carry.slice(parser.parse(carry, false, out));
    }
    markInvalidUtf8(out, utf8);
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  const last = decoder.decode();
  utf8.see(new Uint8Array(0), last); // a cut-short character at the end of the file
  parser.parse(carry + last, true, out);
  markInvalidUtf8(out, utf8);
  if (out.length > 0) yield out;
}

/** Marks the records of `rows` that hold bytes that were not UTF-8 (`utf8`) as unreadable, with INVALID_UTF8. */
export function markInvalidUtf8(rows: CsvRow[], utf8: Utf8Check): void {
  for (const row of rows)
    if (row.error === null && utf8.replaced(row.raw)) {
      row.fields = null;
      row.error = INVALID_UTF8;
    }
}

/** The records of text given a piece at a time; readCsvRows and the Online Retail reader's odd records use it. */
export class CsvChunkParser {
  /**
   * @param line lines consumed so far (the input starts after them)
   */
  constructor(
    private readonly delimiter: number,
    public line = 0,
  ) {}

  /**
   * Parses the complete records of `text` into `out` and returns how many characters they took; the
   * rest (an incomplete record) comes back with the next chunk. With `final`, the end of text ends a record.
   */
  parse(text: string, final: boolean, out: CsvRow[]): number {
    const n = text.length;
    const d = this.delimiter;
    let pos = 0;
    while (pos < n) {
      const start = pos;
      const first = text.charCodeAt(start);
      if (first === LF || (first === CR && start + 1 < n && text.charCodeAt(start + 1) === LF)) {
        this.line++;
        pos = first === LF ? start + 1 : start + 2;
        continue;
      }
      if (first === CR && start + 1 >= n && !final) return start;
      const fields: string[] = [];
      let error: string | null = null;
      let quoted = false;
      let i = start;
      let end = -1; // end of the record's text
      let next = -1; // where the next record starts
      while (end < 0) {
        if (i >= n) {
          if (!final) return start;
          fields.push('');
          end = n;
          next = n;
          break;
        }
        if (text.charCodeAt(i) === QUOTE) {
          quoted = true;
          let value = '';
          let segment = i + 1;
          let closed = -1;
          for (;;) {
            const q = text.indexOf('"', segment);
            if (q < 0) break;
            if (q + 1 >= n && !final) return start;
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(segment, q + 1);
              segment = q + 2;
              continue;
            }
            value += text.slice(segment, q);
            closed = q;
            break;
          }
          if (closed < 0) {
            if (!final) return start;
            error = UNCLOSED_QUOTE;
            end = n;
            next = n;
            break;
          }
          fields.push(value);
          i = closed + 1;
          if (i >= n) {
            end = n;
            next = n;
            break;
          }
          const c = text.charCodeAt(i);
          if (c === d) {
            i++;
            continue;
          }
          if (c === LF) {
            end = i;
            next = i + 1;
            break;
          }
          if (c === CR) {
            if (i + 1 >= n && !final) return start;
            if (i + 1 >= n || text.charCodeAt(i + 1) === LF) {
              end = i;
              next = Math.min(i + 2, n);
              break;
            }
          }
          // Text after a closing quote: the record is malformed up to the end of its line.
          error = 'unexpected text after a closing quote';
          const lf = text.indexOf('\n', i);
          if (lf < 0 && !final) return start;
          end = lf < 0 ? n : lf > 0 && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
          next = lf < 0 ? n : lf + 1;
          break;
        }
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF) break;
          j++;
        }
        if (j >= n && !final) return start;
        if (j < n && text.charCodeAt(j) === d) {
          fields.push(text.slice(i, j));
          i = j + 1;
          continue;
        }
        const stop = j > i && text.charCodeAt(j - 1) === CR ? j - 1 : j;
        fields.push(text.slice(i, stop));
        end = stop;
        next = j < n ? j + 1 : n;
      }
      const raw = text.slice(start, end);
      const firstBreak = quoted && error !== null ? raw.indexOf('\n') : -1;
      if (firstBreak >= 0) {
        // A quote that opened on this line and never closes, or closes lines later followed by text (a
        // stray quote, most often): only this line is refused, and the lines after it are read again as
        // records of their own. Read as one record, they were the valid rows the quote swallowed.
        pos = start + this.rejectLine(raw.slice(0, firstBreak + 1), out);
        continue;
      }
      let breaks = 0;
      if (quoted) for (let k = raw.indexOf('\n'); k >= 0; k = raw.indexOf('\n', k + 1)) breaks++;
      this.line += 1 + breaks;
      out.push({ line: this.line, raw, fields: error === null ? fields : null, error });
      pos = next;
    }
    return pos;
  }

  /**
   * Refuses the first line of `text` (a record starts there) as an unclosed quote and returns the
   * characters it took, its line feed included; -1 when `text` holds no line feed.
   */
  rejectLine(text: string, out: CsvRow[]): number {
    const lf = text.indexOf('\n');
    if (lf < 0) return -1;
    const end = lf > 0 && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    this.line++;
    out.push({ line: this.line, raw: text.slice(0, end), fields: null, error: UNCLOSED_QUOTE });
    return lf + 1;
  }
}
