/**
 * Reads a file of (user, item, rating, time) rows for offline evaluation, without a database:
 * - 'movielens': MovieLens ratings, user, item, rating, Unix seconds: tab-separated (100K's u.data),
 *   '::'-separated (1M's and 10M's ratings.dat), or comma-separated after the header
 *   `userId,movieId,rating,timestamp` (ratings.csv of latest, 20M, 25M, 32M);
 * - 'csv': a CSV file with a header; `columns` names the user, item and optional rating and time columns
 *   (default: the first four columns in that order). Times are Unix seconds or ISO 8601 dates.
 * A movielens row must have a user and an item; a csv row without one (an events file's search row names no
 * item) is skipped and counted in `skipped`, as the caller says. A rating or time that does not parse stops
 * the read with the file, line and column.
 */
import { InteractionBuilder, type InteractionMatrix } from '@storewise/core';
import { readCsvRows } from '../../import/csv-rows.js';
import { ImportInputError } from '../../import/errors.js';
import { type RatingsLayout, ratingsLayoutOf } from '../../import/formats/movielens.js';
import { naming, openInput } from '../../import/input-stream.js';
import { readLines } from '../../import/line-rows.js';

export const RATINGS_FORMATS = ['movielens', 'csv'] as const;
export type RatingsFormat = (typeof RATINGS_FORMATS)[number];

export interface RatingsFileOptions {
  format: RatingsFormat;
  /** For 'csv': header names of user, item[, rating[, time]]. */
  columns?: readonly string[];
}

export interface RatingsData {
  /** Explicit ratings (the latest per user and item; 1 where the file has no rating column). */
  ratings: InteractionMatrix;
  rows: number;
  /** Whether the file has ratings (false: a CSV without a rating column, every value 1). */
  rated: boolean;
  /** CSV rows skipped for an empty user or item column, and the first one's line (null when none). */
  skipped: { rows: number; firstLine: number | null };
}

export function readRatingsFile(path: string, options: RatingsFileOptions): Promise<RatingsData> {
  return naming(path, () => readRatings(path, options));
}

async function readRatings(path: string, options: RatingsFileOptions): Promise<RatingsData> {
  const builder = new InteractionBuilder();
  const input = await openInput(path);
  let rows = 0;
  let rated = true;
  const skipped: RatingsData['skipped'] = { rows: 0, firstLine: null };
  const add = (
    line: number,
    user: string,
    item: string,
    rating: string | undefined,
    time: string | undefined,
  ) => {
    if (user === '' || item === '') throw new ImportInputError(`${path} line ${line}: missing user or item`);
    const r = rating === undefined || rating === '' ? 1 : Number(rating);
    if (!Number.isFinite(r))
      throw new ImportInputError(`${path} line ${line}, column rating: "${rating}" is not a number`);
    builder.add(user, item, r, parseTime(path, line, time));
    rows++;
  };
  if (options.format === 'movielens') {
    let layout: RatingsLayout | null = null;
    for await (const lines of readLines(input.stream))
      for (const { line, text } of lines) {
        if (text.trim() === '') continue;
        if (layout === null) {
          const found = ratingsLayoutOf(text);
          layout = found.layout;
          if (found.header) continue;
        }
        const f = layout.split(text);
        if (f.length < 3)
          throw new ImportInputError(`${path} line ${line}: expected user, item, rating, time`);
        add(line, f[0]!.trim(), f[1]!.trim(), f[2]!.trim(), f[3]?.trim());
      }
  } else if (options.format === 'csv') {
    let index: number[] | null = null;
    for await (const rows of readCsvRows(input.stream))
      for (const row of rows) {
        if (!row.fields) throw new ImportInputError(`${path} line ${row.line}: ${row.error}`);
        if (!index) {
          index = columnIndex(path, row.fields, options.columns);
          rated = index[2]! >= 0;
          continue;
        }
        const at = (c: number) => (index![c]! >= 0 ? row.fields![index![c]!]?.trim() : undefined);
        if (row.fields.length === 1 && /[\t;]/.test(row.fields[0]!))
          throw new ImportInputError(
            `${path} line ${row.line}: one field, holding a ${row.fields[0]!.includes('\t') ? 'tab' : 'semicolon'}: the csv format reads fields separated by commas`,
          );
        const [user, item] = [at(0) ?? '', at(1) ?? ''];
        if (user === '' || item === '') {
          skipped.rows++;
          skipped.firstLine ??= row.line;
          continue;
        }
        add(row.line, user, item, at(2), at(3));
      }
  } else {
    throw new ImportInputError(
      `unknown ratings format "${String(options.format)}": use ${RATINGS_FORMATS.join(' or ')}`,
    );
  }
  if (rows === 0)
    throw new ImportInputError(
      skipped.rows > 0
        ? `${path}: every row (${skipped.rows}, from line ${skipped.firstLine}) has an empty user or item column: check --columns`
        : `${path} holds no ratings`,
    );
  return { ratings: builder.build({ duplicates: 'last' }), rows, rated, skipped };
}

function columnIndex(path: string, header: string[], columns: readonly string[] | undefined): number[] {
  if (!columns) return [0, 1, header.length > 2 ? 2 : -1, header.length > 3 ? 3 : -1];
  if (columns.length < 2 || columns.length > 4) {
    throw new ImportInputError('--columns takes 2 to 4 names: user,item[,rating[,time]]');
  }
  const names = header.map((h) => h.trim());
  const out = columns.map((name) => {
    const i = names.indexOf(name);
    if (i < 0)
      throw new ImportInputError(`${path}: column "${name}" is not in the header (${names.join(', ')})`);
    return i;
  });
  while (out.length < 4) out.push(-1);
  return out;
}

function parseTime(path: string, line: number, text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new ImportInputError(`${path} line ${line}, column time: "${text}" is not a time`);
  return ms;
}
