// The processes `bench/gateway.ts` measures (the gateway, a bare node:http server, a bare Apollo Server 5),
// and reading the gateway's own /metrics (CPU, memory) while it runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export interface Gateway {
  url: string;
  child: ChildProcess;
}

export interface GatewayOptions {
  /** Node flags for the gateway process only. */
  nodeFlags?: string[];
  /** A file that receives what the gateway prints on stdout (appended). */
  output?: string;
}

export async function startGateway(
  root: string,
  database: string,
  adminKey: string,
  options: GatewayOptions = {},
): Promise<Gateway> {
  const script = join(root, 'apps/gateway/dist/main.js');
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), script, '--db', database], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      STOREWISE_ADMIN_KEY: adminKey,
      STOREWISE_RATE_LIMIT_POINTS: '1000000000',
      STOREWISE_LOG_LEVEL: 'warn',
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
  if (options.output) child.stdout!.pipe(createWriteStream(options.output, { flags: 'a' }));
  else child.stdout!.resume();
  return { url, child };
}

/** The machine's floor: a bare node:http server in a child process answering every POST with `{"data":{}}`. */
export async function startBareServer(): Promise<Gateway> {
  const code = `const s = require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('{"data":{}}')); });
s.listen(0, '127.0.0.1', () => console.log('ready at http://127.0.0.1:' + s.address().port + '/'));
process.on('SIGTERM', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /ready at (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return { url, child };
}

/**
 * The peer: a bare Apollo Server 5 (its standalone server, a one-field schema), from the gateway's own
 * dependencies, in a child process.
 */
export async function startBareApollo(root: string): Promise<Gateway> {
  const code = `const req = require('node:module').createRequire(process.argv[1]);
const { ApolloServer } = req('@apollo/server');
const { startStandaloneServer } = req('@apollo/server/standalone');
const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'hi' } } });
startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } }).then(({ url }) => console.log('ready at ' + url));
process.on('SIGTERM', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', code, join(root, 'apps/gateway/package.json')], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /ready at (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bare Apollo server exited with ${code}`)));
  });
  return { url, child };
}

export async function stopGateway(gw: Gateway): Promise<void> {
  const exited = new Promise((resolve) => gw.child.once('exit', resolve));
  gw.child.kill('SIGTERM');
  await exited;
}

export interface Sample {
  at: number;
  rssMB: number;
  heapMB: number;
}

/**
 * The gateway's own Prometheus metrics (process metrics by prom-client), read by name with its labels as
 * exposed, e.g. `nodejs_gc_duration_seconds_count{kind="major"}`.
 */
export async function metrics(url: string): Promise<(name: string) => number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  return (name) => {
    const escaped = name.replace(/[{}()[\]\\.*+?^$|]/g, '\\$&');
    const m = new RegExp(`^storewise_${escaped} (\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`/metrics has no storewise_${name}`);
    return Number(m[1]);
  };
}

export async function memory(url: string): Promise<Sample> {
  const metric = await metrics(url);
  return {
    at: performance.now() / 1000,
    rssMB: metric('process_resident_memory_bytes') / 2 ** 20,
    heapMB: metric('nodejs_heap_size_used_bytes') / 2 ** 20,
  };
}

/** Least-squares slope of y over time, per minute. */
export function slopePerMinute(samples: Sample[], y: (s: Sample) => number): number {
  const n = samples.length;
  const mt = samples.reduce((s, p) => s + p.at, 0) / n;
  const my = samples.reduce((s, p) => s + y(p), 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.at - mt) * (y(p) - my);
    den += (p.at - mt) ** 2;
  }
  return den > 0 ? (num / den) * 60 : 0;
}
