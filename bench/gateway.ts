// `pnpm bench gateway [flags]`: the GraphQL gateway under load, from this process while the gateway runs in
// a child process (`apps/gateway/dist/main.js`, NODE_ENV=production) on the demo shop with its default
// recommender trained at startup, on PGlite and on the local PostgreSQL server. Fixed rates are sent by an
// open-loop generator (bench/lib/paced-load.ts: evenly spaced requests, each measured from the time it was
// due, after --warmup-seconds at the same rate on the same connections); as-fast-as-possible runs by
// autocannon. For each database:
// - recommendations(customerId, first: 10), rotating over the demo shop's customers, at fixed rates
//   (--rates, default 500,1000 per second) for --seconds (default 30): throughput, p50, p99, max, errors
//   (non-2xx, socket errors and timeouts, and 200s carrying GraphQL errors);
// - the highest rate with p99 <= 10 ms and no errors (doubling from 50/s, then bisecting; --search-seconds
//   per probe, default 10), for recommendations and for `{ __typename }` on the same server, and the ratio;
//   first, the same for a bare node:http server: the floor this machine allows at the time;
// - closed loop (how issue 7's reference for a bare Apollo Server was taken): autocannon with 1, 2, 4, ...
//   connections and no rate limit, --search-seconds each, until p99 passes 10 ms: the most requests/s
//   answered with p99 <= 10 ms, for recommendations, `{ __typename }`, and `{ __typename }` on a bare
//   Apollo Server 5 (standalone, a one-field schema, in a child process) as the peer, with the ratios;
// - trackEvents: --track-calls (default 1,000) calls of 100 new events, 8 in flight: events/s, then the
//   events counted in the store, to show none was lost;
// - a soak: recommendations at 500/s for --soak-seconds (default 300), sampling the gateway's RSS and heap
//   from /metrics every 10 s: start, end and the least-squares slope.
// --quick sets every duration to 5 s (soak 30 s, 100 trackEvents calls). --db pglite or --db postgres runs one
// database only; --only rates,search,closed,track,soak picks scenarios. The gateway child inherits the
// environment (e.g. STOREWISE_HISTORY_CACHE_SECONDS=0 serves without the history cache). For diagnosis,
// --node-flags passes Node flags to the gateway child only (e.g. "--trace-gc"), and --gateway-output <file>
// keeps what the gateway prints.
// Output is markdown; the load generators share the machine's cores with the gateway (and the database).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoShopFormat, demoShopPath, importFile } from '@storewise/engine';
import { openStorage } from '@storewise/storage';
import { keptUp, type Load, LoadDriver, type Run } from './lib/gateway-load.js';
import {
  memory,
  type Sample,
  slopePerMinute,
  startBareApollo,
  startBareServer,
  startGateway,
  stopGateway,
} from './lib/gateway-processes.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rates: { type: 'string', default: '500,1000' },
    'search-seconds': { type: 'string', default: '10' },
    'track-calls': { type: 'string', default: '1000' },
    'soak-seconds': { type: 'string', default: '300' },
    'warmup-seconds': { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    db: { type: 'string', default: 'pglite,postgres' },
    only: { type: 'string', default: 'rates,search,closed,track,soak' },
    quick: { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
    'gateway-output': { type: 'string' },
  },
});

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return n;
}
const quick = flags.quick;
const seconds = quick ? 5 : positive('seconds', flags.seconds);
const searchSeconds = quick ? 5 : positive('search-seconds', flags['search-seconds']);
const trackCalls = quick ? 100 : positive('track-calls', flags['track-calls']);
const soakSeconds = quick ? 30 : positive('soak-seconds', flags['soak-seconds']);
const warmupSeconds = quick ? 1 : positive('warmup-seconds', flags['warmup-seconds']);
const connections = positive('connections', flags.connections);
const rates = flags.rates.split(',').map((r) => positive('rates', r));
const databases = flags.db.split(',').map((d) => d.trim());
for (const d of databases) {
  if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db takes pglite and/or postgres, got "${d}"`);
}
const SCENARIOS = ['rates', 'search', 'closed', 'track', 'soak'];
const only = new Set(flags.only.split(',').map((o) => o.trim()));
for (const o of only) {
  if (!SCENARIOS.includes(o)) throw new Error(`--only takes some of ${SCENARIOS.join(',')}, got "${o}"`);
}
const P99_GOAL_MS = 10;
const SAMPLE_EVERY_S = 10;
const root = new URL('..', import.meta.url).pathname;
const adminKey = `sw_${randomBytes(8).toString('hex')}_${randomBytes(24).toString('base64url')}`;

function psql(command: string): void {
  const r = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-qc', command], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`psql ${command}: ${r.stderr || r.error}`);
}

/** The demo shop's customer ids, read by importing the bundled file into a memory store here. */
async function demoCustomers(): Promise<string[]> {
  const storage = await openStorage('memory:');
  await importFile(storage, demoShopPath, { format: demoShopFormat });
  const ids: string[] = [];
  for await (const batch of storage.scanCustomers()) for (const c of batch) ids.push(c.externalId);
  await storage.close();
  return ids;
}

async function graphql<T>(url: string, query: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const driver = new LoadDriver({
  adminKey,
  connections,
  warmupSeconds,
  searchSeconds,
  p99GoalMs: P99_GOAL_MS,
});
const load = (url: string, run: Run) => driver.load(url, run);

const showClosed = (r: Load | null) =>
  r === null
    ? 'none (p99 > 10 ms even with 1 connection)'
    : `${perSecond(r.achieved)}/s with ${r.target} connection${r.target === 1 ? '' : 's'} (p50 ${ms(r.p50)}, p99 ${ms(r.p99)} ms)`;

/** The bare Apollo peer's closed-loop result, measured once before the gateways. */
let bareApollo: Load | null = null;

const ms = (v: number) => v.toFixed(1);
const perSecond = (v: number) => Math.round(v).toLocaleString('en-US');

async function benchDatabase(name: string, database: string, customers: string[]): Promise<void> {
  const started = performance.now();
  const gw = await startGateway(root, database, adminKey, {
    nodeFlags: flags['node-flags'].split(' ').filter(Boolean),
    output: flags['gateway-output'],
  });
  const { url } = gw;
  console.log(`\n### Gateway on ${name}\n`);
  console.log(
    `Startup (import of the demo shop, training, listen): ${((performance.now() - started) / 1000).toFixed(0)} s.\n`,
  );
  try {
    const recs = (i: number) =>
      JSON.stringify({
        query:
          'query ($id: String!) { recommendations(customerId: $id, first: 10) { strategy items { sku title score } } }',
        variables: { id: customers[i % customers.length] },
      });
    const trivial = () => '{"query":"{ __typename }"}';
    // Warm-up: JIT, connections, the database's caches, and every customer asked for twice (so the
    // gateway holds their history, as a server that has run a while does).
    await load(url, { amount: 2 * customers.length, connections: 8, body: recs });
    await load(url, { seconds: 2, rate: 200, body: trivial });

    if (only.has('rates')) {
      console.log(
        '| recommendations(first: 10) | requests/s | p50 ms | p99 ms | max ms | errors | gateway CPU ms/request | major GCs (ms) | gateway event-loop delay max ms |',
      );
      console.log('|---|---|---|---|---|---|---|---|---|');
      for (const rate of rates) {
        const r = await load(url, { seconds, rate, body: recs });
        const behind = keptUp(r) ? '' : ' (fell behind)';
        console.log(
          `| at ${perSecond(rate)}/s for ${seconds} s | ${perSecond(r.achieved)}${behind} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} | ${r.cpuMs.toFixed(2)} | ${r.majorGcs} (${Math.round(r.majorGcMs)}) | ${ms(r.loopDelayMaxMs)} |`,
        );
      }
    }

    if (only.has('search')) {
      const { best, cpuMs } = await driver.highestRate(url, recs);
      const { best: bestTrivial, cpuMs: trivialCpuMs } = await driver.highestRate(url, trivial);
      const show = (r: Load | null) =>
        r === null
          ? 'none (below 50/s)'
          : `${perSecond(r.target!)}/s (p50 ${ms(r.p50)}, p99 ${ms(r.p99)} ms)`;
      console.log(
        `\nHighest rate with p99 <= ${P99_GOAL_MS} ms and no errors (${searchSeconds} s probes):\n`,
      );
      console.log(
        '| query | highest rate | vs `{ __typename }` | gateway CPU ms/request | vs `{ __typename }` |',
      );
      console.log('|---|---|---|---|---|');
      console.log(`| \`{ __typename }\` | ${show(bestTrivial)} | 1.00 | ${trivialCpuMs.toFixed(2)} | 1.00 |`);
      const ratio = best && bestTrivial ? (best.target! / bestTrivial.target!).toFixed(2) : 'n/a';
      console.log(
        `| recommendations(first: 10) | ${show(best)} | ${ratio} | ${cpuMs.toFixed(2)} | ${(cpuMs / trivialCpuMs).toFixed(2)} |`,
      );
    }

    if (only.has('closed')) {
      const trivialClosed = await driver.closedLoop(url, trivial);
      const recsClosed = await driver.closedLoop(url, recs);
      const vs = (r: Load | null, peer: Load | null) =>
        r && peer ? (r.achieved / peer.achieved).toFixed(3) : 'n/a';
      console.log(
        `\nClosed loop, most requests/s with p99 <= ${P99_GOAL_MS} ms and no errors (${searchSeconds} s per connection count):\n`,
      );
      console.log('| query | requests/s | gateway CPU ms/request | vs bare Apollo `{ __typename }` |');
      console.log('|---|---|---|---|');
      console.log(`| bare Apollo Server 5: \`{ __typename }\` | ${showClosed(bareApollo)} | | 1.000 |`);
      console.log(
        `| \`{ __typename }\` | ${showClosed(trivialClosed)} | ${trivialClosed?.cpuMs.toFixed(2) ?? ''} | ${vs(trivialClosed, bareApollo)} |`,
      );
      console.log(
        `| recommendations(first: 10) | ${showClosed(recsClosed)} | ${recsClosed?.cpuMs.toFixed(2) ?? ''} | ${vs(recsClosed, bareApollo)} |`,
      );
    }

    if (only.has('track')) {
      const runId = randomBytes(4).toString('hex');
      const track = (i: number) =>
        JSON.stringify({
          query: 'mutation ($e: [EventInput!]!) { trackEvents(events: $e) { inserted } }',
          variables: {
            e: Array.from({ length: 100 }, (_, j) => ({
              eventId: `bench-${runId}-${i}-${j}`,
              type: 'VIEW',
              // Customers of their own, so the soak afterwards serves the demo shop's data unchanged.
              customerId: `bench-${(i * 100 + j) % 1000}`,
              sku: `BENCH-${(i * 7 + j) % 500}`,
            })),
          },
        });
      const counted = async () =>
        (await graphql<{ health: { counts: { events: number } } }>(url, '{ health { counts { events } } }'))
          .health.counts.events;
      const before = await counted();
      let acknowledged = 0;
      const t = await load(url, {
        amount: trackCalls,
        connections: 8,
        body: track,
        onBody: (body) => {
          acknowledged += Number(/"inserted":(\d+)/.exec(body)?.[1] ?? 0);
        },
      });
      const stored = (await counted()) - before;
      console.log(
        `\ntrackEvents, ${trackCalls} calls of 100 new events, 8 in flight: ${perSecond(acknowledged / t.seconds)} events/s` +
          ` (p50 ${ms(t.p50)} ms, p99 ${ms(t.p99)} ms per call, ${t.errors} errors, gateway CPU ${t.cpuMs.toFixed(1)} ms per call); acknowledged ${acknowledged.toLocaleString('en-US')},` +
          ` counted in the store afterwards ${stored.toLocaleString('en-US')}${stored === acknowledged ? ' (none lost)' : ' (MISMATCH)'}.`,
      );
    }

    if (only.has('soak')) {
      const samples: Sample[] = [await memory(url)];
      const timer = setInterval(() => {
        memory(url).then(
          (s) => samples.push(s),
          () => {},
        );
      }, SAMPLE_EVERY_S * 1000);
      const soak = await load(url, { seconds: soakSeconds, rate: 500, body: recs });
      clearInterval(timer);
      samples.push(await memory(url));
      const first = samples[0]!;
      const last = samples[samples.length - 1]!;
      console.log(
        `\nSoak: recommendations at 500/s for ${soakSeconds} s: ${perSecond(soak.achieved)} requests/s, p50 ${ms(soak.p50)} ms, p99 ${ms(soak.p99)} ms, ${soak.errors} errors, gateway CPU ${soak.cpuMs.toFixed(2)} ms/request; ${samples.length} memory samples:\n`,
      );
      console.log('| gateway memory | start MB | end MB | slope MB/min |');
      console.log('|---|---|---|---|');
      for (const [label, y] of [
        ['RSS', (s: Sample) => s.rssMB],
        ['heap used', (s: Sample) => s.heapMB],
      ] as const) {
        console.log(
          `| ${label} | ${y(first).toFixed(1)} | ${y(last).toFixed(1)} | ${slopePerMinute(samples, y).toFixed(2)} |`,
        );
      }
    }
  } finally {
    await stopGateway(gw);
  }
}

const customers = await demoCustomers();
const cpu = cpus();
console.log(
  `## \`pnpm bench gateway${process.argv.slice(2).length > 0 ? ` ${process.argv.slice(2).join(' ')}` : ''}\`\n\n` +
    `${cpu.length} cores (${cpu[0]?.model.trim()}), Node ${process.version}; load average at start ${loadavg()[0]!.toFixed(2)}. ` +
    `The load generators (fixed rates: paced, at most ${connections} connections, ${warmupSeconds} s warm-up per run; ` +
    `closed loop and trackEvents: autocannon) run in this process, the gateway in a child process: they share the cores ` +
    `(and the PostgreSQL server does too). Requests rotate over the demo shop's ${customers.length} customers.`,
);
if (only.has('search')) {
  const bare = await startBareServer();
  try {
    const { best } = await driver.highestRate(bare.url, () => '{"query":"{ __typename }"}');
    console.log(
      `\nThe machine's floor: a bare \`node:http\` server (another child process) answers with p99 <= ${P99_GOAL_MS} ms ` +
        (best === null
          ? 'at no rate from 50/s up.'
          : `up to ${perSecond(best.target!)}/s (p50 ${ms(best.p50)}, p99 ${ms(best.p99)} ms; ${searchSeconds} s probes).`),
    );
  } finally {
    await stopGateway(bare);
  }
}
if (only.has('closed')) {
  const peer = await startBareApollo(root);
  try {
    bareApollo = await driver.closedLoop(peer.url, () => '{"query":"{ __typename }"}');
  } finally {
    await stopGateway(peer);
  }
}
for (const name of databases) {
  if (name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-bench-gateway-'));
    try {
      await benchDatabase('PGlite (in the gateway process)', dir, customers);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const db = `storewise_bench_gateway_${process.pid}`;
    psql(`CREATE DATABASE ${db}`);
    try {
      await benchDatabase('PostgreSQL 127.0.0.1:5432', `postgres://postgres@127.0.0.1:5432/${db}`, customers);
    } finally {
      psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
  }
}
console.log(`\nLoad average at the end: ${loadavg()[0]!.toFixed(2)}.`);
