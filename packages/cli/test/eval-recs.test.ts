import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ratings = new URL('./fixtures/ratings-small.csv', import.meta.url).pathname;

// Reference: fixtures/make_ratings_small.py (NumPy re-implementation of leave-last-out, popularity and
// cosine item-kNN with the same metric definitions), output hardcoded here. 40 users, 21 items, k = 5.
const REFERENCE = {
  pop: {
    precision: 0.15,
    recall: 0.75,
    ndcg: 0.5409803626823445,
    map: 0.4708333333333333,
    mapFull: 0.4708333333333333,
    mrr: 0.4708333333333333,
    hitRate: 0.75,
    users: 40,
    coverage: 0.6666666666666666,
    meanPopularity: 16.285,
  },
  itemknn: {
    precision: 0.155,
    recall: 0.775,
    ndcg: 0.5215344810160563,
    map: 0.4379166666666666,
    mapFull: 0.4379166666666666,
    mrr: 0.4379166666666666,
    hitRate: 0.775,
    users: 40,
    coverage: 0.7142857142857143,
    meanPopularity: 15.765,
  },
} as const;

describe('storewise eval recs', () => {
  it('prints one JSON array with the metrics NumPy computes for the same split and models', async () => {
    const io = testIo(dir, {}, true); // a terminal: the steps on one status line
    const argv = ['eval', 'recs', '--data', ratings, '--format', 'csv', '--columns', 'user,item,rating,time'];
    argv.push('--split', 'leave-last-out', '--k', '5', '--models', 'pop,itemknn', '--seed', '0', '--json');
    const code = await main(argv, io);
    expect(code).toBe(0);
    const out = JSON.parse(io.out()) as Record<string, number | string>[];
    expect(out.map((r) => r.model)).toEqual(['pop', 'itemknn']);
    for (const result of out) {
      const want = REFERENCE[result.model as keyof typeof REFERENCE];
      for (const [metric, value] of Object.entries(want)) expect(result[metric]).toBeCloseTo(value, 10);
      expect(result.k).toBe(5);
      expect(result.fitSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(io.err()).toContain('260 rows: 40 users, 21 items');
    expect(io.err()).toContain('fitting itemknn (2/2)');
    expect(io.err()).not.toContain('\n');
  });

  it('skips the rows of an events file with no item (search) or no customer, counts them, and evaluates the rest', async () => {
    const rows = readFileSync(ratings, 'utf8').trim().split('\n').slice(1);
    const clean = ['event_id,type,customer_id,sku,timestamp,query'];
    const events = [...clean];
    rows.forEach((row, n) => {
      const [user, item, , time] = row.split(',');
      const event = `e${n},purchase,${user},${item},${time},`;
      clean.push(event);
      events.push(event);
      if (n % 50 === 3) events.push(`s${n},search,${user},,${time},teapot`);
    });
    events.push('v0,view,,i1,1600000000,');
    const cleanFile = join(dir, 'clean-events.csv');
    const eventsFile = join(dir, 'events-with-searches.csv');
    writeFileSync(cleanFile, `${clean.join('\n')}\n`);
    writeFileSync(eventsFile, `${events.join('\n')}\n`);
    const evaluate = async (file: string) => {
      const io = testIo(dir);
      const argv = ['eval', 'recs', '--data', file, '--format', 'csv', '--columns', 'customer_id,sku'];
      expect(await main([...argv, '--models', 'pop,itemknn', '--k', '5', '--json'], io), io.err()).toBe(0);
      const out = (JSON.parse(io.out()) as Record<string, unknown>[]).map(({ fitSeconds, ...r }) => r);
      return { out, err: io.err() };
    };
    const reference = await evaluate(cleanFile);
    const got = await evaluate(eventsFile);
    expect(got.out).toEqual(reference.out);
    // 260 ratings: searches after rows 3, 53, ..., 253 (6), the first on line 6 (header, 4 events, search).
    expect(got.err).toBe(
      `storewise: warning: ${eventsFile}: skipped 7 rows with an empty customer_id or sku column (the first on line 6; an events file's search rows name no item); evaluated on the other 260 rows\n`,
    );
    expect(reference.err).toBe('');
  });

  it('reads MovieLens u.data lines and reports RMSE/MAE for the rating model only', async () => {
    const lines = ['1\t10\t4\t100', '1\t11\t3\t200', '1\t12\t5\t300', '2\t10\t2\t100', '2\t12\t4\t200'];
    lines.push('2\t13\t1\t300', '3\t11\t5\t100', '3\t13\t2\t200', '3\t10\t3\t300');
    const file = join(dir, 'u.data');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const io = testIo(dir);
    const argv = ['eval', 'recs', '--data', 'u.data', '--format', 'movielens', '--split', 'user-stratified'];
    argv.push('--test-ratio', '0.34', '--k', '2', '--models', 'pop,mf,als', '--json');
    expect(await main(argv, io)).toBe(0);
    const out = JSON.parse(io.out()) as Record<string, number | string>[];
    expect(out.map((r) => [r.model, r.plugin])).toEqual([
      ['pop', 'popularity'],
      ['mf', 'biased-mf'],
      ['als', 'als'],
    ]);
    // Each user keeps 1 of their 3 ratings in train (rank / 3 <= 0.66 only for rank 1) and 2 in test; with
    // 4 items, 3 are ranked and the top 2 hold at least one test item: recall@2 >= 0.5 for every model.
    for (const r of out) {
      expect(r.users).toBe(3);
      expect(r.recall).toBeGreaterThanOrEqual(0.5);
      expect(r.precision).toBeLessThanOrEqual(1);
    }
    expect(out[1]!.rmse).toBeGreaterThan(0);
    expect(out[1]!.mae).toBeGreaterThan(0);
    expect(out[0]!.rmse).toBeUndefined();
  });

  it('refuses bad arguments with one line on stderr', async () => {
    const cases: [string[], string][] = [
      [['--format', 'parquet'], 'unknown format "parquet"'],
      [['--format', 'csv', '--split', 'weekly'], 'unknown split "weekly"'],
      [['--format', 'csv', '--models', 'pop,magic'], 'unknown recommender model "magic"'],
      [['--format', 'csv', '--k', '0'], '--k must be a whole number from 1 to 9007199254740991, got "0"'],
      [['--format', 'csv', '--param', 'als.factors'], '--param must look like model.key=value'],
      [['--format', 'csv', '--models', 'pop', '--param', 'als.factors=8'], '"als" is not in --models'],
      [['--format', 'csv', '--columns', 'user,product'], 'column "product" is not in the header'],
      [
        ['--format', 'csv', '--models', 'itemknn', '--param', 'itemknn.k=5'],
        '--param itemknn.k=5: itemknn has no parameter "k"; its parameters: neighbors, measure, shrink, normalize, minCommon',
      ],
      [
        ['--format', 'csv', '--models', 'als', '--param', 'als.factors=abc'],
        '--param als.factors=abc: als parameter "factors" must be a number, got "abc"',
      ],
      [
        ['--format', 'csv', '--models', 'als,bpr', '--param', 'bpr.factors=0'],
        '--param bpr.factors=0: bpr refused it: ',
      ],
      // Without a rating column every value is 1: a rating model's RMSE would be 0 by construction.
      [
        ['--format', 'csv', '--columns', 'user,item', '--models', 'pop,mf'],
        '--models mf: fits ratings, and ',
      ],
    ];
    for (const [args, message] of cases) {
      const io = testIo(dir);
      expect(await main(['eval', 'recs', '--data', ratings, ...args], io)).toBe(1);
      expect(io.err()).toContain(message);
      // one line: no progress lines when stderr is not a terminal
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
  });

  it('warns when --k exceeds the catalog (P@k is then at most items / k), and only then', async () => {
    // The fixture's 21 items (see REFERENCE): P@25 is at most 21 / 25 = 0.84.
    const argv = ['eval', 'recs', '--data', ratings, '--format', 'csv', '--columns', 'user,item,rating,time'];
    argv.push('--split', 'leave-last-out', '--models', 'pop', '--json');
    const io = testIo(dir);
    expect(await main([...argv, '--k', '25'], io)).toBe(0);
    expect(io.err()).toBe(
      "storewise: warning: --k 25 exceeds the catalog's 21 items: a ranking holds at most those items (less the user's training items), so P@25 is at most 21 / 25 = 0.8400; use a k a page shows (10 by default)\n",
    );
    for (const r of JSON.parse(io.out()) as { precision: number }[])
      expect(r.precision).toBeLessThanOrEqual(0.84);
    const within = testIo(dir);
    expect(await main([...argv, '--k', '21'], within)).toBe(0);
    expect(within.err()).toBe('');
  });

  it('warns before EASE fits a catalog of more than 8,000 items, and only then', async () => {
    const { warnIfLargeEase } = await import('../src/commands/slow-models.js');
    const io = testIo(dir);
    warnIfLargeEase(['ease'], 9_724, io);
    warnIfLargeEase(['ease'], 20_000, io);
    warnIfLargeEase(['ease'], 8_000, io);
    warnIfLargeEase(['als', 'item-knn'], 50_000, io);
    expect(io.err()).toBe(
      'storewise: warning: ease inverts an items x items matrix: with 9,724 items expect about a minute and 1.1 GB of memory on 2 cores (10,000 items: 80 s and 1.2 GB); item-knn or als scale to larger catalogs\n' +
        'storewise: warning: ease inverts an items x items matrix: with 20,000 items expect about 11 minutes and 4.8 GB of memory on 2 cores (10,000 items: 80 s and 1.2 GB); item-knn or als scale to larger catalogs\n',
    );
  });

  it('gives each model the NDCG train recs --evaluate and auto give it, on the same split of the same weighted events', async () => {
    // The fixture shop and eight customers with one purchase each: held out whole, they are left out of
    // every ranking (--evaluate counted them, ranking the catalog in index order for them).
    const base = readFileSync(new URL('./fixtures/shop-events.csv', import.meta.url), 'utf8').trimEnd();
    const singles = Array.from(
      { length: 8 },
      (_, n) => `s${n},purchase,solo${n},${'ABCDEF'[n % 6]},2025-02-0${n + 1}T00:00:00Z,1,1,,,,,,,,,,`,
    );
    const file = join(dir, 'mixed-shop.csv');
    writeFileSync(file, `${[base, ...singles].join('\n')}\n`);
    const db = join(dir, 'db-same-split');
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const evaluated = testIo(dir);
    const models = ['pop', 'itemknn', 'cooc', 'als', 'ease'];
    expect(await main(['eval', 'recs', '--db', db, '--models', models.join(','), '--json'], evaluated)).toBe(
      0,
    );
    const byEval = (JSON.parse(evaluated.out()) as { ndcg: number }[]).map((r) => r.ndcg);
    const auto = testIo(dir);
    expect(await main(['train', 'recs', '--db', db, '--json'], auto)).toBe(0);
    const metrics = JSON.parse(auto.out()).metrics as Record<string, number>;
    const names = ['popularity', 'item-knn', 'cooccurrence', 'als', 'ease'];
    expect(names.map((n) => metrics[`auto.${n}.ndcg`])).toEqual(byEval);
    for (const [n, name] of names.entries()) {
      const one = testIo(dir);
      expect(await main(['train', 'recs', '--model', name, '--evaluate', '--db', db, '--json'], one)).toBe(0);
      expect(JSON.parse(one.out()).metrics.ndcg, name).toBe(byEval[n]);
    }
  });

  it("evaluates on the database's events with --db, as the engine does on the same events", async () => {
    const { DEFAULT_EVENT_WEIGHTS, evaluateRecommenders, eventMatrix, readInteractionEvents } = await import(
      '@storewise/engine'
    );
    const { openStorage } = await import('@storewise/storage');
    const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;
    const db = join(dir, 'db-eval');
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const io = testIo(dir);
    const argv = [
      'eval',
      'recs',
      '--db',
      db,
      '--models',
      'pop,itemknn',
      '--split',
      'leave-last-out',
      '--k',
      '3',
    ];
    expect(await main([...argv, '--json'], io)).toBe(0);
    const storage = await openStorage(db);
    const stored = (await readInteractionEvents(storage, { weights: DEFAULT_EVENT_WEIGHTS })).events;
    await storage.close();
    const want = await evaluateRecommenders(eventMatrix(stored), {
      events: stored,
      rated: false,
      weighted: true,
      split: 'leave-last-out',
      testRatio: 0.25,
      k: 3,
      models: ['pop', 'itemknn'],
      seed: 0,
      params: {},
    });
    const got = JSON.parse(io.out()) as Record<string, number | string>[];
    const metrics = (r: Record<string, unknown>) => [
      r.model,
      r.users,
      r.precision,
      r.recall,
      r.ndcg,
      r.map,
      r.coverage,
    ];
    expect(got.map(metrics)).toEqual(want.map((r) => metrics(r as unknown as Record<string, unknown>)));
    expect(got.map((r) => r.model)).toEqual(['pop', 'itemknn']);
    expect(got[0]!.users).toBeGreaterThan(0);
    const both = testIo(dir);
    expect(await main(['eval', 'recs', '--db', db, '--data', events, '--format', 'csv'], both)).toBe(1);
    expect(both.err()).toBe(
      'storewise: give --data <file> (with --format) or --db <database>, one of them\n',
    );
    const rating = testIo(dir);
    expect(await main(['eval', 'recs', '--db', db, '--models', 'mf'], rating)).toBe(1);
    expect(rating.err()).toMatch(
      /^storewise: --models mf: fits ratings, and --db evaluates on the weighted events/,
    );
  });
  it('says how many test pairs of a --db time split it left out as bought before the cut', async () => {
    // c0 bought A on day 1 and again on day 6, viewed B on day 2 and bought it on day 7; c1 bought A and D,
    // then C on day 8. Of the 7 event times, rank floor(0.6 x 7) = 4 is day 6: the cut (test ratio 0.4). c0's A, bought
    // in training, is left out; B (only viewed) and c1's C are the test pairs.
    const rows = [
      ['e1', 'purchase', 'c0', 'A', 1],
      ['e2', 'view', 'c0', 'B', 2],
      ['e3', 'purchase', 'c0', 'A', 6],
      ['e4', 'purchase', 'c0', 'B', 7],
      ['e5', 'purchase', 'c1', 'A', 2],
      ['e6', 'purchase', 'c1', 'D', 3],
      ['e7', 'purchase', 'c1', 'C', 8],
    ];
    const file = join(dir, 'straddle.csv');
    writeFileSync(
      file,
      `event_id,type,customer_id,sku,timestamp\n${rows.map(([id, type, c, sku, day]) => `${id},${type},${c},${sku},2026-01-0${day}T00:00:00Z`).join('\n')}\n`,
    );
    const db = join(dir, 'db-straddle');
    expect(await main(['import', file, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    const argv = ['eval', 'recs', '--db', db, '--split', 'time', '--test-ratio', '0.4', '--models', 'pop'];
    const text = testIo(dir);
    expect(await main(argv, text)).toBe(0);
    expect(text.out()).toContain(
      '\n1 test pair left out: bought or rated by the customer in training, and recommendations leave such items out\n',
    );
    const json = testIo(dir);
    expect(await main([...argv, '--json'], json)).toBe(0);
    const [pop] = JSON.parse(json.out()) as { users: number; ownedTestPairs: number }[];
    expect(pop).toMatchObject({ users: 2, ownedTestPairs: 1 });
  });
});
