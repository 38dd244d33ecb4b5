import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { rocAuc } from '../../src/propensity/metrics/ranking.js';
import { type MlRandomForestModel, mlRandomForestPlugin } from '../../src/propensity/ml-random-forest.js';
import { matrixFromRows, selectRows, selectValues } from '../../src/tabular/feature-matrix.js';
import { stratifiedTrainTestSplit } from '../../src/tabular/stratified-split.js';
import { logisticData } from './fixtures.js';

const fitModel = (data: Parameters<typeof mlRandomForestPlugin.fit>[0], params = {}, seed = 0) =>
  mlRandomForestPlugin.fit(data, params, fitContext({ seed })) as MlRandomForestModel;

describe('ml-random-forest plugin', () => {
  it('averages the trees leaf distributions, and fits tiny data (its out-of-bag step is off)', () => {
    const x = matrixFromRows([[0], [1], [2], [3], [10], [11], [12], [13]]);
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    const model = fitModel({ x, y }, { nEstimators: 5, maxFeatures: null, useSampleBagging: false });
    expect(Array.from(model.predictProba(matrixFromRows([[-5], [20]])))).toEqual([0, 1]);
    const forest = model.forest;
    const p = model.predictProba(x);
    for (let i = 0; i < 8; i++) {
      let s = 0;
      for (const tree of forest.estimators) {
        const d = tree.root.classify([x.data[i]!]);
        s += d.columns > 1 ? d.get(0, 1) : 0;
      }
      expect(p[i]).toBeCloseTo(s / 5, 12);
    }
  });

  it('learns a noisy problem, round-trips through bytes and repeats under a seed', () => {
    const data = logisticData(300, 4, 2);
    const { train, test } = stratifiedTrainTestSplit(data.y, 0.3, 0);
    const trainData = { x: selectRows(data.x, train), y: selectValues(data.y, train) };
    const model = fitModel(trainData, { nEstimators: 10 }, 1);
    const xTest = selectRows(data.x, test);
    expect(rocAuc(selectValues(data.y, test), model.predictProba(xTest))).toBeGreaterThan(0.7);
    const back = mlRandomForestPlugin.deserialize(mlRandomForestPlugin.serialize(model));
    expect(back.predictProba(xTest)).toEqual(model.predictProba(xTest));
    expect(fitModel(trainData, { nEstimators: 10 }, 1).predictProba(xTest)).toEqual(
      model.predictProba(xTest),
    );
  });
});
