/**
 * A recommender's fit in a worker thread (fit-off-thread.ts): fits the built-in plugin named in the job
 * on its matrix, reports progress, and answers with the model's bytes (the plugin's `serialize`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitContext } from '@storewise/core';
import { type FitJob, type FitMessage, matrixOf } from './fit-protocol.js';
import { recommenderPlugin } from './registry.js';

const port = parentPort!;
const job = workerData as FitJob;
const post = (message: FitMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

try {
  const plugin = recommenderPlugin(job.plugin);
  const progress = (fraction: number, message?: string) =>
    post({ kind: 'progress', fraction, message: message ?? null });
  const model = await plugin.fit(matrixOf(job.matrix), job.params, fitContext({ seed: job.seed, progress }));
  const bytes = plugin.serialize(model);
  post({ kind: 'done', model: bytes }, [bytes.buffer as ArrayBuffer]);
} catch (error) {
  post({
    kind: 'error',
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? (error.stack ?? null) : null,
  });
}
