/**
 * A second thread for a WebAssembly kernel on a shared memory (Node only, through worker_threads, loaded
 * lazily so that browsers never touch it): the ALS fit's and the SPD inverse's. The worker instantiates
 * the kernel's shared-memory module on the caller's WebAssembly.Memory and runs the export it is told to,
 * with the arguments it is given, while the calling thread does its own share. Hand-off is through a
 * small SharedArrayBuffer and Atomics, so the caller stays synchronous:
 *   ctrl[0] job generation (caller bumps it), ctrl[1] generation done (worker sets it),
 *   ctrl[2] export (1-based index into the names given at attach; 0 detaches), ctrl[3] argument count,
 *   ctrl[4..15] the arguments (i32: byte offsets over 2 GB wrap as WebAssembly reads them back).
 * One worker is kept per thread of the process, unref'd, and re-attached for each fit.
 */

/** Most arguments of a job (ctrl has 16 slots, 4 taken). */
const MAX_ARGS = 12;
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
  const fns = msg.exports.map((name) => instance.exports[name]);
  const ctrl = new Int32Array(msg.ctrl);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const gen = Atomics.load(ctrl, 0);
    seen = gen;
    const fn = ctrl[2];
    if (fn > 0) fns[fn - 1](...Array.from(ctrl.subarray(4, 4 + ctrl[3])));
    Atomics.store(ctrl, 1, gen);
    Atomics.notify(ctrl, 1);
    if (fn === 0) break;
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

/** A helper thread attached to one fit's shared memory, running the exports named at attach. */
export class HelperThread {
  readonly #ctrl = new Int32Array(new SharedArrayBuffer(64));
  readonly #exports: readonly string[];
  #gen = 0;

  constructor(module: object, memory: object, exports: readonly string[]) {
    this.#exports = exports;
    helper().postMessage({ module, memory, ctrl: this.#ctrl.buffer, exports });
  }

  /** Starts `name(...args)` on the helper; `wait` blocks until it is done. */
  start(name: string, args: readonly number[]): void {
    const index = this.#exports.indexOf(name);
    if (index < 0) throw new Error(`helper thread: ${name} was not attached`);
    if (args.length > MAX_ARGS) throw new Error(`helper thread: at most ${MAX_ARGS} arguments`);
    this.#post(index + 1, args);
  }

  #post(fn: number, args: readonly number[]): void {
    const c = this.#ctrl;
    c[2] = fn;
    c[3] = args.length;
    c.set(args, 4);
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
        throw new Error('helper thread did not answer in 120 s');
      }
    }
  }

  /** Releases the helper for the next fit. */
  detach(): void {
    this.#post(0, []);
    this.wait();
  }
}
