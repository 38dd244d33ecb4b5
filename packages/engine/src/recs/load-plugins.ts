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
      throw new Error(
        `plugin ${module}: cannot load it: ${(error as Error).message.split('\n')[0]}${typeScriptHint(module, error)}`,
      );
    }
    for (const plugin of defaultExports(loaded)) {
      const problems = pluginProblems(plugin);
      if (problems.length > 0)
        throw new Error(
          `plugin ${module}: its default export is not a model plugin (nor a list of them): ${problems.join('; ')}${defaultExportHint(loaded)}`,
        );
      const { kind, name } = plugin as { kind: string; name: string };
      if (kind !== 'recommender' && kind !== 'classifier')
        throw new Error(
          `plugin ${module}: ${kind}/${name}: only recommender and classifier plugins can be loaded`,
        );
      try {
        if (kind === 'recommender') registerRecommender(plugin as AnyRecommenderPlugin);
        else registerClassifier(plugin as AnyClassifierPlugin);
      } catch (error) {
        const message = (error as Error).message;
        const taken = message.endsWith('is already registered') ? takenBy(`${kind}/${name}`) : '';
        throw new Error(`plugin ${module}: ${message}${taken}`);
      }
      // A JavaScript file, which a worker imports as well: the plugin fits off the calling thread like a
      // built-in. Not TypeScript run through a loader (tsx): Node 20 does not apply its hooks in workers.
      if (kind === 'recommender' && /^file:.*\.[cm]?js$/.test(url))
        rememberPluginModule(plugin as AnyRecommenderPlugin, url);
      if (!loadedFrom.has(`${kind}/${name}`)) loadedFrom.set(`${kind}/${name}`, module);
      names.push(name);
    }
  }
  return names;
}

/** The module each plugin this process loaded came from, by `kind/name`: a name taken names it. */
const loadedFrom = new Map<string, string>();

/** Who holds a name a registration found taken: the module it was loaded from, else a built-in or code. */
function takenBy(key: string): string {
  const module = loadedFrom.get(key);
  if (module !== undefined) return ` by the plugin ${module}: give one of them another name`;
  return ' (a built-in, or a plugin registered in code): give yours another name';
}

/** For a TypeScript module Node cannot import: how to run it. */
function typeScriptHint(module: string, error: unknown): string {
  if (!/\.[cm]?tsx?$/.test(module) || (error as { code?: string })?.code !== 'ERR_UNKNOWN_FILE_EXTENSION')
    return '';
  return ' (Node imports JavaScript: build the plugin to a .js module, e.g. `npx tsc --outDir dist ...` as examples/recommender-plugin/README.md shows, and load that; or run under a TypeScript loader, `node --import tsx`)';
}

/** For a module without a default export: the named exports that are plugins, and `export default`. */
function defaultExportHint(loaded: { default?: unknown }): string {
  if (loaded.default !== undefined) return '';
  const named = Object.entries(loaded).filter(([, value]) => pluginProblems(value).length === 0);
  if (named.length === 0)
    return ' (the module has no default export: `export default` your plugin, or a list of them)';
  const list = named.map(([key]) => key);
  return ` (the module has no default export, and exports ${list.join(', ')} by name: add \`export default ${list.length === 1 ? list[0] : `[${list.join(', ')}]`};\`)`;
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
