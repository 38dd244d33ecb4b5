import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const sessions = new URL('./fixtures/sessions-small.csv', import.meta.url).pathname;
const EVAL = ['eval', 'propensity', '--data', sessions, '--label', 'bought'];

// scikit-learn 1.2.1's DummyClassifier(strategy="prior") on the folds of stratifiedKFold(y, 5, 0):
// make_sessions_small.py's "baseline" lines (log loss, Brier, accuracy, PR AUC per fold).
const SKLEARN_BASELINE = [
  [0.6733350490612544, 0.24015625000000002, 0.6, 0.4],
  [0.6733350490612543, 0.24015625000000002, 0.6, 0.4],
  [0.6793366902951842, 0.24312500000000004, 0.5833333333333334, 0.4166666666666667],
  [0.6793366902951843, 0.24312500000000004, 0.5833333333333334, 0.4166666666666667],
  [0.6793366902951843, 0.24312500000000004, 0.5833333333333334, 0.4166666666666667],
] as const;

type Metrics = Record<'rocAuc' | 'prAuc' | 'logLoss' | 'brier' | 'accuracy' | 'f1', number>;
interface Evaluation {
  model: string;
  mean: Metrics;
  baseline: { mean: Metrics; folds: (Metrics & { fold: number })[] };
}

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-eval-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storewise eval propensity: the base-rate baseline and missing labels', () => {
  it("shows each fold's training base rate predicted for everyone next to the models (scikit-learn's DummyClassifier)", async () => {
    const io = testIo(process.cwd());
    expect(await main([...EVAL, '--models', 'logreg,tree', '--json'], io), io.err()).toBe(0);
    const results = JSON.parse(io.out()) as Evaluation[];
    expect(results.map((r) => r.model)).toEqual(['logreg', 'tree']);
    for (const r of results) {
      r.baseline.folds.forEach((f, i) => {
        const [logLoss, brier, accuracy, prAuc] = SKLEARN_BASELINE[i]!;
        expect(f.fold).toBe(i);
        expect(f.logLoss).toBeCloseTo(logLoss, 12);
        expect(f.brier).toBeCloseTo(brier, 12);
        expect(f.accuracy).toBeCloseTo(accuracy, 12);
        expect(f.prAuc).toBeCloseTo(prAuc, 12);
        expect(f.rocAuc).toBe(0.5);
      });
      const meanLogLoss = SKLEARN_BASELINE.reduce((s, f) => s + f[0], 0) / 5;
      expect(r.baseline.mean.logLoss).toBeCloseTo(meanLogLoss, 12);
    }

    const text = testIo(process.cwd());
    expect(await main([...EVAL, '--models', 'logreg,tree'], text), text.err()).toBe(0);
    const lines = text.out().split('\n');
    expect(lines[0]).toBe('300 rows, 123 positive ("yes", 41.0%), 5 features');
    expect(lines[1]).toBe('model              ROC AUC  PR AUC   log loss Brier    accuracy F1       fit s');
    const b = results[0]!.baseline.mean;
    expect(lines[4]).toBe(
      `base rate          0.5000   ${b.prAuc.toFixed(4)}   ${b.logLoss.toFixed(4)}   ${b.brier.toFixed(4)}   ${b.accuracy.toFixed(4)}   0.0000   -`,
    );
    // The unlimited tree predicts 0 and 1: its log loss far above the base rate's, said so.
    const tree = results[1]!.mean;
    expect(tree.logLoss).toBeGreaterThan(b.logLoss);
    expect(text.out()).toContain(
      `tree does worse than the base rate: log loss ${tree.logLoss.toFixed(4)} above the base rate's ${b.logLoss.toFixed(4)}\n`,
    );
    expect(text.out()).not.toContain('logreg does worse');
  });

  it('refuses a missing label, naming its lines, with or without --positive (before: a third class, or a negative)', async () => {
    const [header, ...rows] = readFileSync(sessions, 'utf8').trimEnd().split('\n');
    // Rows 3, 10 and 41 (file lines 4, 11, 42) without a label: empty, NA and a blank.
    const missing = new Map([
      [2, ''],
      [9, 'NA'],
      [40, ' '],
    ]);
    const cut = rows.map((r, i) => (missing.has(i) ? r.replace(/[^,]*$/, missing.get(i)!) : r));
    const file = join(dir, 'missing-label.csv');
    writeFileSync(file, `${[header, ...cut].join('\n')}\n`);
    for (const extra of [[], ['--positive', 'yes']]) {
      const io = testIo(process.cwd());
      const args = [
        'eval',
        'propensity',
        '--data',
        file,
        '--label',
        'bought',
        '--models',
        'logreg',
        ...extra,
      ];
      expect(await main(args, io)).toBe(1);
      expect(io.err()).toBe(
        `storewise: ${file}: lines 4, 11, 42: the label bought is missing (3 rows; empty, na, n/a, nan, null, none, ? count as missing): a missing label is not a class; fill it in or remove those rows\n`,
      );
      expect(io.out()).toBe('');
    }
  });

  it('suggests the column a wrong-case label means', async () => {
    const io = testIo(process.cwd());
    expect(await main(['eval', 'propensity', '--data', sessions, '--label', 'Bought'], io)).toBe(1);
    expect(io.err()).toBe(
      'storewise: label column "Bought" is not in the table (did you mean "bought"? column names are case-sensitive) (columns: pages, minutes, channel, bought)\n',
    );
  });
});
