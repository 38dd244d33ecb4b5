import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import {
  type GradientBoostingModel,
  gradientBoostingPlugin,
} from '../../src/propensity/gradient-boosting.js';
import { rocAuc } from '../../src/propensity/metrics/ranking.js';
import { leafCount } from '../../src/propensity/trees/flat-tree.js';
import {
  createFeatureMatrix,
  matrixFromRows,
  selectRows,
  selectValues,
} from '../../src/tabular/feature-matrix.js';
import { stratifiedTrainTestSplit } from '../../src/tabular/stratified-split.js';
import { approx, logisticData, modularData } from './fixtures.js';

const fitModel = (data: Parameters<typeof gradientBoostingPlugin.fit>[0], params = {}, seed = 0) =>
  gradientBoostingPlugin.fit(data, params, fitContext({ seed })) as GradientBoostingModel;

const xt = matrixFromRows([
  [1, 2, 3],
  [12, 12, 12],
  [22, 1, 0.5],
  [8.3, 21.8, 11.4],
  [20.1, 15.2, 3.3],
]);

// scikit-learn 1.2.1 on the data of `modularData` (see fixtures.ts):
//   m = HistGradientBoostingClassifier(max_iter=5, learning_rate=0.3, max_leaf_nodes=4, min_samples_leaf=5,
//                                      early_stopping=False).fit(X, y); m.predict_proba(Xt)[:, 1]
// scikit-learn keeps gradients in float32, hence a tolerance of 1e-6 rather than exact equality.
describe('histogram gradient boosting', () => {
  it('matches HistGradientBoostingClassifier on a small data set', () => {
    const data = modularData();
    const model = fitModel(data, {
      maxIter: 5,
      learningRate: 0.3,
      maxLeafNodes: 4,
      minSamplesLeaf: 5,
      earlyStopping: false,
    });
    expect(model.baseline).toBeCloseTo(0.10008346, 7);
    expect(model.trees).toHaveLength(5);
    expect(model.trees.every((t) => leafCount(t) <= 4)).toBe(true);
    expect(Array.from(model.predictProba(xt))).toEqual(
      approx([0.1919522863, 0.6063856249, 0.6896537972, 0.5243087311, 0.7864925803], 6),
    );
    expect(Array.from(model.predictProba(selectRows(data.x, [0, 1, 2, 3, 4, 5])))).toEqual(
      approx([0.5275110206, 0.6724135327, 0.7860384566, 0.24926644, 0.6230314485, 0.8303607985], 6),
    );
    // first tree: root x0 <= 12.375, then x1 <= 11.875 on the left; leaf values as scikit-learn's
    const t0 = model.trees[0]!;
    expect([t0.feature[0], t0.threshold[0]]).toEqual([0, 12.375]);
    const leftChild = t0.left[0]!;
    expect([t0.feature[leftChild], t0.threshold[leftChild]]).toEqual([1, 11.875]);
    const leaves = Array.from(t0.value)
      .filter((_, k) => t0.feature[k]! < 0)
      .sort((a, b) => a - b);
    expect(leaves).toEqual(approx([-0.48120298, -0.30348597, 0.33082707, 0.33082707], 6));
  });

  it('matches with missing values, depth limit and L2 regularization', () => {
    const data = modularData();
    // X2 = X.copy(); X2[i % 5 == 0, 0] = nan; same model; Xt2 = Xt with [0, 0] and [3, 0] set to nan
    const x2 = data.x.data.slice();
    for (let i = 0; i < 80; i += 5) x2[i * 3] = Number.NaN;
    const m2 = fitModel(
      { x: createFeatureMatrix(x2, 80, 3), y: data.y },
      { maxIter: 5, learningRate: 0.3, maxLeafNodes: 4, minSamplesLeaf: 5, earlyStopping: false },
    );
    const xt2 = xt.data.slice();
    xt2[0] = Number.NaN;
    xt2[9] = Number.NaN;
    expect(Array.from(m2.predictProba(createFeatureMatrix(xt2, 5, 3)))).toEqual(
      approx([0.3276103043, 0.6316791181, 0.7520201113, 0.5892411625, 0.8147478949], 6),
    );
    // HistGradientBoostingClassifier(max_iter=30, learning_rate=0.3, max_depth=2, l2_regularization=1.0,
    //                                min_samples_leaf=3, early_stopping=False)
    const m3 = fitModel(data, {
      maxIter: 30,
      learningRate: 0.3,
      maxDepth: 2,
      l2Regularization: 1,
      minSamplesLeaf: 3,
      earlyStopping: false,
    });
    expect(Array.from(m3.predictProba(xt))).toEqual(
      approx([0.0219507021, 0.153407931, 0.7960311795, 0.0682514219, 0.9213469327], 6),
    );
  });

  it('refuses labels of one class (it gave NaN on all ones, then a constant)', () => {
    const x = createFeatureMatrix(Float64Array.from([0, 1, 2, 3, 4, 5]), 6, 1);
    for (const label of [1, 0])
      expect(() => fitModel({ x, y: new Uint8Array(6).fill(label) })).toThrow(
        `labels have one class only: all 6 rows are ${label}`,
      );
  });

  it('is a constant, the clamped base rate, when the weights leave one class (it gave NaN)', () => {
    const x = createFeatureMatrix(Float64Array.from([0, 1, 2, 3, 4, 5]), 6, 1);
    const y = Uint8Array.from([0, 1, 1, 1, 1, 1]);
    const model = fitModel({ x, y, sampleWeight: [0, 1, 1, 1, 1, 1] });
    for (const v of model.predictProba(x)) expect(v).toBeCloseTo(1 - 1e-15, 15);
  });

  it('stops early when the validation loss stops improving', () => {
    const data = logisticData(2000, 5, 7);
    const model = fitModel(data, { maxIter: 300, learningRate: 0.5, earlyStopping: true, nIterNoChange: 5 });
    expect(model.trees.length).toBeLessThan(300);
    expect(model.validationLoss.length).toBe(model.trees.length + 1);
    const v = model.validationLoss;
    // the last nIterNoChange losses do not beat the one before them by more than tol
    const ref = v[v.length - 6]!;
    for (let i = v.length - 5; i < v.length; i++) expect(v[i]!).toBeGreaterThanOrEqual(ref - 1e-7);
  });

  it('learns a noisy problem and round-trips through bytes, repeatably', () => {
    const data = logisticData(1500, 6, 2);
    const { train, test } = stratifiedTrainTestSplit(data.y, 0.3, 0);
    const model = fitModel({ x: selectRows(data.x, train), y: selectValues(data.y, train) }, { maxIter: 50 });
    const xTest = selectRows(data.x, test);
    expect(rocAuc(selectValues(data.y, test), model.predictProba(xTest))).toBeGreaterThan(0.75);
    const back = gradientBoostingPlugin.deserialize(gradientBoostingPlugin.serialize(model));
    expect(back.predictProba(xTest)).toEqual(model.predictProba(xTest));
    expect(back.baseline).toBe(model.baseline);
    const again = fitModel({ x: selectRows(data.x, train), y: selectValues(data.y, train) }, { maxIter: 50 });
    expect(again.trees).toEqual(model.trees);
  });
});
