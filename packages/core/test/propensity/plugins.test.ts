import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { ParamError } from '../../src/plugin/params.js';
import { ModelRegistry } from '../../src/plugin/registry.js';
import {
  crossValidate,
  propensityPlugins,
  registerPropensityPlugins,
  rocAuc,
} from '../../src/propensity/index.js';
import { stratifiedKFold } from '../../src/tabular/stratified-split.js';
import { logisticData } from './fixtures.js';

// The model testkit's checks, for every built-in classifier: fit, predict, save/load, determinism.
const small: Record<string, object> = {
  forest: { nTrees: 10, threads: 1 },
  gbdt: { maxIter: 10 },
  mlp: { maxEpochs: 10, hiddenLayers: [8] },
  'ml-random-forest': { nEstimators: 3 },
};

describe('propensity plugins', () => {
  it('register under kind classifier with the names the CLI uses', () => {
    const registry = registerPropensityPlugins(new ModelRegistry());
    expect(registry.list('classifier').map((p) => p.name)).toEqual([
      'tree',
      'forest',
      'gbdt',
      'logreg',
      'mlp',
      'ml-random-forest',
    ]);
  });

  for (const plugin of propensityPlugins) {
    it(`${plugin.name}: fits, predicts probabilities, round-trips through bytes, repeats under a seed`, async () => {
      const data = logisticData(200, 4, 11);
      const params = small[plugin.name] ?? {};
      const model = await plugin.fit(data, params, fitContext({ seed: 2 }));
      const p = model.predictProba(data.x);
      expect(p).toBeInstanceOf(Float64Array);
      expect(p.length).toBe(200);
      expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(model.nFeatures).toBe(4);
      const back = plugin.deserialize(plugin.serialize(model));
      expect(back.predictProba(data.x)).toEqual(p);
      const again = await plugin.fit(data, params, fitContext({ seed: 2 }));
      expect(again.predictProba(data.x)).toEqual(p);
      expect(() => plugin.deserialize(new Uint8Array(16))).toThrow();
    });
  }

  it('every classifier refuses a label of one class, naming the class and the count', async () => {
    // scikit-learn's LogisticRegression raises "needs samples of at least 2 classes"; before, each plugin
    // fitted and predicted that class for everyone (the tree and forest 1, logreg 0.99999999999).
    const data = logisticData(6, 2, 3);
    for (const [cls, y] of [
      [1, [1, 1, 1, 1, 1, 1]],
      [0, [0, 0, 0, 0, 0, 0]],
    ] as const) {
      for (const plugin of propensityPlugins)
        await expect(
          (async () => plugin.fit({ x: data.x, y }, small[plugin.name] ?? {}, fitContext({ seed: 2 })))(),
          `${plugin.name} on class ${cls}`,
        ).rejects.toThrow(
          `labels have one class only: all 6 rows are ${cls}; a classifier needs rows of both classes (0 and 1) to learn which is which`,
        );
    }
    // crossValidate on folds whose training rows hold one class refuses too, not averaging constant predictions.
    const y = [0, 0, 0, 1, 1, 1];
    await expect(
      crossValidate(propensityPlugins.find((p) => p.name === 'logreg')!, data.x, y, {
        folds: Int32Array.from([0, 0, 0, 1, 1, 1]),
      }),
    ).rejects.toThrow('labels have one class only: all 3 rows are 1');
    // A label that is no class at all is refused before the folds, not read as a byte (NaN as 0, -1 as 255).
    const logreg = propensityPlugins.find((p) => p.name === 'logreg')!;
    await expect(crossValidate(logreg, data.x, [0, 1, Number.NaN, 1, 0, 1], { folds: 2 })).rejects.toThrow(
      'row 2: label is NaN; expected 0 or 1',
    );
    await expect(crossValidate(logreg, data.x, [0, 1, 0, -1, 0, 1], { folds: 2 })).rejects.toThrow(
      'row 3: label is -1; expected 0 or 1',
    );
  });

  it('every classifier refuses a parameter it does not know, naming it and its parameters', async () => {
    const data = logisticData(40, 2, 3);
    for (const plugin of propensityPlugins) {
      // maxDepht for maxDepth: fitted with the default depth, unnoticed, before.
      await expect(
        (async () => plugin.fit(data, { maxDepht: 3 }, fitContext({ seed: 2 })))(),
        plugin.name,
      ).rejects.toThrow(
        `unknown parameter "maxDepht"; the parameters are ${Object.keys(plugin.defaults).join(', ')}`,
      );
    }
  });

  it('every classifier refuses values it cannot fit with, naming the parameter and the value', async () => {
    const data = logisticData(40, 2, 3);
    const bad: [string, Record<string, unknown>, string][] = [
      ['tree', { criterion: 'gain' }, 'parameter criterion must be one of "gini", "entropy", got "gain"'],
      ['tree', { minSamplesLeaf: 0 }, 'parameter minSamplesLeaf must be an integer >= 1, got 0'],
      // As scikit-learn refuses max_depth < 1 and max_leaf_nodes < 2 (a depth of 0 fitted a constant).
      ['tree', { maxDepth: 0 }, 'parameter maxDepth must be an integer >= 1 (or Infinity: no limit), got 0'],
      [
        'tree',
        { maxDepth: 1.5 },
        'parameter maxDepth must be an integer >= 1 (or Infinity: no limit), got 1.5',
      ],
      [
        'tree',
        { maxLeafNodes: 1 },
        'parameter maxLeafNodes must be an integer >= 2 (or Infinity: no limit), got 1',
      ],
      [
        'gbdt',
        { maxLeafNodes: 1 },
        'parameter maxLeafNodes must be an integer >= 2 (or Infinity: no limit), got 1',
      ],
      [
        'gbdt',
        { maxDepth: -3 },
        'parameter maxDepth must be an integer >= 1 (or Infinity: no limit), got -3',
      ],
      ['forest', { nTrees: 0 }, 'parameter nTrees must be an integer >= 1, got 0'],
      ['forest', { bootstrap: 'yes' }, 'parameter bootstrap must be true or false, got "yes"'],
      ['gbdt', { learningRate: -0.1 }, 'parameter learningRate must be a number > 0, got -0.1'],
      ['gbdt', { backend: 'gpu' }, 'parameter backend must be one of "wasm", "js", got "gpu"'],
      ['logreg', { C: 0 }, 'parameter C must be a number > 0, got 0'],
      ['mlp', { dropout: 1 }, 'parameter dropout must be in [0, 1), got 1'],
      [
        'mlp',
        { hiddenLayers: [8, 0] },
        'parameter hiddenLayers must be a list of layer sizes (integers >= 1) such as [64, 32], got [8,0]',
      ],
      // Text where a list belongs (a CLI that passed "64,32" through) is refused, not a crash in the fit.
      [
        'mlp',
        { hiddenLayers: '64,32' },
        'parameter hiddenLayers must be a list of layer sizes (integers >= 1) such as [64, 32], got "64,32"',
      ],
      // A typo of "balanced" fitted on weights of NaN (logreg: "matrix is not positive definite").
      ...(['tree', 'forest', 'gbdt', 'logreg', 'mlp'] as const).map(
        (m): [string, Record<string, unknown>, string] => [
          m,
          { classWeight: 'balance' },
          'parameter classWeight must be null, "balanced", or weights {"0": w0, "1": w1} (numbers >= 0, not both 0), got "balance"',
        ],
      ),
      [
        'logreg',
        { classWeight: { 0: 1, 1: -5 } },
        'parameter classWeight must be null, "balanced", or weights {"0": w0, "1": w1} (numbers >= 0, not both 0), got {"0":1,"1":-5}',
      ],
      [
        'tree',
        { classWeight: { 1: 5 } },
        'parameter classWeight must be null, "balanced", or weights {"0": w0, "1": w1} (numbers >= 0, not both 0), got {"1":5}',
      ],
      [
        'gbdt',
        { classWeight: '{"0":1,"1":5}' },
        'parameter classWeight must be null, "balanced", or weights {"0": w0, "1": w1} (numbers >= 0, not both 0), got "{\\"0\\":1,\\"1\\":5}"',
      ],
      ['forest', { threads: -1 }, 'parameter threads must be an integer >= 0, got -1'],
      ['mlp', { batchSize: 2.5 }, 'parameter batchSize must be an integer >= 1, got 2.5'],
      ['ml-random-forest', { nEstimators: -3 }, 'parameter nEstimators must be an integer >= 1, got -3'],
    ];
    for (const [name, params, message] of bad) {
      const plugin = propensityPlugins.find((p) => p.name === name)!;
      const fit = (async () => plugin.fit(data, params, fitContext({ seed: 2 })))();
      await expect(fit, name).rejects.toThrow(ParamError);
      await expect(fit, name).rejects.toThrow(message);
    }
  });

  it('cross-validates on stratified folds with per-fold metrics and fit times', async () => {
    const data = logisticData(300, 4, 12);
    const cv = await crossValidate(propensityPlugins[3]!, data.x, data.y, { folds: 3, seed: 1 });
    expect(cv.model).toBe('logreg');
    expect(cv.folds).toHaveLength(3);
    expect(cv.folds.reduce((s, f) => s + f.report.n, 0)).toBe(300);
    expect(cv.mean.rocAuc).toBeGreaterThan(0.7);
    expect(cv.fitSeconds).toBeGreaterThan(0);
    // The out-of-fold predictions are each fold's held-out predictions, in row order.
    const folds = stratifiedKFold(data.y, 3, 1);
    cv.folds.forEach((fold, f) => {
      const rows = [...folds.keys()].filter((i) => folds[i] === f);
      const auc = rocAuc(
        rows.map((i) => data.y[i]!),
        rows.map((i) => cv.outOfFold[i]!),
      );
      expect(auc).toBe(fold.report.rocAuc);
    });
  });
});
