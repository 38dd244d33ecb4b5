import type { ArtifactArray } from '../../plugin/artifact.js';
import type { FeatureMatrix } from '../../tabular/feature-matrix.js';

/**
 * A binary tree in flat typed arrays, one entry per node; node 0 is the root. An internal node sends a
 * row left when `x[feature] <= threshold`, and a missing value (NaN) left when `missingLeft` is 1.
 * A leaf has feature -1. `value` is the node's output: the positive-class probability for a classifier
 * tree, the additive score for a boosted tree. `weight` is the node's training weight (the sum of
 * sample weights, or of hessians for a boosted tree).
 */
export interface FlatTree {
  nNodes: number;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  weight: Float64Array;
}

export function leafCount(tree: FlatTree): number {
  let n = 0;
  for (let i = 0; i < tree.nNodes; i++) if (tree.feature[i]! < 0) n++;
  return n;
}

export function treeDepth(tree: FlatTree, node = 0): number {
  if (tree.feature[node]! < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]!), treeDepth(tree, tree.right[node]!));
}

/** The leaf reached by row `row` of a row-major matrix. */
export function leafOf(tree: FlatTree, data: Float64Array, offset: number): number {
  const { feature, threshold, missingLeft, left, right } = tree;
  let n = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const v = data[offset + f]!;
    if (v <= threshold[n]!) n = left[n]!;
    else if (Number.isNaN(v)) n = missingLeft[n] ? left[n]! : right[n]!;
    else n = right[n]!;
    f = feature[n]!;
  }
  return n;
}

/** Adds `scale * value` of the reached leaf to `out[i]` for each row i of `x`. */
export function addTreePredictions(tree: FlatTree, x: FeatureMatrix, out: Float64Array, scale = 1): void {
  const { nRows, nCols, data } = x;
  const { value } = tree;
  for (let i = 0; i < nRows; i++) out[i] = out[i]! + scale * value[leafOf(tree, data, i * nCols)]!;
}

/** Many trees as one set of concatenated arrays (plus per-tree node counts), for model bytes. */
export function packTrees(trees: readonly FlatTree[]): Record<string, ArtifactArray> {
  const total = trees.reduce((s, t) => s + t.nNodes, 0);
  const packed = {
    treeNodes: Int32Array.from(trees, (t) => t.nNodes),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    missingLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    weight: new Float64Array(total),
  };
  let o = 0;
  for (const t of trees) {
    const n = t.nNodes;
    packed.feature.set(t.feature.subarray(0, n), o);
    packed.threshold.set(t.threshold.subarray(0, n), o);
    packed.missingLeft.set(t.missingLeft.subarray(0, n), o);
    packed.left.set(t.left.subarray(0, n), o);
    packed.right.set(t.right.subarray(0, n), o);
    packed.value.set(t.value.subarray(0, n), o);
    packed.weight.set(t.weight.subarray(0, n), o);
    o += n;
  }
  return packed;
}

/** The inverse of `packTrees`. */
export function unpackTrees(arrays: Record<string, ArtifactArray>): FlatTree[] {
  const get = <T extends ArtifactArray>(key: string, Ctor: new (...a: never[]) => T): T => {
    const a = arrays[key];
    if (!(a instanceof Ctor)) throw new Error(`model bytes lack the tree array "${key}"`);
    return a;
  };
  const treeNodes = get('treeNodes', Int32Array);
  const feature = get('feature', Int32Array);
  const threshold = get('threshold', Float64Array);
  const missingLeft = get('missingLeft', Uint8Array);
  const left = get('left', Int32Array);
  const right = get('right', Int32Array);
  const value = get('value', Float64Array);
  const weight = get('weight', Float64Array);
  const trees: FlatTree[] = [];
  let o = 0;
  for (const n of treeNodes) {
    const end = o + n;
    trees.push({
      nNodes: n,
      feature: feature.slice(o, end),
      threshold: threshold.slice(o, end),
      missingLeft: missingLeft.slice(o, end),
      left: left.slice(o, end),
      right: right.slice(o, end),
      value: value.slice(o, end),
      weight: weight.slice(o, end),
    });
    o = end;
  }
  if (o !== feature.length) throw new Error('model bytes: tree arrays do not add up');
  return trees;
}
