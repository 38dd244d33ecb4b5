// `pnpm bench train-auto [--baseline <checkout>] [--runs 2]`: what `model: 'auto'` costs, each run a
// process of its own under `/usr/bin/time` (wall seconds, CPU seconds of all its threads, peak RSS): a first start of the
// gateway on a new PGlite directory (`node apps/gateway/dist/main.js --db <dir>`, what `pnpm start` runs
// after building: imports the demo shop, trains auto, scores customers; seconds until it prints "Press
// Ctrl+C to stop"), `storewise train recs --db <dir>` (auto on the calling thread) on the demo shop and on
// the full UCI Online Retail file, and the gateway's train job (`trainRecommender` with `model: 'auto'`,
// `offThread: true`, as apps/gateway/src/jobs/training-jobs.ts calls it) on both. Each training gets a
// fresh copy of a database this checkout prepared once (`storewise demo`, `storewise import`). With
// --baseline, another built checkout (absolute path) runs the same measurements, the two alternating.
// No peer: the project's own numbers, before and after.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : null);
const here = resolve(new URL('..', import.meta.url).pathname);
const baseline = option('--baseline') === null ? null : resolve(option('--baseline')!);
const runs = Number(option('--runs') ?? 2);
const retailFile = join(here, '../shared/data/online-retail-I/online_retail.csv.gz');
const work = mkdtempSync(join(tmpdir(), 'storewise-train-auto-'));
const TIME = ['-f', '%e s %U user %S sys %M KB'];

/** The gateway's train job (training-jobs.ts): auto off the thread, saved; prints what it chose and recorded. */
const jobCode = `
const [root, spec] = process.argv.slice(1);
const { openStorage } = await import(root + '/packages/storage/dist/index.js');
const { trainRecommender } = await import(root + '/packages/engine/dist/index.js');
const s = await openStorage(spec);
const r = await trainRecommender(s, { model: 'auto', name: 'recs', offThread: true });
await s.close();
console.log(JSON.stringify({ model: r.recommender.plugin.name, metrics: r.metrics }));
`;

interface Row {
  what: string;
  checkout: string;
  seconds: number;
  /** User and system CPU seconds of the whole process (every thread): less moved by other work than wall time. */
  cpu: number;
  peakMB: number;
  note: string;
}
const rows: Row[] = [];

/** `/usr/bin/time` written to `timeFile`: wall and CPU seconds, and peak RSS in MB. */
function timed(timeFile: string): { seconds: number; cpu: number; peakMB: number } {
  const m = /([\d.]+) s ([\d.]+) user ([\d.]+) sys (\d+) KB/.exec(readFileSync(timeFile, 'utf8'));
  if (!m) throw new Error(`no /usr/bin/time output in ${timeFile}`);
  return { seconds: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), peakMB: Number(m[4]) / 1024 };
}

/** The auto choice a run printed (JSON with model and metrics): the chosen model and each candidate's NDCG. */
function choice(out: { model: string; metrics: Record<string, number> }): string {
  const tried = Object.keys(out.metrics).filter((k) => /^auto\..*\.ndcg$/.test(k));
  return `${out.model}; ${tried.map((k) => `${k.slice(5, -5)} ${out.metrics[k]!.toFixed(4)}`).join(', ')}`;
}

/** One command under /usr/bin/time with a fresh copy of `db` (null: none) as its last argument. */
function trainRun(what: string, root: string, command: string[], db: string): void {
  const copy = join(work, 'copy');
  rmSync(copy, { recursive: true, force: true });
  cpSync(db, copy, { recursive: true });
  const timeFile = join(work, 'time');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, ...TIME, ...command, copy], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${what} with ${root} failed:\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  rows.push({ what, checkout: root, ...timed(timeFile), note: choice(out) });
  rmSync(copy, { recursive: true, force: true });
}

/** A first start on a new directory: seconds until ready, then SIGINT; peak RSS of the whole process. */
async function firstStart(root: string): Promise<void> {
  const db = join(work, 'first-start');
  rmSync(db, { recursive: true, force: true });
  const timeFile = join(work, 'time');
  const started = performance.now();
  // GNU time ignores SIGINT while it waits: the group's SIGINT stops the gateway, and time reports.
  const child = spawn(
    '/usr/bin/time',
    ['-o', timeFile, ...TIME, 'node', 'apps/gateway/dist/main.js', '--db', db],
    {
      cwd: root,
      detached: true,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STOREWISE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let ready = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (ready === 0 && out.includes('Press Ctrl+C to stop.')) {
      ready = (performance.now() - started) / 1000;
      process.kill(-child.pid!, 'SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (ready === 0) throw new Error(`the first start with ${root} ended (code ${code}) before ready:\n${out}`);
  const trained = /Trained (\S+) on .*NDCG@10 ([\d.]+)/.exec(out);
  const { cpu, peakMB } = timed(timeFile);
  rows.push({
    what: 'first start (demo shop), seconds to ready (CPU: the whole process, to its exit)',
    checkout: root,
    seconds: ready,
    cpu,
    peakMB,
    note: trained ? `${trained[1]}; NDCG@10 ${trained[2]}` : '',
  });
  rmSync(db, { recursive: true, force: true });
}

if (!existsSync(retailFile)) {
  console.error(`${retailFile} not found: see ../shared/data/README.md`);
  process.exit(1);
}
const cli = (root: string) => [join(root, 'packages/cli/dist/bin.js')];
const demoDb = join(work, 'demo');
const retailDb = join(work, 'retail');
for (const command of [
  ['demo', '--db', demoDb],
  ['import', retailFile, '--format', 'online-retail', '--db', retailDb],
]) {
  const r = spawnSync('node', [...cli(here), ...command], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`storewise ${command[0]} failed:\n${r.stderr}`);
}
try {
  for (let run = 0; run < runs; run++) {
    // Baseline first in even runs, this checkout first in odd ones: a load that changes during the
    // run does not favour either.
    const order = baseline === null ? [here] : run % 2 === 0 ? [baseline, here] : [here, baseline];
    for (const root of order) {
      await firstStart(root);
      for (const [shop, db] of [
        ['demo shop', demoDb],
        ['Online Retail', retailDb],
      ] as const) {
        trainRun(
          `storewise train recs --json, ${shop}`,
          root,
          ['node', ...cli(root), 'train', 'recs', '--json', '--db'],
          db,
        );
        trainRun(
          `train job (auto, offThread), ${shop}`,
          root,
          ['node', '--input-type=module', '-e', jobCode, root],
          db,
        );
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`${cpus().length} cores (${cpus()[0]?.model}); node ${process.version}; ${runs} runs`);
console.log('| what | checkout | seconds | CPU seconds | peak RSS (MB) | chosen; auto.<model>.ndcg |');
console.log('|---|---|---:|---:|---:|---|');
for (const r of rows.sort((a, b) => a.what.localeCompare(b.what) || a.checkout.localeCompare(b.checkout)))
  console.log(
    `| ${r.what} | ${r.checkout} | ${r.seconds.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.peakMB.toFixed(0)} | ${r.note} |`,
  );
