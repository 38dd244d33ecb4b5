import { RandomForestClassifier } from 'ml-random-forest';
import { decodeArtifact, encodeArtifact } from '../plugin/artifact.js';
import { type ParamRules, withDefaults } from '../plugin/params.js';
import type { FeatureMatrix } from '../tabular/feature-matrix.js';
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  checkClassifierData,
  checkFeatureCount,
  resolveMaxFeatures,
} from './classifier.js';

/**
 * The `ml-random-forest` package (mljs) as a classifier plugin ('ml-random-forest'), for contributors who
 * know it. Two fixes over calling it directly: probabilities are the mean of the trees' leaf class
 * distributions, computed here (its own `predictProbability` counts votes and drops one of them), and
 * its out-of-bag step is off (`noOOB`; it crashes on small data). Its trees draw one feature subset per
 * tree (not per split) and find splits by exhaustive search, so it is much slower than 'forest'.
 */
export interface MlRandomForestParams {
  nEstimators: number;
  /** Features per tree: 'sqrt', 'log2', a fraction in (0, 1), a count, or null for all. */
  maxFeatures: number | 'sqrt' | 'log2' | null;
  /** Draw each tree's features with replacement (the package's default). */
  replacement: boolean;
  useSampleBagging: boolean;
  maxDepth: number;
  /** A node with at most this many rows becomes a leaf (ml-cart's minNumSamples). */
  minNumSamples: number;
  /** A split must gain more than this (ml-cart's gainThreshold). */
  gainThreshold: number;
}

export const mlRandomForestDefaults: Readonly<MlRandomForestParams> = Object.freeze({
  nEstimators: 50,
  maxFeatures: null, // per tree, not per split: a small subset starves most trees of the strong features
  replacement: false,
  useSampleBagging: true,
  maxDepth: Number.POSITIVE_INFINITY,
  minNumSamples: 3,
  gainThreshold: 0.01,
});

const ML_RANDOM_FOREST_RULES: ParamRules<MlRandomForestParams> = {
  nEstimators: 'count',
  replacement: 'boolean',
  useSampleBagging: 'boolean',
  minNumSamples: 'count',
};

/** The parts of the package's (untyped) model this wrapper uses. */
interface MlDistribution {
  columns: number;
  get(row: number, column: number): number;
}
interface MlForest {
  estimators: { root: { classify(row: number[]): MlDistribution } }[];
  indexes: number[][];
  train(x: number[][], y: number[]): void;
  toJSON(): unknown;
}

export class MlRandomForestModel implements BinaryClassifier {
  readonly forest: MlForest;
  readonly featureNames: readonly string[];

  constructor(forest: MlForest, featureNames: readonly string[]) {
    this.forest = forest;
    this.featureNames = featureNames;
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  predictProba(x: FeatureMatrix): Float64Array {
    checkFeatureCount(x, this.nFeatures);
    const out = new Float64Array(x.nRows);
    const { estimators, indexes } = this.forest;
    const row = new Array<number>(x.nCols);
    for (let i = 0; i < x.nRows; i++) {
      for (let j = 0; j < x.nCols; j++) row[j] = x.data[i * x.nCols + j]!;
      let s = 0;
      for (let t = 0; t < estimators.length; t++) {
        const dist = estimators[t]!.root.classify(indexes[t]!.map((j) => row[j]!));
        s += dist.columns > 1 ? dist.get(0, 1) : 0;
      }
      out[i] = s / estimators.length;
    }
    return out;
  }
}

const NAME = 'ml-random-forest';
const FORMAT = 1;

export const mlRandomForestPlugin: ClassifierPlugin<MlRandomForestParams, MlRandomForestModel> = {
  kind: 'classifier',
  name: NAME,
  formatVersion: FORMAT,
  defaults: mlRandomForestDefaults,
  fit(data, params, ctx) {
    const p = withDefaults(mlRandomForestDefaults, params, ML_RANDOM_FOREST_RULES);
    const { x, y, weights } = checkClassifierData(data);
    if (weights) throw new Error('ml-random-forest does not take sample weights');
    const rows: number[][] = [];
    for (let i = 0; i < x.nRows; i++) {
      const row = Array.from(x.data.subarray(i * x.nCols, (i + 1) * x.nCols));
      if (row.some((v) => !Number.isFinite(v)))
        throw new Error('ml-random-forest needs complete features: impute first');
      rows.push(row);
    }
    const forest = new RandomForestClassifier({
      nEstimators: p.nEstimators,
      maxFeatures: resolveMaxFeatures(p.maxFeatures, x.nCols),
      replacement: p.replacement,
      useSampleBagging: p.useSampleBagging,
      seed: ctx.rng.nextUint32() >>> 1,
      noOOB: true,
      treeOptions: { maxDepth: p.maxDepth, minNumSamples: p.minNumSamples, gainThreshold: p.gainThreshold },
    } as never) as unknown as MlForest;
    forest.train(rows, Array.from(y));
    return new MlRandomForestModel(forest, x.columns);
  },
  serialize(model) {
    return encodeArtifact(NAME, FORMAT, { featureNames: model.featureNames, forest: model.forest.toJSON() });
  },
  deserialize(bytes) {
    const { meta } = decodeArtifact<{ featureNames: string[]; forest: unknown }>(bytes, NAME, FORMAT);
    const forest = RandomForestClassifier.load(meta.forest as never) as unknown as MlForest;
    return new MlRandomForestModel(forest, meta.featureNames);
  },
};
