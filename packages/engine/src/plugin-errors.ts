/**
 * What a contributed plugin's own code throws (its fit, serialize, deserialize, scoring) comes back naming
 * the plugin and what failed: `recommender plugin "recent-pop": fit failed: boom in fit`. Before, the
 * message was the plugin's alone (`storewise: boom in fit`, `model.scoreUser is not a function`), and a
 * shop could not tell its plugin from the engine.
 */
import { ParamError } from '@storewise/core';

/** A plugin as these messages name it. */
export interface NamedPlugin {
  readonly kind: string;
  readonly name: string;
}

type ErrorClass = new (message: string) => Error;

/**
 * `error`, thrown by `plugin`'s `what`, as an error of class `Wrap` naming both. A ParamError (a value the
 * user gave, named by the CLI's flag and the gateway's job), an abort, and an error already of class `Wrap`
 * pass unchanged.
 */
export function pluginFailure(plugin: NamedPlugin, what: string, error: unknown, Wrap: ErrorClass): unknown {
  if (error instanceof ParamError || error instanceof Wrap || (error as Error | null)?.name === 'AbortError')
    return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Wrap(`${plugin.kind} plugin "${plugin.name}": ${what} failed: ${message}`);
}

/**
 * Runs `call`, `plugin`'s `what`; what it throws (or its promise rejects with) comes back as
 * `pluginFailure` says.
 */
export function callPlugin<T>(plugin: NamedPlugin, what: string, call: () => T, Wrap: ErrorClass): T {
  let result: T;
  try {
    result = call();
  } catch (error) {
    throw pluginFailure(plugin, what, error, Wrap);
  }
  if (result instanceof Promise)
    return result.catch((error: unknown) => {
      throw pluginFailure(plugin, what, error, Wrap);
    }) as T;
  return result;
}
