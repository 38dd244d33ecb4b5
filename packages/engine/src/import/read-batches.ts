import { Worker } from 'node:worker_threads';
import { EventColumnsBuilder } from '@storewise/storage';
import { detachOnce, workerExecArgv, workerUrl } from '../worker-threads.js';
import type { CollectedBatch } from './batch-collector.js';
import { ImportInputError } from './errors.js';
import type { MainMessage, ReadJob, ReadTotals, WorkerMessage } from './read-protocol.js';

/** A batch as the import writes it, with how far the file has been read. */
export interface ReadBatch extends CollectedBatch {
  bytesRead: number;
  totalBytes: number;
  /** Set on the last batch only. */
  end: ReadTotals | null;
  /**
   * Gives the buffers of `events` back to the worker, for a later batch's events (call once the batch is
   * written: its events' arrays are emptied). Without it each batch's arrays are garbage, which the
   * collector let pile up to 100-150 MB in an import of three million events (docs/benchmarks/import.md).
   */
  release(): void;
}

/**
 * Reads `job.path` in a worker thread and yields its batches in file order; the last one carries the
 * file's totals. The worker parses ahead of the batch being written (at most two batches). Stopping
 * early (a failed write, an abort) ends the worker. Errors of the input (missing file, wrong format,
 * broken gzip data) come out as they would from the reader on this thread.
 */
export async function* readBatches(job: ReadJob): AsyncGenerator<ReadBatch> {
  // Before the writer runs hot (release transfers buffers back): see detachOnce.
  detachOnce();
  const worker = new Worker(workerUrl(import.meta.url, 'import/read-worker.js'), {
    workerData: job,
    execArgv: workerExecArgv(),
  });
  const queue: WorkerMessage[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: WorkerMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  try {
    for (;;) {
      while (queue.length === 0 && failure === null && !exited)
        await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift();
      if (message === undefined) {
        throw failure ?? new Error(`the import worker for ${job.path} stopped before the end of the file`);
      }
      if (message.kind === 'error') throw rebuildError(message);
      worker.postMessage('more' satisfies MainMessage);
      const { kind: _, ...batch } = message;
      const release = () => {
        if (exited || message.end !== null) return;
        const spare = EventColumnsBuilder.buffers(batch.events);
        worker.postMessage({ spare } satisfies MainMessage, spare);
      };
      yield { ...batch, release };
      if (message.end !== null) return;
    }
  } finally {
    await worker.terminate();
  }
}

function rebuildError(message: Extract<WorkerMessage, { kind: 'error' }>): Error {
  if (message.name === 'ImportInputError') return new ImportInputError(message.message);
  const error: Error & { code?: string } = new Error(message.message);
  if (message.code !== null) error.code = message.code;
  if (message.stack !== null) error.stack = message.stack;
  return error;
}
