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

  it('fails fast on a file that is not u.data', async () => {
    await expect(readAll(read, 'online-retail-small.csv')).rejects.toThrow(
      /not a MovieLens u.data file: line 1/,
    );
  });
});
