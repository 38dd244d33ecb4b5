import { decodeArtifact, encodeArtifact } from '../plugin/artifact.js';
import { type ParamRules, withDefaults } from '../plugin/params.js';
import type { FeatureMatrix } from '../tabular/feature-matrix.js';
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  type ClassWeight,
  checkClassifierData,
  checkFeatureCount,
  normalize,
  resolveMaxFeatures,
} from './classifier.js';
import { BinMapper } from './trees/bin-mapper.js';
import { addTreePredictions, type FlatTree, packTrees, unpackTrees } from './trees/flat-tree.js';
import { HistogramLayout } from './trees/histogram.js';
import { createHistogramBuilder } from './trees/histogram-builder.js';
import { ENTROPY, GINI } from './trees/split-finder.js';
import { growTree } from './trees/tree-grower.js';

/**
 * CART decision tree classifier (plugin 'tree'): gini or entropy, depth and size limits, probabilities
 * from the leaf's (weighted) class distribution, NaN routed by a learned default direction, impurity
 * feature importance. Split finding runs on histograms of up to `maxBins` quantile bins per feature; a
 * feature with at most `maxBins` distinct values gets a bin per value, which makes the splits exactly
 * those of exhaustive CART (thresholds at midpoints between neighbouring values, as scikit-learn).
 */
export interface DecisionTreeParams {
  criterion: 'gini' | 'entropy';
  maxDepth: number;
  maxLeafNodes: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  /** Features drawn at each split: null for all. */
  maxFeatures: number | 'sqrt' | 'log2' | null;
  maxBins: number;
  classWeight: ClassWeight;
}

export const decisionTreeDefaults: Readonly<DecisionTreeParams> = Object.freeze({
  criterion: 'gini',
  maxDepth: Number.POSITIVE_INFINITY,
  maxLeafNodes: Number.POSITIVE_INFINITY,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minImpurityDecrease: 0,
  maxFeatures: null,
  maxBins: 255,
  classWeight: null,
});

const DECISION_TREE_RULES: ParamRules<DecisionTreeParams> = {
  criterion: ['gini', 'entropy'],
  // As scikit-learn's max_depth >= 1 and max_leaf_nodes >= 2 (None there is Infinity here).
  maxDepth: { integerAtLeast: 1, orInfinity: true },
  maxLeafNodes: { integerAtLeast: 2, orInfinity: true },
  minSamplesSplit: 'count',
  minSamplesLeaf: 'count',
  minImpurityDecrease: 'nonNegative',
  maxBins: 'count',
};

export class DecisionTreeModel implements BinaryClassifier {
  readonly tree: FlatTree;
  readonly featureNames: readonly string[];
  /** Impurity decrease per feature, normalized to sum to 1. */
  readonly featureImportances: Float64Array;

  constructor(tree: FlatTree, featureNames: readonly string[], featureImportances: Float64Array) {
    this.tree = tree;
    this.featureNames = featureNames;
    this.featureImportances = featureImportances;
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  predictProba(x: FeatureMatrix): Float64Array {
    checkFeatureCount(x, this.nFeatures);
    const out = new Float64Array(x.nRows);
    addTreePredictions(this.tree, x, out);
    return clampProbabilities(out);
  }
}

const NAME = 'tree';
const FORMAT = 1;

export const decisionTreePlugin: ClassifierPlugin<DecisionTreeParams, DecisionTreeModel> = {
  kind: 'classifier',
  name: NAME,
  formatVersion: FORMAT,
  defaults: decisionTreeDefaults,
  fit(data, params, ctx) {
    const p = withDefaults(decisionTreeDefaults, params, DECISION_TREE_RULES);
    const { x, y, weights } = checkClassifierData(data, p.classWeight);
    const { mapper, binned } = BinMapper.fitTransform(x, p.maxBins, ctx.rng);
    const { codes } = binned;
    const maxFeatures = resolveMaxFeatures(p.maxFeatures, x.nCols);
    // Without feature sampling, whole-node histograms come from the builder (WebAssembly where available).
    const builder =
      maxFeatures < x.nCols
        ? null
        : createHistogramBuilder(codes, x.nRows, new HistogramLayout(mapper.nBins));
    const rows = builder?.rows ?? new Uint32Array(x.nRows);
    const s1 = builder?.s1 ?? new Float64Array(x.nRows);
    const s2 = builder?.s2 ?? new Float64Array(x.nRows);
    let m = 0;
    for (let i = 0; i < x.nRows; i++) {
      const w = weights ? weights[i]! : 1;
      if (w <= 0) continue;
      s1[i] = w * y[i]!;
      s2[i] = w;
      rows[m++] = i;
    }
    const grown = growTree(
      { codes, nRows: x.nRows, mapper, rows: rows.subarray(0, m), s1, s2, builder: builder ?? undefined },
      {
        criterion: p.criterion === 'entropy' ? ENTROPY : GINI,
        maxDepth: p.maxDepth,
        maxLeafNodes: p.maxLeafNodes,
        minSamplesSplit: p.minSamplesSplit,
        minSamplesLeaf: p.minSamplesLeaf,
        minChildWeight: 0,
        l2: 0,
        shrinkage: 1,
        minImpurityDecrease: p.minImpurityDecrease,
        minGainToSplit: 0,
        maxFeatures,
        thresholdMode: 'midpoint',
      },
      ctx.rng,
    );
    return new DecisionTreeModel(grown.tree, x.columns, normalize(grown.importance));
  },
  serialize(model) {
    return encodeArtifact(
      NAME,
      FORMAT,
      { featureNames: model.featureNames },
      { ...packTrees([model.tree]), importances: model.featureImportances },
    );
  },
  deserialize(bytes) {
    const { meta, arrays } = decodeArtifact<{ featureNames: string[] }>(bytes, NAME, FORMAT);
    const [tree] = unpackTrees(arrays);
    return new DecisionTreeModel(tree!, meta.featureNames, arrays.importances as Float64Array);
  },
};

/**
 * Puts leaf probabilities back into [0, 1] in place: a leaf's weighted share of positives comes from sums
 * of weights where the grower subtracts a child's histogram from its parent's, which with weights that
 * are not whole (classWeight: 'balanced') left values such as -1.4e-16 and 1 + 1.3e-15, which the metrics
 * then refused as probabilities.
 */
export function clampProbabilities(p: Float64Array): Float64Array {
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v < 0) p[i] = 0;
    else if (v > 1) p[i] = 1;
  }
  return p;
}
