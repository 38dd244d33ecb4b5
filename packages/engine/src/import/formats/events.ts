import { ImportInputError } from '../errors.js';
import { readLines } from '../line-rows.js';
import type { ParsedRow } from '../types.js';
import { INVALID_UTF8 } from '../utf8-check.js';
import {
  EVENT_COLUMNS_OPTIONAL,
  EVENT_COLUMNS_REQUIRED,
  type EventColumn,
  type FieldGetter,
  parseEventFields,
} from './events-fields.js';
import { mapHeader, readCsvWithHeader } from './header.js';
import { rejectRow } from './row.js';

/**
 * The generic events layout, as CSV with a header row or as NDJSON (one JSON object per line); which
 * one is told by the first character of the file ('{' means NDJSON). The CSV's fields are separated by
 * commas, or by semicolons or tabs (eventsCsvDelimiter). See docs/import-formats.md.
 */
export async function* readEvents(
  input: AsyncIterable<string | Buffer>,
  path: string,
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
    yield* readNdjsonEvents(replay, path);
  else yield* readCsvEvents(replay, path, eventsCsvDelimiter(firstLineOf(first.value)) ?? ',');
}

/** The separators an events CSV may use, in the order they are tried. */
const DELIMITERS = [',', ';', '\t'] as const;
export type EventsCsvDelimiter = (typeof DELIMITERS)[number];

/**
 * The separator under which the header line `line` names every required events column: a comma, else a
 * semicolon (as spreadsheets write CSV where the comma is the decimal mark), else a tab; null when none does.
 */
export function eventsCsvDelimiter(line: string): EventsCsvDelimiter | null {
  const text = line.replace(/^\uFEFF/, '');
  for (const delimiter of DELIMITERS) {
    const names = new Set(
      text.split(delimiter).map((name) => name.trim().replace(/^"|"$/g, '').trim().toLowerCase()),
    );
    if (EVENT_COLUMNS_REQUIRED.every((name) => names.has(name))) return delimiter;
  }
  return null;
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

/** Columns read as numbers, whose decimal mark may be a comma in a file separated by semicolons. */
const NUMBER_COLUMNS = new Set<EventColumn>(['quantity', 'unit_price', 'rating', 'price', 'stock']);
/** A decimal written with a comma: `-12,5`. */
const DECIMAL_COMMA = /^\s*-?\d+,\d+\s*$/;

async function* prepend(
  first: string | Buffer,
  rest: AsyncIterator<string | Buffer>,
): AsyncIterable<string | Buffer> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function readCsvEvents(
  input: AsyncIterable<string | Buffer>,
  path: string,
  delimiter: EventsCsvDelimiter,
): AsyncIterable<ParsedRow[]> {
  let col: Record<EventColumn, number>;
  let fields: string[] = [];
  const field: FieldGetter = (column) => {
    const at = col[column];
    return at < 0 ? '' : (fields[at] ?? '');
  };
  // Separated by semicolons, numbers may have a decimal comma (12,5); a number with a dot reads as before.
  const get: FieldGetter =
    delimiter === ';'
      ? (column) => {
          const text = field(column);
          return NUMBER_COLUMNS.has(column) && DECIMAL_COMMA.test(text) ? text.replace(',', '.') : text;
        }
      : field;
  return readCsvWithHeader(
    input,
    path,
    (header) => mapHeader(header, EVENT_COLUMNS_REQUIRED, EVENT_COLUMNS_OPTIONAL, path, 'events'),
    (rowFields, row, mapped) => {
      col = mapped;
      fields = rowFields;
      return parseEventFields(get, row.line, row.raw, mapped.event_id < 0);
    },
    `${path} holds no CSV header`,
    delimiter,
  );
}

async function* readNdjsonEvents(
  input: AsyncIterable<string | Buffer>,
  path: string,
): AsyncIterable<ParsedRow[]> {
  let checked = false;
  /** The first record has no `event_id` key: records without an id get one derived. */
  let deriveIds = false;
  let record: Record<string, unknown> = {};
  const get: FieldGetter = (column) => {
    const value = record[column];
    if (value === null || value === undefined) return '';
    return typeof value === 'string'
      ? value
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
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
      if (!checked) {
        if (!isObject) throw new ImportInputError(`${path} is not NDJSON: line ${line} is not a JSON object`);
        const missing = EVENT_COLUMNS_REQUIRED.filter((key) => !(key in (value as object)));
        if (missing.length > 0)
          throw new ImportInputError(
            `${path} is not in the events format: its first record lacks the field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
          );
        checked = true;
        deriveIds = !('event_id' in (value as object));
      }
      if (invalidUtf8) {
        out.push(rejectRow(line, text, [{ field: '(row)', reason: INVALID_UTF8 }]));
        continue;
      }
      if (!isObject) {
        out.push(rejectRow(line, text, [{ field: '(row)', reason: 'invalid JSON' }]));
        continue;
      }
      record = value as Record<string, unknown>;
      out.push(parseEventFields(get, line, text, deriveIds));
    }
    if (out.length > 0) yield out;
  }
  if (!checked) throw new ImportInputError(`${path} holds no records`);
}
