/**
 * A second thread for the WebAssembly ALS kernel (Node only, through worker_threads, loaded lazily so
 * that browsers never touch it). The worker instantiates the shared-memory kernel on the fit's
 * WebAssembly.Memory and solves the rows it is told to while the main thread solves the others.
 * Hand-off is through a small SharedArrayBuffer and Atomics, so the fit stays synchronous:
 *   ctrl[0] job generation (main bumps it), ctrl[1] generation done (worker sets it),
 *   ctrl[2] command (0 detach, 1 users, 2 items), ctrl[3..5] start, end, cgSteps, ctrl[6] padded f.
 * One worker is kept per thread of the process, unref'd, and re-attached for each fit.
 */

/** Byte offsets the worker needs (the main thread's layout, plus the worker's own scratch). */
export interface WorkerLayout {
  rowPtr: number;
  rowIdx: number;
  rowConf: number;
  colPtr: number;
  colIdx: number;
  colConf: number;
  x: number;
  y: number;
  gram: number;
  scratch: number;
}

interface NodeWorker {
  postMessage(message: unknown): void;
  unref(): void;
  on(event: 'error' | 'exit', listener: (arg: unknown) => void): void;
}
type WorkerCtor = new (source: string, options: { eval: true }) => NodeWorker;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (msg) => {
  const instance = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory, abort() {} } });
  const cgRows = instance.exports.cgRows;
  const ctrl = new Int32Array(msg.ctrl);
  const L = msg.layout;
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const gen = Atomics.load(ctrl, 0);
    seen = gen;
    const cmd = ctrl[2];
    if (cmd === 1) cgRows(L.rowPtr, L.rowIdx, L.rowConf, L.x, L.y, ctrl[6], L.gram, ctrl[5], ctrl[3], ctrl[4], L.scratch);
    else if (cmd === 2) cgRows(L.colPtr, L.colIdx, L.colConf, L.y, L.x, ctrl[6], L.gram, ctrl[5], ctrl[3], ctrl[4], L.scratch);
    Atomics.store(ctrl, 1, gen);
    Atomics.notify(ctrl, 1);
    if (cmd === 0) break;
  }
});
`;

let worker: NodeWorker | null | undefined;
let broken = false;

function workerCtor(): WorkerCtor | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:worker_threads') as
    | { Worker?: WorkerCtor; isMainThread?: boolean }
    | undefined;
  return mod?.Worker ?? null;
}

/** True when a helper thread can be used here (Node with worker_threads and SharedArrayBuffer). */
export function helperThreadAvailable(): boolean {
  return (
    !broken && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && workerCtor() !== null
  );
}

function helper(): NodeWorker {
  if (worker) return worker;
  const Worker = workerCtor();
  if (!Worker) throw new Error('worker_threads is not available');
  const w = new Worker(WORKER_SOURCE, { eval: true });
  w.unref();
  w.on('error', () => {
    broken = true;
    worker = null;
  });
  w.on('exit', () => {
    worker = null;
  });
  worker = w;
  return w;
}

/** A helper thread attached to one fit's shared memory. */
export class HelperThread {
  readonly #ctrl = new Int32Array(new SharedArrayBuffer(64));
  #gen = 0;

  constructor(module: object, memory: object, layout: WorkerLayout) {
    helper().postMessage({ module, memory, ctrl: this.#ctrl.buffer, layout });
  }

  /** Starts rows [start, end) of a side on the helper; `wait` blocks until it is done. */
  start(side: 'users' | 'items', start: number, end: number, cgSteps: number, fp: number): void {
    this.#post(side === 'users' ? 1 : 2, start, end, cgSteps, fp);
  }

  #post(cmd: number, start: number, end: number, cgSteps: number, fp: number): void {
    const c = this.#ctrl;
    c[2] = cmd;
    c[3] = start;
    c[4] = end;
    c[5] = cgSteps;
    c[6] = fp;
    this.#gen++;
    Atomics.store(c, 0, this.#gen);
    Atomics.notify(c, 0);
  }

  wait(): void {
    const c = this.#ctrl;
    let waited = 0;
    for (;;) {
      const done = Atomics.load(c, 1);
      if (done === this.#gen) return;
      if (Atomics.wait(c, 1, done, 1000) === 'timed-out' && ++waited > 120) {
        broken = true;
        throw new Error('ALS helper thread did not answer in 120 s');
      }
    }
  }

  /** Releases the helper for the next fit. */
  detach(): void {
    this.#post(0, 0, 0, 0, 0);
    this.wait();
  }
}
