// `pnpm bench store-reads [--skip-pglite] [--skip-postgres] [--baseline <checkout>]`: what a shop developer
// runs after importing the full UCI Online Retail file, each step timed in a child process of its own
// (open excluded; peak RSS of the child): the shop report (`storewise info`), one scan of every interaction
// (what training reads), `trainRecommender` with item-kNN and with ALS (read, fit and save), and loading
// the saved model. Into a new PostgreSQL database and a new PGlite directory, each imported first by the
// checkout that then reads it. With --baseline, another built checkout (absolute path) does the same on
// databases of its own, first, for before/after in one run. There is no peer for these: the numbers are
// this project's own, compared across versions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshBenchDatabase } from './lib/bench-database.js';

const args = process.argv.slice(2);
const here = resolve(new URL('..', import.meta.url).pathname);
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt >= 0 ? resolve(args[baselineAt + 1]!) : null;
const file = join(here, '../shared/data/online-retail-I/online_retail.csv.gz');
const server = 'postgres://postgres@127.0.0.1:5432';

const STEPS = ['shop report', 'scan interactions', 'train item-knn', 'train als', 'load model'] as const;
type Step = (typeof STEPS)[number];

/** One step in a child process with the checkout at `root`: prints its seconds (after the open) and peak. */
const childCode = `
const [step, spec, root, file] = process.argv.slice(1);
const storage = await import(root + '/packages/storage/dist/index.js');
const engine = await import(root + '/packages/engine/dist/index.js');
const s = await storage.openStorage(spec);
const started = performance.now();
let note = '';
if (step === 'import') {
  const r = await engine.importFile(s, file, { format: 'online-retail' });
  note = r.accepted + ' events';
} else if (step === 'shop report') {
  const r = await engine.buildShopReport(s);
  note = 'top item ' + r.topItems[0].sku + ' ' + r.topItems[0].units + ' units; ' + r.topCountries[0].country + ' revenue ' + r.topCountries[0].revenue;
} else if (step === 'scan interactions') {
  let n = 0;
  for await (const b of storage.scanInteractions(s, { weights: engine.DEFAULT_EVENT_WEIGHTS })) n += b.length;
  note = n + ' interactions';
} else if (step.startsWith('train ')) {
  const r = await engine.trainRecommender(s, { model: step.slice(6) });
  note = r.events + ' events on ' + r.pairs + ' customer-item pairs, fit ' + r.fitSeconds.toFixed(2) + ' s';
} else if (step === 'load model') {
  const m = await s.loadModel('recs');
  note = (m.sizeBytes / 1e6).toFixed(1) + ' MB';
}
const seconds = (performance.now() - started) / 1000;
await s.close();
console.log(JSON.stringify({ seconds, note, maxRSSKB: process.resourceUsage().maxRSS }));
`;

interface Row {
  target: string;
  step: Step;
  seconds: number;
  peakMB: number;
  note: string;
}
const rows: Row[] = [];

function run(
  step: Step | 'import',
  spec: string,
  root: string,
): { seconds: number; peakMB: number; note: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', childCode, step, spec, root, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${step} on ${spec} with ${root} failed:\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { seconds: out.seconds, peakMB: out.maxRSSKB / 1024, note: out.note };
}

/** Imports into a new database of `kind` with the checkout at `root`, then runs every step on it. */
function measure(kind: 'postgres' | 'pglite', root: string, label: string): void {
  let spec: string;
  let cleanup: () => void;
  if (kind === 'postgres') {
    const db = freshBenchDatabase('storewise_bench_reads');
    if (!db) {
      console.error(`PostgreSQL at ${server} not reachable: its runs skipped`);
      return;
    }
    spec = db.url;
    cleanup = db.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-reads-'));
    spec = join(dir, 'db');
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    const imported = run('import', spec, root);
    console.error(`${label} ${kind}: imported ${imported.note} in ${imported.seconds.toFixed(2)} s`);
    for (const step of STEPS) rows.push({ target: `${label} ${kind}`, step, ...run(step, spec, root) });
  } finally {
    cleanup();
  }
}

if (!existsSync(file)) {
  console.error(`${file} not found: see ../shared/data/README.md`);
  process.exit(1);
}
const kinds = (['postgres', 'pglite'] as const).filter((k) => !args.includes(`--skip-${k}`));
for (const kind of kinds) {
  if (baseline !== null) measure(kind, baseline, `baseline ${baseline}:`);
  measure(kind, here, 'this checkout:');
}

console.log(`file: ${file}; ${cpus().length} cores (${cpus()[0]?.model}); node ${process.version}`);
console.log('| target | step | seconds | peak RSS (MB) | note |');
console.log('|---|---|---:|---:|---|');
for (const r of rows)
  console.log(`| ${r.target} | ${r.step} | ${r.seconds.toFixed(2)} | ${r.peakMB.toFixed(0)} | ${r.note} |`);
