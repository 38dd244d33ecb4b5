/**
 * The recommender plugins the engine knows, looked up by name in a core `ModelRegistry`: the built-ins,
 * and a contributor's once `registerRecommender(myPlugin)` adds it. Training, loading a stored model and
 * offline evaluation all look a model up here by its name.
 */
import {
  biasedMf,
  bpr,
  cooccurrence,
  ease,
  implicitAls,
  itemKnn,
  ModelRegistry,
  popularity,
  type Recommender,
  type RecommenderPlugin,
  userKnn,
} from '@storewise/core';

// biome-ignore lint/suspicious/noExplicitAny: plugins of any params share the registry.
export type AnyRecommenderPlugin = RecommenderPlugin<any, Recommender>;

/** Short names accepted wherever a model is named (the CLI's `--models pop,itemknn,...`). */
export const RECOMMENDER_ALIASES: Readonly<Record<string, string>> = {
  pop: 'popularity',
  itemknn: 'item-knn',
  userknn: 'user-knn',
  mf: 'biased-mf',
  svd: 'biased-mf',
  cooc: 'cooccurrence',
};

const BUILT_INS: readonly AnyRecommenderPlugin[] = [
  popularity,
  itemKnn,
  userKnn,
  cooccurrence,
  ease,
  implicitAls,
  bpr,
  biasedMf,
];

/** A fresh registry holding every built-in recommender. */
export function recommenderRegistry(): ModelRegistry {
  const registry = new ModelRegistry();
  for (const plugin of BUILT_INS) registry.register(plugin);
  return registry;
}

/** Whether `plugin` is one of the built-in recommenders (which any thread can import by name). */
export function isBuiltInRecommender(plugin: AnyRecommenderPlugin): boolean {
  return BUILT_INS.includes(plugin);
}

const defaultRegistry = recommenderRegistry();

/** The module each contributed recommender was loaded from (loadPlugins): a fit worker imports it there too. */
const pluginModules = new WeakMap<AnyRecommenderPlugin, string>();

/** Notes that `plugin` is the export of the module at `url` (a file: URL a worker thread can import). */
export function rememberPluginModule(plugin: AnyRecommenderPlugin, url: string): void {
  pluginModules.set(plugin, url);
}

/**
 * Where a worker thread finds `plugin`: null for a built-in (it imports those by name), the module a
 * contributed one was loaded from, or undefined for one registered in code (it fits on the calling thread).
 */
export function pluginModule(plugin: AnyRecommenderPlugin): string | null | undefined {
  return isBuiltInRecommender(plugin) ? null : pluginModules.get(plugin);
}

/**
 * Adds a contributor's recommender to the ones the engine trains, loads and evaluates by name (`model:
 * 'my-model'`). Register it in every process that loads models it trained (a server, the CLI with
 * `--plugin`): a stored model names its plugin. A name already taken (a built-in's, or one registered
 * before) is refused. The plugin's model must keep the matrix's id maps (BaseRecommender.withIds), which
 * its bytes must hold: serving looks customers and SKUs up through them.
 */
export function registerRecommender(plugin: AnyRecommenderPlugin): void {
  // The same plugin again (a module loaded twice) changes nothing.
  if (
    defaultRegistry.has('recommender', plugin.name) &&
    defaultRegistry.get('recommender', plugin.name) === plugin
  )
    return;
  if (plugin.kind !== 'recommender')
    throw new Error(`model plugin "${plugin.name}" is a ${plugin.kind}, not a recommender`);
  // `model: 'auto'` chooses among the registered recommenders (auto-select.ts): no plugin may take the name.
  if (plugin.name === 'auto')
    throw new Error(
      'model plugin recommender/auto: the name "auto" is reserved (model: \'auto\' picks the best of the registered recommenders on a holdout); give your plugin another name',
    );
  if (RECOMMENDER_ALIASES[plugin.name] !== undefined)
    throw new Error(
      `model plugin recommender/${plugin.name} is already registered (an alias of ${RECOMMENDER_ALIASES[plugin.name]})`,
    );
  defaultRegistry.register(plugin);
}

/** The recommender plugin called `name` (or one of its aliases); throws naming the known ones. */
export function recommenderPlugin(
  name: string,
  registry: ModelRegistry = defaultRegistry,
): AnyRecommenderPlugin {
  const key = RECOMMENDER_ALIASES[name] ?? name;
  if (!registry.has('recommender', key)) {
    const known = registry.list('recommender').map((p) => p.name);
    throw new Error(
      `unknown recommender model "${name}"; known: ${known.join(', ') || 'none'} (a contributed model is loaded from its module: --plugin <module.js> on the CLI, STOREWISE_PLUGINS for the gateway; docs/plugins.md)`,
    );
  }
  return registry.get('recommender', key) as AnyRecommenderPlugin;
}

/** The names of the recommenders this process can train: the built-ins and the registered plugins. */
export function knownRecommenders(): string[] {
  return defaultRegistry.list('recommender').map((p) => p.name);
}

/** True for plugins fitted on explicit ratings (RMSE/MAE apply; events are the customers' ratings). */
export function isRatingModel(name: string): boolean {
  return (RECOMMENDER_ALIASES[name] ?? name) === 'biased-mf';
}
