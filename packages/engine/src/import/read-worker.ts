/**
 * The worker thread of an import (started by read-batches.ts): opens the file, runs the format's reader
 * and posts the rows to the main thread in batches, at most MAX_AHEAD batches ahead of what the main
 * thread has taken. Parsing, validating and hashing rows is most of an import's work on the client; here
 * it runs beside the writes instead of between them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventColumnsBuilder } from '@storewise/storage';
import { detachOnce } from '../worker-threads.js';
import { BatchCollector } from './batch-collector.js';
import { FORMAT_FEEDS } from './formats/index.js';
import { openInput } from './input-stream.js';
import type { MainMessage, ReadJob, WorkerMessage } from './read-protocol.js';
import { RECORD_FORMATS } from './types.js';

const MAX_AHEAD = 2;

// Before the reader runs hot: see detachOnce.
detachOnce();

const port = parentPort!;
const job = workerData as ReadJob;
let credits = MAX_AHEAD;
let wake: (() => void) | null = null;
/** Buffers of batches the main thread has written, for the next batches' events (fewer left to the collector). */
const spares: ArrayBuffer[][] = [];
port.on('message', (message: MainMessage) => {
  if (message === 'more') {
    credits++;
    wake?.();
    wake = null;
  } else if (spares.length < MAX_AHEAD + 1) spares.push(message.spare);
});

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function run(): Promise<void> {
  const input = await openInput(job.path);
  const collector = new BatchCollector(job.source, job.deferFacts, !RECORD_FORMATS.has(job.format));
  const send = async (final: boolean): Promise<void> => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const batch = collector.take(final, spares.pop());
    post(
      {
        kind: 'batch',
        ...batch,
        bytesRead: input.bytesRead(),
        totalBytes: input.totalBytes,
        end: final
          ? {
              customers: collector.customerKeys.size,
              items: collector.itemKeys.size,
              byReason: collector.byReason,
              unpricedPurchases: collector.unpricedPurchases,
              columns: collector.columns,
            }
          : null,
      },
      [...EventColumnsBuilder.buffers(batch.events), batch.eventLines.buffer as ArrayBuffer],
    );
  };
  try {
    const feed = FORMAT_FEEDS[job.format](input.stream, job.path, collector, job.batchSize);
    for await (const _ of feed) await send(false);
    await send(true);
  } finally {
    input.stream.destroy();
  }
}

run().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  post({
    kind: 'error',
    name: e?.name ?? 'Error',
    message: e?.message ?? String(error),
    code: typeof e?.code === 'string' ? e.code : null,
    stack: e?.stack ?? null,
  });
});
