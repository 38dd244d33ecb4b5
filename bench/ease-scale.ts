// `pnpm bench ease-scale [--items 10000] [--users 20000] [--per-user 30] [--threads 1] [--no-store] [--no-peer]`
//
// EASE on a large synthetic catalog: `ease.fit` (the item Gram matrix built and inverted in place in
// WebAssembly memory, B in Float32) timed with the process's peak RSS, in a child process of its own;
// then the model's bytes saved to and read back from a new PGlite directory and a fresh database on the
// local PostgreSQL server (`saveModel` / `loadModel`, which store an artifact in 16 MB parts); next to the
// NumPy/SciPy peer (bench/peers/ease_scale.py: X^T X with scipy.sparse, np.linalg.inv, the same B) on the
// same interactions in the same run. Each user picks `--per-user` items with probability falling with
// the item's index (a popularity skew), so every item is seen.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@storewise/core';
import { freshBenchDatabase } from './lib/bench-database.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const nItems = opt('items', 10_000);
const nUsers = opt('users', 20_000);
const perUser = opt('per-user', 30);
const lambda = 500;
const threads = opt('threads', 1);

const rng = createRng(3);
const users = new Int32Array(nUsers * perUser);
const items = new Int32Array(nUsers * perUser);
for (let u = 0, k = 0; u < nUsers; u++)
  for (let j = 0; j < perUser; j++, k++) {
    users[k] = u;
    items[k] = k < nItems ? k : Math.floor(nItems * rng.next() ** 2);
  }
const dir = mkdtempSync(join(tmpdir(), 'storewise-ease-'));
const usersFile = join(dir, 'users.i32');
const itemsFile = join(dir, 'items.i32');
writeFileSync(usersFile, new Uint8Array(users.buffer));
writeFileSync(itemsFile, new Uint8Array(items.buffer));

const root = new URL('..', import.meta.url).pathname;
const childCode = `
const [root, usersFile, itemsFile, nItems, lambda, store, pgUrl, pgliteDir, threads] = process.argv.slice(1);
const { readFileSync } = await import('node:fs');
const { buildInteractions, ease } = await import(root + 'packages/core/dist/index.js');
const { fitContext } = await import(root + 'packages/core/dist/plugin/fit-context.js');
const read = (f) => { const b = readFileSync(f); return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const m = buildInteractions({ users: read(usersFile), items: read(itemsFile) }, { nItems: Number(nItems) });
let t = performance.now();
const model = ease.fit(m, { lambda: Number(lambda), threads: Number(threads) }, fitContext());
const fitSeconds = (performance.now() - t) / 1000;
const fitMaxRSS = process.resourceUsage().maxRSS;
const bytes = ease.serialize(model);
const out = { fitSeconds, fitMaxRSSKB: fitMaxRSS, artifactBytes: bytes.byteLength, stores: [] };
if (store === 'yes') {
  const { openStorage } = await import(root + 'packages/storage/dist/index.js');
  for (const spec of [pgliteDir, pgUrl]) {
    if (!spec) continue;
    const s = await openStorage(spec);
    t = performance.now();
    await s.saveModel({ name: 'ease', kind: 'recommender', params: {}, metrics: {}, bytes });
    const save = (performance.now() - t) / 1000;
    t = performance.now();
    const back = await s.loadModel('ease');
    const load = (performance.now() - t) / 1000;
    await s.close();
    const same = back.bytes.byteLength === bytes.byteLength && Buffer.compare(Buffer.from(back.bytes), Buffer.from(bytes)) === 0;
    out.stores.push({ kind: s.kind, save, load, same });
  }
}
out.maxRSSKB = process.resourceUsage().maxRSS;
console.log(JSON.stringify(out));
`;

const pg = args.includes('--no-store') ? null : freshBenchDatabase('storewise_ease_bench');
if (!args.includes('--no-store') && pg === null) console.log('(no PostgreSQL server: PGlite only)');
try {
  const pgliteDir = join(dir, 'pglite');
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      childCode,
      root,
      usersFile,
      itemsFile,
      String(nItems),
      String(lambda),
      args.includes('--no-store') ? 'no' : 'yes',
      pg?.url ?? '',
      pgliteDir,
      String(threads),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) throw new Error(`storewise child failed: ${child.stderr}`);
  const ours = JSON.parse(child.stdout) as {
    fitSeconds: number;
    fitMaxRSSKB: number;
    artifactBytes: number;
    maxRSSKB: number;
    stores: { kind: string; save: number; load: number; same: boolean }[];
  };
  let peer: { seconds: number; maxRSSKB: number } | null = null;
  if (!args.includes('--no-peer')) {
    const p = spawnSync(
      '/usr/bin/python3',
      [
        new URL('./peers/ease_scale.py', import.meta.url).pathname,
        usersFile,
        itemsFile,
        String(nItems),
        String(lambda),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (p.status !== 0) throw new Error(`peer failed: ${p.stderr}`);
    peer = JSON.parse(p.stdout);
  }
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), load ${loadavg()[0]!.toFixed(1)}, node ${process.version}`,
  );
  console.log(
    `data: ${nUsers.toLocaleString('en-US')} users x ${perUser} items over ${nItems.toLocaleString('en-US')} items; lambda ${lambda}`,
  );
  console.log('| step | seconds | x peer | peak RSS (MB) |');
  console.log('|---|---:|---:|---:|');
  const ratio = (s: number) => (peer ? (s / peer.seconds).toFixed(2) : '-');
  console.log(
    `| storewise ease.fit (WebAssembly SIMD, ${threads === 2 ? 'update on 2 threads' : '1 thread'}, B in Float32) | ${ours.fitSeconds.toFixed(1)} | ${ratio(ours.fitSeconds)} | ${(ours.fitMaxRSSKB / 1024).toFixed(0)} |`,
  );
  if (peer)
    console.log(
      `| NumPy/SciPy peer: X^T X, np.linalg.inv, B (Float64) | ${peer.seconds.toFixed(1)} | 1.00 | ${(peer.maxRSSKB / 1024).toFixed(0)} |`,
    );
  console.log(`artifact: ${(ours.artifactBytes / 2 ** 20).toFixed(0)} MB`);
  for (const s of ours.stores)
    console.log(
      `| ${s.kind}: saveModel | ${s.save.toFixed(1)} | | |\n| ${s.kind}: loadModel${s.same ? '' : ' (BYTES DIFFER)'} | ${s.load.toFixed(1)} | | |`,
    );
  console.log(`peak RSS of the storewise process: ${(ours.maxRSSKB / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  pg?.drop();
}
