// `pnpm bench propensity [--models forest,gbdt,mlp,logreg,tree,ml-random-forest] [--seed 0] [--threads 2]
//                        [--ml-rf-rows 1000] [--ml-rf-trees 30] [--python /usr/bin/python3] [--no-peer] [--json]`
//
// Purchase propensity on UCI Online Shoppers Intention (../shared/data/online-shoppers-intention, label
// Revenue), side by side with scikit-learn (bench/peers/propensity.py) on the same 5 stratified folds: the
// fold of each row is dealt here with a seed, written to a temporary file and read by the peer. Each fold is
// encoded from its training rows only (numeric columns standardized, Month and VisitorType one-hot, Weekend
// 0/1, the same on both sides). Reported per model: ROC AUC (mean over folds) and fit seconds summed over
// folds, for each side, and the ratios (Storewise / scikit-learn). Models run one at a time, peer first, so
// both see the same machine; the table's last column is the 1-minute load average when each model began.
//
// ml-random-forest (mljs) searches splits exhaustively with quadratic impurity code (53 s for one depth-8
// tree on a 9,864-row fold here), so it runs on a stratified subsample of each training fold
// (--ml-rf-rows, default 1,000) with --ml-rf-trees trees (default 30); Storewise's forest is also run on
// the same subsample for reference. Results are written up in docs/benchmarks/propensity.md.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  decisionTreePlugin,
  encodeBinaryLabels,
  type FeatureMatrix,
  fitContext,
  foldSplit,
  gradientBoostingPlugin,
  logisticRegressionPlugin,
  mlpPlugin,
  mlRandomForestPlugin,
  randomForestPlugin,
  rocAuc,
  type StringRecord,
  selectValues,
  stratifiedKFold,
  stratifiedTrainTestSplit,
  TabularEncoder,
} from '@storewise/core';
import { parse } from 'csv-parse/sync';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const flag = (name: string): boolean => args.includes(`--${name}`);
const dataPath = opt(
  'data',
  join(root, '..', 'shared', 'data', 'online-shoppers-intention', 'online_shoppers_intention.csv'),
);
const seed = Number(opt('seed', '0'));
const threads = Number(opt('threads', '2'));
const nFolds = Number(opt('folds', '5'));
const mlRfRows = Number(opt('ml-rf-rows', '1000'));
const mlRfTrees = Number(opt('ml-rf-trees', '30'));
const python = opt('python', '/usr/bin/python3');
const models = opt('models', 'forest,gbdt,mlp,logreg,tree,ml-random-forest').split(',');
const usePeer = !flag('no-peer');

interface Side {
  auc: number;
  aucs: number[];
  fitSeconds: number;
  note?: string;
}
interface Row {
  name: string;
  storewise: Side;
  sklearn: Side | null;
  /** The 1-minute load average when the model's turn began. */
  load: number;
}

// biome-ignore lint/suspicious/noExplicitAny: plugins of different parameter types in one table.
type AnyClassifierPlugin = ClassifierPlugin<any, BinaryClassifier>;
interface ModelSpec {
  plugin: AnyClassifierPlugin;
  params: object;
  peer: string | null;
  /** Rows of each training fold to fit on (stratified subsample), or all. */
  rows?: number;
  label?: string;
}
const specs: Record<string, ModelSpec[]> = {
  forest: [{ plugin: randomForestPlugin, params: { nTrees: 100, threads, oobScore: false }, peer: 'rf' }],
  gbdt: [{ plugin: gradientBoostingPlugin, params: {}, peer: 'hgb' }],
  mlp: [{ plugin: mlpPlugin, params: { hiddenLayers: [64, 32] }, peer: 'mlp' }],
  logreg: [{ plugin: logisticRegressionPlugin, params: {}, peer: 'logreg' }],
  tree: [{ plugin: decisionTreePlugin, params: { maxDepth: 8 }, peer: 'tree' }],
  'ml-random-forest': [
    {
      plugin: mlRandomForestPlugin,
      params: { nEstimators: mlRfTrees },
      peer: null,
      rows: mlRfRows,
      label: `ml-random-forest (${mlRfTrees} trees, ${mlRfRows}-row subsample)`,
    },
    {
      plugin: randomForestPlugin,
      params: { nTrees: mlRfTrees, threads, oobScore: false },
      peer: null,
      rows: mlRfRows,
      label: `forest, same subsample (${mlRfTrees} trees, ${mlRfRows} rows)`,
    },
  ],
};

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);

const records = parse(readFileSync(dataPath, 'utf8'), {
  columns: true,
  skip_empty_lines: true,
}) as StringRecord[];
const { y } = encodeBinaryLabels(records.map((r) => r.Revenue ?? ''));
const folds = stratifiedKFold(y, nFolds, seed);
const foldsFile = join(tmpdir(), `storewise-propensity-folds-${process.pid}.json`);
writeFileSync(foldsFile, JSON.stringify(Array.from(folds)));
console.log(
  `data: ${records.length} sessions, ${y.reduce((s, v) => s + v, 0)} with Revenue; ${nFolds} stratified folds (seed ${seed})\n`,
);

/** Each fold's encoded training and test rows, encoded from the training rows only. */
const encoded = Array.from({ length: nFolds }, (_, f) => {
  const { train, test } = foldSplit(folds, f);
  const trainRecords = Array.from(train, (i) => records[i]!);
  const encoder = TabularEncoder.fit(trainRecords, { exclude: ['Revenue'] });
  return {
    xTrain: encoder.transform(trainRecords),
    yTrain: selectValues(y, train),
    xTest: encoder.transform(Array.from(test, (i) => records[i]!)),
    yTest: selectValues(y, test),
  };
});

function subsample(x: FeatureMatrix, labels: Uint8Array, rows: number): { x: FeatureMatrix; y: Uint8Array } {
  if (rows >= x.nRows) return { x, y: labels };
  const { test } = stratifiedTrainTestSplit(labels, rows / x.nRows, seed);
  const data = new Float64Array(test.length * x.nCols);
  for (let k = 0; k < test.length; k++)
    data.set(x.data.subarray(test[k]! * x.nCols, (test[k]! + 1) * x.nCols), k * x.nCols);
  return {
    x: { data, nRows: test.length, nCols: x.nCols, columns: x.columns },
    y: selectValues(labels, test),
  };
}

async function runStorewise(spec: ModelSpec): Promise<Side> {
  const aucs: number[] = [];
  let fitSeconds = 0;
  for (let f = 0; f < nFolds; f++) {
    const fold = encoded[f]!;
    const train = spec.rows
      ? subsample(fold.xTrain, fold.yTrain, spec.rows)
      : { x: fold.xTrain, y: fold.yTrain };
    const start = performance.now();
    const model = await spec.plugin.fit(train, spec.params, fitContext({ seed: seed + f }));
    fitSeconds += (performance.now() - start) / 1000;
    aucs.push(rocAuc(fold.yTest, model.predictProba(fold.xTest)));
  }
  return { auc: aucs.reduce((s, v) => s + v, 0) / aucs.length, aucs, fitSeconds };
}

function runPeer(model: string): Side | null {
  const result = spawnSync(
    python,
    [
      join(root, 'bench', 'peers', 'propensity.py'),
      '--data',
      dataPath,
      '--folds',
      foldsFile,
      '--model',
      model,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    console.error(`peer ${model} failed: ${result.stderr || result.error}`);
    return null;
  }
  const out = JSON.parse(result.stdout) as Side & { iterations: (number | null)[]; sklearn: string };
  const iters = out.iterations.filter((v) => v !== null);
  return {
    ...out,
    note: `scikit-learn ${out.sklearn}${iters.length ? `, iterations ${iters.join('/')}` : ''}`,
  };
}

const rows: Row[] = [];
try {
  for (const name of models) {
    for (const spec of specs[name] ?? []) {
      const load = loadavg()[0]!;
      const sklearn = usePeer && spec.peer ? runPeer(spec.peer) : null;
      const storewise = await runStorewise(spec);
      const row = { name: spec.label ?? name, storewise, sklearn, load };
      rows.push(row);
      console.error(`${row.name}: AUC ${storewise.auc.toFixed(4)} in ${storewise.fitSeconds.toFixed(2)} s`);
    }
  }
} finally {
  rmSync(foldsFile, { force: true });
}

const f4 = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(4));
const f2 = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2));
console.log(
  '| model | Storewise AUC | scikit-learn AUC | AUC difference | Storewise fit s | scikit-learn fit s | time ratio | load |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const s = r.sklearn;
  console.log(
    `| ${r.name} | ${f4(r.storewise.auc)} | ${f4(s?.auc)} | ${s ? (r.storewise.auc - s.auc >= 0 ? '+' : '') + f4(r.storewise.auc - s.auc) : '-'} | ${f2(r.storewise.fitSeconds)} | ${f2(s?.fitSeconds)} | ${s ? f2(r.storewise.fitSeconds / s.fitSeconds) : '-'} | ${f2(r.load)} |`,
  );
}
const notes = rows.filter((r) => r.sklearn?.note).map((r) => `${r.name}: ${r.sklearn!.note}`);
if (notes.length) console.log(`\n${notes.join('\n')}`);
console.log(
  `\nload average after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
if (flag('json')) console.log(JSON.stringify(rows, null, 2));
