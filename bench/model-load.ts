// `pnpm bench model-load [--mb 57] [--runs 3] [--skip-pglite] [--skip-postgres] [--baseline <checkout>]`:
// what a serving process suffers while it stores a model (a gateway's training job) and loads one (a
// gateway swapping in a new version): the seconds of `storage.saveModel` and `storage.loadModel` for an
// artifact of `--mb` MB (57 MB by default: EASE on the full Online
// Retail file, 3,665 items) and how long its event loop was held, measured by a timer due every 5 ms (the
// longest gap past its due time, and the sum of the gaps over 20 ms). Each target in a child process of its
// own, into a new PostgreSQL database and a new PGlite directory; with --baseline, another built checkout
// (absolute path) does the same first, for before/after in one run. No peer: the numbers are this project's
// own, compared across versions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshBenchDatabase } from './lib/bench-database.js';

const args = process.argv.slice(2);
const option = (name: string): string | null => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : null;
};
const here = resolve(new URL('..', import.meta.url).pathname);
const baseline = option('--baseline') === null ? null : resolve(option('--baseline')!);
const mb = Number(option('--mb') ?? 57);
const runs = Number(option('--runs') ?? 3);

const childCode = `
const [spec, root, mb, runs] = process.argv.slice(1);
const storage = await import(root + '/packages/storage/dist/index.js');
const s = await storage.openStorage(spec);
// Bytes of every value, as model floats are (a constant would compress on a server that compresses).
const bytes = new Uint8Array(Math.round(Number(mb) * (1 << 20)));
let x = 1;
for (let i = 0; i < bytes.length; i++) { x = (x * 1103515245 + 12345) >>> 0; bytes[i] = x >>> 24; }
/** Runs work with a timer due every 5 ms: its seconds, the longest gap past due and the gaps over 20 ms summed. */
const probed = async (work) => {
  let last = performance.now(), longest = 0, held = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    const gap = now - last - 5;
    if (gap > longest) longest = gap;
    if (gap > 20) held += gap;
    last = now;
  }, 5);
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  await new Promise((done) => setTimeout(done, 20));
  clearInterval(probe);
  return { value, seconds, longest, held };
};
const out = [];
for (let r = 0; r < Number(runs); r++) {
  const save = await probed(() =>
    s.saveModel({ name: 'bench', kind: 'recommender', params: {}, metrics: {}, bytes }),
  );
  await new Promise((done) => setTimeout(done, 200));
  const load = await probed(() => s.loadModel('bench'));
  const m = load.value;
  if (m.bytes.length !== bytes.length || m.bytes[12345] !== bytes[12345]) throw new Error('bytes differ');
  out.push({ seconds: load.seconds, longest: load.longest, held: load.held, saveSeconds: save.seconds, saveLongest: save.longest, saveHeld: save.held });
  await new Promise((done) => setTimeout(done, 200));
}
await s.close();
console.log(JSON.stringify(out));
`;

interface Run {
  seconds: number;
  longest: number;
  held: number;
  saveSeconds: number;
  saveLongest: number;
  saveHeld: number;
}
const rows: { target: string; runs: Run[] }[] = [];

function measure(kind: 'postgres' | 'pglite', root: string, label: string): void {
  let spec: string;
  let cleanup: () => void;
  if (kind === 'postgres') {
    const db = freshBenchDatabase('storewise_bench_model_load');
    if (!db) {
      console.error('PostgreSQL at 127.0.0.1:5432 not reachable: its runs skipped');
      return;
    }
    spec = db.url;
    cleanup = db.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-model-load-'));
    spec = join(dir, 'db');
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', childCode, spec, root, String(mb), String(runs)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    if (r.status !== 0) throw new Error(`${label} ${kind} failed:\n${r.stderr}`);
    rows.push({ target: `${label} ${kind}`, runs: JSON.parse(r.stdout.trim().split('\n').pop()!) });
  } finally {
    cleanup();
  }
}

const kinds = (['postgres', 'pglite'] as const).filter((k) => !args.includes(`--skip-${k}`));
for (const kind of kinds) {
  if (baseline !== null) measure(kind, baseline, `baseline ${baseline}:`);
  measure(kind, here, 'this checkout:');
}

const list = (values: number[], digits: number) => values.map((v) => v.toFixed(digits)).join(', ');
console.log(
  `saveModel and loadModel of ${mb} MB, ${runs} runs each; ${cpus().length} cores (${cpus()[0]?.model}); node ${process.version}`,
);
console.log(
  '| target | save seconds | save: longest hold (ms) | save: held over 20 ms (ms) | load seconds | load: longest hold (ms) | load: held over 20 ms (ms) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const { target, runs: rs } of rows) {
  const col = (pick: (r: Run) => number, digits: number) => list(rs.map(pick), digits);
  console.log(
    `| ${target} | ${col((r) => r.saveSeconds, 2)} | ${col((r) => r.saveLongest, 0)} | ${col((r) => r.saveHeld, 0)} | ${col((r) => r.seconds, 2)} | ${col((r) => r.longest, 0)} | ${col((r) => r.held, 0)} |`,
  );
}
