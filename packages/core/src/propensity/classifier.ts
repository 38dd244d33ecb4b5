import type { ModelPlugin } from '../plugin/model-plugin.js';
import { ParamError } from '../plugin/params.js';
import type { FeatureMatrix } from '../tabular/feature-matrix.js';

/** Training data of a binary classifier: features, 0/1 labels, optional per-row weights. */
export interface ClassifierData {
  x: FeatureMatrix;
  y: ArrayLike<number>;
  sampleWeight?: ArrayLike<number>;
}

/** A fitted binary classifier: the probability of the positive class for each row. */
export interface BinaryClassifier {
  readonly nFeatures: number;
  readonly featureNames: readonly string[];
  predictProba(x: FeatureMatrix): Float64Array;
}

/** A model plugin of kind 'classifier'. */
export interface ClassifierPlugin<Params extends object, Model extends BinaryClassifier>
  extends ModelPlugin<ClassifierData, Params, Model> {
  readonly kind: 'classifier';
}

/** How to weight the two classes: none, inversely to their frequency, or given weights. */
export type ClassWeight = 'balanced' | null | { 0: number; 1: number };

export interface CheckedData {
  x: FeatureMatrix;
  y: Uint8Array;
  /** Per-row weights (class weights applied), or null when every weight is 1. */
  weights: Float64Array | null;
}

const CLASS_WEIGHT_CHOICES = 'null, "balanced", or weights {"0": w0, "1": w1} (numbers >= 0, not both 0)';

/**
 * Throws a ParamError unless `value` is a ClassWeight: a typo such as "balance" would otherwise reach the
 * fit as weights of NaN (a logistic regression's "matrix is not positive definite", a tree's "probability 0
 * is NaN", an MLP that trains silently badly).
 */
export function checkClassWeight(value: unknown): ClassWeight {
  if (value === null || value === 'balanced') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const w = value as Record<string, unknown>;
    const keys = Object.keys(w).sort();
    const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
    if (
      keys.length === 2 &&
      keys[0] === '0' &&
      keys[1] === '1' &&
      ok(w[0]) &&
      ok(w[1]) &&
      (w[0] as number) + (w[1] as number) > 0
    )
      return { 0: w[0] as number, 1: w[1] as number };
  }
  throw new ParamError(
    'classWeight',
    value,
    `parameter classWeight must be ${CLASS_WEIGHT_CHOICES}, got ${JSON.stringify(value) ?? String(value)}`,
  );
}

/** Validates classifier data and folds class weights (checked by checkClassWeight) into per-row weights. */
export function checkClassifierData(data: ClassifierData, classWeight: ClassWeight = null): CheckedData {
  checkClassWeight(classWeight);
  const { x } = data;
  if (data.y.length !== x.nRows) throw new Error(`${data.y.length} labels for ${x.nRows} rows`);
  if (x.nRows === 0) throw new Error('no training rows');
  const y = new Uint8Array(x.nRows);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = data.y[i];
    if (v !== 0 && v !== 1) throw new Error(`row ${i}: label is ${v}; expected 0 or 1`);
    y[i] = v;
    positives += v;
  }
  // A fit on one class learns nothing but that class: it would predict it for everyone, without a word.
  if (positives === 0 || positives === y.length)
    throw new Error(
      `labels have one class only: all ${y.length} rows are ${positives === 0 ? 0 : 1}; a classifier needs rows of both classes (0 and 1) to learn which is which`,
    );
  let weights: Float64Array | null = null;
  if (data.sampleWeight) {
    if (data.sampleWeight.length !== x.nRows)
      throw new Error(`${data.sampleWeight.length} weights for ${x.nRows} rows`);
    weights = Float64Array.from(data.sampleWeight as ArrayLike<number>);
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i]! >= 0)) throw new Error(`sample weight ${i} is ${weights[i]}; expected >= 0`);
    }
  }
  if (classWeight) {
    const n = x.nRows;
    const w =
      classWeight === 'balanced'
        ? { 0: n / (2 * Math.max(1, n - positives)), 1: n / (2 * Math.max(1, positives)) }
        : classWeight;
    weights ??= new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) weights[i] = weights[i]! * (y[i] === 1 ? w[1] : w[0]);
  }
  return { x, y, weights };
}

/** Throws unless `x` has the number of columns the model was fit on. */
export function checkFeatureCount(x: FeatureMatrix, nFeatures: number): void {
  if (x.nCols !== nFeatures)
    throw new Error(`matrix has ${x.nCols} columns; the model was fit on ${nFeatures}`);
}

/** Resolves a max-features setting to a count in 1..nFeatures. */
export function resolveMaxFeatures(spec: number | 'sqrt' | 'log2' | null, nFeatures: number): number {
  if (spec === null) return nFeatures;
  if (spec === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (spec === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (spec > 0 && spec < 1) return Math.max(1, Math.floor(spec * nFeatures));
  if (Number.isInteger(spec) && spec >= 1) return Math.min(spec, nFeatures);
  throw new Error(
    `maxFeatures must be 'sqrt', 'log2', null, a fraction in (0, 1) or a count >= 1; got ${spec}`,
  );
}

/** Infinity does not survive JSON: model metadata stores it as null. */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
export const nullToInfinity = (v: number | null): number => (v === null ? Number.POSITIVE_INFINITY : v);

/** Scales non-negative values to sum to 1 (all zeros stay zeros). */
export function normalize(values: Float64Array): Float64Array {
  let s = 0;
  for (const v of values) s += v;
  return s > 0 ? values.map((v) => v / s) : values.slice();
}
