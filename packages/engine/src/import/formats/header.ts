import { type CsvRow, readCsvRows, UNCLOSED_QUOTE } from '../csv-rows.js';
import { ImportInputError } from '../errors.js';
import { quoteInput } from '../quote-input.js';
import type { ParsedRow } from '../types.js';
import { INVALID_UTF8 } from '../utf8-check.js';
import { nearColumn } from './columns.js';
import { ROW_FIELD, rejectRow, WRONG_FIELD_COUNT } from './row.js';

/** How much of a header a message quotes: enough for the columns of any layout here. */
const QUOTED_HEADER_CHARS = 300;

/**
 * Maps required and optional column names to their positions in a header row (names compared after
 * trimming, case-insensitively). A column may also go by the other names `aliases` gives it (the first
 * name the header holds wins). Fails with every missing required column named.
 */
export function mapHeader<R extends string, O extends string>(
  header: readonly string[],
  required: readonly R[],
  optional: readonly O[],
  path: string,
  format: string,
  aliases?: Readonly<Partial<Record<R | O, readonly string[]>>>,
): Record<R | O, number> {
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!position.has(key)) position.set(key, i);
  });
  const namesOf = (name: R | O): readonly string[] => [name, ...(aliases?.[name] ?? [])];
  const positionOf = (name: R | O): number => {
    for (const n of namesOf(name)) {
      const at = position.get(n.toLowerCase());
      if (at !== undefined) return at;
    }
    return -1;
  };
  const missing = required.filter((name) => positionOf(name) < 0);
  if (missing.length > 0) {
    // Quoted and escaped: a binary file passed as CSV must not print raw control characters.
    const found = header.join(', ');
    const named = missing.map((name) => {
      const other = aliases?.[name] ?? [];
      const near = header.find((h) => nearColumn(h, [name, ...other]) !== null);
      return (
        (other.length === 0 ? name : `${name} (or ${other.join(' or ')})`) +
        (near === undefined ? '' : ` (${near.trim()} is close: rename it)`)
      );
    });
    throw new ImportInputError(
      `${path} is not in the ${format} format: its header lacks the column${missing.length > 1 ? 's' : ''} ` +
        `${named.join(', ')} (found: ${found ? quoteInput(found, QUOTED_HEADER_CHARS) : 'nothing'})`,
    );
  }
  const out = {} as Record<R | O, number>;
  for (const name of [...required, ...optional]) {
    out[name] = positionOf(name);
    // A column read twice: which of its values is meant cannot be told.
    const names = new Set(namesOf(name).map((n) => n.toLowerCase()));
    const at = header.flatMap((h, i) => (names.has(h.trim().toLowerCase()) ? [i + 1] : []));
    if (at.length > 1)
      throw new ImportInputError(
        `${path}: its header has the column ${name}${names.size > 1 ? ' (or another name of it)' : ''} more than once (columns ${at.join(', ')}): keep one`,
      );
  }
  return out;
}

/**
 * The rows of a CSV file whose first record is its header: `header` maps it (and throws when the layout
 * is wrong) before any row is parsed; each later record goes to `parse` with its fields and that mapping,
 * and a record that is not valid CSV, or whose field count differs from the header's, becomes a reject. Rows come together per chunk of input. A file
 * without any record fails with `noHeader`. Fields are separated by `delimiter`. A record `parse` makes
 * null of (one holding nothing the layout reads) is passed over.
 */
export async function* readCsvWithHeader<C>(
  input: AsyncIterable<string | Buffer>,
  path: string,
  header: (fields: string[]) => C,
  parse: (fields: string[], row: CsvRow, col: C) => ParsedRow | null,
  noHeader: string,
  delimiter = ',',
): AsyncIterable<ParsedRow[]> {
  let col: C | undefined;
  let mapped = false;
  let fieldCount = 0;
  for await (const rows of readCsvRows(input, delimiter)) {
    const out: ParsedRow[] = [];
    for (const row of rows) {
      if (!mapped) {
        col = headerOf(row, path, header);
        fieldCount = row.fields!.length;
        mapped = true;
      } else {
        const parsed = recordRow(row, parse, col as C, fieldCount);
        if (parsed !== null) out.push(parsed);
      }
    }
    if (out.length > 0) yield out;
  }
  if (!mapped) throw new ImportInputError(noHeader);
}

/**
 * A data record as a row: `parse`d, or a reject when the record is not valid CSV or does not have the
 * header's `fieldCount` fields (a field missing or one too many shifts every value after it: none of the
 * row's values can be trusted).
 */
export function recordRow<C, P extends ParsedRow | null>(
  row: CsvRow,
  parse: (fields: string[], row: CsvRow, col: C) => P,
  col: C,
  fieldCount: number,
): P | ParsedRow {
  if (row.fields === null) {
    const reason = row.error === INVALID_UTF8 || row.error === UNCLOSED_QUOTE ? row.error : 'malformed CSV';
    return rejectRow(row.line, row.raw, [{ field: ROW_FIELD, reason }]);
  }
  if (row.fields.length !== fieldCount)
    return rejectRow(row.line, row.raw, [{ field: ROW_FIELD, reason: WRONG_FIELD_COUNT }]);
  return parse(row.fields, row, col);
}

/** `header` applied to a file's first record; fails when that record is not valid CSV. */
export function headerOf<C>(row: CsvRow, path: string, header: (fields: string[]) => C): C {
  if (row.fields === null) throw new ImportInputError(`${path}: cannot read the CSV header: ${row.error}`);
  return header(row.fields);
}
