import { type BinaryClassifier, type ClassifierPlugin, logisticRegressionPlugin } from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  classifierNames,
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
});
