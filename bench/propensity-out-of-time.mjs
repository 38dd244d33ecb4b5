/**
 * Out-of-time check of purchase propensity's calibration (docs/propensity.md, "What the holdout measures"):
 * trains the default logistic regression as of C = asOf - 30 days (labels: purchases in [C - 30 days, C);
 * stored as a version that is not activated, a backtest), scores every customer's profile as of C, and
 * compares with who bought in [C, asOf): ROC AUC, mean predicted probability, actual share of buyers.
 * Changes the database (adds a version and backtest scores): run it on a scratch copy.
 *
 * Usage (after pnpm build): node bench/propensity-out-of-time.mjs <database> [asOf ISO, default 2011-12-09T12:50:00.001Z]
 */
import { rocAuc } from '@storewise/core';
import {
  loadPurchasePropensity,
  predictPropensity,
  readProfileRows,
  trainPurchasePropensity,
} from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const storage = await openStorage(process.argv[2]);
const A = new Date(process.argv[3] ?? '2011-12-09T12:50:00.001Z');
const C = new Date(A.getTime() - 30 * 86400000);
const r = await trainPurchasePropensity(storage, { asOf: C, seed: 0 });
console.log(
  'trained as of',
  C.toISOString(),
  'v',
  r.version,
  'base rate',
  r.population.baseRate,
  'holdout AUC',
  r.holdout.rocAuc,
);
const t = await loadPurchasePropensity(storage, r.version);
// No customer of Online Retail declined analytics: none is left out here (training leaves them out).
const then = await readProfileRows(storage, { asOf: C, categories: t.categories }, new Set());
const now = await readProfileRows(storage, { asOf: A, categories: t.categories }, new Set());
const j = then.x.columns.indexOf('purchases');
const nowP = new Map();
for (let i = 0; i < now.x.nRows; i++) nowP.set(now.customerIndex[i], now.x.data[i * now.x.nCols + j]);
const y = Array.from({ length: then.x.nRows }, (_, i) =>
  (nowP.get(then.customerIndex[i]) ?? 0) > then.x.data[i * then.x.nCols + j] ? 1 : 0,
);
const p = predictPropensity(t, then.x);
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
console.log(
  'scored',
  y.length,
  'AUC',
  rocAuc(y, p),
  'mean predicted',
  mean(Array.from(p)),
  'actual',
  mean(y),
);
await storage.close();
