/**
 * The classifiers the engine trains, stores, loads and evaluates for purchase propensity, by name: the
 * built-ins (`propensityPlugins`), and a contributor's once `registerClassifier(plugin)` adds it (the
 * CLI's --plugin and the gateway's STOREWISE_PLUGINS do so for plugin modules). A stored model names its
 * plugin: every process that scores with a contributed classifier registers it first.
 */
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  ModelRegistry,
  registerPropensityPlugins,
} from '@storewise/core';

// biome-ignore lint/suspicious/noExplicitAny: any classifier plugin, whatever its parameter type.
export type AnyClassifierPlugin = ClassifierPlugin<any, BinaryClassifier>;

const registry = registerPropensityPlugins(new ModelRegistry());

/** The names of every classifier the engine knows: the built-ins first, then the registered ones. */
export function classifierNames(): string[] {
  return registry.list('classifier').map((p) => p.name);
}

/** The classifier plugin of a name (tree, forest, gbdt, logreg, mlp, ml-random-forest, or a registered one). */
export function classifierPlugin(name: string): AnyClassifierPlugin {
  if (!registry.has('classifier', name))
    throw new Error(`unknown model "${name}": use ${classifierNames().join(', ')}`);
  return registry.get('classifier', name) as AnyClassifierPlugin;
}

/**
 * Adds a contributor's classifier (kind 'classifier'); a name already taken by another plugin is refused,
 * the same plugin again changes nothing.
 */
export function registerClassifier(plugin: AnyClassifierPlugin): void {
  if (plugin.kind !== 'classifier')
    throw new Error(`model plugin "${plugin.name}" is a ${plugin.kind}, not a classifier`);
  if (registry.has('classifier', plugin.name) && registry.get('classifier', plugin.name) === plugin) return;
  registry.register(plugin);
}
