/**
 * Serving an earlier purchase-propensity version again (`storewise model activate purchase-propensity <v>`):
 * a version goes with the scores its training stored, and a later training's scores (a later computedAt)
 * would outlive a bare switch of the active version. So the version's model rescores every customer as of
 * its asOf (the customers who declined analytics left out, as in training), the stored scores of its score
 * name are replaced, and then it becomes the active version. Between the delete and the last batch
 * written, a reader finds fewer scores of that name.
 */
import type { Storage } from '@storewise/storage';
import { ModelVersionError, storedVersion } from '../recs/model-versions.js';
import { readProfileRows } from './profile-features.js';
import { customersDecliningAnalytics, writeScores } from './propensity-scores.js';
import {
  loadPurchasePropensity,
  PURCHASE_PROPENSITY_MODEL,
  predictPropensity,
  purchaseScoreName,
} from './trained-propensity.js';

export interface PropensityActivation {
  version: number;
  asOf: Date;
  scoreName: string;
  /** Customers rescored (their scores replace every stored score of `scoreName`). */
  scored: number;
  /** Scores of `scoreName` deleted first (those of the version served before, and older ones). */
  replaced: number;
  createdAt: Date;
}

export async function activatePropensityVersion(
  storage: Storage,
  version: number,
): Promise<PropensityActivation> {
  const name = PURCHASE_PROPENSITY_MODEL;
  const target = await storedVersion(storage, name, version);
  if (typeof target.params.asOf !== 'string')
    throw new ModelVersionError('version', `"${name}" v${version} does not record its asOf: retrain instead`);
  if (storage.deleteScores === undefined)
    throw new Error(
      `this storage adapter cannot delete scores (no deleteScores): "${name}" v${version} cannot replace the stored scores`,
    );
  const asOf = new Date(target.params.asOf);
  const trained = await loadPurchasePropensity(storage, version);
  const rows = await readProfileRows(
    storage,
    { asOf, categories: trained.categories },
    await customersDecliningAnalytics(storage),
  );
  const scoreName = purchaseScoreName(trained.horizonDays);
  const scores = predictPropensity(trained, rows.x);
  const replaced = await storage.deleteScores(scoreName);
  const scored = await writeScores(storage, rows.customerIds, scores, scoreName, asOf);
  await storage.activateModel(name, version);
  return { version, asOf, scoreName, scored, replaced, createdAt: target.createdAt };
}
