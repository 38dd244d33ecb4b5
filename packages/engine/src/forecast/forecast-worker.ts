/** The forecast worker (series-forecaster.ts): forecastSeries on each series it is sent, answered in order. */
import { parentPort } from 'node:worker_threads';
import { forecastSeries } from '@storewise/core';
import type { ForecastAnswer, ForecastJob } from './series-forecaster.js';

const port = parentPort!;
port.on('message', (job: ForecastJob) => {
  let answer: ForecastAnswer;
  try {
    answer = { id: job.id, forecast: forecastSeries(job.units, job.options) };
  } catch (error) {
    answer = {
      id: job.id,
      error: {
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? (error.stack ?? null) : null,
      },
    };
  }
  port.postMessage(answer);
});
