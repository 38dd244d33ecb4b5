// `pnpm bench linalg [--n 1682] [--users 943] [--density 0.063] [--block 64] [--no-scalar] [--no-peer]`
// (storewise runs on one thread and with the update on two)
//
// The dense SPD inverse that EASE needs (the item Gram matrix X^T X + lambda I of a 0/1 interaction matrix,
// by default the size of MovieLens 100K: 1,682 items, 943 users, 6.3% density), timed for
// `invertSpd` from @storewise/core (WebAssembly SIMD, in place; `--block` sets its sweep's block size) and
// its TypeScript fallback (left out with `--no-scalar`: it takes minutes past n = 4,000) next to NumPy's
// `np.linalg.inv` (LU) and SciPy's LAPACK potrf + potri (Cholesky, the same n^3 flops as ours) on the same
// matrix in the same run (bench/peers/linalg.py). The residual max |A A^-1 - I| on a few rows checks each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRng,
  invertSpd,
  invertSpdScalar,
  linalgWasmAvailable,
  SWEEP_BLOCK,
  spdWorkspace,
} from '@storewise/core';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const n = opt('n', 1682);
const users = opt('users', 943);
const density = opt('density', 0.063);
const lambda = 500;
const block = opt('block', SWEEP_BLOCK);

const rng = createRng(1);
const x = new Float64Array(users * n);
for (let k = 0; k < x.length; k++) x[k] = rng.next() < density ? 1 : 0;
const gram = new Float64Array(n * n);
for (let u = 0; u < users; u++) {
  const row = u * n;
  for (let i = 0; i < n; i++) {
    if (x[row + i] === 0) continue;
    const gi = i * n;
    for (let j = 0; j < n; j++) gram[gi + j] = gram[gi + j]! + x[row + j]!;
  }
}
for (let i = 0; i < n; i++) gram[i * n + i] = gram[i * n + i]! + lambda;

function residual(a: Float64Array, inv: Float64Array): number {
  let worst = 0;
  for (const i of [0, Math.floor(n / 2), n - 1]) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

const time = (f: (a: Float64Array, n: number) => Float64Array): [number, Float64Array] => {
  const started = performance.now();
  const out = f(gram, n);
  return [(performance.now() - started) / 1000, out];
};
/** invertSpd with the chosen block: the copy into WebAssembly memory, the sweeps, no copy out. */
const invertBlocked =
  (threads: number) =>
  (a: Float64Array, size: number): Float64Array => {
    const workspace = spdWorkspace(size, block, threads);
    if (!workspace) return invertSpd(a, size);
    workspace.matrix.set(a);
    workspace.invert();
    return workspace.matrix;
  };
const [seconds, inv] = time(invertBlocked(1));
const [seconds2, inv2] = time(invertBlocked(2));
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), load ${loadavg()[0]!.toFixed(1)}, node ${process.version}`,
);
console.log(`matrix: ${n} x ${n} Gram of ${users} users at density ${density}, + ${lambda} I`);
const rows: [string, number, number][] = [
  [
    `storewise invertSpd (${linalgWasmAvailable() ? `WebAssembly SIMD, block ${block}` : 'TypeScript'})`,
    seconds,
    residual(gram, inv),
  ],
  [`storewise invertSpd, the update on 2 threads (spdWorkspace threads 2)`, seconds2, residual(gram, inv2)],
];
if (!args.includes('--no-scalar')) {
  const [scalarSeconds, scalarInv] = time(invertSpdScalar);
  rows.push(['storewise invertSpdScalar (TypeScript)', scalarSeconds, residual(gram, scalarInv)]);
}

if (!args.includes('--no-peer')) {
  const dir = mkdtempSync(join(tmpdir(), 'storewise-linalg-'));
  try {
    const file = join(dir, 'gram.f64');
    writeFileSync(file, new Uint8Array(gram.buffer));
    const peer = spawnSync(
      '/usr/bin/python3',
      [new URL('./peers/linalg.py', import.meta.url).pathname, file, String(n)],
      {
        encoding: 'utf8',
      },
    );
    if (peer.status !== 0) throw new Error(`peer failed: ${peer.stderr}`);
    const out = JSON.parse(peer.stdout) as {
      threads: string;
      results: { name: string; seconds: number; residual: number }[];
    };
    for (const r of out.results) rows.push([`${r.name} (${out.threads})`, r.seconds, r.residual]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log('| implementation | seconds | x storewise | max residual |');
console.log('|---|---:|---:|---:|');
for (const [name, s, r] of rows)
  console.log(`| ${name} | ${s.toFixed(2)} | ${(s / seconds).toFixed(2)} | ${r.toExponential(1)} |`);
