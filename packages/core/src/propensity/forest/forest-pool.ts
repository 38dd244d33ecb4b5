import type { ProgressFn } from '../../plugin/model-plugin.js';
import { type ForestJob, type ForestTreeResult, growForestTree } from './forest-job.js';

/**
 * Grows the trees of a forest on the calling thread plus up to `threads - 1` worker threads. Every
 * thread claims the next tree index from a shared atomic counter, so the work balances itself, and
 * tree t is the same whichever thread grows it. Workers need Node's `worker_threads` and the compiled
 * `forest-worker.js` beside this module; without them (a browser, or running from TypeScript sources)
 * the forest grows on the calling thread alone. Workers are started once and kept (unreferenced, so
 * they never hold the process open) for later fits. A worker that fails costs only speed: trees it did
 * not deliver are grown on the calling thread at the end.
 */
export interface GrowForestOptions {
  /** Threads in all, the calling one included; 0 for the machine's available parallelism, which also caps it. */
  threads: number;
  signal: AbortSignal;
  progress: ProgressFn;
}

export interface GrownForest {
  results: ForestTreeResult[];
  /** Threads that took part (1 when workers were unavailable). */
  threads: number;
}

type WorkerCtor = typeof import('node:worker_threads').Worker;
type WorkerInstance = InstanceType<WorkerCtor>;
type Message = {
  id: number;
  type: 'tree' | 'done' | 'error';
  t?: number;
  message?: string;
} & Partial<ForestTreeResult>;

interface Support {
  Worker: WorkerCtor;
  url: URL;
  cores: number;
}

let support: Promise<Support | null> | null = null;
const idle: WorkerInstance[] = [];
let nextJobId = 1;

function workerSupport(): Promise<Support | null> {
  support ??= (async () => {
    if (
      typeof process === 'undefined' ||
      !process.versions?.node ||
      typeof SharedArrayBuffer !== 'function'
    ) {
      return null;
    }
    try {
      const [{ Worker }, { existsSync }, { fileURLToPath }, os] = await Promise.all([
        import('node:worker_threads'),
        import('node:fs'),
        import('node:url'),
        import('node:os'),
      ]);
      const url = new URL('./forest-worker.js', import.meta.url);
      if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return null;
      const cores =
        typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
      return { Worker, url, cores };
    } catch {
      return null;
    }
  })();
  return support;
}

function takeWorker(s: Support): WorkerInstance | null {
  const kept = idle.pop();
  if (kept) return kept;
  try {
    const worker = new s.Worker(s.url);
    worker.on('error', () => forget(worker));
    worker.on('exit', () => forget(worker));
    return worker;
  } catch {
    return null;
  }
}

function forget(worker: WorkerInstance): void {
  const i = idle.indexOf(worker);
  if (i >= 0) idle.splice(i, 1);
}

/** A copy of the array in shared memory, so that workers read it without a copy of their own. */
function shared<T extends Uint8Array | Float64Array>(a: T): T {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Runs one job on a worker; resolves when it reports done, fails, or exits (never rejects). */
function runOnWorker(
  worker: WorkerInstance,
  id: number,
  job: ForestJob,
  counter: Int32Array,
  onTree: (t: number, result: ForestTreeResult) => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (healthy: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      resolve(healthy);
    };
    const onMessage = (m: Message) => {
      if (m.id !== id) return;
      if (m.type === 'tree') onTree(m.t!, { tree: m.tree!, importance: m.importance! });
      else finish(m.type === 'done');
    };
    const onFailure = () => finish(false);
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', onFailure);
    worker.ref();
    worker.postMessage({ id, job, counter });
  });
}

/**
 * The threads a forest grows on: `requested` (0 for every core), never more than the machine's `cores`
 * (more only add workers that hold memory and wait: 99 on 2 cores fitted 4x slower at 1.5 GB) nor than
 * the trees. The forest is the same whatever the count.
 */
export function forestThreads(requested: number, cores: number, nTrees: number): number {
  const wanted = requested > 0 ? Math.min(requested, cores) : cores;
  return Math.max(1, Math.min(wanted, nTrees));
}

export async function growForest(job: ForestJob, options: GrowForestOptions): Promise<GrownForest> {
  const nTrees = job.seeds.length;
  const results: (ForestTreeResult | undefined)[] = new Array(nTrees);
  const s = options.threads === 1 || nTrees < 2 ? null : await workerSupport();
  const nWorkers = s ? forestThreads(options.threads, s.cores, nTrees) - 1 : 0;
  const counter = new Int32Array(nWorkers > 0 ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
  let done = 0;
  const report = () => options.progress(done / nTrees, `tree ${done} of ${nTrees}`);

  const workers: WorkerInstance[] = [];
  const running: Promise<boolean>[] = [];
  if (s && nWorkers > 0) {
    const sharedJob: ForestJob = {
      ...job,
      codes: shared(job.codes),
      y: shared(job.y),
      weights: job.weights ? shared(job.weights) : null,
    };
    const id = nextJobId++;
    for (let w = 0; w < nWorkers; w++) {
      const worker = takeWorker(s);
      if (!worker) break;
      workers.push(worker);
      running.push(
        runOnWorker(worker, id, sharedJob, counter, (t, result) => {
          results[t] = result;
          done++;
        }),
      );
    }
  }

  for (let t = Atomics.add(counter, 0, 1); t < nTrees; t = Atomics.add(counter, 0, 1)) {
    if (options.signal.aborted) {
      Atomics.store(counter, 0, nTrees);
      break;
    }
    results[t] = growForestTree(job, t);
    done++;
    report();
  }
  const healthy = await Promise.all(running);
  workers.forEach((worker, w) => {
    if (healthy[w]) {
      worker.unref();
      idle.push(worker);
    } else {
      void worker.terminate();
    }
  });
  if (options.signal.aborted) {
    throw options.signal.reason instanceof Error ? options.signal.reason : new Error('fit aborted');
  }
  for (let t = 0; t < nTrees; t++) {
    if (results[t] === undefined) {
      results[t] = growForestTree(job, t);
      done++;
    }
  }
  report();
  return { results: results as ForestTreeResult[], threads: 1 + workers.length };
}
