/**
 * Worker-thread entry of the random forest: for each job it receives, grows the trees whose indices it
 * claims from the job's shared counter, posts each back, then posts 'done'. Started and kept by
 * forest-pool.ts; not part of the public API.
 */
import { parentPort } from 'node:worker_threads';
import { type ForestJob, growForestTree } from './forest-job.js';

const port = parentPort!;
port.on('message', ({ id, job, counter }: { id: number; job: ForestJob; counter: Int32Array }) => {
  try {
    const nTrees = job.seeds.length;
    for (let t = Atomics.add(counter, 0, 1); t < nTrees; t = Atomics.add(counter, 0, 1)) {
      const { tree, importance } = growForestTree(job, t);
      const buffers = [
        tree.feature.buffer,
        tree.threshold.buffer,
        tree.missingLeft.buffer,
        tree.left.buffer,
        tree.right.buffer,
        tree.value.buffer,
        tree.weight.buffer,
        importance.buffer,
      ] as ArrayBuffer[];
      port.postMessage({ id, type: 'tree', t, tree, importance }, buffers);
    }
    port.postMessage({ id, type: 'done' });
  } catch (error) {
    port.postMessage({
      id,
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
