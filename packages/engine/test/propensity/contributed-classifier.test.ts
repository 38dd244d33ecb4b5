import {
  type BinaryClassifier,
  type ClassifierPlugin,
  type FeatureMatrix,
  logisticRegressionPlugin,
} from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  ContributedClassifierError,
  classifierNames,
  evaluatePropensity,
  loadPurchasePropensity,
  registerClassifier,
  trainPurchasePropensity,
} from '../../src/propensity/index.js';
import { AS_OF, syntheticShop } from './shop.js';

// A contributor's classifier: here logistic regression under another name, so that the reference is the
// built-in's own result on the same shop.
const mine: ClassifierPlugin<object, BinaryClassifier> = { ...logisticRegressionPlugin, name: 'my-logreg' };

describe('a contributed classifier', () => {
  it('trains, is stored, loads and scores by its name once registered, as the built-in it wraps', async () => {
    const shop = syntheticShop();
    const storage = await openStorage('memory:');
    await storage.upsertItems(shop.items);
    await storage.upsertCustomers(shop.customers);
    await storage.appendEvents(shop.events);
    await expect(trainPurchasePropensity(storage, { asOf: AS_OF, model: 'my-logreg' })).rejects.toThrow(
      'unknown model "my-logreg": use tree, forest, gbdt, logreg, mlp, ml-random-forest',
    );
    registerClassifier(mine);
    registerClassifier(mine); // the same module loaded twice
    expect(classifierNames().at(-1)).toBe('my-logreg');
    expect(() => registerClassifier({ ...logisticRegressionPlugin })).toThrow(
      'classifier/logreg is already registered',
    );
    const reference = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1, model: 'logreg' });
    const contributed = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1, model: 'my-logreg' });
    expect(contributed.model).toBe('my-logreg');
    expect(contributed.holdout).toEqual(reference.holdout);
    expect(contributed.holdout.rocAuc).toBeGreaterThan(0.5);
    const loaded = await loadPurchasePropensity(storage);
    expect(loaded.plugin).toBe(mine);
    await storage.close();
  });

  it('names itself, and says its output is wrong, when it is not one probability in [0, 1] per row; and in what its fit throws', async () => {
    // A tester's badc.js around their Gaussian naive Bayes, here around logistic regression.
    const spoilt = (name: string, predictProba: (x: FeatureMatrix) => Float64Array) => {
      registerClassifier({
        ...logisticRegressionPlugin,
        name,
        fit: async (data, params, ctx) =>
          Object.assign(Object.create(await logisticRegressionPlugin.fit(data, params, ctx)), {
            predictProba,
          }),
      });
      return name;
    };
    const nan = spoilt('clf-nan', (x) => new Float64Array(x.nRows).fill(Number.NaN));
    const seven = spoilt('clf-seven', (x) => new Float64Array(x.nRows).fill(7));
    const short = spoilt('clf-short', () => new Float64Array(3).fill(0.5));
    registerClassifier({
      ...logisticRegressionPlugin,
      name: 'clf-throws',
      fit: () => {
        throw new Error('clf boom');
      },
    });
    const shop = syntheticShop();
    const storage = await openStorage('memory:');
    await storage.upsertItems(shop.items);
    await storage.upsertCustomers(shop.customers);
    await storage.appendEvents(shop.events);
    const train = (model: string) => trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1, model });
    // Before: "probability 0 is NaN; expected a value in [0, 1]", "labels and predictions differ in length".
    await expect(train(nan)).rejects.toThrow(
      'classifier plugin "clf-nan": predictProba gave NaN for row 0 (a probability is in [0, 1])',
    );
    await expect(train(seven)).rejects.toThrow(
      'classifier plugin "clf-seven": predictProba gave 7 for row 0 (a probability is in [0, 1])',
    );
    await expect(train(short)).rejects.toThrow(
      /^classifier plugin "clf-short": predictProba gave 3 probabilities for \d+ rows \(one per row\)$/,
    );
    const thrown = await train('clf-throws').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ContributedClassifierError);
    expect((thrown as Error).message).toBe('classifier plugin "clf-throws": fit failed: clf boom');
    expect(await storage.listModels()).toEqual([]);
    await storage.close();
    // The same in `eval propensity`'s folds: 40 rows of one feature, every other row a buyer.
    const records = Array.from({ length: 40 }, (_, i) => ({ visits: String(i % 7), bought: String(i % 2) }));
    const evaluate = (model: string) =>
      evaluatePropensity(records, { label: 'bought', models: [model], folds: 2 });
    await expect(evaluate(nan)).rejects.toThrow(
      'classifier plugin "clf-nan": predictProba gave NaN for row 0',
    );
    await expect(evaluate(short)).rejects.toThrow(
      'classifier plugin "clf-short": predictProba gave 3 probabilities for 20 rows (one per row)',
    );
    await expect(evaluate('clf-throws')).rejects.toThrow(
      'classifier plugin "clf-throws": fit failed: clf boom',
    );
  });
});
