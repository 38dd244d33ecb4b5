import type { FlatTree } from '../../src/propensity/trees/flat-tree.js';
import { createRng } from '../../src/random/rng.js';
import { createFeatureMatrix, type FeatureMatrix } from '../../src/tabular/feature-matrix.js';

/**
 * A small data set that Python rebuilds exactly (quarters are exact in float32, which scikit-learn's
 * trees use):
 *   i = np.arange(80)
 *   X = np.stack([((i*37+11)%101)/4, ((i*53+7)%97)/4, ((i*19+3)%89)/4], 1)
 *   y = (((X[:,0] + 0.5*X[:,1]) > 17.5) ^ ((i*13)%7 == 0)).astype(int)      # 42 positives
 */
export function modularData(): { x: FeatureMatrix; y: Uint8Array } {
  const n = 80;
  const data = new Float64Array(n * 3);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = ((i * 37 + 11) % 101) / 4;
    const b = ((i * 53 + 7) % 97) / 4;
    data[i * 3] = a;
    data[i * 3 + 1] = b;
    data[i * 3 + 2] = ((i * 19 + 3) % 89) / 4;
    y[i] = (a + 0.5 * b > 17.5 ? 1 : 0) ^ ((i * 13) % 7 === 0 ? 1 : 0);
  }
  return { x: createFeatureMatrix(data, n, 3, ['a', 'b', 'c']), y };
}

/** A noisy two-class problem: the label is 1 with probability sigmoid(w . x) over `nFeatures` normal features. */
export function logisticData(
  n: number,
  nFeatures: number,
  seed: number,
): { x: FeatureMatrix; y: Uint8Array } {
  const rng = createRng(seed);
  const data = new Float64Array(n * nFeatures);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    for (let j = 0; j < nFeatures; j++) {
      const v = rng.normal();
      data[i * nFeatures + j] = v;
      z += (j % 2 === 0 ? 1.5 : -1) * v * (1 / (1 + j));
    }
    z += 1.2 * data[i * nFeatures]! * (nFeatures > 1 ? data[i * nFeatures + 1]! : 1);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: createFeatureMatrix(data, n, nFeatures), y };
}

export type NestedTree = { f: number; t: number; l: NestedTree; r: NestedTree } | { p: number };

/** A flat tree as nested nodes, for comparison with scikit-learn's tree dumped the same way. */
export function nested(tree: FlatTree, node = 0): NestedTree {
  if (tree.feature[node]! < 0) return { p: tree.value[node]! };
  return {
    f: tree.feature[node]!,
    t: tree.threshold[node]!,
    l: nested(tree, tree.left[node]!),
    r: nested(tree, tree.right[node]!),
  };
}

/** Replaces numbers by `expect.closeTo` matchers so nested structures compare with a tolerance. */
export function approx(value: unknown, digits = 9): unknown {
  if (typeof value === 'number')
    return {
      asymmetricMatch: (v: number) => Math.abs(v - value) < 10 ** -digits,
      toString: () => `~${value}`,
    };
  if (Array.isArray(value)) return value.map((v) => approx(v, digits));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, approx(v, digits)]));
  }
  return value;
}
