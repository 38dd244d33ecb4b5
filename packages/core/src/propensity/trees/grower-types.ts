/** The inputs, parameters and result of growing one tree (tree-grower.ts), and its open-node record. */
import type { BinMapper } from './bin-mapper.js';
import type { FlatTree } from './flat-tree.js';
import type { HistogramPool } from './histogram.js';
import type { HistogramBuilder } from './histogram-builder.js';
import type { Criterion, SplitCandidate } from './split-finder.js';

export interface GrowerParams {
  criterion: Criterion;
  maxDepth: number;
  maxLeafNodes: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Minimum channel-2 sum (weight or hessian) in each child. */
  minChildWeight: number;
  /** Newton criterion: L2 penalty on leaf values, and the factor (learning rate) applied to them. */
  l2: number;
  shrinkage: number;
  /** Classification: a split must decrease impurity (weighted, as a fraction of the root) by this much. */
  minImpurityDecrease: number;
  /** Newton: a split must gain strictly more than this. */
  minGainToSplit: number;
  maxFeatures: number;
  thresholdMode: 'edge' | 'midpoint';
}

export interface GrowerInput {
  codes: Uint8Array;
  nRows: number;
  mapper: BinMapper;
  /** The rows of this tree; permuted in place so that each node's rows are contiguous. */
  rows: Uint32Array;
  s1: Float64Array;
  s2: Float64Array;
  /** Node histograms to reuse (boosting passes one across its trees); must match the mapper's layout. */
  pool?: HistogramPool;
  /**
   * Builds whole-node histograms (growth without feature sampling); it must own `rows` (from its index
   * 0), `s1` and `s2`. Default: a TypeScript builder over the input's arrays.
   */
  builder?: HistogramBuilder;
}

export interface GrownTree {
  tree: FlatTree;
  /** Per feature: summed impurity decrease (classification) or gain (Newton) of its splits. */
  importance: Float64Array;
  /** Per node: its rows are `rows[nodeStart[n]..nodeEnd[n])` of the input's (permuted) rows. */
  nodeStart: Int32Array;
  nodeEnd: Int32Array;
}

/** A node while the tree grows: its rows, channel sums, histogram and best split. */
export interface OpenNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  s1: number;
  s2: number;
  count: number;
  hist: Float64Array | null;
  split: SplitCandidate | null;
  /** Sampled growth: 1 for features known to be constant in this node (inherited from the parent). */
  constant: Uint8Array | null;
}
