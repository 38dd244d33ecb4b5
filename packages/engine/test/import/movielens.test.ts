import { describe, expect, it } from 'vitest';
import { FORMAT_READERS } from '../../src/import/index.js';
import { problemsOf, readAll } from '../helpers/read-all.js';

const read = FORMAT_READERS.movielens;

// A made-up file in the MovieLens u.data / u.item layout (the real data set may not be shipped).
describe('movielens reader', () => {
  it('reads ratings, rejects bad lines and describes items from u.item (latin-1)', async () => {
    const rows = await readAll(read, 'movielens/u.data');
    expect(rows).toHaveLength(6);
    expect(problemsOf(rows)).toEqual([
      '4:user:missing id',
      '5:rating:non-numeric rating',
      '6:timestamp:unparseable date',
    ]);
    expect(rows[0]!.event).toMatchObject({
      eventId: 'ml-1-10',
      type: 'rating',
      customerId: '1',
      sku: '10',
      rating: 4,
    });
    expect(rows[0]!.event!.timestamp.getTime()).toBe(881250949000);
    expect(rows[0]!.item).toEqual({
      sku: '10',
      title: 'Made-up Movie One (1995)',
      categoryPath: ['Action'],
      attributes: { genres: 'Action|Comedy' },
    });
    expect(rows[1]!.item).toMatchObject({
      title: 'Caf\u00e9 Story (1996)',
      attributes: { genres: 'Drama|Romance' },
    });
    expect(rows[2]!.item).toBeNull(); // item 10 was described once already
  });

  it('reads ratings.csv (MovieLens latest, 20M, 25M, 32M) with half stars, and movies.csv beside it', async () => {
    const rows = await readAll(read, 'movielens-latest/ratings.csv');
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]); // the header is line 1
    expect(problemsOf(rows)).toEqual([
      '4:rating:non-numeric rating',
      '5:timestamp:unparseable date',
      '6:(row):wrong field count',
      '6:timestamp:unparseable date',
    ]);
    expect(rows[1]!.event).toMatchObject({ eventId: 'ml-1-3', customerId: '1', sku: '3', rating: 3.5 });
    expect(rows[1]!.event!.timestamp.getTime()).toBe(964981247000);
    expect(rows[5]!.event).toMatchObject({ eventId: 'ml-3-3', rating: 0.5 });
    expect(rows[0]!.item).toEqual({
      sku: '1',
      title: 'Made-up Toy Movie (1995)',
      categoryPath: ['Adventure'],
      attributes: { genres: 'Adventure|Animation|Children' },
    });
    // A quoted title holding a comma; the movie's second rating does not describe it again.
    expect(rows[1]!.item).toMatchObject({ title: 'Made-up President, The (1995)', categoryPath: ['Comedy'] });
    expect(rows[5]!.item).toBeNull();
  });

  it('reads ratings.dat (MovieLens 1M, 10M) and a latin-1 movies.dat beside it', async () => {
    const rows = await readAll(read, 'movielens-1m/ratings.dat');
    expect(problemsOf(rows)).toEqual(['3:user:missing id']);
    expect(rows[0]!.event).toMatchObject({ eventId: 'ml-1-10', customerId: '1', sku: '10', rating: 5 });
    expect(rows[0]!.event!.timestamp.getTime()).toBe(978300760000);
    expect(rows[0]!.item).toEqual({
      sku: '10',
      title: 'Caf\u00e9 Story (1996)',
      categoryPath: ['Drama'],
      attributes: { genres: 'Drama|Romance' },
    });
    expect(rows[1]!.event).toMatchObject({ eventId: 'ml-1-20', rating: 3.5 });
    expect(rows[1]!.item).toMatchObject({ title: 'Made-up Movie Two (1997)', categoryPath: ['Comedy'] });
  });

  it('fails fast on a file that is none of the ratings layouts, naming them', async () => {
    await expect(readAll(read, 'online-retail-small.csv')).rejects.toThrow(
      'online-retail-small.csv is not a MovieLens ratings file: line 1 should be a u.data line (user, item, rating, unix time, tab-separated), the ratings.csv header (userId,movieId,rating,timestamp) or a ratings.dat line (user::item::rating::time); found "InvoiceNo,StockCode,',
    );
    // movies.csv given with --format movielens: the same advice as when the format is told by the first line.
    await expect(readAll(read, 'movielens-latest/movies.csv')).rejects.toThrow(
      /movies\.csv is one of MovieLens's other files \("movieId,title,genres"\), not its ratings: import the ratings file beside it/,
    );
  });
});
