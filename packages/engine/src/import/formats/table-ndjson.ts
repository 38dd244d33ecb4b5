/** The NDJSON reading of the table layouts (table-layout.ts): one JSON object per line. */
import { identifierKind } from '../../privacy/identifier-names.js';
import { ImportInputError } from '../errors.js';
import { readLines } from '../line-rows.js';
import type { ColumnsListener, ParsedRow } from '../types.js';
import { INVALID_UTF8 } from '../utf8-check.js';
import { type HeaderColumns, nearColumn } from './columns.js';
import { ROW_FIELD, rejectRow } from './row.js';
import {
  addAttribute,
  type FieldGetter,
  headerColumns,
  namesOf,
  type RowAttributes,
  refuseForeign,
  type TableLayout,
  withFileNames,
} from './table-layout.js';

export async function* readNdjson<R extends string, O extends string>(
  input: AsyncIterable<string | Buffer>,
  path: string,
  layout: TableLayout<R, O>,
  onColumns: ColumnsListener | undefined,
): AsyncIterable<ParsedRow[]> {
  /** The first record's keys: which fields the file has. */
  let keys: Set<string> | null = null;
  const columns: readonly (R | O)[] = [...layout.required, ...layout.optional];
  /** The key each column is read from: the first of its names (layout.aliases) the first record has. */
  const keyOf = Object.fromEntries(columns.map((c) => [c, c as string])) as Record<R | O, string>;
  /** The columns the first record gives another name, and that name: rejects name it. */
  const fileNames = new Map<string, string>();
  const has = (column: R | O) => keys!.has(keyOf[column]);
  let record: Record<string, unknown> = {};
  /** Every name of every column the layout reads. */
  const names = columns.flatMap((column) => namesOf(layout, column));
  const known = new Set<string>(names);
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
      near = names.some((c) => c.toLowerCase() === key.toLowerCase()) || nearColumn(key, names) !== null;
      nearOfLater.set(key, near);
    }
    return near;
  };
  const nearOfLater = new Map<string, boolean>();
  /** The columns told so far (the first record's), and the keys later records add to the ignored ones. */
  let told: HeaderColumns = { ignored: [], attributes: [] };
  const lateKeys = new Set<string>();
  /**
   * A later record's keys that neither the first record had nor the layout reads are sorted like the
   * first record's: ignored (a misspelt `unit_prise` on the purchases of a file whose first record is a
   * view), or, in a layout with attributes, attributes (attributesOf stores them) unless close to a known
   * column. The columns are told again with them, so that the summary lists every one instead of the
   * first record's only.
   */
  const noteLateKeys = (): void => {
    let added = false;
    for (const key of Object.keys(record)) {
      if (keys!.has(key) || known.has(key) || lateKeys.has(key)) continue;
      lateKeys.add(key);
      const name = key.trim();
      // A key the reader takes as written: another case of a known column is that column misspelt.
      const suggestion =
        names.find((c) => c !== name && c.toLowerCase() === name.toLowerCase()) ?? nearColumn(name, names);
      if (layout.attributes && name !== '' && suggestion === null) {
        if (told.attributes.some((a) => a.name === name)) continue; // ' size' after 'size'
        told = { ...told, attributes: [...told.attributes, { name, identifier: identifierKind(name) }] };
      } else
        told = {
          ...told,
          ignored: [...told.ignored, { name: name === '' ? '(a key without a name)' : name, suggestion }],
        };
      added = true;
    }
    if (added) onColumns?.(told);
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
    const value = record[keyOf[column]];
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
        mapFirstRecord(value as object, path, layout, keyOf, fileNames);
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
      noteLateKeys();
      // Every field of a layout is one value: a JSON object or list in its place is refused, not stored
      // as its JSON text (an item id `{"x":1}`).
      // Nor is a JSON true or false where text or a number belongs (an event id `true`).
      const wrong = columns.flatMap((column) => {
        const field = keyOf[column];
        const value = record[field];
        if (typeof value === 'object' && value !== null)
          return [{ field, reason: 'a JSON object or list where one value belongs' }];
        if (typeof value === 'boolean' && !layout.yesNo?.has(column))
          return [{ field, reason: 'a JSON true or false where text or a number belongs' }];
        return [];
      });
      if (wrong.length > 0) {
        out.push(rejectRow(line, text, wrong));
        continue;
      }
      const parsed = layout.row(get, line, text, has, attributesOf());
      if (parsed !== null) out.push(withFileNames(parsed, fileNames));
    }
    if (out.length > 0) yield out;
  }
  if (keys === null) throw new ImportInputError(`${path} holds no records`);
}

/**
 * Which key of the first record each column is read from (`keyOf`, and `fileNames` for a column read
 * from another of its names, layout.aliases); fails naming the required fields it lacks, and a column
 * given under two of its names.
 */
function mapFirstRecord<R extends string, O extends string>(
  first: object,
  path: string,
  layout: TableLayout<R, O>,
  keyOf: Record<R | O, string>,
  fileNames: Map<string, string>,
): void {
  const given = (column: R | O) => namesOf(layout, column).filter((name) => name in first);
  const missing = layout.required.filter((column) => given(column).length === 0);
  if (missing.length > 0)
    throw new ImportInputError(
      `${path} is not in the ${layout.name} format: its first record lacks the field${missing.length > 1 ? 's' : ''} ${missing
        .map((column) => {
          const all = namesOf(layout, column);
          const near = Object.keys(first).find((k) => nearColumn(k, all) !== null);
          const named = all.length === 1 ? column : `${column} (or ${all.slice(1).join(' or ')})`;
          return near === undefined ? named : `${named} (${near} is close: rename it)`;
        })
        .join(', ')}`,
    );
  for (const column of [...layout.required, ...layout.optional]) {
    const keys = given(column);
    if (keys.length > 1)
      throw new ImportInputError(
        `${path}: its first record has the field ${column} under more than one name (${keys.join(', ')}): keep one`,
      );
    if (keys.length === 1 && keys[0] !== column) {
      keyOf[column] = keys[0]!;
      fileNames.set(column, keys[0]!);
    }
  }
}
