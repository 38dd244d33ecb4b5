// The runs `bench/gateway.ts` makes against a server: fixed rates, paced (paced-load.ts); as fast as a
// number of connections allow (autocannon); the highest rate meeting a p99 goal; and the closed loop.
import autocannon from 'autocannon';
import { metrics } from './gateway-processes.js';
import { pacedLoad } from './paced-load.js';

export interface Load {
  /** Requests per second asked for (null: as fast as `connections` allow). */
  target: number | null;
  seconds: number;
  achieved: number;
  p50: number;
  p99: number;
  /** The slowest answer. */
  max: number;
  errors: number;
  /** The gateway process's CPU time per answered request (user + system, from its /metrics). */
  cpuMs: number;
  /** The gateway's major (mark-compact) garbage collections during the run (warm-up included), and their total ms. */
  majorGcs: number;
  majorGcMs: number;
  /**
   * The gateway's longest event-loop delay during the run (prom-client's monitorEventLoopDelay, reset by each
   * read of /metrics, so this covers the run): a stall inside the gateway process, as opposed to the machine.
   */
  loopDelayMaxMs: number;
}

/**
 * One run: at a fixed `rate`, paced; otherwise autocannon, as fast as `connections` allow. `body(i)` is the
 * i-th request's body; `onBody` sees each 2xx response body. Errors are non-2xx answers, socket errors,
 * timeouts and 2xx answers with a GraphQL `errors` entry. The gateway's CPU time per request does not
 * depend on how busy the machine is, unlike the latencies.
 */
export interface Run {
  /** How long to send requests, or (`amount`) how many to send and wait for. */
  seconds?: number;
  amount?: number;
  rate?: number;
  connections?: number;
  body: (i: number) => string;
  onBody?: (body: string) => void;
}

export interface LoadSettings {
  /** The key every request sends. */
  adminKey: string;
  /** Connections of a run that names none (paced: the most sockets open at once). */
  connections: number;
  /** Seconds at the same rate before each paced run is measured. */
  warmupSeconds: number;
  /** Seconds of each probe of the rate search and of each closed-loop step. */
  searchSeconds: number;
  p99GoalMs: number;
}

/** A run's figures, and how many requests the gateway answered during it (for its CPU time per request). */
type Measured = Omit<Load, 'cpuMs' | 'majorGcs' | 'majorGcMs' | 'loopDelayMaxMs'> & { requests: number };

/**
 * What the gateway's /metrics says of its CPU and major GCs: NaN for a server without them (the bare floor);
 * a GC kind that has not happened yet has no line (0).
 */
async function processFigures(
  url: string,
): Promise<{ cpuSeconds: number; majorGcs: number; majorGcSeconds: number; loopDelayMaxSeconds: number }> {
  const metric = await metrics(url).catch(() => null);
  const read = (name: string, absent: number) => {
    try {
      return metric === null ? Number.NaN : metric(name);
    } catch {
      return absent;
    }
  };
  return {
    cpuSeconds: read('process_cpu_seconds_total', Number.NaN),
    majorGcs: read('nodejs_gc_duration_seconds_count{kind="major"}', 0),
    majorGcSeconds: read('nodejs_gc_duration_seconds_sum{kind="major"}', 0),
    loopDelayMaxSeconds: read('nodejs_eventloop_lag_max_seconds', Number.NaN),
  };
}

export const keptUp = (r: Load) => r.target === null || r.achieved >= 0.95 * r.target;

export class LoadDriver {
  constructor(private readonly settings: LoadSettings) {}

  async load(url: string, run: Run): Promise<Load> {
    const before = await processFigures(url);
    const r = run.rate !== undefined ? await this.paced(url, run.rate, run) : await this.cannon(url, run);
    const after = await processFigures(url);
    const { requests, ...rest } = r;
    return {
      ...rest,
      cpuMs: ((after.cpuSeconds - before.cpuSeconds) * 1000) / Math.max(1, requests),
      majorGcs: after.majorGcs - before.majorGcs,
      majorGcMs: (after.majorGcSeconds - before.majorGcSeconds) * 1000,
      loopDelayMaxMs: after.loopDelayMaxSeconds * 1000,
    };
  }

  /**
   * The highest rate meeting the goal (doubling from 50/s until a probe fails, then 3 bisection steps), and
   * the gateway's CPU time per request over all probes.
   */
  async highestRate(url: string, body: (i: number) => string): Promise<{ best: Load | null; cpuMs: number }> {
    let good: Load | null = null;
    let bad: number | null = null;
    const probes: Load[] = [];
    const probe = async (rate: number) => {
      const r = await this.load(url, { seconds: this.settings.searchSeconds, rate, body });
      probes.push(r);
      if (this.meetsGoal(r)) good = r;
      else bad = rate;
    };
    for (let rate = 50; bad === null && rate <= 64_000; rate *= 2) await probe(rate);
    for (let step = 0; step < 3 && bad !== null; step++) {
      const low = (good as Load | null)?.target ?? 0;
      const rate = Math.round((low + bad) / 2 / 10) * 10;
      if (rate <= low || rate >= bad) break;
      await probe(rate);
    }
    const answered = probes.reduce((s, p) => s + p.achieved * p.seconds, 0);
    const cpuMs = probes.reduce((s, p) => s + p.cpuMs * p.achieved * p.seconds, 0) / Math.max(1, answered);
    return { best: good, cpuMs };
  }

  /**
   * Closed loop: 1, 2, 4, ... 64 connections without a rate limit, each for `searchSeconds`, until p99
   * passes the goal; the run with the most requests/s among those with p99 <= goal and no errors.
   */
  async closedLoop(url: string, body: (i: number) => string): Promise<Load | null> {
    let best: Load | null = null;
    for (let c = 1; c <= 64; c *= 2) {
      const r = await this.load(url, { seconds: this.settings.searchSeconds, connections: c, body });
      if (r.errors > 0 || r.p99 > this.settings.p99GoalMs) break;
      if (best === null || r.achieved > best.achieved) best = { ...r, target: c };
    }
    return best;
  }

  private meetsGoal(r: Load): boolean {
    return r.errors === 0 && r.p99 <= this.settings.p99GoalMs && keptUp(r);
  }

  private headers() {
    return { 'content-type': 'application/json', authorization: `Bearer ${this.settings.adminKey}` };
  }

  /** A fixed rate, evenly paced, after the warm-up at that rate (the CPU time includes the warm-up). */
  private async paced(url: string, rate: number, run: Run): Promise<Measured> {
    if (run.seconds === undefined) throw new Error('a paced run takes seconds, not an amount');
    const { warmupSeconds } = this.settings;
    const r = await pacedLoad({
      url,
      headers: this.headers(),
      rate,
      seconds: run.seconds,
      warmupSeconds,
      connections: run.connections ?? this.settings.connections,
      body: run.body,
      check: (_status, body) => {
        if (body.includes('"errors"')) return false;
        run.onBody?.(body);
        return true;
      },
    });
    return {
      target: rate,
      seconds: r.seconds,
      achieved: r.achieved,
      p50: r.p50,
      p99: r.p99,
      max: r.max,
      errors: r.errors,
      requests: Math.round(rate * (r.seconds + warmupSeconds)),
    };
  }

  private cannon(url: string, run: Run): Promise<Measured> {
    let i = 0;
    let graphqlErrors = 0;
    return new Promise((resolve, reject) => {
      autocannon(
        {
          url,
          method: 'POST',
          headers: this.headers(),
          connections: run.connections ?? this.settings.connections,
          ...(run.amount !== undefined ? { amount: run.amount } : { duration: run.seconds ?? 10 }),
          requests: [
            {
              setupRequest: (req) => ({ ...req, body: run.body(i++) }),
              onResponse: (status, body) => {
                if (status < 200 || status >= 300) return;
                if (body.includes('"errors"')) graphqlErrors++;
                else run.onBody?.(body);
              },
            },
          ],
        },
        (err, r) => {
          if (err) return reject(err);
          resolve({
            target: run.rate ?? null,
            seconds: r.duration,
            achieved: (r['2xx'] + r.non2xx) / r.duration,
            p50: r.latency.p50,
            p99: r.latency.p99,
            max: r.latency.max,
            errors: r.non2xx + r.errors + r.timeouts + graphqlErrors,
            requests: r['2xx'] + r.non2xx,
          });
        },
      );
    });
  }
}
