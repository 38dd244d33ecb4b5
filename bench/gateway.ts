// `pnpm bench gateway [seconds] [concurrency] [rates]`: the GraphQL gateway under load, in a child process
// on a fresh embedded database with the demo shop (and its trained recommender), driven over keep-alive
// HTTP from this process. Closed loop: `concurrency` requests in flight at all times for `seconds` per
// scenario; then open loop: recommendations at each fixed rate in `rates` (default 500,1000 per second).
// Reports throughput, p50, p99 and errors, and each scenario's throughput as a ratio of the trivial query's.
// Set DATABASE_URL=postgres://... to run the gateway on a PostgreSQL server instead (the bench then
// imports the demo shop there if that database is empty).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 32);
/** Fixed rates (requests/s) for the open-loop recommendation runs, e.g. "500,1000". */
const rates = (process.argv[4] ?? '500,1000')
  .split(',')
  .filter((r) => r !== '')
  .map(Number);
const root = new URL('..', import.meta.url).pathname;
const adminKey = `sw_${randomBytes(8).toString('hex')}_${randomBytes(24).toString('base64url')}`;

async function startGateway(database: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'apps/gateway/dist/main.js'), '--db', database], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      STOREWISE_ADMIN_KEY: adminKey,
      STOREWISE_RATE_LIMIT_POINTS: '1000000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`gateway exited with ${code} before it was ready:\n${out}`)),
    );
  });
  child.stdout!.resume();
  return { url, child };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${adminKey}`,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve(res.statusCode === 200 && !text.includes('"errors"') ? 200 : (res.statusCode ?? 0) || 599),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Result {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * Open loop at a fixed rate: request i is due at start + i / rate and sent then whatever is in flight;
 * its latency counts from when it was due, so a server that falls behind shows it (no coordinated omission).
 */
async function runAtRate(
  name: string,
  url: URL,
  rate: number,
  makeBody: (i: number) => string,
): Promise<Result> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = makeBody(i);
    inFlight.push(
      post(url, body)
        .catch(() => 599)
        .then((status) => {
          latencies.push(performance.now() - due);
          if (status !== 200) errors++;
        }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    name,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: q(0.5),
    p99: q(0.99),
    errors,
  };
}

async function run(name: string, url: URL, makeBody: (i: number) => string): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const body = makeBody(n++);
      const t0 = performance.now();
      const status = await post(url, body).catch(() => 599);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    name,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: q(0.5),
    p99: q(0.99),
    errors,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'storewise-bench-'));
const database = process.env.DATABASE_URL ?? dataDir;
const { url, child } = await startGateway(database);
const endpoint = new URL(url);
try {
  const customerQuery = JSON.stringify({
    query:
      'query ($id: String!) { customer(id: $id) { externalId events(first: 10) { edges { node { type timestamp item { sku title } } } } } }',
    variables: { id: '14078' },
  });
  const recsQuery = JSON.stringify({
    query:
      'query ($id: String!) { recommendations(customerId: $id, first: 10) { strategy items { sku title score } } }',
    variables: { id: '14078' },
  });
  const runId = randomBytes(4).toString('hex');
  const track = (i: number) =>
    JSON.stringify({
      query: 'mutation ($e: [EventInput!]!) { trackEvents(events: $e) { inserted duplicates rejected } }',
      variables: {
        e: Array.from({ length: 100 }, (_, j) => ({
          eventId: `bench-${runId}-${i}-${j}`,
          type: 'VIEW',
          customerId: `bench-${j % 50}`,
          sku: `SKU-${(i * 7 + j) % 500}`,
        })),
      },
    });
  const countEvents = async (): Promise<number> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query: '{ health { counts { events } } }' }),
    });
    return ((await res.json()) as { data: { health: { counts: { events: number } } } }).data.health.counts
      .events;
  };
  // Warm-up: JIT, connections, the database's caches.
  await run('warm-up', endpoint, () => customerQuery);
  const results = [
    await run('{ __typename }', endpoint, () => JSON.stringify({ query: '{ __typename }' })),
    await run('health { status }', endpoint, () => JSON.stringify({ query: '{ health { status } }' })),
    await run('customer + 10 events + items', endpoint, () => customerQuery),
    await run('recommendations(first: 10)', endpoint, () => recsQuery),
  ];
  for (const rate of rates) {
    results.push(await runAtRate(`recommendations(first: 10) at ${rate}/s`, endpoint, rate, () => recsQuery));
  }
  const eventsBefore = await countEvents();
  results.push(await run('trackEvents x100 (per call)', endpoint, track));
  const stored = (await countEvents()) - eventsBefore;
  const base = results[0]!.perSecond;
  console.log(
    `\ngateway on ${database.startsWith('postgres') ? 'PostgreSQL' : 'PGlite'}, ${concurrency} in flight, ${seconds} s each\n`,
  );
  console.log('| scenario | requests/s | vs trivial | p50 ms | p99 ms | errors |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / base).toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`,
    );
  }
  const tracked = results.find((r) => r.name.startsWith('trackEvents'))!;
  const sent = (tracked.requests - tracked.errors) * 100;
  console.log(`\ntrackEvents: ${(tracked.perSecond * 100).toFixed(0)} events/s in batches of 100`);
  console.log(
    `events acknowledged ${sent}, counted in the database afterwards ${stored}${sent === stored ? ' (none lost)' : ' (MISMATCH)'}`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
