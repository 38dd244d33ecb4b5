/**
 * What the engine's worker threads (the import's reader, a recommender's fit) share: where their
 * compiled module is, and the Node options they start with.
 */
import { existsSync } from 'node:fs';

/**
 * The compiled worker `path` (relative to the package's `dist`, e.g. 'import/read-worker.js') for a
 * module at `src/<dir>/<module>` or `dist/<dir>/<module>` whose URL is `caller`: next to it in the built
 * package; when the caller runs from its TypeScript source (the package's own tests), the build's copy
 * (tests run after the build).
 */
export function workerUrl(caller: string, path: string): URL {
  const sibling = new URL(`./${path.slice(path.lastIndexOf('/') + 1)}`, caller);
  if (!caller.endsWith('.ts')) return sibling;
  const built = new URL(`../../dist/${path}`, caller);
  if (!existsSync(built))
    throw new Error(`the worker ${path} is not built (${built.pathname}): run pnpm build`);
  return built;
}

/** Node options that say how to run the main script, which a worker must not inherit. */
const SCRIPT_OPTIONS = ['--input-type', '-e', '--eval', '-p', '--print'];

/**
 * A worker's Node options: the process's, inherited as Node does by default (undefined), unless they
 * say how to run the main script (`node --input-type=module -e ...`): a worker given a file refuses
 * `--input-type`, and given options explicitly it refuses V8's (`--max-old-space-size`), so such a
 * process's worker starts with none.
 */
export function workerExecArgv(): string[] | undefined {
  const runsScript = process.execArgv.some((arg) => SCRIPT_OPTIONS.includes(arg.split('=')[0]!));
  return runsScript ? [] : undefined;
}

/**
 * Detaches a throwaway buffer, as the import's first transfer of a batch's buffers (postMessage with a
 * transfer list) would. Until a thread first detaches a buffer, V8 compiles code that reads typed arrays
 * on the promise that none ever is (its ArrayBufferDetaching protector), and breaking it throws away all
 * such code at once: the reader's and the writer's hot functions were compiled again after the first
 * batch (30-40 functions per thread in an Online Retail import). Called before any of them runs hot, they
 * are compiled once, with the check. Idempotent.
 */
export function detachOnce(): void {
  const buffer = new ArrayBuffer(0);
  structuredClone(buffer, { transfer: [buffer] });
}
