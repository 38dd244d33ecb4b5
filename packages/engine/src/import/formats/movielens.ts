import { dirname, join } from 'node:path';
import { type ItemInput, MAX_KEY_LENGTH } from '@storewise/storage';
import { ImportInputError } from '../errors.js';
import { parseDecimal } from '../field-parsers.js';
import { readLines } from '../line-rows.js';
import { quoteInput } from '../quote-input.js';
import type { FieldProblem, ParsedRow } from '../types.js';
import { type MovieCatalog, readMoviesCsv, readMoviesDat, readUItem } from './movielens-catalog.js';
import {
  addProblem,
  idLengthProblem,
  nulProblem,
  numberRangeProblem,
  ROW_FIELD,
  rejectRow,
  timeRangeProblem,
  WRONG_FIELD_COUNT,
} from './row.js';

/** A MovieLens ratings layout: how a line splits, what its fields are called, where its movie list is. */
export interface RatingsLayout {
  split: (line: string) => string[];
  /** The names rejects give the user, item, rating and time fields. */
  fields: readonly [string, string, string, string];
  /** The movie list read from the same folder. */
  catalog: (folder: string) => Promise<MovieCatalog> | MovieCatalog;
}

const U_DATA: RatingsLayout = {
  split: (line) => line.split('\t'),
  fields: ['user', 'item', 'rating', 'timestamp'],
  catalog: (folder) => readUItem(join(folder, 'u.item')),
};
const RATINGS_CSV: RatingsLayout = {
  split: (line) => line.split(','),
  fields: ['userId', 'movieId', 'rating', 'timestamp'],
  catalog: (folder) => readMoviesCsv(join(folder, 'movies.csv')),
};
const RATINGS_DAT: RatingsLayout = {
  split: (line) => line.split('::'),
  fields: ['user', 'item', 'rating', 'timestamp'],
  catalog: (folder) => readMoviesDat(join(folder, 'movies.dat')),
};
/**
 * Which MovieLens ratings layout a file is in, told by its first line: ratings.csv's header
 * (`userId,movieId,rating,timestamp`, which `header` says to skip), a ratings.dat line (`::`), else u.data.
 * The import (below) and `eval recs` (recs/eval/ratings-file.ts) read ratings this way.
 */
export function ratingsLayoutOf(firstLine: string): { layout: RatingsLayout; header: boolean } {
  if (firstLine.replace(/\s/g, '').toLowerCase() === 'userid,movieid,rating,timestamp')
    return { layout: RATINGS_CSV, header: true };
  return { layout: firstLine.includes('::') ? RATINGS_DAT : U_DATA, header: false };
}

/** User and movie ids and times are integers; ratings decimals (half stars). */
const INTEGER = /^\d+$/;
const RATING = /^\d+(\.\d+)?$/;

/**
 * Whether `text` can be a MovieLens ratings file's first line: ratings.csv's header, or a rating in the
 * u.data or ratings.dat layout (user, item and time integers, the rating a decimal).
 */
export function isRatingsFirstLine(text: string): boolean {
  const found = ratingsLayoutOf(text);
  if (found.header) return true;
  const parts = found.layout.split(text).map((p) => p.trim());
  return (
    parts.length === 4 &&
    INTEGER.test(parts[0]!) &&
    INTEGER.test(parts[1]!) &&
    RATING.test(parts[2]!) &&
    INTEGER.test(parts[3]!)
  );
}

/**
 * The error for one of MovieLens's other files (movies.csv, tags.csv, links.csv: a movieId column but not
 * the ratings header), saying to import the ratings beside it; null for any other first line.
 */
export function otherMovieLensFile(path: string, firstLine: string): ImportInputError | null {
  if (!/(^|,)\s*"?movieid"?\s*(,|$)/i.test(firstLine) || ratingsLayoutOf(firstLine).header) return null;
  return new ImportInputError(
    `${path} is one of MovieLens's other files (${quoteInput(firstLine.trim(), 200)}), not its ratings: import the ratings ` +
      'file beside it (ratings.csv, ratings.dat or u.data), which reads the movie list from the same folder',
  );
}

/**
 * The layout of a ratings file, from its first line (ratingsLayoutOf), whose values must be those of a
 * rating when it is not ratings.csv's header. Fails when it is none of the layouts.
 */
function layoutOf(text: string, line: number, path: string): { layout: RatingsLayout; header: boolean } {
  const found = ratingsLayoutOf(text);
  const other = otherMovieLensFile(path, text);
  if (other !== null && !found.header) throw other;
  if (!isRatingsFirstLine(text))
    throw new ImportInputError(
      `${path} is not a MovieLens ratings file: line ${line} should be a u.data line (user, item, rating, ` +
        'unix time, tab-separated), the ratings.csv header (userId,movieId,rating,timestamp) or a ratings.dat ' +
        `line (user::item::rating::time); found ${quoteInput(text)}`,
    );
  return found;
}

/**
 * MovieLens ratings: `u.data` (100K: user, item, rating, unix seconds, tab-separated, no header),
 * `ratings.csv` (latest, 20M, 25M, 32M: the same with a header, comma-separated, half-star ratings) or
 * `ratings.dat` (1M, 10M: `user::item::rating::time`). Each line becomes a rating event with id
 * `ml-<user>-<item>` (a user rates an item once). The movie list in the same folder (`u.item`,
 * `movies.csv` or `movies.dat`) describes the items: title, the first genre as the category, all genres
 * in the `genres` attribute.
 */
export async function* readMovielens(
  input: AsyncIterable<string | Buffer>,
  path: string,
): AsyncIterable<ParsedRow[]> {
  let layout: RatingsLayout | null = null;
  let catalog: MovieCatalog = new Map();
  const described = new Set<string>();
  for await (const lines of readLines(input)) {
    const out: ParsedRow[] = [];
    for (const { line, text } of lines) {
      if (text.trim() === '') continue;
      if (layout === null) {
        const found = layoutOf(text, line, path);
        layout = found.layout;
        catalog = await layout.catalog(dirname(path));
        if (found.header) continue;
      }
      const parts = layout.split(text);
      const [userField, itemField, ratingField, timeField] = layout.fields;
      let problems: FieldProblem[] | null = null;
      if (parts.length !== 4) problems = addProblem(problems, ROW_FIELD, WRONG_FIELD_COUNT);
      const user = (parts[0] ?? '').trim();
      const sku = (parts[1] ?? '').trim();
      if (user === '') problems = addProblem(problems, userField, 'missing id');
      if (sku === '') problems = addProblem(problems, itemField, 'missing id');
      problems = nulProblem(problems, userField, user);
      problems = nulProblem(problems, itemField, sku);
      // Each id is a key, and the event id (ml-<user>-<movie>) is made of both.
      problems = idLengthProblem(problems, userField, user.length);
      problems = idLengthProblem(problems, itemField, sku.length);
      if (user.length <= MAX_KEY_LENGTH && sku.length <= MAX_KEY_LENGTH)
        problems = idLengthProblem(problems, itemField, 'ml-'.length + user.length + 1 + sku.length);
      const rating = parseDecimal(parts[2] ?? '');
      if (rating === undefined) problems = addProblem(problems, ratingField, 'non-numeric rating');
      else problems = numberRangeProblem(problems, ratingField, rating, 'rating');
      const seconds = parseDecimal(parts[3] ?? '');
      if (seconds === undefined || !Number.isInteger(seconds) || seconds < 0)
        problems = addProblem(problems, timeField, 'unparseable date');
      else problems = timeRangeProblem(problems, timeField, new Date(seconds * 1000));
      if (problems !== null) {
        out.push(rejectRow(line, text, problems, { id: user, field: userField }));
        continue;
      }
      let item: ItemInput | null = null;
      if (!described.has(sku)) {
        described.add(sku);
        item = catalog.get(sku) ?? null;
      }
      out.push({
        line,
        raw: text,
        event: {
          eventId: `ml-${user}-${sku}`,
          type: 'rating',
          customerId: user,
          sku,
          timestamp: new Date(seconds! * 1000),
          rating: rating!,
        },
        item,
        customer: null,
        problems: null,
      });
    }
    if (out.length > 0) yield out;
  }
  if (layout === null) throw new ImportInputError(`${path} holds no ratings`);
}
