import { ImportInputError } from '../errors.js';
import type { ColumnsListener, ParsedRow } from '../types.js';
import { mapHeader, readCsvWithHeader } from './header.js';
import {
  addAttribute,
  type FieldGetter,
  headerColumns,
  type RowAttributes,
  refuseForeign,
  type TableLayout,
  withFileNames,
} from './table-layout.js';
import { readNdjson } from './table-ndjson.js';

export type { FieldGetter, RowAttributes, TableLayout } from './table-layout.js';

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
      csvDelimiter(firstLineOf(first.value), layout.required, layout.aliases) ?? ',',
      onColumns,
    );
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
 * The separator under which the header line `line` names every column of `required` (by its name or one
 * of its `aliases`, lower case): a comma, else a semicolon (as spreadsheets write CSV where the comma is
 * the decimal mark), else a tab; null when none does.
 */
export function csvDelimiter<C extends string>(
  line: string,
  required: readonly C[],
  aliases?: Readonly<Partial<Record<C, readonly string[]>>>,
): CsvDelimiter | null {
  const text = line.replace(/^\uFEFF/, '');
  for (const delimiter of DELIMITERS) {
    const names = headerNames(text, delimiter);
    if (required.every((name) => [name, ...(aliases?.[name] ?? [])].some((n) => names.has(n))))
      return delimiter;
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
  /** The columns the header gives another name (layout.aliases), and that name: rejects name it. */
  const fileNames = new Map<string, string>();
  return readCsvWithHeader(
    input,
    path,
    (header) => {
      refuseForeign(header, path, layout);
      const mapped = mapHeader(header, layout.required, layout.optional, path, layout.name, layout.aliases);
      const names = header.map((name) => name.trim());
      for (const [column, at] of Object.entries(mapped) as [R | O, number][])
        if (at >= 0 && names[at]!.toLowerCase() !== column.toLowerCase()) fileNames.set(column, names[at]!);
      attributeAt = headerColumns(header, path, layout, onColumns).attributes.map(({ name }) => [
        name,
        names.indexOf(name),
      ]);
      return mapped;
    },
    (rowFields, row, mapped) => {
      col = mapped;
      fields = rowFields;
      const parsed = layout.row(get, row.line, row.raw, has, attributesOf());
      return parsed === null ? null : withFileNames(parsed, fileNames);
    },
    `${path} holds no CSV header`,
    delimiter,
  );
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
