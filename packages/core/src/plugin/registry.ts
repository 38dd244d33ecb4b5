import { type AnyModelPlugin, pluginProblems } from './model-plugin.js';

/** Looks model plugins up by kind and name. */
export class ModelRegistry {
  readonly #plugins = new Map<string, AnyModelPlugin>();

  register(plugin: AnyModelPlugin): this {
    const problems = pluginProblems(plugin);
    if (problems.length > 0) {
      const name = typeof plugin?.name === 'string' && plugin.name !== '' ? ` "${plugin.name}"` : '';
      throw new Error(`model plugin${name} cannot be registered: ${problems.join('; ')}`);
    }
    const key = `${plugin.kind}/${plugin.name}`;
    if (this.#plugins.has(key)) throw new Error(`model plugin ${key} is already registered`);
    this.#plugins.set(key, plugin);
    return this;
  }

  get(kind: string, name: string): AnyModelPlugin {
    const plugin = this.#plugins.get(`${kind}/${name}`);
    if (!plugin) {
      const known = this.list(kind).map((p) => p.name);
      throw new Error(`unknown ${kind} model "${name}"; known: ${known.join(', ') || 'none'}`);
    }
    return plugin;
  }

  has(kind: string, name: string): boolean {
    return this.#plugins.has(`${kind}/${name}`);
  }

  list(kind?: string): AnyModelPlugin[] {
    return [...this.#plugins.values()].filter((p) => kind === undefined || p.kind === kind);
  }
}
