import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { evaluateRanking, fitContext, popularity, userItems, withConstantValues } from '@storewise/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readTabularFile } from '../../src/propensity/tabular-file.js';
import { evaluateRecommenders, readRatingsFile, splitRatings } from '../../src/recs/eval/index.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-ratings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readRatingsFile', () => {
  it('reads MovieLens tab and :: lines; keeps the latest rating of a repeated pair', async () => {
    const path = file('u.data', '1\t10\t4\t100\n2\t10\t2\t100\n1\t10\t5\t50\n1\t11\t3\t200\n');
    const { ratings, rows } = await readRatingsFile(path, { format: 'movielens' });
    expect(rows).toBe(4);
    expect([ratings.nUsers, ratings.nItems]).toEqual([2, 2]);
    expect(Array.from(userItems(ratings, 0))).toEqual([0, 1]);
    // user 1, item 10: ratings 4 at t=100 s and 5 at t=50 s; the later (4) is kept
    expect(Array.from(ratings.values.subarray(0, 2))).toEqual([4, 3]);
    expect(Array.from(ratings.times.subarray(0, 2))).toEqual([100_000, 200_000]);
    const dat = await readRatingsFile(file('ratings.dat', '7::3::5::978300760\n'), { format: 'movielens' });
    expect(dat.ratings.userIds!.toArray()).toEqual(['7']);
    const csv = await readRatingsFile(
      file('ratings.csv', 'userId,movieId,rating,timestamp\n7,3,4.5,978300760\n'),
      {
        format: 'movielens',
      },
    );
    expect(csv.rows).toBe(1);
    expect(Array.from(csv.ratings.values)).toEqual([4.5]);
    expect(Array.from(csv.ratings.times)).toEqual([978300760000]);
  });

  it('reads CSV columns by header name, with ISO times, and ratings of 1 without a rating column', async () => {
    const path = file('r.csv', 'when,product,who,stars\n2024-01-02T00:00:00Z,p1,a,4\n2024-01-03,p2,a,2\n');
    const { ratings } = await readRatingsFile(path, {
      format: 'csv',
      columns: ['who', 'product', 'stars', 'when'],
    });
    expect(ratings.itemIds!.toArray()).toEqual(['p1', 'p2']);
    expect(Array.from(ratings.values)).toEqual([4, 2]);
    expect(Array.from(ratings.times)).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    const bare = await readRatingsFile(path, { format: 'csv', columns: ['who', 'product'] });
    expect(Array.from(bare.ratings.values)).toEqual([1, 1]);
    expect(Array.from(bare.ratings.times)).toEqual([0, 0]);
    expect(bare.rated).toBe(false);
    expect((await readRatingsFile(path, { format: 'csv', columns: ['who', 'product', 'stars'] })).rated).toBe(
      true,
    );
    const pairs = file('pairs.csv', 'who,product\na,p1\nb,p2\n');
    expect((await readRatingsFile(pairs, { format: 'csv' })).rated).toBe(false);
  });

  it("skips and counts CSV rows with no user or item (an events file's search rows), and says when all are", async () => {
    const events = file(
      'events.csv',
      'type,customer_id,sku\nview,a,p1\nsearch,a,\npurchase,b,p2\nview,,p1\nsearch,b,\n',
    );
    const read = await readRatingsFile(events, { format: 'csv', columns: ['customer_id', 'sku'] });
    expect([read.rows, read.skipped]).toEqual([2, { rows: 3, firstLine: 3 }]);
    expect([read.ratings.nUsers, read.ratings.nItems]).toEqual([2, 2]);
    await expect(
      readRatingsFile(events, { format: 'csv', columns: ['customer_id', 'type'] }),
    ).resolves.toMatchObject({
      skipped: { rows: 1, firstLine: 5 },
    });
    const searches = file('searches.csv', 'type,customer_id,sku\nsearch,a,\nsearch,b,\n');
    await expect(
      readRatingsFile(searches, { format: 'csv', columns: ['customer_id', 'sku'] }),
    ).rejects.toThrow(
      `${searches}: every row (2, from line 2) has an empty user or item column: check --columns`,
    );
  });

  it('refuses rating models on data without ratings: their errors would be 0 by construction', async () => {
    const pairs = await readRatingsFile(file('pairs2.csv', 'who,product\na,p1\na,p2\nb,p1\nb,p3\n'), {
      format: 'csv',
    });
    const options = { split: 'random' as const, models: ['pop', 'mf'], rated: pairs.rated };
    await expect(evaluateRecommenders(pairs.ratings, options)).rejects.toThrow(
      '"mf" fits ratings, and these data have none (no rating column)',
    );
    const ranked = await evaluateRecommenders(pairs.ratings, { ...options, models: ['pop'] });
    expect(ranked.map((r) => r.model)).toEqual(['pop']);
  });

  it('leaves test users with no training entry out of the ranking metrics, and counts them', async () => {
    // u1-u4 rate items on days 1-4; u5 and u6 arrive on day 9 (after the time cut): test entries only.
    const lines = ['u,i,r,t'];
    for (const [u, items] of [
      ['u1', 'abc'],
      ['u2', 'abd'],
      ['u3', 'bcd'],
      ['u4', 'acd'],
    ] as const)
      for (const [d, item] of [...items].entries()) lines.push(`${u},${item},4,${86_400 * (d + 1)}`);
    for (const u of ['u1', 'u2']) lines.push(`${u},e,5,${86_400 * 8}`);
    for (const u of ['u5', 'u6']) lines.push(`${u},a,5,${86_400 * 9}`, `${u},e,3,${86_400 * 9}`);
    const { ratings } = await readRatingsFile(file('cold.csv', `${lines.join('\n')}\n`), { format: 'csv' });
    const [pop] = await evaluateRecommenders(ratings, {
      split: 'time',
      testRatio: 0.3,
      models: ['pop'],
      k: 2,
    });
    // The cut at day 8 sends u1's and u2's e and all of u5's and u6's entries to test.
    expect([pop!.users, pop!.coldUsers]).toEqual([2, 2]);
    // Reference: core on the same split, warm users only (u1 and u2: both have e hidden, pop ranks a..d
    // first and a, b, c, d are all in their training rows, so e comes first after exclusion).
    const { train, test } = splitRatings(ratings, 'time', 0.3, 0);
    const model = popularity.fit(withConstantValues(train, 1), {}, fitContext({ seed: 0 }));
    const warm = Int32Array.from([0, 1]);
    expect(pop).toMatchObject(evaluateRanking(model, train, test, { k: 2, users: warm }));
    expect(pop!.hitRate).toBe(1);
  });

  it('names a gzipped file cut short, for ratings and for tables of examples alike', async () => {
    const text = `u,i,r\n${Array.from({ length: 2000 }, (_, n) => `u${n % 50},i${n},${1 + (n % 5)}`).join('\n')}\n`;
    const whole = gzipSync(text);
    const cut = join(dir, 'cut.csv.gz');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const message = `${cut}: cannot decompress: unexpected end of file (is the file complete?)`;
    await expect(readRatingsFile(cut, { format: 'csv' })).rejects.toThrow(message);
    await expect(readTabularFile(cut)).rejects.toThrow(message);
  });

  it('says a one-field CSV line holding a tab or semicolon is not comma-separated', async () => {
    await expect(readRatingsFile(file('tabs.csv', 'u\ti\tr\na\tb\t4\n'), { format: 'csv' })).rejects.toThrow(
      'tabs.csv line 2: one field, holding a tab: the csv format reads fields separated by commas',
    );
    await expect(readRatingsFile(file('semi.csv', 'u;i;r\na;b;4\n'), { format: 'csv' })).rejects.toThrow(
      'semi.csv line 2: one field, holding a semicolon',
    );
  });

  it('names the file, line and column of a bad value', async () => {
    await expect(readRatingsFile(file('bad.csv', 'u,i,r\na,b,x\n'), { format: 'csv' })).rejects.toThrow(
      'bad.csv line 2, column rating: "x" is not a number',
    );
    await expect(
      readRatingsFile(file('bad2.csv', 'u,i,r,t\na,b,1,yesterday\n'), { format: 'csv' }),
    ).rejects.toThrow('bad2.csv line 2, column time: "yesterday" is not a time');
    await expect(readRatingsFile(file('bad3.data', '1\t\t3\n'), { format: 'movielens' })).rejects.toThrow(
      'bad3.data line 1: missing user or item',
    );
    await expect(readRatingsFile(file('empty.csv', 'u,i\n'), { format: 'csv' })).rejects.toThrow(
      'holds no ratings',
    );
  });
});
