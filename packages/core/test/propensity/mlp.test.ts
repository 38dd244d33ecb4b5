import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { rocAuc } from '../../src/propensity/metrics/ranking.js';
import { type MlpModel, mlpPlugin } from '../../src/propensity/mlp.js';
import { createRng } from '../../src/random/rng.js';
import { createFeatureMatrix, selectRows, selectValues } from '../../src/tabular/feature-matrix.js';
import { stratifiedTrainTestSplit } from '../../src/tabular/stratified-split.js';
import { logisticData } from './fixtures.js';

const fitModel = (data: Parameters<typeof mlpPlugin.fit>[0], params = {}, seed = 0) =>
  mlpPlugin.fit(data, params, fitContext({ seed })) as MlpModel;

/** XOR with a little jitter: no linear model separates it. */
function xorData(n: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float64Array(n * 2);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.int(2);
    const b = rng.int(2);
    data[i * 2] = a * 2 - 1 + 0.1 * rng.normal();
    data[i * 2 + 1] = b * 2 - 1 + 0.1 * rng.normal();
    y[i] = a ^ b;
  }
  return { x: createFeatureMatrix(data, n, 2), y };
}

describe('dense neural network', () => {
  it('learns XOR', () => {
    const data = xorData(400, 1);
    const model = fitModel(data, {
      hiddenLayers: [8],
      learningRate: 0.05,
      maxEpochs: 300,
      earlyStopping: false,
      batchSize: 32,
    });
    const p = model.predictProba(data.x);
    let correct = 0;
    for (let i = 0; i < 400; i++) if ((p[i]! >= 0.5 ? 1 : 0) === data.y[i]) correct++;
    expect(correct).toBe(400);
  });

  it('refuses early stopping that leaves no validation row, rather than return its random start', () => {
    const x = createFeatureMatrix(Float64Array.from([0, 1, 2, 3]), 4, 1);
    const y = Uint8Array.from([0, 0, 1, 1]);
    // 0.1 of two rows per class rounds to none.
    expect(() => fitModel({ x, y })).toThrow(
      'early stopping needs validation rows: validationFraction 0.1 of each class of 4 rows rounds to none; set earlyStopping: false, or a larger validationFraction',
    );
    // Without it the fit learns: the two classes apart.
    const p = fitModel({ x, y }, { earlyStopping: false, maxEpochs: 500, learningRate: 0.05 }).predictProba(
      x,
    );
    expect(p[0]!).toBeLessThan(0.5);
    expect(p[3]!).toBeGreaterThan(0.5);
  });

  it('learns a noisy problem with early stopping, dropout and class weights', () => {
    const data = logisticData(1500, 6, 2);
    const { train, test } = stratifiedTrainTestSplit(data.y, 0.3, 0);
    const xTrain = selectRows(data.x, train);
    const yTrain = selectValues(data.y, train);
    const model = fitModel(
      { x: xTrain, y: yTrain },
      { hiddenLayers: [16, 8], dropout: 0.1, classWeight: 'balanced' },
    );
    expect(model.epochs).toBeLessThan(200); // stopped early
    expect(model.lossCurve.length).toBe(model.epochs);
    const auc = rocAuc(selectValues(data.y, test), model.predictProba(selectRows(data.x, test)));
    expect(auc).toBeGreaterThan(0.78);
    // balanced weights lift the mean prediction towards one half
    const plain = fitModel({ x: xTrain, y: yTrain }, { hiddenLayers: [16, 8] });
    const mean = (m: MlpModel) => m.predictProba(xTrain).reduce((s, v) => s + v, 0) / xTrain.nRows;
    expect(Math.abs(mean(model) - 0.5)).toBeLessThan(Math.abs(mean(plain) - 0.5));
  });

  it('round-trips through bytes and repeats under a seed', () => {
    const data = logisticData(300, 4, 3);
    const model = fitModel(data, { maxEpochs: 5 }, 4);
    const back = mlpPlugin.deserialize(mlpPlugin.serialize(model));
    expect(back.predictProba(data.x)).toEqual(model.predictProba(data.x));
    expect(back.hiddenLayers).toEqual([64, 32]);
    expect(fitModel(data, { maxEpochs: 5 }, 4).params).toEqual(model.params);
    expect(fitModel(data, { maxEpochs: 5 }, 5).params).not.toEqual(model.params);
  });
});
