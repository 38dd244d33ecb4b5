// `pnpm bench express-gc [--rate 1000] [--seconds 20]`: why the gateway's /graphql endpoint is an Express
// router called by the HTTP server rather than routes on an Express application. The same Apollo Server 5
// (a one-field schema) behind the gateway's own /graphql router (apps/gateway/src/server/graphql-route.ts:
// cors, express.json, no-store, its Apollo handler), in a child process each, at a fixed paced rate
// (bench/lib/paced-load.ts, 3 s warm-up): once mounted on `express()` (whose `app.handle` gives every request Express's prototypes
// with `Object.setPrototypeOf`), once as `express.Router()` called by `http.createServer` directly. The
// child counts its garbage collections (PerformanceObserver 'gc', from the end of the warm-up).
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pacedLoad } from './lib/paced-load.js';

const { values: flags } = parseArgs({
  options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '20' } },
});
const rate = Number(flags.rate);
const seconds = Number(flags.seconds);
if (!(rate > 0) || !(seconds > 0)) throw new Error('--rate and --seconds take positive numbers');
const root = new URL('..', import.meta.url).pathname;

const CHILD = `const req = require('node:module').createRequire(process.argv[1]);
const { ApolloServer } = req('@apollo/server');
const express = req('express'); const http = require('node:http');
const { PerformanceObserver, constants } = require('node:perf_hooks');
const gcs = { major: 0, minor: 0, ms: 0 };
let counting = false;
new PerformanceObserver((list) => { if (!counting) return; for (const e of list.getEntries()) {
  gcs.ms += e.duration; if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++; else gcs.minor++; } })
  .observe({ entryTypes: ['gc'] });
(async () => {
  // The gateway's own /graphql router (cors, express.json, no-store, its Apollo handler).
  const { graphqlRouter } = await import(require('node:url').pathToFileURL(process.argv[3]).href);
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'hi' } } });
  await server.start();
  const router = graphqlRouter(server, { corsOrigins: [], bodyLimitBytes: 1e6, context: async () => ({}) });
  let handler;
  if (process.argv[2] === 'app') { const app = express(); app.set('etag', false); app.use(router); handler = app; }
  else handler = (rq, rs) => router(rq, rs, () => { rs.statusCode = 404; rs.end(); });
  const s = http.createServer(handler);
  s.listen(0, '127.0.0.1', () => console.log('ready at http://127.0.0.1:' + s.address().port + '/graphql'));
  process.on('message', (m) => { if (m === 'count') counting = true; else process.send(gcs); });
})();`;

async function start(variant: string): Promise<{ url: string; child: ChildProcess }> {
  const route = join(root, 'apps/gateway/dist/server/graphql-route.js');
  const child = spawn(
    process.execPath,
    ['-e', CHILD, join(root, 'apps/gateway/package.json'), variant, route],
    {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /ready at (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the ${variant} server exited with ${code}`)));
  });
  return { url, child };
}

const body = () => '{"query":"{ hello }"}';
console.log(
  `## \`pnpm bench express-gc --rate ${rate} --seconds ${seconds}\`\n\n${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
    `Node ${process.version}; load average at start ${loadavg()[0]!.toFixed(2)}. \`{ hello }\` at ${rate}/s, paced, 3 s warm-up.\n`,
);
console.log('| /graphql served by | p50 ms | p99 ms | max ms | errors | major GCs | minor GCs | ms in GC |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [variant, label] of [
  ['app', 'an Express application (`app.use(router)`)'],
  ['router', 'the Express router, called by the HTTP server'],
] as const) {
  const { url, child } = await start(variant);
  try {
    await pacedLoad({
      url,
      headers: { 'content-type': 'application/json' },
      rate,
      seconds: 3,
      connections: 64,
      body,
    });
    child.send('count');
    const r = await pacedLoad({
      url,
      headers: { 'content-type': 'application/json' },
      rate,
      seconds,
      connections: 64,
      body,
      check: (_status, text) => !text.includes('"errors"'),
    });
    const gcs = await new Promise<{ major: number; minor: number; ms: number }>((resolve) => {
      child.once('message', (m) => resolve(m as { major: number; minor: number; ms: number }));
      child.send('report');
    });
    console.log(
      `| ${label} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.errors} | ${gcs.major} | ${gcs.minor} | ${gcs.ms.toFixed(0)} |`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}
console.log(`\nLoad average at the end: ${loadavg()[0]!.toFixed(2)}.`);
