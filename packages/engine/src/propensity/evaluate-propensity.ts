/**
 * Cross-validated evaluation of purchase-propensity classifiers on any table: the label column is encoded
 * as 0/1, every other column becomes features (numbers standardized, categories one-hot, fitted on each
 * fold's training rows only), and each model is fitted and scored on the same stratified folds.
 */
import {
  type CrossValidationResult,
  crossValidate,
  encodeBinaryLabels,
  type FeatureMatrix,
  foldSplit,
  propensityPlugins,
  SCALAR_METRICS,
  type ScalarMetric,
  selectValues,
  stratifiedKFold,
  TabularEncoder,
} from '@storewise/core';
import { NO_GROUP, reportedGroups } from '../customers/customer-groups.js';
import { ID_MIN_DISTINCT, looksLikeIds } from '../id-like-values.js';
import { DEFAULT_SEED } from '../seed.js';
import { checkedClassifierPlugin } from './check-classifier.js';
import { classifierPlugin } from './classifier-registry.js';
import { baseRateReport } from './propensity-baseline.js';
import { fairnessAtBaseRate, type PropensityFairness } from './propensity-fairness.js';
import { checkNumberColumns } from './table-values.js';

/** The built-in classifier plugins' names: tree, forest, gbdt, logreg, mlp, ml-random-forest. */
export const PROPENSITY_MODELS = propensityPlugins.map((p) => p.name);

export interface PropensityEvalOptions {
  label: string;
  /** The label value that counts as positive; default: the truthy one of two values (true, yes, 1, ...). */
  positive?: string;
  folds?: number;
  models?: readonly string[];
  seed?: number;
  /** Per model name, parameters overriding its defaults. */
  params?: Record<string, Record<string, unknown>>;
  /** Columns to leave out of the features (ids, free text). */
  exclude?: readonly string[];
  /**
   * A column whose values group the rows for a fairness report of each model's out-of-fold predictions
   * (`fairness`; an empty value is the group NO_GROUP). It stays a feature unless `exclude` names it too.
   * Not the label; a column named like a direct identifier with mostly distinct values, or with ids or free
   * text (more distinct values than half the rows and 50), throws a GroupingError (customer-groups.ts).
   */
  groupBy?: string;
  /** Smallest group the fairness report judges (default 30). */
  fairnessMinGroupSize?: number;
  onProgress?: (message: string) => void;
}

/**
 * A column the `exclude` option names wrongly, or should name (an id). `messageFor` words the message for
 * the caller's name of the option (the CLI's `--exclude`); `message` says `exclude`.
 */
export class ExcludeError extends Error {
  override readonly name = 'ExcludeError';
  constructor(private readonly say: (option: string) => string) {
    super(say('exclude'));
  }

  messageFor(option: string): string {
    return this.say(option);
  }
}

/** The `groupBy` option names no column of the table; `messageFor` words it for the caller's option (`--group-by`). */
export class GroupByError extends Error {
  override readonly name = 'GroupByError';
  constructor(private readonly say: (option: string) => string) {
    super(say('groupBy'));
  }

  messageFor(option: string): string {
    return this.say(option);
  }
}

export interface PropensityEvaluation {
  model: string;
  /** Mean over folds of each metric. */
  mean: Record<ScalarMetric, number>;
  folds: ({ fold: number; fitSeconds: number } & Record<ScalarMetric, number>)[];
  fitSeconds: number;
  /**
   * With `groupBy`: the fairness report (propensity-fairness.ts) of the out-of-fold predictions, each row
   * scored by the model of the fold that held it out, targeting the best-scored share equal to the base rate.
   */
  fairness?: PropensityFairness;
}

/** Per fold and on average, the training folds' base rate predicted for every held-out row. */
export interface PropensityEvalBaseline {
  mean: Record<ScalarMetric, number>;
  folds: ({ fold: number } & Record<ScalarMetric, number>)[];
}

export interface PropensityEvalResult {
  rows: number;
  positives: number;
  positive: string;
  features: number;
  results: PropensityEvaluation[];
  /**
   * What a model must beat: the base rate of each fold's training rows predicted for everyone in the fold
   * (ROC AUC 0.5, PR AUC the base rate, accuracy that of predicting the majority class for everyone).
   */
  baseline: PropensityEvalBaseline;
  /** What may make the measurement misleading (a column of row numbers kept as a feature, say). */
  warnings: string[];
}

export async function evaluatePropensity(
  records: readonly Record<string, string>[],
  options: PropensityEvalOptions,
): Promise<PropensityEvalResult> {
  const { label } = options;
  const first = records[0];
  if (!first) throw new Error('no rows to evaluate');
  if (!(label in first)) {
    const columns = Object.keys(first);
    const near = columns.find((c) => c.toLowerCase() === label.toLowerCase());
    throw new Error(
      `label column "${label}" is not in the table${near === undefined ? '' : ` (did you mean "${near}"? column names are case-sensitive)`} (columns: ${columns.join(', ')})`,
    );
  }
  const exclude = [...(options.exclude ?? [])];
  const { groupBy } = options;
  const minGroup = options.fairnessMinGroupSize;
  if (minGroup !== undefined && !(Number.isInteger(minGroup) && minGroup >= 1))
    throw new Error(`fairnessMinGroupSize must be a whole number >= 1, got ${minGroup}`);
  if (groupBy !== undefined && !(groupBy in first))
    throw new GroupByError(
      (option) =>
        `${option}: column "${groupBy}" is not in the table (columns: ${Object.keys(first).join(', ')})`,
    );
  // Grouped by the label, every group has one class only: no ROC AUC, and the report says nothing.
  if (groupBy === label)
    throw new GroupByError(
      (option) =>
        `${option}: column "${groupBy}" is the label; group by another column (the report compares the label's predictions across groups)`,
    );
  for (const column of exclude)
    if (!(column in first))
      throw new ExcludeError(
        (option) =>
          `${option}: column "${column}" is not in the table (columns: ${Object.keys(first).join(', ')})`,
      );
  checkNumberColumns(records, [label, ...exclude]);
  checkNoIdColumns(records, [label, ...exclude]);
  const warnings = numberedColumns(records, [label, ...exclude]).map(
    (column) =>
      `column "${column}" holds a different whole number in every row: a row number or an id, not a feature (it can only fit noise, or the order the rows were written in); if so, leave it out with --exclude ${column}`,
  );
  const models = options.models ?? PROPENSITY_MODELS;
  const plugins = models.map((name) => classifierPlugin(name));
  const nFolds = options.folds ?? 5;
  if (!Number.isInteger(nFolds) || nFolds < 2)
    throw new Error(`folds must be an integer >= 2, got ${nFolds}`);
  const seed = options.seed ?? DEFAULT_SEED;
  const { y, positive } = encodeBinaryLabels(
    records.map((r) => r[label] ?? ''),
    options.positive,
  );
  let positives = 0;
  for (const v of y) positives += v;
  const groupNames = groupBy === undefined ? null : records.map((r) => (r[groupBy] ?? '').trim() || NO_GROUP);
  // An identifier, a column of ids or free text, or too many groups once the small ones are merged
  // (customer-groups.ts): a GroupingError naming groupBy.
  const groups = groupNames === null ? null : reportedGroups(groupNames, groupBy!, 'groupBy');
  if (positives < nFolds || records.length - positives < nFolds) {
    throw new Error(`each class needs at least ${nFolds} rows for ${nFolds} folds (positives: ${positives})`);
  }
  const folds = stratifiedKFold(y, nFolds, seed);
  const baseline = foldBaseline(y, folds, nFolds);
  let features = 0;
  const prepare = (train: Int32Array, test: Int32Array) => {
    const trainRecords = Array.from(train, (i) => records[i]!);
    const encoder = TabularEncoder.fit(trainRecords, { exclude: [label, ...exclude] });
    features = encoder.featureNames.length;
    return {
      xTrain: encoder.transform(trainRecords),
      xTest: encoder.transform(Array.from(test, (i) => records[i]!)),
    };
  };
  // The features come from `prepare`; crossValidate needs a matrix only for its row count.
  const rowsOnly: FeatureMatrix = { data: new Float64Array(0), nRows: records.length, nCols: 0, columns: [] };
  const results: PropensityEvaluation[] = [];
  for (const plugin of plugins) {
    options.onProgress?.(`${plugin.name}: ${nFolds} folds`);
    const cv: CrossValidationResult = await crossValidate(checkedClassifierPlugin(plugin), rowsOnly, y, {
      folds,
      seed,
      params: options.params?.[plugin.name] ?? {},
      prepare,
    });
    results.push({
      model: plugin.name,
      mean: cv.mean,
      fitSeconds: cv.fitSeconds,
      folds: cv.folds.map((f) => ({
        fold: f.fold,
        fitSeconds: f.fitSeconds,
        ...(Object.fromEntries(SCALAR_METRICS.map((m) => [m, f.report[m]])) as Record<ScalarMetric, number>),
      })),
      ...(groups === null
        ? {}
        : {
            fairness: fairnessAtBaseRate(groups, groupBy!, y, cv.outOfFold, options.fairnessMinGroupSize),
          }),
    });
    options.onProgress?.(
      `${plugin.name}: ROC AUC ${cv.mean.rocAuc.toFixed(4)}, fit ${cv.fitSeconds.toFixed(2)} s`,
    );
  }
  return { rows: records.length, positives, positive, features, results, baseline, warnings };
}

/** The base-rate baseline on each fold (`baseRateReport`) and its mean, as crossValidate reports a model. */
function foldBaseline(y: Uint8Array, folds: Int32Array, nFolds: number): PropensityEvalBaseline {
  const pick = (r: Record<ScalarMetric, number>) =>
    Object.fromEntries(SCALAR_METRICS.map((m) => [m, r[m]])) as Record<ScalarMetric, number>;
  const perFold = Array.from({ length: nFolds }, (_, fold) => {
    const { train, test } = foldSplit(folds, fold);
    return { fold, ...pick(baseRateReport(selectValues(y, train), selectValues(y, test))) };
  });
  const mean = Object.fromEntries(
    SCALAR_METRICS.map((m) => [m, perFold.reduce((s, f) => s + f[m], 0) / nFolds]),
  ) as Record<ScalarMetric, number>;
  return { mean, folds: perFold };
}

/**
 * Columns of whole numbers, a different one in every row that has one (more than ID_MIN_DISTINCT): row
 * numbers or ids. Kept, not refused: a count can be distinct by chance in a small table.
 */
function numberedColumns(records: readonly Record<string, string>[], skip: readonly string[]): string[] {
  return Object.keys(records[0]!).filter((column) => {
    if (skip.includes(column)) return false;
    const seen = new Set<number>();
    for (const r of records) {
      const v = (r[column] ?? '').trim();
      if (v === '') continue;
      const x = Number(v);
      if (!Number.isInteger(x) || seen.has(x)) return false;
      seen.add(x);
    }
    return seen.size > ID_MIN_DISTINCT;
  });
}

/** Refuses a text column that looks like an id (id-like-values.ts), naming it and how to leave it out. */
function checkNoIdColumns(records: readonly Record<string, string>[], skip: readonly string[]): void {
  for (const column of Object.keys(records[0]!)) {
    if (skip.includes(column)) continue;
    const distinct = new Set<string>();
    let text = false;
    for (const r of records) {
      const v = (r[column] ?? '').trim();
      if (v === '') continue;
      if (!text && !Number.isFinite(Number(v))) text = true;
      distinct.add(v);
    }
    if (text && looksLikeIds(distinct.size, records.length))
      throw new ExcludeError(
        (option) =>
          `column "${column}" has ${distinct.size} distinct text values in ${records.length} rows: an id or free text, not a feature (one-hot encoded it would be ${distinct.size} columns); leave it out with ${option}`,
      );
  }
}
