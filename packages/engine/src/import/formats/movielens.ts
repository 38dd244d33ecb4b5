import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ItemInput } from '@storewise/storage';
import { ImportInputError } from '../errors.js';
import { parseDecimal } from '../field-parsers.js';
import { readLines } from '../line-rows.js';
import { quoteInput } from '../quote-input.js';
import type { FieldProblem, ParsedRow } from '../types.js';
import {
  addProblem,
  nulProblem,
  numberRangeProblem,
  rejectRow,
  timeRangeProblem,
  WRONG_FIELD_COUNT,
} from './row.js';

/** MovieLens 100K genre columns of u.item, in order (the data set's u.genre). */
export const MOVIELENS_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;

/**
 * MovieLens `u.data`: user, item, rating, unix seconds, tab-separated, no header. Each line becomes a
 * rating event with id `ml-<user>-<item>` (a user rates an item once). When `u.item` sits in the same
 * folder, its titles and genres (latin-1) describe the items: the first genre is the category, all
 * genres go to the `genres` attribute.
 */
export async function* readMovielens(
  input: AsyncIterable<string | Buffer>,
  path: string,
): AsyncIterable<ParsedRow[]> {
  const catalog = await readCatalog(join(dirname(path), 'u.item'));
  const described = new Set<string>();
  let checked = false;
  for await (const lines of readLines(input)) {
    const out: ParsedRow[] = [];
    for (const { line, text } of lines) {
      if (text.trim() === '') continue;
      const parts = text.split('\t');
      if (!checked) {
        if (parts.length !== 4 || parts.some((p) => !/^\d+$/.test(p.trim())))
          throw new ImportInputError(
            `${path} is not a MovieLens u.data file: line ${line} should hold 4 tab-separated integers ` +
              `(user, item, rating, unix time), found ${quoteInput(text)}`,
          );
        checked = true;
      }
      let problems: FieldProblem[] | null = null;
      if (parts.length !== 4) problems = addProblem(problems, '(row)', WRONG_FIELD_COUNT);
      const user = (parts[0] ?? '').trim();
      const sku = (parts[1] ?? '').trim();
      if (user === '') problems = addProblem(problems, 'user', 'missing id');
      if (sku === '') problems = addProblem(problems, 'item', 'missing id');
      problems = nulProblem(problems, 'user', user);
      problems = nulProblem(problems, 'item', sku);
      const rating = parseDecimal(parts[2] ?? '');
      if (rating === undefined) problems = addProblem(problems, 'rating', 'non-numeric rating');
      else problems = numberRangeProblem(problems, 'rating', rating, 'rating');
      const seconds = parseDecimal(parts[3] ?? '');
      if (seconds === undefined || !Number.isInteger(seconds) || seconds < 0)
        problems = addProblem(problems, 'timestamp', 'unparseable date');
      else problems = timeRangeProblem(problems, 'timestamp', new Date(seconds * 1000));
      if (problems !== null) {
        out.push(rejectRow(line, text, problems));
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
  if (!checked) throw new ImportInputError(`${path} holds no ratings`);
}

/** Titles and genres from u.item (`id|title|release|video release|url|19 genre flags`), if present. */
async function readCatalog(path: string): Promise<Map<string, ItemInput>> {
  const catalog = new Map<string, ItemInput>();
  if (!existsSync(path)) return catalog;
  for await (const lines of readLines(createReadStream(path), 'latin1'))
    for (const { text } of lines) {
      const parts = text.split('|');
      const sku = parts[0]?.trim();
      if (!sku) continue;
      const genres: string[] = [];
      for (let g = 0; g < MOVIELENS_GENRES.length; g++)
        if (parts[5 + g] === '1') genres.push(MOVIELENS_GENRES[g]!);
      const item: ItemInput = { sku, title: parts[1]?.trim() || null };
      if (genres.length > 0) {
        item.categoryPath = [genres[0]!];
        item.attributes = { genres: genres.join('|') };
      }
      catalog.set(sku, item);
    }
  return catalog;
}
