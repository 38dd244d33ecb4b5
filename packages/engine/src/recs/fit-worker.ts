/**
 * A recommender's fit in a worker thread (fit-off-thread.ts): fits the plugin named in the job (a built-in,
 * or the one of that name its module exports) on its matrix, or for an auto job chooses and fits (fitAuto),
 * reports progress, and answers with the model's bytes (the plugin's `serialize`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitContext, ParamError } from '@storewise/core';
import { callPlugin } from '../plugin-errors.js';
import { type AutoFit, fitAuto } from './auto-select.js';
import { ContributedModelError, fitRecommender } from './check-model.js';
import { type FitJob, type FitMessage, matrixOf } from './fit-protocol.js';
import { defaultExports } from './load-plugins.js';
import { type AnyRecommenderPlugin, recommenderPlugin } from './registry.js';

const port = parentPort!;
const job = workerData as FitJob;
const post = (message: FitMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

try {
  const progress = (fraction: number, message?: string) =>
    post({ kind: 'progress', fraction, message: message ?? null });
  let fitted: AutoFit;
  if (job.kind === 'auto') fitted = await fitAuto(matrixOf(job.matrix), job.seed, { progress });
  else {
    const plugin =
      job.module === null ? recommenderPlugin(job.plugin) : await exported(job.module, job.plugin);
    const start = performance.now();
    const model = await fitRecommender(plugin, matrixOf(job.matrix), job.params, {
      ...fitContext({ seed: job.seed, progress }),
      ...(job.catalog ? { catalog: job.catalog } : {}),
    });
    fitted = { plugin, model, metrics: {}, fitSeconds: (performance.now() - start) / 1000 };
  }
  const bytes =
    job.kind === 'fit' && job.module !== null
      ? callPlugin(
          fitted.plugin,
          'serialize',
          () => fitted.plugin.serialize(fitted.model),
          ContributedModelError,
        )
      : fitted.plugin.serialize(fitted.model);
  post(
    {
      kind: 'done',
      plugin: fitted.plugin.name,
      model: bytes,
      metrics: fitted.metrics,
      fitSeconds: fitted.fitSeconds,
    },
    [bytes.buffer as ArrayBuffer],
  );
} catch (error) {
  post({
    kind: 'error',
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? (error.stack ?? null) : null,
    ...(error instanceof ParamError ? { param: { name: error.param, value: cloneable(error.value) } } : {}),
    ...(error instanceof ContributedModelError ? { contributed: true } : {}),
  });
}

/** The recommender called `name` among the default export of the module at `url` (as loadPlugins read it). */
async function exported(url: string, name: string): Promise<AnyRecommenderPlugin> {
  const plugins = defaultExports(await import(url)) as (AnyRecommenderPlugin | null | undefined)[];
  const plugin = plugins.find((p) => p?.kind === 'recommender' && p.name === name);
  if (plugin == null) throw new Error(`${url} no longer exports the recommender ${name}`);
  return plugin;
}

/** A refused value as a message can hold it (a function, say, becomes its text). */
function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}
