/**
 * "Will this customer buy in the next N days?" trained from the store's events.
 *
 * With cutoff = asOf - N days: the population is every customer with an event before the cutoff; the label
 * is whether they bought in [cutoff, asOf); the features are their profiles as of the cutoff. The model is
 * fitted on a stratified 75% and its metrics are measured on the other 25%; then it is refitted on everyone,
 * every customer with an event before asOf is scored from their profile as of asOf, the scores are stored
 * as `p_purchase_<N>d`, and the model is saved as a new version of 'purchase-propensity' (the active one
 * unless the active version is of a later asOf, or the model does worse than the base rate given to
 * everyone; see `activated`).
 *
 * Consent: customers whose `consent.analytics` is false are left out of training and are not scored.
 */
import {
  classificationReport,
  type FeatureMatrix,
  fitContext,
  permutationImportance,
  rocAucStandardError,
  selectRows,
  selectValues,
  stratifiedTrainTestSplit,
} from '@storewise/core';
import type { Storage } from '@storewise/storage';
import { fairnessByProblem } from '../customers/customer-groups.js';
import { MS_PER_DAY } from '../customers/index.js';
import { MAX_HORIZON_DAYS } from '../horizon-limits.js';
import { latestEventOf } from '../latest-event.js';
import { DEFAULT_SEED } from '../seed.js';
import { compareWithActive, worseThanActive } from './active-comparison.js';
import { fitClassifier } from './check-classifier.js';
import { type AnyClassifierPlugin, classifierPlugin } from './classifier-registry.js';
import { holdoutWarnings } from './holdout-warnings.js';
import { checkLabelWindow } from './label-window.js';
import { FeatureScaler, type ProfileRows, readProfileRows, selectFeatures } from './profile-features.js';
import { holdoutBaseline, worseThanBaseline } from './propensity-baseline.js';
import { holdoutFairness, holdoutGroupNames } from './propensity-fairness.js';
import { customersDecliningAnalytics, writeScores } from './propensity-scores.js';
import type {
  PropensityMetrics,
  PurchasePropensityOptions,
  PurchasePropensityResult,
} from './train-propensity-types.js';
import {
  encodePropensity,
  PURCHASE_PROPENSITY_MODEL,
  predictPropensity,
  purchaseScoreName,
  type TrainedPropensity,
} from './trained-propensity.js';

/**
 * What the store's data or the options given cannot train on (no events, no customer before the cutoff,
 * too few buyers or non-buyers, a bad horizon or date): the caller's to fix, said as it is.
 */
export class PropensityDataError extends Error {
  override readonly name = 'PropensityDataError';
}

export async function trainPurchasePropensity(
  storage: Storage,
  options: PurchasePropensityOptions = {},
): Promise<PurchasePropensityResult> {
  const horizonDays = options.horizonDays ?? 30;
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS)
    throw new PropensityDataError(
      `horizonDays must be a whole number of days from 1 to ${MAX_HORIZON_DAYS}, got ${horizonDays}`,
    );
  const testFraction = options.testFraction ?? 0.25;
  const plugin = classifierPlugin(options.model ?? 'logreg');
  const params = options.params ?? {};
  const seed = options.seed ?? DEFAULT_SEED;
  const progress = options.onProgress ?? (() => {});
  const fairnessBy = options.fairnessBy ?? 'country';
  const byProblem = fairnessByProblem(fairnessBy);
  if (byProblem) throw new PropensityDataError(`fairnessBy ${byProblem}`);
  const minGroup = options.fairnessMinGroupSize;
  if (minGroup !== undefined && !(Number.isInteger(minGroup) && minGroup >= 1))
    throw new PropensityDataError(`fairnessMinGroupSize must be a whole number >= 1, got ${minGroup}`);
  const counts = await storage.counts();
  const { lastEventAt } = counts;
  if (!lastEventAt) throw new PropensityDataError('the store has no events to train on');
  // By default just after the last purchase: the labels are purchases, and views tracked since it (a
  // storefront's, live, while orders are imported nightly) would leave the label window without them.
  const lastPurchaseAt = latestEventOf(counts, ['purchase']) ?? lastEventAt;
  const asOf = options.asOf ?? new Date(lastPurchaseAt.getTime() + 1);
  if (Number.isNaN(asOf.getTime())) throw new PropensityDataError('asOf is not a valid date');
  if (!options.allowPartialWindow) checkLabelWindow(asOf, lastEventAt, horizonDays);
  const cutoff = new Date(asOf.getTime() - horizonDays * MS_PER_DAY);

  const declined = await customersDecliningAnalytics(storage);
  progress(`profiles as of the cutoff ${cutoff.toISOString()}`);
  const train = await readProfileRows(
    storage,
    {
      asOf: cutoff,
      ...(options.topCategories !== undefined ? { topCategories: options.topCategories } : {}),
    },
    declined,
  );
  const features = options.features ?? train.x.columns;
  const x = selectFeatures(train.x, features);
  const n = x.nRows;
  if (n === 0)
    throw new PropensityDataError(`no customer has events before the cutoff ${cutoff.toISOString()}`);
  // The profiles as of asOf give both the labels and, after the fit, the rows to score: a customer bought in
  // [cutoff, asOf) exactly when they have more purchase lines before asOf than before the cutoff.
  progress(`profiles as of ${asOf.toISOString()}`);
  const now = await readProfileRows(storage, { asOf, categories: train.categories }, declined);
  const purchasesNow = purchaseCounts(now);
  const purchasesThen = purchaseCounts(train);
  const y = Uint8Array.from(train.customerIndex, (c) =>
    (purchasesNow.get(c) ?? 0) > (purchasesThen.get(c) ?? 0) ? 1 : 0,
  );
  let positives = 0;
  for (const v of y) positives += v;
  if (positives < 2 || n - positives < 2) {
    throw new PropensityDataError(
      `${positives} of ${n} customers bought between ${cutoff.toISOString()} and ${asOf.toISOString()}: ` +
        'need at least 2 buyers and 2 non-buyers to train and measure',
    );
  }

  progress(`${plugin.name}: fitting on ${n} customers (${positives} buyers within ${horizonDays} days)`);
  const split = stratifiedTrainTestSplit(y, testFraction, seed);
  const xTrain = selectRows(x, split.train);
  const held = await fit(plugin, xTrain, selectValues(y, split.train), params, seed);
  const yTest = selectValues(y, split.test);
  const baseline = holdoutBaseline(selectValues(y, split.train), yTest);
  const xTest = selectRows(x, split.test);
  const pTest = predictPropensity(held, xTest);
  const report = classificationReport(yTest, pTest);
  const grouping = await holdoutGroupNames(
    storage,
    fairnessBy,
    Array.from(split.test, (i) => train.customerIds[i]!),
  );
  const fairness = holdoutFairness(grouping.names, fairnessBy, yTest, pTest, options.fairnessMinGroupSize);
  progress('permutation importance on the holdout');
  const shuffled = permutationImportance({ predictProba: (m) => predictPropensity(held, m) }, xTest, yTest, {
    nRepeats: 5,
    seed,
  });
  const importances = xTest.columns
    .map((feature, j) => ({ feature, aucDrop: shuffled.mean[j]!, std: shuffled.std[j]! }))
    .sort((a, b) => b.aucDrop - a.aucDrop || (a.feature < b.feature ? -1 : 1));
  const holdout: PropensityMetrics = {
    customers: report.n,
    positives: report.positives,
    baseRate: report.positives / report.n,
    rocAuc: report.rocAuc,
    rocAucStandardError: rocAucStandardError(report.rocAuc, report.positives, report.n - report.positives),
    prAuc: report.prAuc,
    logLoss: report.logLoss,
    brier: report.brier,
    liftTopDecile: report.lift[0]!.lift,
  };
  progress(`holdout ROC AUC ${holdout.rocAuc.toFixed(4)}; refitting on all ${n} customers`);
  const start = performance.now();
  const final = await fit(plugin, x, y, params, seed);
  const fitSeconds = (performance.now() - start) / 1000;

  const scoreName = purchaseScoreName(horizonDays);
  const worse = worseThanBaseline(holdout, baseline);
  const activeVersion = (await storage.listModels()).find(
    (m) => m.name === PURCHASE_PROPENSITY_MODEL && m.active,
  );
  const active =
    activeVersion === undefined
      ? null
      : compareWithActive(activeVersion, {
          asOf,
          horizonDays,
          seed,
          testFraction,
          holdoutCustomers: holdout.customers,
          holdoutPositives: holdout.positives,
        });
  const worseThanServed = worseThanActive(holdout, active);
  const result: PurchasePropensityResult = {
    name: PURCHASE_PROPENSITY_MODEL,
    version: 0,
    model: plugin.name,
    horizonDays,
    scoreName,
    asOf,
    cutoff,
    population: { customers: n, positives, baseRate: positives / n },
    excludedByConsent: train.excluded,
    holdout,
    baseline,
    worseThanBaseline: worse,
    active,
    warnings: [...holdoutWarnings(holdout), ...(grouping.warning === null ? [] : [grouping.warning])],
    calibration: report.calibration.filter((bin) => bin.count > 0),
    importances,
    fairness,
    scored: 0,
    features: [...features],
    fitSeconds,
    activated: false,
    activeAsOf: null,
  };
  if (options.dryRun) {
    if (worse !== null) result.warnings.push(`the model does worse than the baseline: ${worse}`);
    if (worseThanServed !== null)
      result.warnings.push(
        `the model does worse than the active v${active!.version} (${active!.model}) on the same holdout: ${worseThanServed}`,
      );
    return result;
  }
  // A backtest (asOf before the active version's) must not replace the live model: its scores would stay
  // the newer ones (upsertScores keeps the later computedAt) while the model served was the older.
  const activeAsOf = active?.asOf ?? null;
  const later = activeAsOf !== null && activeAsOf.getTime() > asOf.getTime();
  // A model worse than the base rate must not replace the scores of every customer unasked.
  const withheld = worse !== null && !options.force;
  result.activated = !later && !withheld;
  result.activeAsOf = later ? activeAsOf : null;
  if (worseThanServed !== null && result.activated)
    result.warnings.push(
      `the new version does worse than v${active!.version} (${active!.model}), which it replaces, on the same holdout: ${worseThanServed}; storewise model activate ${PURCHASE_PROPENSITY_MODEL} ${active!.version} serves v${active!.version} again, with its scores`,
    );

  if (!withheld) {
    progress(`scoring ${now.customerIds.length} customers as of ${asOf.toISOString()}`);
    result.scored = await writeScores(
      storage,
      now.customerIds,
      predictPropensity(final, now.x),
      scoreName,
      asOf,
    );
  }
  const info = await storage.saveModel({
    name: PURCHASE_PROPENSITY_MODEL,
    kind: 'classifier',
    params: {
      model: plugin.name,
      params: { ...plugin.defaults, ...params },
      horizonDays,
      asOf: asOf.toISOString(),
      cutoff: cutoff.toISOString(),
      seed,
      testFraction,
      categories: train.categories,
      features: result.features,
    },
    metrics: {
      ...holdout,
      baseline,
      population: n,
      populationPositives: positives,
      scored: result.scored,
      fitSeconds,
      fairness,
    },
    bytes: encodePropensity(final),
    activate: result.activated,
  });
  result.version = info.version;
  if (worse !== null)
    result.warnings.push(
      withheld
        ? `v${info.version} is stored but not activated, and no scores were written: ${worse}. ` +
            `${active === null ? 'No version is active' : `v${active.version} stays active`}; to serve v${info.version} anyway, with its scores: storewise model activate ${PURCHASE_PROPENSITY_MODEL} ${info.version}, or train with --force (GraphQL: force: true)`
        : result.activated
          ? `v${info.version} was stored with its scores although it does worse than the baseline (force): ${worse}`
          : // Forced, but kept as history all the same (a later version is active): no scores either.
            `v${info.version} does worse than the baseline (force): ${worse}`,
    );
  return result;

  async function fit(
    p: AnyClassifierPlugin,
    data: FeatureMatrix,
    labels: Uint8Array,
    modelParams: Record<string, unknown>,
    fitSeed: number,
  ): Promise<TrainedPropensity> {
    const scaler = FeatureScaler.fit(data);
    const model = await fitClassifier(
      p,
      { x: scaler.transform(data), y: labels },
      modelParams,
      fitContext({ seed: fitSeed }),
    );
    return {
      version: 0,
      plugin: p,
      model,
      horizonDays,
      categories: train.categories,
      featureNames: data.columns,
      scaler,
    };
  }
}

/** Purchase lines per customer index, from raw profile rows. */
function purchaseCounts(rows: ProfileRows): Map<number, number> {
  const j = rows.x.columns.indexOf('purchases');
  const out = new Map<number, number>();
  for (let i = 0; i < rows.x.nRows; i++) out.set(rows.customerIndex[i]!, rows.x.data[i * rows.x.nCols + j]!);
  return out;
}
