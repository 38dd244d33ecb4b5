import type { Rng } from '../random/rng.js';

/** Reports progress of a long fit: `fraction` in [0, 1]. */
export type ProgressFn = (fraction: number, message?: string) => void;

/** What a fit gets besides data and parameters: seeded randomness, cancellation and progress. */
export interface FitContext {
  rng: Rng;
  signal: AbortSignal;
  progress: ProgressFn;
}

/**
 * A model plugin declares what it is and how to fit, save and load itself. Built-in models register
 * the same way a contributor's plugin does.
 *
 * - `kind` groups plugins that take the same data and give the same kind of model ('recommender',
 *   'classifier', ...); `name` is unique within a kind.
 * - `formatVersion` tags serialized bytes; `deserialize` refuses bytes of another name or version.
 */
export interface ModelPlugin<Data, Params extends object, Model> {
  readonly kind: string;
  readonly name: string;
  readonly formatVersion: number;
  readonly defaults: Readonly<Params>;
  fit(data: Data, params: Partial<Params>, ctx: FitContext): Model | Promise<Model>;
  serialize(model: Model): Uint8Array;
  deserialize(bytes: Uint8Array): Model;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds plugins of any data, params and model types.
export type AnyModelPlugin = ModelPlugin<any, any, any>;

/**
 * What keeps `plugin` from being a model plugin, field by field (none: it is one). A plugin is usually
 * plain JavaScript from a contributor: the registry checks it before any fit rather than fail on first use.
 */
export function pluginProblems(plugin: unknown): string[] {
  if (plugin === null || typeof plugin !== 'object')
    return [`it is ${plugin === null ? 'null' : typeof plugin}, not an object`];
  const p = plugin as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ['kind', 'name'] as const)
    if (typeof p[field] !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p[field] as string))
      problems.push(
        `${field} must be a non-empty name of letters, digits, '.', '_' and '-' (got ${JSON.stringify(p[field]) ?? 'undefined'})`,
      );
  if (!Number.isInteger(p.formatVersion))
    problems.push(
      `formatVersion must be a whole number (got ${JSON.stringify(p.formatVersion) ?? 'undefined'})`,
    );
  if (p.defaults === null || typeof p.defaults !== 'object')
    problems.push('defaults must be an object of parameter values');
  for (const method of ['fit', 'serialize', 'deserialize'] as const)
    if (typeof p[method] !== 'function')
      problems.push(`${method} must be a function (got ${typeof p[method]})`);
  return problems;
}
