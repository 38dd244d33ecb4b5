import { ImportInputError } from '../errors.js';
import { readLines } from '../line-rows.js';
import type { ParsedRow } from '../types.js';
import { INVALID_UTF8 } from '../utf8-check.js';
import { mapHeader, readCsvWithHeader } from './header.js';
import { ROW_FIELD, rejectRow } from './row.js';

/** Reads a column's text for the current row; '' when absent or empty. */
export type FieldGetter<C extends string> = (column: C) => string;

/**
 * A layout of named fields, read as CSV with a header row or as NDJSON (the events, items and customers
 * formats): its columns, and what makes a row of them.
 */
export interface TableLayout<R extends string, O extends string> {
  /** The format's name, in messages. */
  name: string;
  required: readonly R[];
  optional: readonly O[];
  /** Columns read as numbers: their decimal mark may be a comma in a CSV separated by semicolons. */
  numbers: ReadonlySet<R | O>;
  /** Columns that take a yes or no (parseBoolean): only these may hold a JSON `true` or `false`. */
  yesNo?: ReadonlySet<R | O>;
  /** Other names a CSV header may give a column (mapHeader's aliases). */
  aliases?: Readonly<Partial<Record<R | O, readonly string[]>>>;
  /**
   * One row: `has` tells whether the file has a column (the CSV header; NDJSON: the first record's keys).
   * null for a row that holds nothing the layout reads (a products export's rows of further images): it
   * is passed over, not counted.
   */
  row: (
    get: FieldGetter<R | O>,
    line: number,
    raw: string,
    has: (column: R | O) => boolean,
  ) => ParsedRow | null;
}

/**
 * The rows of a file in `layout`: NDJSON (one JSON object per line) when its first character is '{',
 * else CSV with a header row whose fields are separated by commas, semicolons or tabs (csvDelimiter).
 * See docs/import-formats.md.
 */
export async function* readTable<R extends string, O extends string>(
  input: AsyncIterable<string | Buffer>,
  path: string,
  layout: TableLayout<R, O>,
): AsyncIterable<ParsedRow[]> {
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new ImportInputError(`${path} is empty`);
  const head = typeof first.value === 'string' ? first.value : first.value.toString('utf8', 0, 64);
  const replay = prepend(first.value, iterator);
  if (
    head
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('{')
  )
    yield* readNdjson(replay, path, layout);
  else yield* readCsv(replay, path, layout, csvDelimiter(firstLineOf(first.value), layout.required) ?? ',');
}

/** The separators a CSV of these layouts may use, in the order they are tried. */
const DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof DELIMITERS)[number];

/**
 * The separator under which the header line `line` names every column of `required`: a comma, else a
 * semicolon (as spreadsheets write CSV where the comma is the decimal mark), else a tab; null when none does.
 */
export function csvDelimiter(line: string, required: readonly string[]): CsvDelimiter | null {
  const text = line.replace(/^\uFEFF/, '');
  for (const delimiter of DELIMITERS) {
    const names = headerNames(text, delimiter);
    if (required.every((name) => names.has(name))) return delimiter;
  }
  return null;
}

/** The column names of a header line split at `delimiter`: trimmed, unquoted, lower-cased. */
export function headerNames(line: string, delimiter: string): Set<string> {
  return new Set(line.split(delimiter).map((name) => name.trim().replace(/^"|"$/g, '').trim().toLowerCase()));
}

/** The first line of a file's first chunk (all of the chunk when it holds no line feed). */
function firstLineOf(chunk: string | Buffer): string {
  const end = chunk.indexOf('\n');
  const line =
    typeof chunk === 'string'
      ? chunk.slice(0, end < 0 ? undefined : end)
      : chunk.toString('utf8', 0, end < 0 ? undefined : end);
  return line.replace(/\r$/, '');
}

/** A decimal written with a comma: `-12,5`. */
const DECIMAL_COMMA = /^\s*-?\d+,\d+\s*$/;

async function* prepend(
  first: string | Buffer,
  rest: AsyncIterator<string | Buffer>,
): AsyncIterable<string | Buffer> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function readCsv<R extends string, O extends string>(
  input: AsyncIterable<string | Buffer>,
  path: string,
  layout: TableLayout<R, O>,
  delimiter: CsvDelimiter,
): AsyncIterable<ParsedRow[]> {
  let col: Record<R | O, number>;
  let fields: string[] = [];
  const field: FieldGetter<R | O> = (column) => {
    const at = col[column];
    return at < 0 ? '' : (fields[at] ?? '');
  };
  // Separated by semicolons, numbers may have a decimal comma (12,5); a number with a dot reads as before.
  const get: FieldGetter<R | O> =
    delimiter === ';'
      ? (column) => {
          const text = field(column);
          return layout.numbers.has(column) && DECIMAL_COMMA.test(text) ? text.replace(',', '.') : text;
        }
      : field;
  const has = (column: R | O) => col[column] >= 0;
  return readCsvWithHeader(
    input,
    path,
    (header) => mapHeader(header, layout.required, layout.optional, path, layout.name, layout.aliases),
    (rowFields, row, mapped) => {
      col = mapped;
      fields = rowFields;
      return layout.row(get, row.line, row.raw, has);
    },
    `${path} holds no CSV header`,
    delimiter,
  );
}

async function* readNdjson<R extends string, O extends string>(
  input: AsyncIterable<string | Buffer>,
  path: string,
  layout: TableLayout<R, O>,
): AsyncIterable<ParsedRow[]> {
  /** The first record's keys: which fields the file has. */
  let keys: Set<string> | null = null;
  const has = (column: R | O) => keys!.has(column);
  let record: Record<string, unknown> = {};
  const columns: readonly (R | O)[] = [...layout.required, ...layout.optional];
  const get: FieldGetter<R | O> = (column) => {
    const value = record[column];
    if (value === null || value === undefined) return '';
    return typeof value === 'string' ? value : String(value);
  };
  for await (const lines of readLines(input)) {
    const out: ParsedRow[] = [];
    for (const { line, text, invalidUtf8 } of lines) {
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      if (keys === null) {
        if (!isObject) throw new ImportInputError(`${path} is not NDJSON: line ${line} is not a JSON object`);
        const missing = layout.required.filter((key) => !(key in (value as object)));
        if (missing.length > 0)
          throw new ImportInputError(
            `${path} is not in the ${layout.name} format: its first record lacks the field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
          );
        keys = new Set(Object.keys(value as object));
      }
      if (invalidUtf8) {
        out.push(rejectRow(line, text, [{ field: ROW_FIELD, reason: INVALID_UTF8 }]));
        continue;
      }
      if (!isObject) {
        out.push(rejectRow(line, text, [{ field: ROW_FIELD, reason: 'invalid JSON' }]));
        continue;
      }
      record = value as Record<string, unknown>;
      // Every field of a layout is one value: a JSON object or list in its place is refused, not stored
      // as its JSON text (an item id `{"x":1}`).
      // Nor is a JSON true or false where text or a number belongs (an event id `true`).
      const wrong = columns.flatMap((field) => {
        const value = record[field];
        if (typeof value === 'object' && value !== null)
          return [{ field, reason: 'a JSON object or list where one value belongs' }];
        if (typeof value === 'boolean' && !layout.yesNo?.has(field))
          return [{ field, reason: 'a JSON true or false where text or a number belongs' }];
        return [];
      });
      if (wrong.length > 0) {
        out.push(rejectRow(line, text, wrong));
        continue;
      }
      const parsed = layout.row(get, line, text, has);
      if (parsed !== null) out.push(parsed);
    }
    if (out.length > 0) yield out;
  }
  if (keys === null) throw new ImportInputError(`${path} holds no records`);
}

/**
 * For exports that write a group's own columns (an order's time and email, a product's title) on its
 * first row only: remembers them from a group's first row (`start`), and gives a getter whose blank
 * fields of those columns take the first row's value.
 */
export class FirstRowColumns<C extends string> {
  private readonly first = new Map<C, string>();

  constructor(private readonly columns: readonly C[]) {}

  /** A group starts with this row. */
  start(get: FieldGetter<C>): void {
    for (const column of this.columns) this.first.set(column, get(column));
  }

  /** `get`, with the group's first-row value where a column of the group is blank. */
  filled(get: FieldGetter<C>): FieldGetter<C> {
    return (column) => {
      const value = get(column);
      return value.trim() === '' && this.first.has(column) ? this.first.get(column)! : value;
    };
  }
}
