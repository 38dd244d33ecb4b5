// `pnpm bench recs-fairness [--model als] [--python <python3>]`: checks the beyond-accuracy measures and
// the NDCG per activity tercile of `storewise eval recs` on MovieLens 100K (../shared/data/ml-100k/u.data;
// the command's defaults: user-stratified 25% split, seed 0, k = 10) against the Python formulas of
// bench/peers/recs_beyond_accuracy_ref.py on the same recommendation lists, dumped to
// bench-out/recs-fairness/<model>.json. Numbers go to docs/recommendations.md ("Beyond accuracy and fairness").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityTerciles, fitContext, rankingRun, withConstantValues } from '@storewise/core';
import {
  DEFAULT_SEED,
  evaluateRecommenders,
  readRatingsFile,
  recommenderPlugin,
  splitRatings,
  warmTestUsers,
} from '@storewise/engine';

const root = new URL('..', import.meta.url).pathname;
const dataFile = join(root, '../shared/data/ml-100k/u.data');
const outDir = join(root, 'bench-out/recs-fairness');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const model = opt('model', 'als');
const python = opt('python', process.env.PYTHON ?? '/usr/bin/python3');
if (!existsSync(dataFile)) {
  console.error(`missing ${dataFile}`);
  process.exit(1);
}

const { ratings } = await readRatingsFile(dataFile, { format: 'movielens' });
// What eval recs reports for the model ...
const [evaluated] = await evaluateRecommenders(ratings, {
  split: 'user-stratified',
  models: [model],
  groupBy: 'activity',
});
// ... and the same run again, keeping its lists (evaluateRecommenders' steps, fit with the same seed).
const { train, test } = splitRatings(ratings, 'user-stratified', 0.25, DEFAULT_SEED);
const { warm } = warmTestUsers(train, test);
const fitted = await recommenderPlugin(model).fit(
  withConstantValues(train, 1),
  {},
  fitContext({ seed: DEFAULT_SEED }),
);
const run = rankingRun(fitted, train, test, { k: 10, users: warm });
const lists = run.lists();
const perUser = run.perUser();
if (run.result().ndcg !== evaluated!.ndcg) throw new Error('the rerun differs from evaluateRecommenders');
const activity = activityTerciles(train, warm);
const trainUsers: number[] = [];
const trainItems: number[] = [];
for (let u = 0; u < train.nUsers; u++)
  for (let p = train.indptr[u]!; p < train.indptr[u + 1]!; p++) {
    trainUsers.push(u);
    trainItems.push(train.indices[p]!);
  }
mkdirSync(outDir, { recursive: true });
const dump = join(outDir, `${model}.json`);
writeFileSync(
  dump,
  JSON.stringify({
    nItems: train.nItems,
    trainUsers,
    trainItems,
    users: [...perUser.users],
    offsets: [...lists.offsets],
    items: [...lists.items],
    ndcg: [...perUser.ndcg],
    groups: [...perUser.users].map((u) => activity.names[activity.group[u]!]),
  }),
);
const { beyondAccuracy: b, groups } = evaluated!;
console.log(`storewise ${model}: ${JSON.stringify(b)}`);
const ndcg = groups!.disparity!.ndcg;
console.log(
  `storewise ${model} NDCG by activity: ${groups!.groups.map((g) => `${g.name} ${g.users} ${g.ndcg}`).join(', ')}; ratio ${ndcg.ratio}, difference ${ndcg.difference}`,
);
const peer = spawnSync(python, [join(root, 'bench/peers/recs_beyond_accuracy_ref.py'), dump], {
  encoding: 'utf8',
});
if (peer.status !== 0) throw new Error(`the Python peer failed: ${peer.stderr}`);
console.log(`python ${model}:\n${peer.stdout.trimEnd()}`);
