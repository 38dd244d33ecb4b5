// An open-loop load generator: requests leave at evenly spaced times (rate per second), whether or not
// earlier ones were answered, and each latency is measured from the time the request was due to leave
// (the way wrk2 measures, so a stalled server is not hidden by a stalled client: "coordinated omission").
//
// Why not autocannon's fixed-rate mode: autocannon 9 (`overallRate`) resets each connection's quota once
// a second, and each connection then sends back to back until its quota is used: every second starts with
// a burst of the whole second's requests at full concurrency, so p99 measures the burst, not the rate. Its
// latency correction (`recordValueWithExpectedInterval` with an expected interval of ceil(1 / rate) ms = 1
// ms) then adds a synthetic sample for every millisecond of each slow answer.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface PacedRun {
  url: string;
  headers: Record<string, string>;
  /** Requests per second, evenly spaced. */
  rate: number;
  /** Seconds measured, after `warmupSeconds` at the same rate on the same connections that are not. */
  seconds: number;
  warmupSeconds?: number;
  /** Most sockets open at once (requests due while all are busy wait, and their wait counts). */
  connections: number;
  body: (i: number) => string;
  /** Sees every answer; returns false when the answer counts as an error (a GraphQL error, say). */
  check?: (status: number, body: string) => boolean;
  /** Sees each request's latency in ms, by its index (for latency over time). */
  onLatency?: (i: number, ms: number) => void;
  /** An answer later than this is a timeout error (default 10 s). */
  timeoutMs?: number;
}

/** What the measured seconds saw (the warm-up is left out). */
export interface PacedResult {
  target: number;
  seconds: number;
  sent: number;
  /** Answers per second, over the sending time or until the last answer if that was later (2xx or not). */
  achieved: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Non-2xx, failed checks, socket errors and timeouts. */
  errors: number;
}

/**
 * Sends `rate * (warmupSeconds + seconds)` requests at evenly spaced times and measures each after the
 * warm-up from its due time.
 */
export async function pacedLoad(run: PacedRun): Promise<PacedResult> {
  const target = new URL(run.url);
  const agent = new Agent({ keepAlive: true, maxSockets: run.connections });
  const warmup = Math.round(run.rate * (run.warmupSeconds ?? 0));
  const measured = Math.round(run.rate * run.seconds);
  const total = warmup + measured;
  const interval = 1000 / run.rate;
  const latencies = new Float64Array(measured);
  const timeoutMs = run.timeoutMs ?? 10_000;
  let answered = 0;
  let lastAnswer = 0;
  let errors = 0;
  let finished = 0;
  let done: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    done = resolve;
  });

  const settle = (i: number, due: number, ok: boolean, answer: boolean) => {
    if (i >= warmup) {
      lastAnswer = performance.now();
      latencies[i - warmup] = lastAnswer - due;
      run.onLatency?.(i - warmup, lastAnswer - due);
      if (answer) answered++;
      if (!ok) errors++;
    }
    if (++finished === total) done();
  };

  const send = (i: number, due: number) => {
    const payload = run.body(i);
    let settled = false;
    const once = (ok: boolean, answer = false) => {
      if (settled) return;
      settled = true;
      settle(i, due, ok, answer);
    };
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        agent,
        headers: { ...run.headers, 'content-length': Buffer.byteLength(payload) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString();
          once(status >= 200 && status < 300 && (run.check?.(status, body) ?? true), true);
        });
        res.on('error', () => once(false));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      once(false);
    });
    req.on('error', () => once(false));
    req.end(payload);
  };

  const start = performance.now();
  let next = 0;
  const tick = () => {
    const now = performance.now();
    while (next < total && start + next * interval <= now) {
      send(next, start + next * interval);
      next++;
    }
    if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
  };
  tick();
  if (total === 0) done();
  await allDone;
  agent.destroy();

  const sorted = latencies.slice().sort();
  const at = (q: number) => sorted[Math.min(measured - 1, Math.ceil(q * measured) - 1)] ?? 0;
  const measureStart = start + warmup * interval;
  return {
    target: run.rate,
    seconds: run.seconds,
    sent: measured,
    achieved: answered / Math.max(run.seconds, (lastAnswer - measureStart) / 1000),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[measured - 1] ?? 0,
    errors,
  };
}
