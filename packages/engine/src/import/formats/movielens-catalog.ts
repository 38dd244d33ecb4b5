/**
 * The movie lists beside MovieLens ratings, read for item titles and genres: `u.item` (100K), `movies.csv`
 * (latest, 20M, 25M, 32M) and `movies.dat` (1M, 10M). A missing list describes no item.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import type { ItemInput } from '@storewise/storage';
import { readCsvRows } from '../csv-rows.js';
import { readLines } from '../line-rows.js';

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

/** What movies.csv and movies.dat write for a movie without genres. */
const NO_GENRES = '(no genres listed)';

export type MovieCatalog = Map<string, ItemInput>;

/** The item of a movie: its title, its first genre as the category and all genres as the `genres` attribute. */
function movie(sku: string, title: string, genres: readonly string[]): ItemInput {
  const item: ItemInput = { sku, title: title.trim() || null };
  if (genres.length > 0) {
    item.categoryPath = [genres[0]!];
    item.attributes = { genres: genres.join('|') };
  }
  return item;
}

/** Genres written `A|B|C` (movies.csv, movies.dat). */
function genreList(text: string | undefined): string[] {
  return (text ?? '')
    .split('|')
    .map((g) => g.trim())
    .filter((g) => g !== '' && g !== NO_GENRES);
}

/** Titles and genres from u.item (`id|title|release|video release|url|19 genre flags`, latin-1). */
export async function readUItem(path: string): Promise<MovieCatalog> {
  const catalog: MovieCatalog = new Map();
  if (!existsSync(path)) return catalog;
  for await (const lines of readLines(createReadStream(path), 'latin1'))
    for (const { text } of lines) {
      const parts = text.split('|');
      const sku = parts[0]?.trim();
      if (!sku) continue;
      const genres: string[] = [];
      for (let g = 0; g < MOVIELENS_GENRES.length; g++)
        if (parts[5 + g] === '1') genres.push(MOVIELENS_GENRES[g]!);
      catalog.set(sku, movie(sku, parts[1] ?? '', genres));
    }
  return catalog;
}

/** Titles and genres from movies.csv (`movieId,title,genres` with a header, UTF-8, titles quoted when they hold commas). */
export async function readMoviesCsv(path: string): Promise<MovieCatalog> {
  const catalog: MovieCatalog = new Map();
  if (!existsSync(path)) return catalog;
  let header = true;
  for await (const rows of readCsvRows(createReadStream(path)))
    for (const { fields } of rows) {
      if (header) {
        header = false;
        continue;
      }
      const sku = fields?.[0]?.trim();
      if (!sku) continue;
      catalog.set(sku, movie(sku, fields![1] ?? '', genreList(fields![2])));
    }
  return catalog;
}

/**
 * Titles and genres from movies.dat (`id::title::genres`): UTF-8 in 10M, latin-1 in 1M (read as
 * latin-1 when its bytes are not UTF-8).
 */
export function readMoviesDat(path: string): MovieCatalog {
  const catalog: MovieCatalog = new Map();
  if (!existsSync(path)) return catalog;
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('latin1').decode(bytes);
  }
  for (const line of text.split('\n')) {
    const parts = line.replace(/\r$/, '').split('::');
    const sku = parts[0]?.trim();
    if (!sku) continue;
    catalog.set(sku, movie(sku, parts[1] ?? '', genreList(parts[2])));
  }
  return catalog;
}
