/**
 * Contributed plugins named where the engine runs: the CLI's `--plugin` and the gateway's
 * STOREWISE_PLUGINS. Each is a module (a path, resolved against a directory, or a package name) whose
 * default export is a model plugin or a list of them: recommenders (registerRecommender) and classifiers
 * (registerClassifier), so that they train, load and serve by name like the built-ins. A recommender
 * loaded from a JavaScript file fits in a worker thread like a built-in (trainRecommender's `offThread`):
 * the worker imports the same module.
 */
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pluginProblems } from '@storewise/core';
import { type AnyClassifierPlugin, registerClassifier } from '../propensity/classifier-registry.js';
import { type AnyRecommenderPlugin, registerRecommender, rememberPluginModule } from './registry.js';

/** Loads and registers the plugins of `modules` (paths resolved against `dir`); returns their names. */
export async function loadPlugins(modules: readonly string[], dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const module of modules) {
    let loaded: { default?: unknown };
    const url = moduleUrl(module, dir);
    try {
      loaded = await import(url);
    } catch (error) {
      throw new Error(`plugin ${module}: cannot load it: ${(error as Error).message.split('\n')[0]}`);
    }
    for (const plugin of defaultExports(loaded)) {
      const problems = pluginProblems(plugin);
      if (problems.length > 0)
        throw new Error(
          `plugin ${module}: its default export is not a model plugin (nor a list of them): ${problems.join('; ')}`,
        );
      const kind = (plugin as { kind: string }).kind;
      if (kind === 'recommender') {
        registerRecommender(plugin as AnyRecommenderPlugin);
        // A JavaScript file, which a worker imports as well: the plugin fits off the calling thread like a
        // built-in. Not TypeScript run through a loader (tsx): Node 20 does not apply its hooks in workers.
        if (/^file:.*\.[cm]?js$/.test(url)) rememberPluginModule(plugin as AnyRecommenderPlugin, url);
      } else if (kind === 'classifier') registerClassifier(plugin as AnyClassifierPlugin);
      else
        throw new Error(
          `plugin ${module}: ${kind}/${(plugin as { name?: string }).name}: only recommender and classifier plugins can be loaded`,
        );
      names.push((plugin as { name: string }).name);
    }
  }
  return names;
}

/**
 * Where `module` is: a path against `dir`; a package name as `dir`'s project finds it (its node_modules),
 * not as this package would, else (a package only ESM can resolve) by the import itself.
 */
function moduleUrl(module: string, dir: string): string {
  if (module.startsWith('.') || isAbsolute(module)) return pathToFileURL(resolve(dir, module)).href;
  try {
    return pathToFileURL(createRequire(resolve(dir, 'package.json')).resolve(module)).href;
  } catch {
    return module;
  }
}

/** What a plugin module exports by default, as a list (one plugin or a list of them). */
export function defaultExports(loaded: { default?: unknown }): unknown[] {
  return Array.isArray(loaded.default) ? loaded.default : [loaded.default];
}
