/**
 * Where the per-item forecasts run: on the calling thread, or in a worker thread for a process that must
 * keep answering meanwhile (the gateway: forecasting a catalog of thousands of items takes seconds). The
 * worker gets each series as it is read and answers in order; the caller awaits the answers together.
 */
import { Worker } from 'node:worker_threads';
import { type ForecastOptions, forecastSeries, type SeriesForecast } from '@storewise/core';
import { workerExecArgv, workerUrl } from '../worker-threads.js';

export interface SeriesForecaster {
  forecast(units: Float64Array, options: ForecastOptions): Promise<SeriesForecast>;
  close(): void;
}

/** forecastSeries on the calling thread. */
export function inlineForecaster(): SeriesForecaster {
  return {
    forecast: async (units, options) => forecastSeries(units, options),
    close() {},
  };
}

/** A job for the forecast worker and its answer (forecast-worker.ts). */
export interface ForecastJob {
  id: number;
  units: Float64Array;
  options: ForecastOptions;
}
export type ForecastAnswer =
  | { id: number; forecast: SeriesForecast }
  | { id: number; error: { message: string; stack: string | null } };

/**
 * forecastSeries in one worker thread, started now and stopped by `close` (or by the worker failing, which
 * fails every forecast waiting). Each series is copied to the worker.
 */
export function workerForecaster(): SeriesForecaster {
  const worker = new Worker(workerUrl(import.meta.url, 'forecast/forecast-worker.js'), {
    execArgv: workerExecArgv(),
  });
  const waiting = new Map<number, { resolve: (f: SeriesForecast) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(failed);
    waiting.clear();
  };
  worker.on('message', (answer: ForecastAnswer) => {
    const w = waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    if ('forecast' in answer) w.resolve(answer.forecast);
    else {
      const error = new Error(answer.error.message);
      if (answer.error.stack !== null) error.stack = answer.error.stack;
      w.reject(error);
    }
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the forecast worker stopped (exit code ${code})`)));
  return {
    forecast(units, options) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      return new Promise<SeriesForecast>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, units, options } satisfies ForecastJob);
      });
    },
    close() {
      void worker.terminate();
    },
  };
}
