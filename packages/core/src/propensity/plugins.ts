import type { ModelRegistry } from '../plugin/registry.js';
import type { BinaryClassifier, ClassifierPlugin } from './classifier.js';
import { decisionTreePlugin } from './decision-tree.js';
import { gradientBoostingPlugin } from './gradient-boosting.js';
import { logisticRegressionPlugin } from './logistic-regression.js';
import { mlRandomForestPlugin } from './ml-random-forest.js';
import { mlpPlugin } from './mlp.js';
import { randomForestPlugin } from './random-forest.js';

/** The built-in purchase-propensity classifiers, by plugin name: tree, forest, gbdt, logreg, mlp, ml-random-forest. */
// biome-ignore lint/suspicious/noExplicitAny: plugins of different parameter and model types in one list.
export const propensityPlugins: readonly ClassifierPlugin<any, BinaryClassifier>[] = [
  decisionTreePlugin,
  randomForestPlugin,
  gradientBoostingPlugin,
  logisticRegressionPlugin,
  mlpPlugin,
  mlRandomForestPlugin,
];

/** Registers every built-in classifier in `registry` (kind 'classifier'). */
export function registerPropensityPlugins(registry: ModelRegistry): ModelRegistry {
  for (const plugin of propensityPlugins) registry.register(plugin);
  return registry;
}
