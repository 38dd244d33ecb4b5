// `pnpm bench customers-store [--repeats N] [--db <pglite dir>] [--retail <online_retail.csv.gz>] [--python <exe>] [--no-peer]`
//
// Customer analytics from the embedded store: UCI Online Retail (../shared/data/online-retail-I) imported once into
// a PGlite directory (default .storewise/bench-online-retail, imported here when missing, not timed), then
// `customerAnalytics` (read orders with scanOrders, day-level profiles, RFM + segments, k-means with k by
// silhouette, BG/NBD + Gamma-Gamma + CLV) timed over --repeats runs; `storeCustomerScores` and
// `storeSegmentMemberships` timed once.
// The peer bench/peers/customers_store.py does the same analysis with pandas / scikit-learn / SciPy from the CSV.
// Results are written up in docs/benchmarks/customers.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  customerAnalytics,
  importFile,
  storeCustomerScores,
  storeSegmentMemberships,
} from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const repeats = Number(opt('repeats', '5'));
const python = opt('python', process.env.PYTHON ?? '/usr/bin/python3');
const retail = opt('retail', join(root, '..', 'shared', 'data', 'online-retail-I', 'online_retail.csv.gz'));
const dbDir = opt('db', join(root, '.storewise', 'bench-online-retail'));
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`,
);
if (!existsSync(dbDir)) {
  console.log(`importing ${retail} into ${dbDir} (once; not timed) ...`);
  const storage = await openStorage(dbDir);
  const summary = await importFile(storage, retail, { format: 'online-retail' });
  console.log(`imported: ${summary.accepted} events, ${summary.customers} customers`);
  await storage.close();
}
const storage = await openStorage(dbDir);
const counts = await storage.counts();
console.log(`store: ${dbDir} (${storage.kind}): ${counts.customers} customers, ${counts.events} events`);

const times: number[] = [];
let last: Awaited<ReturnType<typeof customerAnalytics>> | undefined;
for (let r = 0; r < repeats + 1; r++) {
  const t0 = performance.now();
  last = await customerAnalytics(storage, { horizonDays: 90 });
  const s = (performance.now() - t0) / 1000;
  if (r > 0) times.push(s); // the first run warms up the JIT and PGlite's caches
}
const a = last!;
const t0 = performance.now();
const written = await storeCustomerScores(storage, a);
const storeS = (performance.now() - t0) / 1000;
const t1 = performance.now();
const refreshed = await storeSegmentMemberships(storage, a);
const membersS = (performance.now() - t1) / 1000;
await storage.close();

const life = a.lifetime;
console.log(
  `customers with orders: ${a.customerIds.length}; clusters: k = ${a.clusters?.k} (silhouette ${a.clusters?.silhouette.toFixed(3)}); ` +
    `BG/NBD ${life.fitted ? `r ${life.bgnbd!.params.r.toFixed(4)} alpha ${life.bgnbd!.params.alpha.toFixed(3)} a ${life.bgnbd!.params.a.toFixed(4)} b ${life.bgnbd!.params.b.toFixed(3)}` : life.reason}`,
);
for (const row of a.rfm.report)
  console.log(
    `  ${row.name.padEnd(20)} ${String(row.customers).padStart(5)}  ${(100 * row.revenueShare).toFixed(1)}% of revenue`,
  );

let peer: { total_s: number; read_s: number; customers: number; k: number } | undefined;
if (!args.includes('--no-peer')) {
  const res = spawnSync(python, [join(root, 'bench', 'peers', 'customers_store.py'), retail], {
    cwd: join(root, 'bench', 'peers'),
    encoding: 'utf8',
  });
  if (res.status === 0) peer = JSON.parse(res.stdout.trim().split('\n').pop()!);
  else console.log(`(python peer unavailable: ${res.error?.message ?? res.stderr.trim().split('\n').pop()})`);
}

const analysis = median(times);
console.log(`\n| step | storewise (PGlite store) | pandas/sklearn/SciPy (CSV) | ratio |`);
console.log('|---|---|---|---|');
console.log(
  `| profiles + RFM + clusters + CLV (median of ${repeats}) | ${ms(analysis)} | ${peer ? ms(peer.total_s) : 'n/a'} | ${peer ? (analysis / peer.total_s).toFixed(2) : 'n/a'} |`,
);
console.log(`| store ${written} scores | ${ms(storeS)} | | |`);
console.log(
  `| refresh ${refreshed.length} RFM + cluster segments (memberships + snapshot) | ${ms(membersS)} | | |`,
);
if (peer)
  console.log(
    `peer: ${peer.customers} customers, k = ${peer.k}; reading the CSV took ${ms(peer.read_s)} more`,
  );
console.log(
  `target: under 5 s -> ${analysis < 5 ? 'met' : 'NOT met'} (runs: ${times.map((t) => t.toFixed(2)).join(', ')} s)`,
);
