import { fitContext } from '../plugin/fit-context.js';
import type { ProgressFn } from '../plugin/model-plugin.js';
import { type FeatureMatrix, selectRows, selectValues } from '../tabular/feature-matrix.js';
import { foldSplit, stratifiedKFold } from '../tabular/stratified-split.js';
import type { BinaryClassifier, ClassifierPlugin } from './classifier.js';
import { type ClassificationReport, classificationReport } from './metrics/report.js';

/**
 * Stratified k-fold cross-validation of a classifier plugin: fit on k-1 folds, score the held-out one,
 * for every fold; reports each fold's metrics and fit time and the means. Fold f's model is seeded
 * with `seed + f`. `prepare` may encode each fold from raw data (so that scaling is fit on the training
 * part only); by default the rows of `x` are used as they are.
 */
export interface CrossValidateOptions<P extends object> {
  /** A fold per row (0..k-1), or the number of folds to deal stratified with `seed`. Default 5. */
  folds?: Int32Array | number;
  seed?: number;
  params?: Partial<P>;
  prepare?: (train: Int32Array, test: Int32Array) => { xTrain: FeatureMatrix; xTest: FeatureMatrix };
  signal?: AbortSignal;
  progress?: ProgressFn;
}

export const SCALAR_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'rocAuc',
  'prAuc',
  'logLoss',
  'brier',
] as const;
export type ScalarMetric = (typeof SCALAR_METRICS)[number];

export interface FoldResult {
  fold: number;
  fitSeconds: number;
  report: ClassificationReport;
}

export interface CrossValidationResult {
  model: string;
  folds: FoldResult[];
  /** Mean of each scalar metric over folds. */
  mean: Record<ScalarMetric, number>;
  /** Fit seconds summed over folds. */
  fitSeconds: number;
  /** Per row, the probability predicted by the model of the fold that held it out (out-of-fold predictions). */
  outOfFold: Float64Array;
}

export async function crossValidate<P extends object, M extends BinaryClassifier>(
  plugin: ClassifierPlugin<P, M>,
  x: FeatureMatrix,
  y: ArrayLike<number>,
  options: CrossValidateOptions<P> = {},
): Promise<CrossValidationResult> {
  const seed = options.seed ?? 0;
  // Checked before they become bytes: NaN would be a 0 (a row without a label counted as a non-buyer) and
  // -1 a 255, the folds stratified on them.
  for (let i = 0; i < y.length; i++)
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`row ${i}: label is ${y[i]}; expected 0 or 1`);
  const labels = Uint8Array.from(y as ArrayLike<number>);
  const folds =
    typeof options.folds === 'object' ? options.folds : stratifiedKFold(labels, options.folds ?? 5, seed);
  let k = 0;
  for (const f of folds) k = Math.max(k, f + 1);
  const results: FoldResult[] = [];
  const outOfFold = new Float64Array(labels.length);
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const { xTrain, xTest } = options.prepare
      ? options.prepare(train, test)
      : { xTrain: selectRows(x, train), xTest: selectRows(x, test) };
    const ctx = fitContext({
      seed: (seed + f) >>> 0,
      signal: options.signal,
      progress: (fraction, message) =>
        options.progress?.((f + fraction) / k, `fold ${f + 1}/${k}${message ? `: ${message}` : ''}`),
    });
    const start = performance.now();
    const model = await plugin.fit({ x: xTrain, y: selectValues(labels, train) }, options.params ?? {}, ctx);
    const fitSeconds = (performance.now() - start) / 1000;
    const proba = model.predictProba(xTest);
    test.forEach((row, i) => {
      outOfFold[row] = proba[i]!;
    });
    results.push({ fold: f, fitSeconds, report: classificationReport(selectValues(labels, test), proba) });
  }
  const mean = Object.fromEntries(
    SCALAR_METRICS.map((m) => [m, results.reduce((s, r) => s + r.report[m], 0) / results.length]),
  ) as Record<ScalarMetric, number>;
  return {
    model: plugin.name,
    folds: results,
    mean,
    fitSeconds: results.reduce((s, r) => s + r.fitSeconds, 0),
    outOfFold,
  };
}
