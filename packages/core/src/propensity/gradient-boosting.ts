import { decodeArtifact, encodeArtifact } from '../plugin/artifact.js';
import { throwIfAborted } from '../plugin/fit-context.js';
import { type ParamRules, withDefaults } from '../plugin/params.js';
import { type FeatureMatrix, selectRows, selectValues } from '../tabular/feature-matrix.js';
import { stratifiedTrainTestSplit } from '../tabular/stratified-split.js';
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  type ClassWeight,
  checkClassifierData,
  checkFeatureCount,
  finiteOrNull,
  normalize,
  nullToInfinity,
} from './classifier.js';
import { BinMapper } from './trees/bin-mapper.js';
import { addTreePredictions, type FlatTree, packTrees, unpackTrees } from './trees/flat-tree.js';
import { HistogramLayout, HistogramPool } from './trees/histogram.js';
import { createHistogramBuilder } from './trees/histogram-builder.js';
import { NEWTON } from './trees/split-finder.js';
import { growTree } from './trees/tree-grower.js';

/**
 * Histogram gradient-boosted trees for binary log loss (plugin 'gbdt'), after scikit-learn's
 * HistGradientBoostingClassifier: the model starts from the log-odds of the base rate; each iteration
 * fits a tree to the loss's gradients and hessians (leaf value -lr * G / (H + l2)), grown best-first up
 * to `maxLeafNodes` leaves with at least `minSamplesLeaf` rows each; missing values go to the side that
 * helps. Early stopping (on by default above 10,000 rows, as scikit-learn's 'auto') holds out a
 * stratified `validationFraction` and stops when the validation loss has not improved by `tol` in
 * `nIterNoChange` iterations.
 */
export interface GradientBoostingParams {
  maxIter: number;
  learningRate: number;
  maxLeafNodes: number;
  maxDepth: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  earlyStopping: 'auto' | boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  classWeight: ClassWeight;
  /** 'wasm': the WebAssembly SIMD histogram kernel where available (else TypeScript); 'js': TypeScript. */
  backend: 'wasm' | 'js';
}

export const gradientBoostingDefaults: Readonly<GradientBoostingParams> = Object.freeze({
  maxIter: 100,
  learningRate: 0.1,
  maxLeafNodes: 31,
  maxDepth: Number.POSITIVE_INFINITY,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  earlyStopping: 'auto',
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  classWeight: null,
  backend: 'wasm',
});

const GRADIENT_BOOSTING_RULES: ParamRules<GradientBoostingParams> = {
  maxIter: 'count',
  maxLeafNodes: { integerAtLeast: 2, orInfinity: true },
  maxDepth: { integerAtLeast: 1, orInfinity: true },
  learningRate: 'positive',
  minSamplesLeaf: 'count',
  l2Regularization: 'nonNegative',
  maxBins: 'count',
  nIterNoChange: 'count',
  tol: 'nonNegative',
  backend: ['wasm', 'js'],
};

/** scikit-learn's min_hessian_to_split: each child needs at least this hessian sum. */
const MIN_CHILD_HESSIAN = 1e-3;

export class GradientBoostingModel implements BinaryClassifier {
  /** The starting raw score: log-odds of the (weighted) positive rate. */
  readonly baseline: number;
  readonly trees: readonly FlatTree[];
  readonly featureNames: readonly string[];
  /** Summed split gains per feature, normalized to sum to 1. */
  readonly featureImportances: Float64Array;
  /** Validation loss before the first tree and after each one (empty without early stopping). */
  readonly validationLoss: Float64Array;

  constructor(
    baseline: number,
    trees: readonly FlatTree[],
    featureNames: readonly string[],
    featureImportances: Float64Array,
    validationLoss: Float64Array,
  ) {
    this.baseline = baseline;
    this.trees = trees;
    this.featureNames = featureNames;
    this.featureImportances = featureImportances;
    this.validationLoss = validationLoss;
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  /** Raw scores (log-odds). */
  decisionFunction(x: FeatureMatrix): Float64Array {
    checkFeatureCount(x, this.nFeatures);
    const out = new Float64Array(x.nRows).fill(this.baseline);
    for (const tree of this.trees) addTreePredictions(tree, x, out);
    return out;
  }

  predictProba(x: FeatureMatrix): Float64Array {
    const raw = this.decisionFunction(x);
    for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
    return raw;
  }
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Weighted mean log loss of raw scores. */
function logLossOfRaw(raw: Float64Array, y: Uint8Array, w: Float64Array | null): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i]!;
    // log(1 + e^z) - y z, computed stably
    const l = (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i]! * z;
    const wi = w ? w[i]! : 1;
    s += wi * l;
    ws += wi;
  }
  return s / ws;
}

const NAME = 'gbdt';
const FORMAT = 1;

export const gradientBoostingPlugin: ClassifierPlugin<GradientBoostingParams, GradientBoostingModel> = {
  kind: 'classifier',
  name: NAME,
  formatVersion: FORMAT,
  defaults: gradientBoostingDefaults,
  fit(data, params, ctx) {
    const p = withDefaults(gradientBoostingDefaults, params, GRADIENT_BOOSTING_RULES);
    const all = checkClassifierData(data, p.classWeight);
    const early = p.earlyStopping === 'auto' ? all.x.nRows > 10_000 : p.earlyStopping;
    let x = all.x;
    let y = all.y;
    let w = all.weights;
    let xVal: FeatureMatrix | null = null;
    let yVal: Uint8Array | null = null;
    let wVal: Float64Array | null = null;
    if (early) {
      const { train, test } = stratifiedTrainTestSplit(all.y, p.validationFraction, ctx.rng.nextUint32());
      x = selectRows(all.x, train);
      y = selectValues(all.y, train);
      w = all.weights && selectValues(all.weights, train);
      xVal = selectRows(all.x, test);
      yVal = selectValues(all.y, test);
      wVal = all.weights && selectValues(all.weights, test);
    }
    const n = x.nRows;
    const mapper = BinMapper.fit(x, p.maxBins, ctx.rng);
    const { codes } = mapper.transform(x);

    let sw = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      sw += wi;
      swy += wi * y[i]!;
    }
    const rate = Math.min(Math.max(swy / sw, 1e-15), 1 - 1e-15);
    const baseline = Math.log(rate / (1 - rate));
    const raw = new Float64Array(n).fill(baseline);
    const rawVal = xVal ? new Float64Array(xVal.nRows).fill(baseline) : null;
    const layout = new HistogramLayout(mapper.nBins);
    const pool = new HistogramPool(layout.size);
    const builder = createHistogramBuilder(codes, n, layout, p.backend);
    const { rows, s1: grad, s2: hess } = builder;
    const trees: FlatTree[] = [];
    const importance = new Float64Array(x.nCols);
    const scores: number[] = [];
    if (rawVal) scores.push(-logLossOfRaw(rawVal, yVal!, wVal));

    // Training rows of one class in weight (checkClassifierData refuses a one-class label, but class or
    // sample weights of 0, or the early-stopping split of a tiny table, can leave one): the (clamped)
    // baseline is the model. Boosting on it drove the probabilities to exactly 0 or 1, the hessians to 0 and the leaves to NaN.
    const iterations = swy === 0 || swy === sw ? 0 : p.maxIter;
    for (let iter = 0; iter < iterations; iter++) {
      throwIfAborted(ctx);
      for (let i = 0; i < n; i++) {
        const prob = sigmoid(raw[i]!);
        const wi = w ? w[i]! : 1;
        grad[i] = wi * (prob - y[i]!);
        hess[i] = wi * prob * (1 - prob);
        rows[i] = i;
      }
      const grown = growTree(
        { codes, nRows: n, mapper, rows, s1: grad, s2: hess, pool, builder },
        {
          criterion: NEWTON,
          maxDepth: p.maxDepth,
          maxLeafNodes: p.maxLeafNodes,
          minSamplesSplit: 2,
          minSamplesLeaf: p.minSamplesLeaf,
          minChildWeight: MIN_CHILD_HESSIAN,
          l2: p.l2Regularization,
          shrinkage: p.learningRate,
          minImpurityDecrease: 0,
          minGainToSplit: 0,
          maxFeatures: x.nCols,
          thresholdMode: 'edge',
        },
        ctx.rng,
      );
      const { tree, nodeStart, nodeEnd } = grown;
      for (let node = 0; node < tree.nNodes; node++) {
        if (tree.feature[node]! >= 0) continue;
        const v = tree.value[node]!;
        for (let k = nodeStart[node]!; k < nodeEnd[node]!; k++) {
          const r = rows[k]!;
          raw[r] = raw[r]! + v;
        }
      }
      for (let j = 0; j < importance.length; j++) importance[j] = importance[j]! + grown.importance[j]!;
      trees.push(tree);
      ctx.progress((iter + 1) / p.maxIter, `iteration ${iter + 1} of ${p.maxIter}`);
      if (rawVal) {
        addTreePredictions(tree, xVal!, rawVal);
        scores.push(-logLossOfRaw(rawVal, yVal!, wVal));
        if (shouldStop(scores, p.nIterNoChange, p.tol)) break;
      }
    }
    return new GradientBoostingModel(
      baseline,
      trees,
      all.x.columns,
      normalize(importance),
      Float64Array.from(scores, (s) => -s),
    );
  },
  serialize(model) {
    return encodeArtifact(
      NAME,
      FORMAT,
      { featureNames: model.featureNames, baseline: finiteOrNull(model.baseline) },
      {
        ...packTrees(model.trees),
        importances: model.featureImportances,
        validationLoss: model.validationLoss,
      },
    );
  },
  deserialize(bytes) {
    const { meta, arrays } = decodeArtifact<{ featureNames: string[]; baseline: number | null }>(
      bytes,
      NAME,
      FORMAT,
    );
    return new GradientBoostingModel(
      nullToInfinity(meta.baseline),
      unpackTrees(arrays),
      meta.featureNames,
      arrays.importances as Float64Array,
      arrays.validationLoss as Float64Array,
    );
  },
};

/** scikit-learn's rule: stop when none of the last `k` scores beats the one before them by more than tol. */
function shouldStop(scores: readonly number[], k: number, tol: number): boolean {
  if (scores.length < k + 1) return false;
  const reference = scores[scores.length - k - 1]! + tol;
  for (let i = scores.length - k; i < scores.length; i++) if (scores[i]! > reference) return false;
  return true;
}
