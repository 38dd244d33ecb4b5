// `pnpm bench forecast-core [--series 4000] [--length 53] [--horizon 13] [--season 52] [--repeats 3]`
//
// forecastSeries from @storewise/core on synthetic weekly demand the size of UCI Online Retail's item
// series (~4,000 stock codes x 53 weeks): (a) intermittent series (demand in a week with probability 0.1..0.6,
// size 1 + Poisson-like, so Croston/SBA/TSB/naive are scored on the rolling-origin holdout), (b) smooth
// series (level 20..200 with noise, so SES/damped Holt/naive are). seasonLength 52 is passed as the engine
// would, so seasonal-naive and Holt-Winters are left out for lack of data. Prints the time per pass (best of
// --repeats after one warm-up pass; and the best process CPU time, user + system, less disturbed by other
// load on a shared machine though it counts the garbage collector's threads) and the methods chosen.
import { cpus, loadavg } from 'node:os';
import { createRng, type ForecastMethod, forecastSeries } from '@storewise/core';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const count = arg('series', 4000);
const length = arg('length', 53);
const horizon = arg('horizon', 13);
const season = arg('season', 52);
const repeats = arg('repeats', 3);

const rng = createRng(42);
function poissonish(mean: number): number {
  // Knuth's method: small means only.
  const l = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}
const intermittent: Float64Array[] = [];
const smooth: Float64Array[] = [];
for (let s = 0; s < count; s++) {
  const p = 0.1 + 0.5 * rng.next();
  const size = 1 + 6 * rng.next();
  intermittent.push(Float64Array.from({ length }, () => (rng.next() < p ? 1 + poissonish(size) : 0)));
  const level = 20 + 180 * rng.next();
  smooth.push(
    Float64Array.from({ length }, () => Math.max(0, level * (1 + 0.2 * (rng.next() + rng.next() - 1)))),
  );
}

function pass(series: Float64Array[]): { ms: number; cpuMs: number; chosen: Map<ForecastMethod, number> } {
  const chosen = new Map<ForecastMethod, number>();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const y of series) {
    const r = forecastSeries(y, { horizon, seasonLength: season });
    chosen.set(r.method, (chosen.get(r.method) ?? 0) + 1);
  }
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, chosen };
}

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(`${count} series x ${length} periods, horizon ${horizon}, seasonLength ${season}, one thread`);
for (const [name, series] of [
  ['intermittent', intermittent],
  ['smooth', smooth],
] as const) {
  pass(series.slice(0, Math.min(200, series.length))); // warm-up
  let best = Number.POSITIVE_INFINITY;
  let bestCpu = Number.POSITIVE_INFINITY;
  let chosen = new Map<ForecastMethod, number>();
  for (let r = 0; r < repeats; r++) {
    const res = pass(series);
    if (res.ms < best) best = res.ms;
    if (res.cpuMs < bestCpu) bestCpu = res.cpuMs;
    chosen = res.chosen;
  }
  const mix = [...chosen.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([m, k]) => `${m} ${k}`)
    .join(', ');
  console.log(
    `${name.padEnd(12)} ${(best / 1000).toFixed(2)} s per pass (${((best / count) * 1000).toFixed(0)} us per series; CPU ${((bestCpu / count) * 1000).toFixed(0)} us); chosen: ${mix}`,
  );
}
