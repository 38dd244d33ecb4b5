import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { decisionTreePlugin } from '../../src/propensity/decision-tree.js';
import { leafCount, treeDepth } from '../../src/propensity/trees/flat-tree.js';
import { matrixFromRows } from '../../src/tabular/feature-matrix.js';
import { approx, logisticData, modularData, nested } from './fixtures.js';

const fitModel = (data: Parameters<typeof decisionTreePlugin.fit>[0], params = {}, seed = 0) =>
  decisionTreePlugin.fit(data, params, fitContext({ seed })) as ReturnType<
    typeof decisionTreePlugin.deserialize
  >;

describe('decision tree (CART)', () => {
  it('finds the exact splits of a hand-made table', () => {
    // Feature 0 separates {1,2,3} from {4,5,6} except row 3, which feature 1 isolates.
    //   x0: 1 2 3 4 5 6 ; x1: 0 0 9 0 0 0 ; y: 0 0 1 1 1 1
    const x = matrixFromRows([
      [1, 0],
      [2, 0],
      [3, 9],
      [4, 0],
      [5, 0],
      [6, 0],
    ]);
    const model = fitModel({ x, y: [0, 0, 1, 1, 1, 1] });
    // Root: x0 <= 2.5 gives children {0,0} and {1,1,1,1}: gini decrease 0.444 (the best; x1 <= 4.5 leaves
    // {0,0,1,1,1} and {1}: 0.111). Midpoint thresholds, as scikit-learn.
    expect(nested(model.tree)).toEqual({ f: 0, t: 2.5, l: { p: 0 }, r: { p: 1 } });
    expect(
      Array.from(
        model.predictProba(
          matrixFromRows([
            [2.4, 100],
            [2.6, -1],
          ]),
        ),
      ),
    ).toEqual([0, 1]);
    expect(Array.from(model.featureImportances)).toEqual([1, 0]);
  });

  it('splits even without impurity decrease (XOR), as scikit-learn', () => {
    const x = matrixFromRows([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const model = fitModel({ x, y: [0, 1, 1, 0] });
    expect(Array.from(model.predictProba(x))).toEqual([0, 1, 1, 0]);
    expect(leafCount(model.tree)).toBe(4);
  });

  // scikit-learn 1.2.1: DecisionTreeClassifier(max_depth=3, criterion=c, random_state=0).fit(X, y) on the
  // data of `modularData`; the tree dumped recursively as {f, t, l, r} / {p: value[1] / value.sum()}.
  const sklearnDepth3 = {
    f: 0,
    t: 12.375,
    l: { f: 2, t: 1.0, l: { p: 1.0 }, r: { f: 1, t: 11.875, l: { p: 0.045454545455 }, r: { p: 0.4 } } },
    r: { f: 2, t: 21.375, l: { f: 1, t: 2.625, l: { p: 0.25 }, r: { p: 0.911764705882 } }, r: { p: 0.0 } },
  };

  it('grows the same depth-3 tree as scikit-learn, with gini and with entropy', () => {
    const data = modularData();
    const gini = fitModel(data, { maxDepth: 3 });
    expect(nested(gini.tree)).toEqual(approx(sklearnDepth3));
    // feature_importances_
    expect(Array.from(gini.featureImportances)).toEqual(
      approx([0.507969647989, 0.22572892269, 0.266301429322]),
    );
    const entropy = fitModel(data, { maxDepth: 3, criterion: 'entropy' });
    expect(nested(entropy.tree)).toEqual(approx(sklearnDepth3));
    expect(Array.from(entropy.featureImportances)).toEqual(
      approx([0.446027897064, 0.276515069361, 0.277457033575]),
    );
  });

  it('matches scikit-learn on full depth and with min_samples_leaf', () => {
    const data = modularData();
    const full = fitModel(data);
    expect([leafCount(full.tree), treeDepth(full.tree)]).toEqual([15, 7]);
    expect(Array.from(full.predictProba(data.x))).toEqual(Array.from(data.y));
    const msl5 = fitModel(data, { minSamplesLeaf: 5 });
    expect([leafCount(msl5.tree), treeDepth(msl5.tree)]).toEqual([11, 5]);
    const xt = matrixFromRows([
      [1, 2, 3],
      [12, 12, 12],
      [22, 1, 0.5],
      [8.3, 21.8, 11.4],
      [20.1, 15.2, 3.3],
    ]);
    // DecisionTreeClassifier(min_samples_leaf=5, random_state=0).fit(X, y).predict_proba(Xt)[:, 1]
    expect(Array.from(msl5.predictProba(xt))).toEqual(approx([0.0, 0.8, 0.4, 0.8, 1.0]));
  });

  it('learns a default direction for missing values', () => {
    // x0 is missing exactly for the positives: the split sends NaN to the right, the positive side.
    const x = matrixFromRows([[1], [2], [3], [Number.NaN], [Number.NaN], [4]]);
    const model = fitModel({ x, y: [0, 0, 0, 1, 1, 0] });
    expect(model.tree.threshold[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(model.predictProba(matrixFromRows([[Number.NaN], [2.5], [100]])))).toEqual([1, 0, 0]);
    // With the missing rows among the low values, NaN goes left with them.
    const y2 = [1, 1, 0, 1, 1, 0];
    const x2 = matrixFromRows([[1], [2], [3], [Number.NaN], [Number.NaN], [4]]);
    const m2 = fitModel({ x: x2, y: y2 });
    expect(m2.tree.missingLeft[0]).toBe(1);
    expect(m2.predictProba(matrixFromRows([[Number.NaN]]))[0]).toBe(1);
    // Without missing values in training, NaN follows the larger child.
    const m3 = fitModel({ x: matrixFromRows([[1], [2], [3], [4], [5]]), y: [1, 0, 0, 0, 0] });
    expect(m3.predictProba(matrixFromRows([[Number.NaN]]))[0]).toBe(0);
  });

  it('round-trips through bytes and repeats under a seed', () => {
    const data = logisticData(300, 6, 3);
    const model = fitModel(data, { maxFeatures: 'sqrt', maxDepth: 6 }, 11);
    const back = decisionTreePlugin.deserialize(decisionTreePlugin.serialize(model));
    expect(back.predictProba(data.x)).toEqual(model.predictProba(data.x));
    expect(back.featureImportances).toEqual(model.featureImportances);
    const again = fitModel(data, { maxFeatures: 'sqrt', maxDepth: 6 }, 11);
    expect(again.tree).toEqual(model.tree);
    const other = fitModel(data, { maxFeatures: 'sqrt', maxDepth: 6 }, 12);
    expect(other.tree).not.toEqual(model.tree);
  });

  it('respects max leaf nodes (best-first) and class weights', () => {
    const data = logisticData(400, 4, 5);
    const model = fitModel(data, { maxLeafNodes: 5 });
    expect(leafCount(model.tree)).toBe(5);
    const p = model.predictProba(data.x);
    const balanced = fitModel(data, { maxDepth: 1, classWeight: 'balanced' });
    // A balanced stump's leaves are weighted class shares: mean prediction near 0.5.
    const mean = balanced.predictProba(data.x).reduce((s, v) => s + v, 0) / 400;
    expect(mean).toBeGreaterThan(0.35);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('keeps probabilities in [0, 1] with balanced class weights (and so does the forest)', async () => {
    // Weights that are not whole made leaf shares such as -1.4e-16 and 1 + 1.3e-15 (thousands of them
    // on these data before the clamp), which the metrics refuse as probabilities.
    const { randomForestPlugin } = await import('../../src/propensity/random-forest.js');
    for (const seed of [0, 1, 2]) {
      const data = logisticData(3000, 6, seed);
      const tree = fitModel(data, { classWeight: 'balanced' }, seed);
      const forest = await randomForestPlugin.fit(
        data,
        { classWeight: 'balanced', nTrees: 10 },
        fitContext({ seed }),
      );
      for (const p of [tree.predictProba(data.x), forest.predictProba(data.x)]) {
        expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(p.some((v) => v === 0) && p.some((v) => v === 1)).toBe(true); // pure leaves stay 0 and 1
      }
    }
  });
});
