// `pnpm bench propensity-store [--repeats 3] [--models gbdt,forest,logreg] [--seed 0] [--horizon 30]
//                               [--pglite <dir>] [--skip-postgres] [--skip-profiles] [--skip-train]`
//
// Purchase propensity from the store, on the full UCI Online Retail (../shared/data/online-retail-I), imported
// once (not timed) into a PGlite directory (default .storewise/bench-online-retail, shared with
// `pnpm bench customers-store`) and into the PostgreSQL database storewise_bench_propensity on 127.0.0.1:5432.
//
// 1. Customer profiles as of just after the last event (`scanCustomerProfiles`): the SQL fast path against the
//    fallback computed from the event scan, on both stores, median of --repeats after one warm-up run; both
//    paths' results are compared column by column (largest relative difference reported).
// 2. "Buys in the next N days" (`trainPurchasePropensity`, dry run: nothing stored) on PGlite: each --models
//    model on every profile feature, next to two honest baselines on the same stratified 25% holdout:
//    logistic regression on recency alone, and on recency, frequency and monetary value (RFM).
// Results are written up in docs/benchmarks/propensity.md.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { importFile, latestEventAsOf, trainPurchasePropensity } from '@storewise/engine';
import {
  type CustomerProfileBatch,
  openStorage,
  PROFILE_COLUMNS,
  type Storage,
  scanCustomerProfiles,
} from '@storewise/storage';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const repeats = Number(opt('repeats', '3'));
const seed = Number(opt('seed', '0'));
const horizonDays = Number(opt('horizon', '30'));
const models = opt('models', 'gbdt,forest,logreg').split(',');
const retail = join(root, '..', 'shared', 'data', 'online-retail-I', 'online_retail.csv.gz');
const pgliteDir = opt('pglite', join(root, '.storewise', 'bench-online-retail'));
const pgDatabase = 'storewise_bench_propensity';
const pgUrl = `postgres://postgres@127.0.0.1:5432/${pgDatabase}`;
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`,
);

function psql(command: string): { ok: boolean; out: string } {
  const r = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-tAc', command], {
    encoding: 'utf8',
  });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim() };
}

/** Opens the store, importing Online Retail first when it is empty. */
async function openImported(spec: string): Promise<Storage> {
  const storage = await openStorage(spec);
  if ((await storage.counts()).events === 0) {
    console.log(`importing ${retail} into ${storage.kind} (once; not timed) ...`);
    const summary = await importFile(storage, retail, { format: 'online-retail' });
    console.log(`imported: ${summary.accepted} events, ${summary.customers} customers`);
  }
  return storage;
}

/** The same storage without its bulk fast paths: `scanCustomerProfiles` then computes from the event scan. */
function withoutBulk(storage: Storage): Storage {
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === 'bulk') return {};
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function readProfiles(storage: Storage, asOf: Date): Promise<CustomerProfileBatch[]> {
  const out: CustomerProfileBatch[] = [];
  for await (const b of scanCustomerProfiles(storage, { asOf })) out.push(b);
  return out;
}

async function timeProfiles(storage: Storage, asOf: Date) {
  let result: CustomerProfileBatch[] = [];
  const times: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    result = await readProfiles(storage, asOf);
    if (r > 0) times.push((performance.now() - t0) / 1000); // the first run warms caches and the JIT
  }
  return { seconds: median(times), result };
}

/** The largest relative difference between two scans' columns (NaN where both are NaN counts as equal). */
function largestDifference(a: CustomerProfileBatch[], b: CustomerProfileBatch[]): number {
  const flat = (
    batches: CustomerProfileBatch[],
    column: (typeof PROFILE_COLUMNS)[number] | 'categoryShare',
  ) => batches.flatMap((x) => Array.from(x[column]));
  let worst = 0;
  for (const column of [...PROFILE_COLUMNS, 'categoryShare'] as const) {
    const x = flat(a, column);
    const y = flat(b, column);
    if (x.length !== y.length) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(x[i]!) && Number.isNaN(y[i]!)) continue;
      const d = Math.abs(x[i]! - y[i]!) / Math.max(1e-12, Math.abs(x[i]!), Math.abs(y[i]!));
      worst = Math.max(worst, Number.isNaN(d) ? Number.POSITIVE_INFINITY : d);
    }
  }
  return worst;
}

const stores: [string, string][] = [['PGlite', pgliteDir]];
if (!args.includes('--skip-postgres')) {
  const exists = psql(`SELECT 1 FROM pg_database WHERE datname = '${pgDatabase}'`);
  if (!exists.ok) console.log(`(PostgreSQL unavailable: ${exists.out.split('\n').pop()})`);
  else {
    if (exists.out !== '1' && !psql(`CREATE DATABASE ${pgDatabase}`).ok)
      throw new Error('cannot create the database');
    stores.push(['PostgreSQL', pgUrl]);
  }
}

const profileRows: string[] = [];
let pglite: Storage | undefined;
for (const [name, spec] of stores) {
  const storage = await openImported(spec);
  if (args.includes('--skip-profiles')) {
    if (name === 'PGlite') pglite = storage;
    else await storage.close();
    continue;
  }
  const asOf = await latestEventAsOf(storage);
  const sql = await timeProfiles(storage, asOf);
  const fallback = await timeProfiles(withoutBulk(storage), asOf);
  const customers = sql.result.reduce((s, b) => s + b.length, 0);
  const diff = largestDifference(sql.result, fallback.result);
  profileRows.push(
    `| ${name} | ${customers} | ${ms(sql.seconds)} | ${ms(fallback.seconds)} | ${(fallback.seconds / sql.seconds).toFixed(1)}x | ${diff.toExponential(1)} |`,
  );
  if (name === 'PGlite') pglite = storage;
  else await storage.close();
}
if (profileRows.length > 0) {
  console.log(`\nprofiles as of just after the last event (median of ${repeats}):`);
  console.log(
    '| store | customers | SQL (fast path) | fallback (event scan) | fallback / SQL | largest rel. diff |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of profileRows) console.log(row);
}

const runs: [string, { model: string; features?: string[] }][] = args.includes('--skip-train')
  ? []
  : [
      ...models.map((m): [string, { model: string }] => [`${m}, all features`, { model: m }]),
      ['logreg, recency only (baseline)', { model: 'logreg', features: ['recencyDays'] }],
      ['logreg, RFM (baseline)', { model: 'logreg', features: ['recencyDays', 'frequency', 'monetary'] }],
    ];
if (runs.length > 0) {
  console.log(`\nbuys within ${horizonDays} days (PGlite store, seed ${seed}, 25% stratified holdout):`);
  console.log(
    '| model | holdout ROC AUC | PR AUC | log loss | Brier | top-decile lift | fit s (all rows) | total s |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
}
for (const [label, run] of runs) {
  const t0 = performance.now();
  const r = await trainPurchasePropensity(pglite!, { ...run, horizonDays, seed, dryRun: true });
  const total = (performance.now() - t0) / 1000;
  const h = r.holdout;
  if (label === runs[0]![0])
    console.error(
      `population at ${r.cutoff.toISOString()}: ${r.population.customers} customers, ${r.population.positives} bought by ${r.asOf.toISOString()}; holdout ${h.customers} (${h.positives} buyers)`,
    );
  console.log(
    `| ${label} | ${h.rocAuc.toFixed(4)} | ${h.prAuc.toFixed(4)} | ${h.logLoss.toFixed(4)} | ${h.brier.toFixed(4)} | ${h.liftTopDecile.toFixed(2)} | ${r.fitSeconds.toFixed(2)} | ${total.toFixed(1)} |`,
  );
}
await pglite!.close();
console.log(`load at the end: ${loadavg()[0]!.toFixed(1)}`);
