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
