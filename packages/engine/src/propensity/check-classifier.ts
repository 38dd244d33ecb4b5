/**
 * The checks of a contributed classifier (the counterpart of recs/check-model.ts): its probabilities, one
 * in [0, 1] per row asked, wherever the engine uses them (the holdout, the scores it stores, `eval
 * propensity`'s folds), and what its code throws names it. A NaN, a 7 or a short array said `probability
 * 0 is NaN; expected a value in [0, 1]` or `labels and predictions differ in length (70 vs 3)`, naming
 * neither the classifier nor its output. Built-ins are checked by their tests instead.
 */
import {
  type BinaryClassifier,
  type ClassifierData,
  type FeatureMatrix,
  type FitContext,
  propensityPlugins,
} from '@storewise/core';
import { callPlugin } from '../plugin-errors.js';
import type { AnyClassifierPlugin } from './classifier-registry.js';

/** A contributed classifier's output refused, or its code failing: its message names the plugin and the problem. */
export class ContributedClassifierError extends Error {
  override readonly name = 'ContributedClassifierError';
}

function isBuiltIn(plugin: AnyClassifierPlugin): boolean {
  return (propensityPlugins as readonly AnyClassifierPlugin[]).includes(plugin);
}

/** `plugin.fit`; what a contributed plugin's fit throws names it (a ParamError stays one). */
export async function fitClassifier(
  plugin: AnyClassifierPlugin,
  data: ClassifierData,
  params: Record<string, unknown>,
  ctx: FitContext,
): Promise<BinaryClassifier> {
  if (isBuiltIn(plugin)) return plugin.fit(data, params, ctx);
  return callPlugin(plugin, 'fit', () => plugin.fit(data, params, ctx), ContributedClassifierError);
}

/** `plugin.deserialize(bytes)`; what a contributed plugin throws names it. */
export function deserializeClassifier(plugin: AnyClassifierPlugin, bytes: Uint8Array): BinaryClassifier {
  if (isBuiltIn(plugin)) return plugin.deserialize(bytes);
  return callPlugin(plugin, 'deserialize', () => plugin.deserialize(bytes), ContributedClassifierError);
}

/**
 * `model.predictProba(x)`: for a contributed plugin, its throw named, and its answer checked: one
 * probability per row of `x`, each a number in [0, 1].
 */
export function probabilities(
  plugin: AnyClassifierPlugin,
  model: BinaryClassifier,
  x: FeatureMatrix,
): Float64Array {
  if (isBuiltIn(plugin)) return model.predictProba(x);
  const fail = (problem: string): never => {
    throw new ContributedClassifierError(`classifier plugin "${plugin.name}": predictProba ${problem}`);
  };
  if (typeof (model as Partial<BinaryClassifier> | null)?.predictProba !== 'function')
    fail(
      `is not a method of its model (${model === null || typeof model !== 'object' ? String(model) : 'an object without it'})`,
    );
  const p = callPlugin(plugin, 'predictProba', () => model.predictProba(x), ContributedClassifierError);
  if (typeof (p as { length?: unknown } | null)?.length !== 'number')
    fail(`gave ${String(p)}, not one probability per row (${x.nRows})`);
  if (p.length !== x.nRows) fail(`gave ${p.length} probabilities for ${x.nRows} rows (one per row)`);
  for (let i = 0; i < p.length; i++)
    if (!(p[i]! >= 0 && p[i]! <= 1)) fail(`gave ${p[i]} for row ${i} (a probability is in [0, 1])`);
  return p;
}

/**
 * `plugin` as core's crossValidate fits and scores it: a contributed one's fit throws named, and its
 * models' probabilities checked (probabilities).
 */
export function checkedClassifierPlugin(plugin: AnyClassifierPlugin): AnyClassifierPlugin {
  if (isBuiltIn(plugin)) return plugin;
  return {
    ...plugin,
    fit: async (data: ClassifierData, params: Record<string, unknown>, ctx: FitContext) => {
      const model = await fitClassifier(plugin, data, params, ctx);
      return {
        nFeatures: model.nFeatures,
        featureNames: model.featureNames,
        predictProba: (x: FeatureMatrix) => probabilities(plugin, model, x),
      };
    },
  };
}
