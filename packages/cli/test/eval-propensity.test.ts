import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePropensity } from '@storewise/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const sessions = new URL('./fixtures/sessions-small.csv', import.meta.url).pathname;
/** `eval propensity` on the small sessions table, its label `bought`: the arguments every run starts with. */
const EVAL = ['eval', 'propensity', '--data', sessions, '--label', 'bought'];

// scikit-learn 1.2.1 on the same folds and encoding: fixtures/make_sessions_small.py (see its docstring).
const SKLEARN_LOGREG_AUC = [
  0.7592592592592592, 0.6788194444444444, 0.6868571428571428, 0.7588571428571428, 0.8411428571428572,
];

// The same with class_weight {0: 1, 1: 5} (tol 1e-10): the log loss of each fold.
const SKLEARN_WEIGHTED_LOGREG_LOG_LOSS = [
  0.8964125166126367, 1.0428634078262298, 0.8207427875616434, 0.7672063305307831, 0.7072526234119572,
];

// Logistic regression's out-of-fold predictions on the same folds, by channel, the best-scored 41% (the base
// rate) selected: rows, buyers, selected, TPR, FPR, ROC AUC, Brier (make_sessions_small.py, its last lines).
const SKLEARN_FAIRNESS = [
  ['search', 152, 56, 49, 0.5535714285714286, 0.1875, 0.6895461309523809, 0.20724440445941011],
  ['ads', 84, 26, 21, 0.46153846153846156, 0.15517241379310345, 0.758289124668435, 0.19432153328221644],
  ['email', 64, 41, 53, 0.8780487804878049, 0.7391304347826086, 0.6776246023329798, 0.2107213600853314],
] as const;

interface Evaluation {
  model: string;
  mean: Record<string, number>;
  folds: (Record<string, number> & { fold: number; fitSeconds: number })[];
  fitSeconds: number;
}

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-eval-propensity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storewise eval propensity', () => {
  it('refuses an id column as a feature, naming it and --exclude, and leaves it out when told', async () => {
    // The sessions table with a unique session id in front of each row.
    const [header, ...rows] = readFileSync(sessions, 'utf8').trimEnd().split('\n');
    const withIds = join(dir, 'with-ids.csv');
    writeFileSync(withIds, `${[`session_id,${header}`, ...rows.map((r, i) => `s-${i},${r}`)].join('\n')}\n`);
    const args = ['eval', 'propensity', '--data', withIds, '--label', 'bought', '--models', 'logreg'];
    const refused = testIo(process.cwd());
    expect(await main(args, refused)).toBe(1);
    expect(refused.err()).toBe(
      `storewise: column "session_id" has ${rows.length} distinct text values in ${rows.length} rows: an id or free text, not a feature (one-hot encoded it would be ${rows.length} columns); leave it out with --exclude\n`,
    );
    // Left out, the table is the original one: the same folds' ROC AUC as scikit-learn's.
    const io = testIo(process.cwd());
    expect(await main([...args, '--exclude', 'session_id', '--json'], io), io.err()).toBe(0);
    const [logreg] = JSON.parse(io.out()) as Evaluation[];
    logreg!.folds.forEach((f, i) => {
      expect(f.rocAuc).toBeCloseTo(SKLEARN_LOGREG_AUC[i]!, 6);
    });
    const unknown = testIo(process.cwd());
    expect(await main([...args, '--exclude', 'nope'], unknown)).toBe(1);
    expect(unknown.err()).toMatch(
      /^storewise: --exclude: column "nope" is not in the table \(columns: session_id, /,
    );
  });

  it('warns of a column of row numbers kept as a feature, and not once it is left out', async () => {
    const [header, ...rows] = readFileSync(sessions, 'utf8').trimEnd().split('\n');
    const numbered = join(dir, 'numbered.csv');
    writeFileSync(numbered, `${[`row,${header}`, ...rows.map((r, i) => `${1000 + i},${r}`)].join('\n')}\n`);
    const args = [
      'eval',
      'propensity',
      '--data',
      numbered,
      '--label',
      'bought',
      '--models',
      'logreg',
      '--json',
    ];
    const io = testIo(process.cwd());
    expect(await main(args, io), io.err()).toBe(0);
    expect(io.err()).toBe(
      'storewise: warning: column "row" holds a different whole number in every row: a row number or an id, not a feature (it can only fit noise, or the order the rows were written in); if so, leave it out with --exclude row\n',
    );
    const without = testIo(process.cwd());
    expect(await main([...args, '--exclude', 'row'], without), without.err()).toBe(0);
    expect(without.err()).toBe('');
    // The table's own columns (minutes, pages, ...) repeat values: none is taken for row numbers.
    const plain = testIo(process.cwd());
    expect(await main([...EVAL, '--models', 'logreg', '--json'], plain), plain.err()).toBe(0);
    expect(plain.err()).toBe('');
  });

  it('names the file line of a value that is not a number in a column of numbers', async () => {
    // "abc" among 299 minutes, on file line 43 (a blank line before it counts): before, the folds whose
    // training rows held it one-hot encoded the column and the one whose test rows did failed with no line.
    const lines = readFileSync(sessions, 'utf8').trimEnd().split('\n');
    const cells = lines[41]!.split(',');
    cells[1] = 'abc';
    lines[41] = cells.join(',');
    const file = join(dir, 'sessions-typo.csv');
    writeFileSync(file, `${[...lines.slice(0, 10), '', ...lines.slice(10)].join('\n')}\n`);
    const io = testIo(process.cwd());
    expect(await main(['eval', 'propensity', '--data', file, '--label', 'bought'], io)).toBe(1);
    expect(io.err()).toBe(
      `storewise: ${file}: line 43, column minutes: "abc" is not a number, and 299 other values of the column are: fix it, leave it empty (a missing value), or leave the column out with --exclude\n`,
    );
    // Left out, the rest is evaluated.
    const excluded = testIo(process.cwd());
    const args = ['--data', file, '--label', 'bought', '--exclude', 'minutes', '--models', 'logreg'];
    expect(await main(['eval', 'propensity', ...args], excluded), excluded.err()).toBe(0);
  });

  it('evaluates a contributed classifier loaded with --plugin, by its name', async () => {
    const run = async (plugin: string[], models: string) => {
      const io = testIo(process.cwd());
      const args = [...EVAL, '--models', models, '--json'];
      expect(await main([...plugin, ...args], io), io.err()).toBe(0);
      return (JSON.parse(io.out()) as Evaluation[])[0]!;
    };
    const fixture = new URL('./fixtures/my-logreg.mjs', import.meta.url).pathname;
    const contributed = await run(['--plugin', fixture], 'my-logreg');
    const builtIn = await run([], 'logreg');
    expect(contributed.model).toBe('my-logreg');
    expect(contributed.folds.map((f) => f.rocAuc)).toEqual(builtIn.folds.map((f) => f.rocAuc));
    const unknown = testIo(process.cwd());
    expect(await main([...EVAL, '--models', 'nope'], unknown)).toBe(1);
    expect(unknown.err()).toContain(
      '--models: unknown model "nope": use tree, forest, gbdt, logreg, mlp, ml-random-forest, my-logreg',
    );
  });

  it('reports the fairness of the out-of-fold predictions by a column (--group-by), as scikit-learn and fairlearn', async () => {
    const json = testIo(process.cwd());
    const args = [...EVAL, '--models', 'logreg', '--group-by', 'channel'];
    expect(await main([...args, '--json'], json), json.err()).toBe(0);
    const f = JSON.parse(json.out())[0].fairness;
    expect(f.by).toBe('channel');
    expect(f.decision.share).toBeCloseTo(123 / 300, 12);
    // The two optimizers stop within about 1e-5 of each other: the probabilities agree to 5 places.
    expect(f.decision.threshold).toBeCloseTo(0.440090650819966, 5);
    for (const [name, rows, positives, selected, tpr, fpr, auc, brier] of SKLEARN_FAIRNESS) {
      const g = f.groups.find((x: { name: string }) => x.name === name);
      expect([g.rows, g.positives, g.selected], name).toEqual([rows, positives, selected]);
      expect(g.truePositiveRate).toBeCloseTo(tpr, 12);
      expect(g.falsePositiveRate).toBeCloseTo(fpr, 12);
      expect(g.rocAuc).toBeCloseTo(auc, 9);
      expect(g.brier).toBeCloseTo(brier, 5);
    }
    // fairlearn's definitions (in numpy, same script): selection 53/64 against 21/84.
    expect(f.disparities.demographicParityDifference).toBeCloseTo(0.578125, 12);
    expect(f.disparities.demographicParityRatio).toBeCloseTo(0.3018867924528302, 12);
    expect(f.disparities.equalizedOddsDifference).toBeCloseTo(0.5839580209895052, 12);
    expect(f.flagged.sort()).toEqual(['ads', 'search']);
    const text = testIo(process.cwd());
    expect(await main(args, text), text.err()).toBe(0);
    expect(text.out()).toContain(
      "\nfairness by channel of logreg's out-of-fold predictions, targeting the best-scored 41.0% of rows (the base rate; scores >= 0.4401, 41.0% with ties);",
    );
    expect(text.out()).toMatch(
      /\n {2}search +152 +56 +36\.8% .* 32\.2% +55\.4% +18\.8% .* FLAG selection rate\n/,
    );
    expect(text.out()).toContain('\nflagged: search, ads\n');
    const wrong = testIo(process.cwd());
    expect(await main([...EVAL, '--group-by', 'region'], wrong)).toBe(1);
    expect(wrong.err()).toBe(
      'storewise: --group-by: column "region" is not in the table (columns: pages, minutes, channel, bought)\n',
    );
  });

  it('refuses the label, a column of near-unique values, or --fairness-min-group alone as the groups', async () => {
    // Distinct values per column (pandas nunique on the fixture): pages 13, minutes 262 of 300 rows.
    const cases: [string[], string][] = [
      [
        ['--group-by', 'bought'],
        '--group-by: column "bought" is the label; group by another column (the report compares the label\'s predictions across groups)',
      ],
      [
        ['--group-by', 'minutes'],
        '--group-by "minutes" has 262 distinct values among 300 rows (more than half of them, and more than 50): an id or free text, not groups; group by a field with fewer values',
      ],
      [
        ['--fairness-min-group', '10'],
        '--fairness-min-group goes with --group-by: without groups there is no fairness report',
      ],
    ];
    for (const [args, message] of cases) {
      const io = testIo(process.cwd());
      expect(await main([...EVAL, '--models', 'logreg', ...args], io), args.join(' ')).toBe(1);
      expect(io.err()).toBe(`storewise: ${message}\n`);
    }
    // 13 pages are groups. Rows per page (pandas value_counts on the fixture): 1: 1, 2: 18, 3: 25, 4: 43,
    // 5: 41, 6: 54, 7: 45, 8: 33, 9: 20, 10: 13, 11: 2, 12: 4, 13: 1. Pages 1, 11, 12 and 13 (8 rows) are
    // fewer than 5 each: one bucket, last; the others largest first.
    const pages = testIo(process.cwd());
    expect(await main([...EVAL, '--models', 'logreg', '--group-by', 'pages', '--json'], pages)).toBe(0);
    const groups: { name: string; rows: number; small: boolean }[] = JSON.parse(pages.out())[0].fairness
      .groups;
    expect(groups.map((g) => [g.name, g.rows])).toEqual([
      ['6', 54],
      ['7', 45],
      ['4', 43],
      ['5', 41],
      ['8', 33],
      ['3', 25],
      ['9', 20],
      ['2', 18],
      ['10', 13],
      ['(groups of fewer than 5)', 8],
    ]);
  });

  it('puts rows without a value of the --group-by column in "(none)", and names the option in the API', async () => {
    const [header, ...rows] = readFileSync(sessions, 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const records = rows.map((line) => Object.fromEntries(line.split(',').map((v, j) => [columns[j]!, v])));
    for (const r of records.slice(0, 40)) r.channel = '';
    const [logreg] = (
      await evaluatePropensity(records, { label: 'bought', models: ['logreg'], groupBy: 'channel' })
    ).results;
    const none = logreg!.fairness!.groups.find((g) => g.name === '(none)')!;
    expect(none.rows).toBe(40);
    expect(none.positives).toBe(records.slice(0, 40).filter((r) => r.bought === 'yes').length);
    await expect(evaluatePropensity(records, { label: 'bought', groupBy: 'Channel' })).rejects.toThrow(
      'groupBy: column "Channel" is not in the table (columns: pages, minutes, channel, bought)',
    );
  });

  it('cross-validates each model on the same stratified folds and prints one JSON array', async () => {
    const io = testIo(process.cwd(), {}, true); // a terminal: the steps on one status line
    const code = await main(
      [
        'eval',
        'propensity',
        '--data',
        sessions,
        '--label',
        'bought',
        '--models',
        'logreg,tree',
        '--param',
        'tree.maxDepth=3',
        '--json',
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    const results = JSON.parse(io.out()) as Evaluation[];
    expect(results.map((r) => r.model)).toEqual(['logreg', 'tree']);
    const [logreg, tree] = results as [Evaluation, Evaluation];
    // Logistic regression reaches scikit-learn's optimum, so its ranking (AUC) per fold is sklearn's.
    logreg.folds.forEach((f, i) => {
      expect(f.rocAuc).toBeCloseTo(SKLEARN_LOGREG_AUC[i]!, 6);
    });
    for (const r of results) {
      expect(r.folds).toHaveLength(5);
      for (const metric of ['rocAuc', 'prAuc', 'logLoss', 'brier', 'accuracy', 'f1']) {
        const mean = r.folds.reduce((s, f) => s + f[metric]!, 0) / 5;
        expect(r.mean[metric]).toBeCloseTo(mean, 12);
      }
      expect(r.fitSeconds).toBeCloseTo(
        r.folds.reduce((s, f) => s + f.fitSeconds, 0),
        9,
      );
    }
    expect(tree.mean.rocAuc).toBeGreaterThan(0.55);
    expect(io.err()).toContain('\r\x1b[K[');
    expect(io.err()).toMatch(/\ds\] logreg: ROC AUC 0\.74\d\d/);
    expect(io.err()).not.toContain('\n');
    expect(io.err().endsWith('\r\x1b[K')).toBe(true); // cleared before the table
  });

  it('takes class weights as a JSON object and layer sizes as a list, as the TypeScript API does', async () => {
    const run = async (...args: string[]) => {
      const io = testIo(process.cwd());
      expect(await main([...EVAL, ...args, '--json'], io), io.err()).toBe(0);
      return JSON.parse(io.out()) as Evaluation[];
    };
    for (const weights of ['{"0":1,"1":5}', '{0: 1, 1: 5}']) {
      const [logreg] = await run('--models', 'logreg', '--param', `logreg.classWeight=${weights}`);
      logreg!.folds.forEach((f, i) => {
        expect(f.logLoss, weights).toBeCloseTo(SKLEARN_WEIGHTED_LOGREG_LOG_LOSS[i]!, 5);
      });
    }
    const records = readFileSync(sessions, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [pages, minutes, channel, bought] = line.split(',');
        return { pages, minutes, channel, bought } as Record<string, string>;
      });
    const api = await evaluatePropensity(records, {
      label: 'bought',
      models: ['mlp'],
      params: { mlp: { hiddenLayers: [16, 8] } },
    });
    for (const layers of ['16,8', '[16, 8]']) {
      const [mlp] = await run('--models', 'mlp', '--param', `mlp.hiddenLayers=${layers}`);
      expect(
        mlp!.folds.map((f) => f.logLoss),
        layers,
      ).toEqual(api.results[0]!.folds.map((f) => f.logLoss));
    }
  });

  it('warns that forest threads above the cores are capped to them, and grows the same forest', async () => {
    const cores = availableParallelism();
    const run = async (threads: number) => {
      const io = testIo(process.cwd());
      const args = [
        '--models',
        'forest',
        '--param',
        'forest.nTrees=20',
        '--param',
        `forest.threads=${threads}`,
      ];
      expect(await main([...EVAL, ...args, '--json'], io), io.err()).toBe(0);
      return { err: io.err(), folds: (JSON.parse(io.out()) as Evaluation[])[0]!.folds };
    };
    const many = await run(99);
    expect(many.err).toBe(
      `storewise: warning: --param forest.threads=99: this machine has ${cores} cores, so forest grows on ${cores} threads (more would only hold memory; the model is the same)\n`,
    );
    const one = await run(1);
    expect(one.err).toBe('');
    expect(many.folds.map((f) => f.logLoss)).toEqual(one.folds.map((f) => f.logLoss));
  });

  it('names the bad column, label or model in one line', async () => {
    const run = async (...args: string[]) => {
      const io = testIo(process.cwd());
      const code = await main(['eval', 'propensity', '--data', sessions, ...args], io);
      return { code, err: io.err() };
    };
    expect(await run('--label', 'Revenue')).toMatchObject({
      code: 1,
      err: expect.stringMatching(
        /label column "Revenue" is not in the table \(columns: pages, minutes, channel, bought\)/,
      ),
    });
    expect(await run('--label', 'channel')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/label has 3 distinct values .*name the positive one/),
    });
    expect(await run('--label', 'bought', '--models', 'svm')).toMatchObject({
      code: 1,
      err: expect.stringMatching(
        /unknown model "svm": use tree, forest, gbdt, logreg, mlp, ml-random-forest/,
      ),
    });
    expect(await run('--label', 'bought', '--param', 'logreg.foo=1')).toEqual({
      code: 1,
      err: 'storewise: --param logreg.foo=1: logreg has no parameter "foo"; its parameters: C, fitIntercept, maxIter, tol, classWeight\n',
    });
    expect(await run('--label', 'bought', '--param', 'logreg.C=strong')).toEqual({
      code: 1,
      err: 'storewise: --param logreg.C=strong: logreg parameter "C" must be a number, got "strong"\n',
    });
    expect(await run('--label', 'bought', '--param', 'logreg.fitIntercept=1')).toEqual({
      code: 1,
      err: 'storewise: --param logreg.fitIntercept=1: logreg parameter "fitIntercept" must be true or false, got "1"\n',
    });
    expect(await run('--label', 'bought', '--models', 'forest', '--param', 'forest.nTrees=0')).toMatchObject({
      code: 1,
      err: expect.stringMatching(
        /^storewise: --param forest\.nTrees=0: forest refused it: .*nTrees must .*\n$/,
      ),
    });
    // A typo of "balanced" fitted on weights of NaN: logreg stopped on "matrix is not positive definite".
    const weights =
      'parameter classWeight must be null, "balanced", or weights {"0": w0, "1": w1} (numbers >= 0, not both 0)';
    for (const m of ['logreg', 'tree', 'forest', 'gbdt', 'mlp'])
      expect(await run('--label', 'bought', '--models', m, '--param', `${m}.classWeight=balance`)).toEqual({
        code: 1,
        err: `storewise: --param ${m}.classWeight=balance: ${m} refused it: ${weights}, got "balance"\n`,
      });
    expect(
      await run('--label', 'bought', '--models', 'logreg', '--param', 'logreg.classWeight={0:1,'),
    ).toEqual({
      code: 1,
      err: 'storewise: --param logreg.classWeight={0:1,: logreg parameter "classWeight" must be a JSON object such as {"0":1,"1":5}, got "{0:1,"\n',
    });
    expect(await run('--label', 'bought', '--models', 'mlp', '--param', 'mlp.hiddenLayers=64,x')).toEqual({
      code: 1,
      err: 'storewise: --param mlp.hiddenLayers=64,x: mlp parameter "hiddenLayers" must be a list of numbers such as 64,32 or [64,32], got "64,x"\n',
    });
    expect(await run('--label', 'bought', '--models', 'mlp', '--param', 'mlp.hiddenLayers=[16,0]')).toEqual({
      code: 1,
      err: 'storewise: --param mlp.hiddenLayers=[16,0]: mlp refused it: parameter hiddenLayers must be a list of layer sizes (integers >= 1) such as [64, 32], got [16,0]\n',
    });
    expect(await run('--label', 'bought', '--folds', '1')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--folds must be an integer >= 2/),
    });
  });

  it('warns on stderr before ml-random-forest starts, and its help says what it is', async () => {
    const io = testIo(process.cwd());
    const code = await main(
      [
        ...EVAL,
        '--models',
        'ml-random-forest',
        '--folds',
        '2',
        '--param',
        'ml-random-forest.nEstimators=2',
        '--json',
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    expect(JSON.parse(io.out()).map((r: Evaluation) => r.model)).toEqual(['ml-random-forest']);
    expect(io.err()).toMatch(
      /^storewise: warning: ml-random-forest \(the npm package, a reference peer\) is roughly 50-100x slower than forest: on [\d,]+ rows it may take minutes; forest is the fast one\n$/,
    );
    const quiet = testIo(process.cwd());
    expect(
      await main(['eval', 'propensity', '--data', sessions, '--label', 'bought', '--models', 'tree'], quiet),
    ).toBe(0);
    expect(quiet.err()).toBe('');
    const help = testIo(process.cwd());
    expect(await main(['eval', 'propensity', '--help'], help)).toBe(0);
    expect(help.out().replace(/\s+/g, ' ')).toContain(
      'ml-random-forest is the ml-random-forest npm package, kept as a reference peer: roughly 50-100x slower than forest',
    );
  });
});
