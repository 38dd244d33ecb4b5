/**
 * A built-in recommender's fit in a worker thread, for a process that must keep answering while it trains
 * (the gateway: an EASE fit of 2,664 items held its event loop for seconds). The worker gets a copy of the
 * matrix and gives back the model's bytes, which the plugin reads again (its `deserialize`, as loading a
 * stored model does). A contributor's plugin fits there too when it was loaded from a JavaScript module
 * (loadPlugins), which the worker imports; one registered in code, or loaded as TypeScript through a loader
 * that workers do not get (tsx on Node 20), fits on the calling thread.
 */
import { Worker } from 'node:worker_threads';
import type { InteractionMatrix, ProgressFn, Recommender } from '@storewise/core';
import { workerExecArgv, workerUrl } from '../worker-threads.js';
import { type FitJob, type FitMessage, matrixMessage } from './fit-protocol.js';
import type { AnyRecommenderPlugin } from './registry.js';

/**
 * Fits `plugin` on `data` in a worker thread: a built-in (`module` null) or the plugin of that name the
 * module at `module` exports (pluginModule). An abort of `signal` stops the worker and rejects with the
 * signal's reason.
 */
export function fitOffThread(
  plugin: AnyRecommenderPlugin,
  module: string | null,
  data: InteractionMatrix,
  params: Record<string, unknown>,
  seed: number,
  signal: AbortSignal | undefined,
  progress: ProgressFn,
): Promise<Recommender> {
  signal?.throwIfAborted();
  const job: FitJob = { plugin: plugin.name, module, matrix: matrixMessage(data), params, seed };
  const worker = new Worker(workerUrl(import.meta.url, 'recs/fit-worker.js'), {
    workerData: job,
    execArgv: workerExecArgv(),
  });
  return new Promise<Recommender>((resolve, reject) => {
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
      else if (message.kind === 'done')
        settle(() => {
          // A plugin's deserialize that throws fails the fit: thrown here, in the worker's message
          // handler, it was an uncaught exception that ended the gateway.
          try {
            resolve(plugin.deserialize(message.model));
          } catch (error) {
            reject(
              new Error(
                `recommender "${plugin.name}" cannot read back the model it fitted: ${(error as Error)?.message ?? String(error)}`,
              ),
            );
          }
        });
      else {
        const error = new Error(message.message);
        if (message.stack !== null) error.stack = message.stack;
        settle(() => reject(error));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the fit worker of ${plugin.name} stopped (exit code ${code})`))),
    );
  });
}
