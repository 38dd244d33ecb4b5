import { createRng } from '../random/rng.js';
import type { FitContext, ProgressFn } from './model-plugin.js';

/** The null progress reporter. */
export const noProgress: ProgressFn = () => {};

const neverAborted = new AbortController().signal;

/** A fit context with defaults filled in: seed 0, never aborted, no progress output. */
export function fitContext(
  options: { seed?: number; signal?: AbortSignal; progress?: ProgressFn } = {},
): FitContext {
  return {
    rng: createRng(options.seed ?? 0),
    signal: options.signal ?? neverAborted,
    progress: options.progress ?? noProgress,
  };
}

/** Throws the signal's reason if the fit was cancelled; call it between coarse steps (iterations, trees). */
export function throwIfAborted(ctx: FitContext): void {
  if (ctx.signal.aborted) {
    throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('fit aborted');
  }
}
