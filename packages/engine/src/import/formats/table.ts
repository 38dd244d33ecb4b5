import type { Attributes } from '@storewise/storage';
import { ImportInputError } from '../errors.js';
import { readLines } from '../line-rows.js';
import type { ColumnsListener, FieldProblem, ParsedRow } from '../types.js';
import { INVALID_UTF8 } from '../utf8-check.js';
import { type HeaderColumns, MAX_ATTRIBUTE_TEXT, nearColumn, sortColumns } from './columns.js';
import { mapHeader, readCsvWithHeader } from './header.js';
import { addProblem, nulProblem, ROW_FIELD, rejectRow } from './row.js';

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
  /** The columns it does not read become attributes of each record (sortColumns); else they are ignored. */
  attributes?: boolean;
  /**
   * `list`: a column close to a known one the header lacks is only listed with the ignored columns
   * (exports written by a tool: Shopify's); by default it fails the file (sortColumns).
   */
  nearMisses?: 'refuse' | 'list';
  /**
   * Why a header (its names, trimmed and lower-cased) is another format's, refused before anything is
   * read (an events file given as items); null when it is not.
   */
  foreign?: (names: ReadonlySet<string>) => string | null;
  /**
   * One row: `has` tells whether the file has a column (the CSV header; NDJSON: the first record's keys).
   * `attributes`: with `attributes` set, the row's values of the attribute columns and their problems;
   * else null. null for a row that holds nothing the layout reads (a products export's rows of further
   * images): it is passed over, not counted.
   */
  row: (
    get: FieldGetter<R | O>,
    line: number,
    raw: string,
    has: (column: R | O) => boolean,
    attributes: RowAttributes | null,
  ) => ParsedRow | null;
}

/** A row's attribute values (blank ones left out: they leave what is stored) and the problems of its values. */
export interface RowAttributes {
  values: Attributes;
  problems: FieldProblem[] | null;
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
  onColumns?: ColumnsListener,
): AsyncIterable<ParsedRow[]> {
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new ImportInputError(`${path} is empty`);
  const head = typeof first.value === 'string' ? first.value : first.value.toString('utf8', 0, 64);
  const replay = prepend(first.value, iterator);
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[')) throw jsonArrayError(path);
  if (start.startsWith('{')) yield* readNdjson(replay, path, layout, onColumns);
  else
    yield* readCsv(
      replay,
      path,
      layout,
      csvDelimiter(firstLineOf(first.value), layout.required) ?? ',',
      onColumns,
    );
}

/** Fails when a header's names (as written) are another format's (layout.foreign). */
function refuseForeign<R extends string, O extends string>(
  names: readonly string[],
  path: string,
  layout: TableLayout<R, O>,
): void {
  const foreign = layout.foreign?.(new Set(names.map((name) => name.trim().toLowerCase())));
  if (foreign) throw new ImportInputError(`${path} ${foreign}`);
}

/**
 * A header's unknown columns sorted (sortColumns) before any row is read, and told to `onColumns`;
 * `exactCase` for NDJSON keys, which the reader takes as written.
 */
function headerColumns<R extends string, O extends string>(
  names: readonly string[],
  path: string,
  layout: TableLayout<R, O>,
  onColumns: ColumnsListener | undefined,
  exactCase = false,
): HeaderColumns {
  const known = [...layout.required, ...layout.optional].flatMap((name) => [
    name,
    ...((layout.aliases?.[name] as readonly string[] | undefined) ?? []),
  ]);
  const columns = sortColumns(
    names,
    {
      format: layout.name,
      known,
      attributes: layout.attributes === true,
      refuseNearMisses: layout.nearMisses !== 'list',
      exactCase,
    },
    path,
  );
  onColumns?.(columns);
  return columns;
}

/**
 * An attribute's value as read: text trimmed (blank: left out), a JSON number or boolean as it is; a
 * problem for a JSON object or list, a text over MAX_ATTRIBUTE_TEXT characters, or one storage cannot
 * keep (nulProblem).
 */
function addAttribute(out: RowAttributes, name: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'number' || typeof value === 'boolean') {
    out.values[name] = value;
    return;
  }
  if (typeof value === 'object') {
    out.problems = addProblem(out.problems, name, 'a JSON object or list where one value belongs');
    return;
  }
  const text = String(value).trim();
  if (text === '') return;
  if (text.length > MAX_ATTRIBUTE_TEXT) {
    out.problems = addProblem(out.problems, name, 'attribute too long');
    return;
  }
  const before = out.problems?.length ?? 0;
  out.problems = nulProblem(out.problems, name, text);
  if ((out.problems?.length ?? 0) === before) out.values[name] = text;
}

/** The error of a file holding one JSON array (`[{...}, ...]`), which the layouts do not read. */
export function jsonArrayError(path: string): ImportInputError {
  return new ImportInputError(
    `${path} holds a JSON array: NDJSON needs one JSON object per line, without brackets (jq -c '.[]' ${path} > records.ndjson writes it so)`,
  );
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
  onColumns: ColumnsListener | undefined,
): AsyncIterable<ParsedRow[]> {
  let col: Record<R | O, number>;
  let fields: string[] = [];
  /** The attribute columns' names and positions (layout.attributes). */
  let attributeAt: [string, number][] = [];
  const attributesOf = (): RowAttributes | null => {
    if (!layout.attributes) return null;
    const out: RowAttributes = { values: {}, problems: null };
    for (const [name, at] of attributeAt) addAttribute(out, name, fields[at]);
    return out;
  };
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
    (header) => {
      refuseForeign(header, path, layout);
      const mapped = mapHeader(header, layout.required, layout.optional, path, layout.name, layout.aliases);
      const names = header.map((name) => name.trim());
      attributeAt = headerColumns(header, path, layout, onColumns).attributes.map(({ name }) => [
        name,
        names.indexOf(name),
      ]);
      return mapped;
    },
    (rowFields, row, mapped) => {
      col = mapped;
      fields = rowFields;
      return layout.row(get, row.line, row.raw, has, attributesOf());
    },
    `${path} holds no CSV header`,
    delimiter,
  );
}

async function* readNdjson<R extends string, O extends string>(
  input: AsyncIterable<string | Buffer>,
  path: string,
  layout: TableLayout<R, O>,
  onColumns: ColumnsListener | undefined,
): AsyncIterable<ParsedRow[]> {
  /** The first record's keys: which fields the file has. */
  let keys: Set<string> | null = null;
  const has = (column: R | O) => keys!.has(column);
  let record: Record<string, unknown> = {};
  const columns: readonly (R | O)[] = [...layout.required, ...layout.optional];
  const known = new Set<string>(columns);
  /** Keys of the first record that are ignored (close to a known column, or unnamed): not attributes. */
  const ignoredKeys = new Set<string>();
  /**
   * Whether a key is ignored, not an attribute: unnamed, or close to a known column (sortColumns; a case
   * variant too) in the first record or a later one.
   */
  const nearKnown = (key: string): boolean => {
    if (key === '' || ignoredKeys.has(key)) return true;
    let near = nearOfLater.get(key);
    if (near === undefined) {
      near = columns.some((c) => c.toLowerCase() === key.toLowerCase()) || nearColumn(key, columns) !== null;
      nearOfLater.set(key, near);
    }
    return near;
  };
  const nearOfLater = new Map<string, boolean>();
  /** The columns told so far (the first record's), and the keys later records add to the ignored ones. */
  let told: HeaderColumns = { ignored: [], attributes: [] };
  const lateKeys = new Set<string>();
  /**
   * A later record's keys that neither the first record had nor the layout reads are ignored like the
   * first record's (a misspelt `unit_prise` on the purchases of a file whose first record is a view): the
   * columns are told again with them, so that the summary lists them instead of dropping them unsaid. A
   * layout with attributes stores them (attributesOf).
   */
  const noteLateKeys = (): void => {
    let added = false;
    for (const key of Object.keys(record)) {
      if (keys!.has(key) || known.has(key) || lateKeys.has(key)) continue;
      lateKeys.add(key);
      const name = key.trim();
      // A key the reader takes as written: another case of a known column is that column misspelt.
      const suggestion =
        columns.find((c) => c !== name && c.toLowerCase() === name.toLowerCase()) ??
        nearColumn(name, columns);
      told.ignored.push({ name: name === '' ? '(a key without a name)' : name, suggestion });
      added = true;
    }
    if (added) {
      told = { ...told, ignored: [...told.ignored] };
      onColumns?.(told);
    }
  };
  /** Every key of a record that is not a known column nor ignored is an attribute (layout.attributes). */
  const attributesOf = (): RowAttributes | null => {
    if (!layout.attributes) return null;
    const out: RowAttributes = { values: {}, problems: null };
    for (const [key, value] of Object.entries(record))
      if (!known.has(key) && !nearKnown(key.trim())) addAttribute(out, key.trim(), value);
    return out;
  };
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
        refuseForeign(Object.keys(value as object), path, layout);
        const missing = layout.required.filter((key) => !(key in (value as object)));
        if (missing.length > 0)
          throw new ImportInputError(
            `${path} is not in the ${layout.name} format: its first record lacks the field${missing.length > 1 ? 's' : ''} ${missing
              .map((key) => {
                const near = Object.keys(value as object).find((k) => nearColumn(k, [key]) !== null);
                return near === undefined ? key : `${key} (${near} is close: rename it)`;
              })
              .join(', ')}`,
          );
        keys = new Set(Object.keys(value as object));
        const sorted = headerColumns([...keys], path, layout, onColumns, true);
        for (const { name } of sorted.ignored) ignoredKeys.add(name);
        told = sorted;
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
      if (!layout.attributes) noteLateKeys();
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
      const parsed = layout.row(get, line, text, has, attributesOf());
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
