import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { decisionTreePlugin } from '../../src/propensity/decision-tree.js';
import { forestThreads } from '../../src/propensity/forest/forest-pool.js';
import { rocAuc } from '../../src/propensity/metrics/ranking.js';
import { type RandomForestModel, randomForestPlugin } from '../../src/propensity/random-forest.js';
import { selectRows, selectValues } from '../../src/tabular/feature-matrix.js';
import { stratifiedTrainTestSplit } from '../../src/tabular/stratified-split.js';
import { compiledCore } from './compiled-core.js';
import { logisticData } from './fixtures.js';

const fitModel = (data: Parameters<typeof randomForestPlugin.fit>[0], params = {}, seed = 0) =>
  randomForestPlugin.fit(data, { threads: 1, ...params }, fitContext({ seed })) as Promise<RandomForestModel>;

describe('random forest', () => {
  it('without bootstrap or feature sampling, every tree is the CART tree', async () => {
    const data = logisticData(200, 4, 1);
    const forest = await fitModel(data, { nTrees: 3, bootstrap: false, maxFeatures: null });
    const tree = decisionTreePlugin.fit(data, {}, fitContext()) as Awaited<
      ReturnType<typeof decisionTreePlugin.deserialize>
    >;
    for (const t of forest.trees) expect(t).toEqual(tree.tree);
    expect(forest.predictProba(data.x)).toEqual(tree.predictProba(data.x));
    expect(forest.oob).toBeNull();
  });

  it('learns a noisy problem: test AUC near the out-of-bag AUC and well above chance', async () => {
    const data = logisticData(1500, 6, 2);
    const { train, test } = stratifiedTrainTestSplit(data.y, 0.3, 0);
    const forest = await fitModel(
      { x: selectRows(data.x, train), y: selectValues(data.y, train) },
      { nTrees: 60 },
    );
    const auc = rocAuc(selectValues(data.y, test), forest.predictProba(selectRows(data.x, test)));
    expect(auc).toBeGreaterThan(0.75); // the labels are noisy: the true probabilities score 0.84 on all rows
    expect(forest.oob!.rows).toBe(train.length);
    expect(Math.abs(forest.oob!.rocAuc - auc)).toBeLessThan(0.05);
    expect(forest.featureImportances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // feature 0 carries the most signal (weight 1.5 plus the interaction)
    expect(forest.featureImportances[0]).toBe(Math.max(...forest.featureImportances));
  });

  it('round-trips through bytes and repeats under a seed', async () => {
    const data = logisticData(300, 5, 3);
    const a = await fitModel(data, { nTrees: 8 }, 5);
    const back = randomForestPlugin.deserialize(randomForestPlugin.serialize(a));
    expect(back.predictProba(data.x)).toEqual(a.predictProba(data.x));
    expect(back.oob).toEqual(a.oob);
    expect(back.featureImportances).toEqual(a.featureImportances);
    const b = await fitModel(data, { nTrees: 8 }, 5);
    expect(b.trees).toEqual(a.trees);
    const c = await fitModel(data, { nTrees: 8 }, 6);
    expect(c.predictProba(data.x)).not.toEqual(a.predictProba(data.x));
  });

  it('grows the same forest on worker threads as on one thread', async () => {
    const dir = compiledCore();
    const compiled = (await import(
      `${dir}/propensity/random-forest.js`
    )) as typeof import('../../src/propensity/random-forest.js');
    const ctx = (await import(
      `${dir}/plugin/fit-context.js`
    )) as typeof import('../../src/plugin/fit-context.js');
    const data = logisticData(400, 5, 4);
    const one = await compiled.randomForestPlugin.fit(
      data,
      { nTrees: 12, threads: 1 },
      ctx.fitContext({ seed: 9 }),
    );
    const two = await compiled.randomForestPlugin.fit(
      data,
      { nTrees: 12, threads: 2 },
      ctx.fitContext({ seed: 9 }),
    );
    expect(two.trees).toEqual(one.trees);
    expect(two.predictProba(data.x)).toEqual(one.predictProba(data.x));
    // and the same as the sources' sequential forest
    const src = await fitModel(data, { nTrees: 12 }, 9);
    expect(src.predictProba(data.x)).toEqual(one.predictProba(data.x));
  });

  it('grows on no more threads than the machine has cores, nor than there are trees', () => {
    expect(forestThreads(99, 2, 100)).toBe(2);
    expect(forestThreads(0, 2, 100)).toBe(2);
    expect(forestThreads(1, 8, 100)).toBe(1);
    expect(forestThreads(4, 8, 100)).toBe(4);
    expect(forestThreads(0, 8, 3)).toBe(3);
  });

  it('stops when aborted', async () => {
    const data = logisticData(300, 4, 5);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      randomForestPlugin.fit(data, { nTrees: 5, threads: 1 }, fitContext({ signal: controller.signal })),
    ).rejects.toThrow('stop');
  });
});
