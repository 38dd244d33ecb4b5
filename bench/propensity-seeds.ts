// `pnpm bench propensity-seeds [--seeds 10] [--file <online_retail.csv.gz>]`
//
// How much one holdout split moves the purchase-propensity metrics: trainPurchasePropensity (default
// logistic regression, 30 days, dry run) on the full UCI Online Retail file in a memory store, once per seed
// of the stratified split; prints each seed's holdout ROC AUC and their min, max, mean and sample standard
// deviation. Quoted in docs/propensity.md (step 4).
import { importFile, trainPurchasePropensity } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const seeds = Number(arg('seeds', '10'));
const file = arg(
  'file',
  new URL('../../shared/data/online-retail-I/online_retail.csv.gz', import.meta.url).pathname,
);
const storage = await openStorage('memory:');
await importFile(storage, file, { format: 'online-retail' });
const aucs: number[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const r = await trainPurchasePropensity(storage, { dryRun: true, seed });
  aucs.push(r.holdout.rocAuc);
  console.log(`seed ${seed}: holdout ROC AUC ${r.holdout.rocAuc.toFixed(4)}`);
}
await storage.close();
const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
const sd = Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / (aucs.length - 1));
console.log(
  `${seeds} seeds: ROC AUC ${Math.min(...aucs).toFixed(4)}-${Math.max(...aucs).toFixed(4)}, mean ${mean.toFixed(4)}, sd ${sd.toFixed(4)}`,
);
