/**
 * A built-in recommender's fit in a worker thread, for a process that must keep answering while it trains
 * (the gateway: an EASE fit of 2,664 items held its event loop for seconds). The worker gets a copy of the
 * matrix and gives back the model's bytes, which the plugin reads again (its `deserialize`, as loading a
 * stored model does). A contributor's plugin fits there too when it was loaded from a JavaScript module
 * (loadPlugins), which the worker imports; one registered in code, or loaded as TypeScript through a loader
 * that workers do not get (tsx on Node 20), fits on the calling thread. A `model: 'auto'` training runs
 * whole in one worker (fitAutoOffThread): its candidates' holdout models stay there, and only the chosen
 * model's bytes come back.
 */
import { Worker } from 'node:worker_threads';
import {
  type FitItem,
  type InteractionMatrix,
  ParamError,
  type ProgressFn,
  type Recommender,
} from '@storewise/core';
import { workerExecArgv, workerUrl } from '../worker-threads.js';
import { AUTO_MODEL, type AutoFit } from './auto-select.js';
import { ContributedModelError, deserializeRecommender } from './check-model.js';
import { type FitJob, type FitMessage, matrixMessage } from './fit-protocol.js';
import { type AnyRecommenderPlugin, recommenderPlugin } from './registry.js';

type Done = Extract<FitMessage, { kind: 'done' }>;

/**
 * Fits `plugin` on `data` in a worker thread: a built-in (`module` null) or the plugin of that name the
 * module at `module` exports (pluginModule). An abort of `signal` stops the worker and rejects with the
 * signal's reason.
 */
export async function fitOffThread(
  plugin: AnyRecommenderPlugin,
  module: string | null,
  data: InteractionMatrix,
  params: Record<string, unknown>,
  seed: number,
  catalog: readonly FitItem[] | undefined,
  signal: AbortSignal | undefined,
  progress: ProgressFn,
): Promise<Recommender> {
  const job: FitJob = {
    kind: 'fit',
    plugin: plugin.name,
    module,
    matrix: matrixMessage(data),
    params,
    seed,
    ...(catalog ? { catalog } : {}),
  };
  const done = await runFitWorker(job, plugin.name, signal, progress);
  return readBack(plugin, done.model);
}

/** fitAuto in one worker thread: the choice and the chosen model's fit on all of `data`. */
export async function fitAutoOffThread(
  data: InteractionMatrix,
  seed: number,
  signal: AbortSignal | undefined,
  progress: ProgressFn,
): Promise<AutoFit> {
  const job: FitJob = { kind: 'auto', matrix: matrixMessage(data), seed };
  const done = await runFitWorker(job, AUTO_MODEL, signal, progress);
  const plugin = recommenderPlugin(done.plugin);
  return { plugin, model: readBack(plugin, done.model), metrics: done.metrics, fitSeconds: done.fitSeconds };
}

/** Runs `job` in a new worker (`what` names it in errors), passing on its progress; resolves with its answer. */
function runFitWorker(
  job: FitJob,
  what: string,
  signal: AbortSignal | undefined,
  progress: ProgressFn,
): Promise<Done> {
  signal?.throwIfAborted();
  const worker = new Worker(workerUrl(import.meta.url, 'recs/fit-worker.js'), {
    workerData: job,
    execArgv: workerExecArgv(),
  });
  return new Promise<Done>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () =>
      settle(() => reject(signal!.reason instanceof Error ? signal!.reason : new Error('fit aborted')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: FitMessage) => {
      if (message.kind === 'progress') progress(message.fraction, message.message ?? undefined);
      else if (message.kind === 'done') settle(() => resolve(message));
      else {
        // A refused parameter stays a ParamError (callers name it: the CLI's flag, the gateway's job error).
        const error =
          message.param !== undefined
            ? new ParamError(message.param.name, message.param.value, message.message)
            : message.contributed
              ? new ContributedModelError(message.message)
              : new Error(message.message);
        if (message.stack !== null) error.stack = message.stack;
        settle(() => reject(error));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the fit worker of ${what} stopped (exit code ${code})`))),
    );
  });
}

/**
 * The model the worker fitted, read back from its bytes. A plugin's deserialize that throws fails the fit
 * (thrown in the worker's message handler, it was an uncaught exception that ended the gateway).
 */
function readBack(plugin: AnyRecommenderPlugin, bytes: Uint8Array): Recommender {
  try {
    return deserializeRecommender(plugin, bytes);
  } catch (error) {
    if (error instanceof ContributedModelError) throw error;
    throw new Error(
      `recommender "${plugin.name}" cannot read back the model it fitted: ${(error as Error)?.message ?? String(error)}`,
    );
  }
}
