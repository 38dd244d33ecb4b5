import { decodeArtifact, encodeArtifact } from '../plugin/artifact.js';
import { throwIfAborted } from '../plugin/fit-context.js';
import { type ParamRules, withDefaults } from '../plugin/params.js';
import { createRng } from '../random/rng.js';
import type { FeatureMatrix } from '../tabular/feature-matrix.js';
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  type ClassWeight,
  checkClassifierData,
  checkFeatureCount,
  resolveMaxFeatures,
} from './classifier.js';
import { clampProbabilities } from './decision-tree.js';
import { bootstrapCounts, type ForestJob } from './forest/forest-job.js';
import { growForest } from './forest/forest-pool.js';
import { rocAuc } from './metrics/ranking.js';
import { BinMapper } from './trees/bin-mapper.js';
import { type FlatTree, leafOf, packTrees, unpackTrees } from './trees/flat-tree.js';
import { ENTROPY, GINI } from './trees/split-finder.js';

/**
 * Random forest classifier (plugin 'forest'): each tree grows on a bootstrap sample of the rows, drawing
 * a new random subset of features (sqrt of the count by default) at every split; the forest's
 * probability is the mean of its trees' leaf probabilities. The out-of-bag estimate scores each row
 * with the trees that did not see it. Trees grow in parallel on worker threads (`threads`, 0 = all
 * cores) and the result does not depend on the thread count: tree t uses its own seed.
 */
export interface RandomForestParams {
  nTrees: number;
  criterion: 'gini' | 'entropy';
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  maxFeatures: number | 'sqrt' | 'log2' | null;
  bootstrap: boolean;
  /** Rows per bootstrap sample: null for as many as there are rows, a fraction in (0, 1], or a count. */
  maxSamples: number | null;
  /** Compute the out-of-bag AUC and accuracy (needs `bootstrap`). */
  oobScore: boolean;
  maxBins: number;
  classWeight: ClassWeight;
  /**
   * Threads to grow trees on, the calling one included; 0 for every available core. More than the cores
   * are capped to them (see forestThreads): the forest is the same whatever the count.
   */
  threads: number;
}

export const randomForestDefaults: Readonly<RandomForestParams> = Object.freeze({
  nTrees: 100,
  criterion: 'gini',
  maxDepth: Number.POSITIVE_INFINITY,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minImpurityDecrease: 0,
  maxFeatures: 'sqrt',
  bootstrap: true,
  maxSamples: null,
  oobScore: true,
  maxBins: 255,
  classWeight: null,
  threads: 0,
});

const RANDOM_FOREST_RULES: ParamRules<RandomForestParams> = {
  nTrees: 'count',
  criterion: ['gini', 'entropy'],
  minSamplesSplit: 'count',
  minSamplesLeaf: 'count',
  minImpurityDecrease: 'nonNegative',
  bootstrap: 'boolean',
  oobScore: 'boolean',
  maxBins: 'count',
  threads: { integerAtLeast: 0 },
};

export interface OutOfBagScore {
  rocAuc: number;
  accuracy: number;
  /** Rows left out of at least one tree's sample (the rows scored). */
  rows: number;
}

export class RandomForestModel implements BinaryClassifier {
  readonly trees: readonly FlatTree[];
  readonly featureNames: readonly string[];
  /** Mean of the trees' normalized impurity importances. */
  readonly featureImportances: Float64Array;
  readonly oob: OutOfBagScore | null;

  constructor(
    trees: readonly FlatTree[],
    featureNames: readonly string[],
    featureImportances: Float64Array,
    oob: OutOfBagScore | null,
  ) {
    this.trees = trees;
    this.featureNames = featureNames;
    this.featureImportances = featureImportances;
    this.oob = oob;
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  predictProba(x: FeatureMatrix): Float64Array {
    checkFeatureCount(x, this.nFeatures);
    const out = new Float64Array(x.nRows);
    const { data, nRows, nCols } = x;
    for (const tree of this.trees) {
      const value = tree.value;
      for (let i = 0; i < nRows; i++) out[i] = out[i]! + value[leafOf(tree, data, i * nCols)]!;
    }
    const k = 1 / this.trees.length;
    for (let i = 0; i < nRows; i++) out[i] = out[i]! * k;
    return clampProbabilities(out);
  }
}

const NAME = 'forest';
const FORMAT = 1;

export const randomForestPlugin: ClassifierPlugin<RandomForestParams, RandomForestModel> = {
  kind: 'classifier',
  name: NAME,
  formatVersion: FORMAT,
  defaults: randomForestDefaults,
  async fit(data, params, ctx) {
    const p = withDefaults(randomForestDefaults, params, RANDOM_FOREST_RULES);
    const { x, y, weights } = checkClassifierData(data, p.classWeight);
    const n = x.nRows;
    const maxSamples =
      p.maxSamples === null
        ? n
        : p.maxSamples <= 1
          ? Math.max(1, Math.round(p.maxSamples * n))
          : Math.min(n, p.maxSamples);
    const { mapper, binned } = BinMapper.fitTransform(x, p.maxBins, ctx.rng);
    const { codes } = binned;
    const seeds = new Uint32Array(p.nTrees);
    for (let t = 0; t < p.nTrees; t++) seeds[t] = ctx.rng.nextUint32();
    const job: ForestJob = {
      codes,
      nRows: n,
      y,
      weights,
      thresholds: mapper.thresholds,
      binMin: mapper.binMin,
      binMax: mapper.binMax,
      seeds,
      bootstrap: p.bootstrap,
      maxSamples,
      criterion: p.criterion === 'entropy' ? ENTROPY : GINI,
      maxDepth: p.maxDepth,
      minSamplesSplit: p.minSamplesSplit,
      minSamplesLeaf: p.minSamplesLeaf,
      minImpurityDecrease: p.minImpurityDecrease,
      maxFeatures: resolveMaxFeatures(p.maxFeatures, x.nCols),
    };
    const { results } = await growForest(job, {
      threads: p.threads,
      signal: ctx.signal,
      progress: ctx.progress,
    });
    throwIfAborted(ctx);
    const trees = results.map((r) => r.tree);
    const importances = new Float64Array(x.nCols);
    for (const r of results)
      for (let j = 0; j < x.nCols; j++) importances[j] = importances[j]! + r.importance[j]! / p.nTrees;
    const oob = p.oobScore && p.bootstrap ? outOfBag(trees, job, x, y) : null;
    return new RandomForestModel(trees, x.columns, importances, oob);
  },
  serialize(model) {
    return encodeArtifact(
      NAME,
      FORMAT,
      { featureNames: model.featureNames, oob: model.oob }, // NaN scores become null in JSON
      { ...packTrees(model.trees), importances: model.featureImportances },
    );
  },
  deserialize(bytes) {
    const { meta, arrays } = decodeArtifact<{
      featureNames: string[];
      oob: { rocAuc: number | null; accuracy: number | null; rows: number } | null;
    }>(bytes, NAME, FORMAT);
    const oob = meta.oob && {
      rocAuc: meta.oob.rocAuc ?? Number.NaN,
      accuracy: meta.oob.accuracy ?? Number.NaN,
      rows: meta.oob.rows,
    };
    return new RandomForestModel(
      unpackTrees(arrays),
      meta.featureNames,
      arrays.importances as Float64Array,
      oob,
    );
  },
};

/** Scores each row with the trees whose bootstrap sample left it out (their samples are redrawn from the seeds). */
function outOfBag(
  trees: readonly FlatTree[],
  job: ForestJob,
  x: FeatureMatrix,
  y: Uint8Array,
): OutOfBagScore {
  const n = x.nRows;
  const sum = new Float64Array(n);
  const votes = new Uint32Array(n);
  for (let t = 0; t < trees.length; t++) {
    const counts = bootstrapCounts(createRng(job.seeds[t]!), n, job.maxSamples);
    const tree = trees[t]!;
    for (let i = 0; i < n; i++) {
      if (counts[i] !== 0) continue;
      sum[i] = sum[i]! + tree.value[leafOf(tree, x.data, i * x.nCols)]!;
      votes[i]!++;
    }
  }
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (votes[i]! > 0) rows.push(i);
  const yy = Uint8Array.from(rows, (i) => y[i]!);
  const pp = Float64Array.from(rows, (i) => sum[i]! / votes[i]!);
  let correct = 0;
  for (let k = 0; k < rows.length; k++) if ((pp[k]! >= 0.5 ? 1 : 0) === yy[k]) correct++;
  return {
    rocAuc: rows.length > 0 ? rocAuc(yy, pp) : Number.NaN,
    accuracy: rows.length > 0 ? correct / rows.length : Number.NaN,
    rows: rows.length,
  };
}
