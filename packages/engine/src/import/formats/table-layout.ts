/**
 * What the events, items and customers formats share, read as CSV (table.ts) or NDJSON (table-ndjson.ts):
 * their layout, and how a header's (or a first record's) columns are sorted and a row's attributes read.
 */
import type { Attributes } from '@storewise/storage';
import { ImportInputError } from '../errors.js';
import type { ColumnsListener, FieldProblem, ParsedRow } from '../types.js';
import { type HeaderColumns, MAX_ATTRIBUTE_TEXT, sortColumns } from './columns.js';
import { addProblem, nulProblem } from './row.js';

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

/** A column's name and the other names a file may give it (layout.aliases). */
export function namesOf<R extends string, O extends string>(
  layout: TableLayout<R, O>,
  column: R | O,
): readonly string[] {
  return [column, ...((layout.aliases?.[column] as readonly string[] | undefined) ?? [])];
}

/**
 * A row with its problems' fields named as the file names them (`fileNames`: a column to the name the
 * file gives it, for a column the file gives another name, layout.aliases), as Online Retail II's rejects
 * name its `Price`.
 */
export function withFileNames(row: ParsedRow, fileNames: ReadonlyMap<string, string>): ParsedRow {
  if (row.problems === null || fileNames.size === 0) return row;
  for (const problem of row.problems) problem.field = fileNames.get(problem.field) ?? problem.field;
  return row;
}

/** Fails when a header's names (as written) are another format's (layout.foreign). */
export function refuseForeign<R extends string, O extends string>(
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
export function headerColumns<R extends string, O extends string>(
  names: readonly string[],
  path: string,
  layout: TableLayout<R, O>,
  onColumns: ColumnsListener | undefined,
  exactCase = false,
): HeaderColumns {
  const groups = [...layout.required, ...layout.optional].map((name) => namesOf(layout, name));
  const known = groups.flat();
  const columns = sortColumns(
    names,
    {
      format: layout.name,
      known,
      attributes: layout.attributes === true,
      refuseNearMisses: layout.nearMisses !== 'list',
      exactCase,
      namesOf: (name) => groups.find((group) => group.includes(name)) ?? [name],
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
export function addAttribute(out: RowAttributes, name: string, value: unknown): void {
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
