// `pnpm bench forecast [--store memory:|<pglite dir>] [--repeats 1] [--python /usr/bin/python3] [--no-peer]
//                      [--phi-bounds 0.8,0.98|none]`
//
// Weekly demand forecasts on the full UCI Online Retail (../shared/data/online-retail-I), imported once (not
// timed) into the store (default memory:; a PGlite directory is imported only when empty), next to a
// pandas + statsmodels peer (bench/peers/forecast_backtest.py) on the same CSV:
// 1. `backtestDemand` (weekly, horizon 8, defaults otherwise: the last 8 whole weeks before the last event are
//    held out) timed (best of --repeats), with its scores: the automatic choice per item and the baselines.
// 2. The same held-out weeks forecast per item with one method for every item, from the store's weekly
//    series (read as demand-series.ts reads them): core's `fitForecast` 'ses' and 'holt-damped' (a history
//    too short for one takes the next simpler one: holt-damped needs 5 values, SES 3, naive 2, else the
//    mean, as the peer does), timed as fits only, against the peer's statsmodels SimpleExpSmoothing and
//    ExponentialSmoothing(trend='add', damped_trend=True) (damping bounded to [0.8, 0.98] as Storewise's,
//    --phi-bounds none for statsmodels' own bounds), scored as backtestDemand scores (WAPE, bias, MASE).
// 3. Checks that both sides scored the same items with the same series: items, new items, held-out units,
//    the window, and per item its first week, history length, history units and held-out units.
// 4. `forecastDemand` over the whole catalog (weekly, horizon 8), and core's SES over every item's full
//    series, against the peer's SES over the same series.
// Results are written up in docs/benchmarks/forecast.md.

import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { type ForecastMethod, fitForecast, forecastSeries, mase } from '@storewise/core';
import { backtestDemand, demandSeries, forecastDemand, importFile } from '@storewise/engine';
import { openStorage, type Storage } from '@storewise/storage';
import { type PeerScore, runForecastPeer } from './lib/forecast-peer.js';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const store = opt('store', 'memory:');
const repeats = Number(opt('repeats', '1'));
const python = opt('python', '/usr/bin/python3');
const phiBounds = opt('phi-bounds', '0.8,0.98');
const retail = join(root, '..', 'shared', 'data', 'online-retail-I', 'online_retail.csv.gz');
const H = 8;
const SEASON = 52;
const WEEK = 7 * 86_400_000;
const fmt = (v: number | null | undefined, d = 3): string =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(d);
const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, load average ${load()}`,
);

async function best<T>(label: string, run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    value = await run();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  console.log(`${label}: ${seconds.toFixed(2)} s (best of ${repeats}; load average ${load()})`);
  return { value: value!, seconds };
}

// --- the store -------------------------------------------------------------------------------------------
const storage: Storage = await openStorage(store);
if ((await storage.counts()).events === 0) {
  const t0 = performance.now();
  const s = await importFile(storage, retail, { format: 'online-retail' });
  console.log(
    `imported ${retail} into ${storage.kind} (not timed: ${((performance.now() - t0) / 1000).toFixed(1)} s): ` +
      `${s.accepted} events, ${s.duplicates} duplicates skipped, ${s.rejected.total} rows rejected`,
  );
}

// --- 1. backtestDemand -----------------------------------------------------------------------------------
const bt = await best('backtestDemand (weekly, horizon 8)', () =>
  backtestDemand(storage, { period: 'week', horizon: H }),
);
const b = bt.value;
console.log(
  `  window: history from ${b.historyStart.toISOString()}, held out ${b.testStart.toISOString()} .. ${b.testEnd.toISOString()}; ` +
    `${b.items} items scored, ${b.newItems} new items left out, ${b.actualUnits} held-out units`,
);
for (const s of b.scores)
  console.log(
    `  ${s.method.padEnd(15)} WAPE ${fmt(s.wape)}  bias ${fmt(s.bias)}  MASE ${fmt(s.mase)} (${s.maseItems} items)` +
      `  coverage ${fmt(s.coverage)}  fell back ${s.fellBack}`,
  );
console.log(`  chosen: ${JSON.stringify(b.chosen)}; classes: ${JSON.stringify(b.demandClasses)}`);

// --- 2. per-item series and one method for every item --------------------------------------------------------
interface Series {
  sku: string;
  start: number;
  units: Float64Array;
}
/** Every item's weekly series before `end` from `windowStart` on: the engine's own (`demandSeries`). */
async function readSeries(windowStart: number, end: number): Promise<Series[]> {
  const skus = new Map<number, string>();
  for await (const items of storage.scanItems()) for (const it of items) skus.set(it.index, it.sku);
  const out: Series[] = [];
  const window = { period: 'week' as const, start: windowStart, end, skus: null };
  for await (const s of demandSeries(storage, window))
    out.push({ sku: skus.get(s.itemIndex)!, start: s.start, units: s.units });
  return out;
}

const end = b.testEnd.getTime();
const testStart = b.testStart.getTime();
const all = await readSeries(testStart - 104 * WEEK, end);
// As backtestDemand: items with demand in the history (from before the held-out weeks) are scored.
const scored = all.filter(
  (s) => s.start < testStart && s.units.subarray(0, s.units.length - H).some((u) => u > 0),
);

interface Tally {
  absError: number;
  error: number;
  mase: number;
  maseItems: number;
  fellBack: number;
  seconds: number;
}
const tally = (): Tally => ({ absError: 0, error: 0, mase: 0, maseItems: 0, fellBack: 0, seconds: 0 });
function score(t: Tally, history: Float64Array, actual: Float64Array, f: Float64Array): void {
  for (let k = 0; k < actual.length; k++) {
    t.absError += Math.abs(f[k]! - actual[k]!);
    t.error += f[k]! - actual[k]!;
  }
  if (history.length < 2 || history.every((v) => v === history[0])) return;
  t.mase += mase(actual, f, history, 1);
  t.maseItems++;
}
/** `method`, or the next simpler one the history is long enough for (holt-damped 5, ses 3, naive 2, mean). */
function simplest(method: ForecastMethod, n: number): ForecastMethod {
  if (method === 'holt-damped' && n < 5) method = 'ses';
  if (method === 'ses' && n < 3) method = 'mean';
  if (method === 'naive' && n < 2) method = 'mean';
  return method;
}
const methods: ForecastMethod[] = ['ses', 'holt-damped', 'naive', 'mean'];
const mine = new Map(methods.map((m) => [m, tally()]));
const autoCheck = tally();
/** Each scored item's in-sample SSE of SES and of damped Holt (null where the history was too short). */
const sse = new Map<string, [number | null, number | null]>();
/** Each scored item's history, to rerun the models at the peer's parameters. */
const histories = new Map<string, Float64Array>();
let actualUnits = 0;
for (const s of scored) {
  const n = s.units.length;
  const history = s.units.subarray(0, n - H);
  const actual = s.units.subarray(n - H);
  histories.set(s.sku, history);
  for (const v of actual) actualUnits += v;
  for (const method of methods) {
    const t = mine.get(method)!;
    const kind = simplest(method, history.length);
    if (kind !== method) t.fellBack++;
    const t0 = performance.now();
    const fit = fitForecast(history, kind, { seasonLength: SEASON });
    const f = fit.forecast(H).mean;
    t.seconds += (performance.now() - t0) / 1000;
    score(t, history, actual, f);
    if (method === 'ses' || method === 'holt-damped') {
      const pair = sse.get(s.sku) ?? [null, null];
      pair[method === 'ses' ? 0 : 1] = kind === method ? fit.sse : null;
      sse.set(s.sku, pair);
    }
  }
  const t0 = performance.now();
  const auto = forecastSeries(history, { horizon: H, seasonLength: SEASON });
  autoCheck.seconds += (performance.now() - t0) / 1000;
  score(autoCheck, history, actual, auto.mean);
}
const autoScore = b.scores.find((s) => s.method === 'auto')!;
console.log(
  `the engine's series (demandSeries), scored here: ${scored.length} items scored, ${all.length - scored.length} new, ${actualUnits} held-out units; ` +
    `forecastSeries on them: WAPE ${fmt(autoCheck.absError / actualUnits, 6)} (backtestDemand ${fmt(autoScore.wape, 6)}), ` +
    `${autoCheck.seconds.toFixed(2)} s of forecastSeries calls`,
);
for (const m of ['ses', 'holt-damped'] as const) {
  try {
    const r = await backtestDemand(storage, { period: 'week', horizon: H, methods: [m] });
    const s = r.scores[0]!;
    console.log(`backtestDemand methods [${m}]: WAPE ${fmt(s.wape)} bias ${fmt(s.bias)} MASE ${fmt(s.mase)}`);
  } catch (e) {
    console.log(`backtestDemand methods [${m}] fails: ${(e as Error).message}`);
  }
}

// --- 4. forecastDemand, and SES over every full series ----------------------------------------------------------
const fd = await best('forecastDemand (weekly, horizon 8, whole catalog)', () =>
  forecastDemand(storage, { period: 'week', horizon: H }),
);
const forecastEnd = fd.value.historyEnd.getTime();
const full = await readSeries(forecastEnd - 104 * WEEK, forecastEnd);
let fullSes = 0;
for (const s of full) {
  const kind = simplest('ses', s.units.length);
  const t0 = performance.now();
  fitForecast(s.units, kind).forecast(H);
  fullSes += (performance.now() - t0) / 1000;
}
console.log(
  `  ${fd.value.items.length} items forecast (${fd.value.itemsWithoutDemand} without demand), history ${fd.value.historyStart.toISOString()} .. ${fd.value.historyEnd.toISOString()}; ` +
    `core SES over the same ${full.length} full series: ${fullSes.toFixed(2)} s of fits`,
);

// --- the peer ----------------------------------------------------------------------------------------------------
if (args.includes('--no-peer')) process.exit(0);
const t0 = performance.now();
const { peer, peerItems } = runForecastPeer(python, root, retail, H, phiBounds);
console.log(
  `peer: ${((performance.now() - t0) / 1000).toFixed(1)} s in all (load average ${load()}); ${JSON.stringify(peer.versions)}; ` +
    `CSV read ${peer.loadSeconds.toFixed(1)} s, weekly series ${peer.seriesSeconds.toFixed(1)} s; CSV: ${peer.import.rows} rows, ${peer.import.duplicates} exact duplicates, ${peer.import.rejected} rejected, ${peer.import.events} events`,
);

// --- 3. same items, same units ----------------------------------------------------------------------------------
console.log('\nsame data?                 Storewise                 peer');
const row = (label: string, a: string | number, p: string | number) =>
  console.log(
    `  ${label.padEnd(24)} ${String(a).padEnd(25)} ${p}${String(a) === String(p) ? '' : '   <- differs'}`,
  );
const iso = (text: string): string => new Date(text).toISOString();
row('history start', b.historyStart.toISOString(), iso(peer.historyStart));
row('held out from', b.testStart.toISOString(), iso(peer.testStart));
row('held out to', b.testEnd.toISOString(), iso(peer.testEnd));
row('items scored', b.items, peer.items);
row('new items left out', b.newItems, peer.newItems);
row('held-out units', b.actualUnits, peer.actualUnits);
let missing = 0;
let differing = 0;
const examples: string[] = [];
const seen = new Set<string>();
for (const s of scored) {
  seen.add(s.sku);
  const p = peerItems[s.sku];
  const n = s.units.length - H;
  let hist = 0;
  for (let k = 0; k < n; k++) hist += s.units[k]!;
  let held = 0;
  for (let k = n; k < s.units.length; k++) held += s.units[k]!;
  const mineRow: [number, number, number, number] = [s.start, n, hist, held];
  if (!p) {
    missing++;
    if (examples.length < 5) examples.push(`${s.sku}: only Storewise ${JSON.stringify(mineRow)}`);
  } else if (mineRow.some((v, i) => v !== p[i]!)) {
    differing++;
    if (examples.length < 5)
      examples.push(`${s.sku}: Storewise ${JSON.stringify(mineRow)}, peer ${JSON.stringify(p)}`);
  }
}
const peerOnly = Object.keys(peerItems).filter((k) => !seen.has(k));
for (const k of peerOnly.slice(0, Math.max(0, 5 - examples.length)))
  examples.push(`${k}: only the peer ${JSON.stringify(peerItems[k])}`);
console.log(
  `  per item (first week, history length, history units, held-out units): ${scored.length - missing - differing} agree, ` +
    `${differing} differ, ${missing} only in Storewise, ${peerOnly.length} only in the peer`,
);
for (const e of examples) console.log(`    ${e}`);
console.log(
  `  the longest history is ${peer.longestHistory} weeks (< ${SEASON + 1}: seasonal naive is naive here); ` +
    `${peer.returnFirst} items' first rows are returns only (their series start at their first purchase; items only returned are left out)`,
);

// Which side's optimizer found the lower in-sample SSE, item by item (same series, same model).
for (const [label, at] of [
  ['ses', 0],
  ['holt-damped', 1],
] as const) {
  let lower = 0;
  let higher = 0;
  let same = 0;
  const ratios: number[] = [];
  let worst = { sku: '', mine: 0, peer: 0 };
  for (const [sku, pair] of sse) {
    const a = pair[at];
    const p = at === 0 ? peerItems[sku]?.[4] : peerItems[sku]?.[5];
    if (a === null || p == null) continue;
    const rel = (a - p) / Math.max(p, 1e-9);
    ratios.push(a / Math.max(p, 1e-9));
    if (rel < -1e-6) lower++;
    else if (rel > 1e-6) higher++;
    else same++;
    if (a - p > worst.mine - worst.peer) worst = { sku, mine: a, peer: p };
  }
  // The same model at the same parameters must give the same SSE: the recursions agree, and any difference
  // above is the optimizers'.
  let worstAtPeer = 0;
  for (const [sku, h] of histories) {
    const p = peerItems[sku];
    const params = at === 0 ? p?.[6] : p?.[7];
    const peerSse = at === 0 ? p?.[4] : p?.[5];
    if (!params || peerSse == null) continue;
    const given: Record<string, number> =
      at === 0
        ? { alpha: params[0]!, l0: params[1]! }
        : { alpha: params[0]!, beta: params[1]!, phi: params[2]!, l0: params[3]!, b0: params[4]! };
    const again = fitForecast(h, label, { params: given }).sse;
    worstAtPeer = Math.max(worstAtPeer, Math.abs(again - peerSse) / Math.max(peerSse, 1e-9));
  }
  ratios.sort((x, y) => x - y);
  const q = (f: number) => ratios[Math.min(ratios.length - 1, Math.floor(f * ratios.length))]!.toFixed(4);
  console.log(
    `  ${label} in-sample SSE, Storewise vs statsmodels over ${ratios.length} items: lower ${lower}, within 1e-6 ${same}, higher ${higher}; ` +
      `ratio quantiles 1% ${q(0.01)}, median ${q(0.5)}, 99% ${q(0.99)}; largest excess ${worst.sku} ${worst.mine.toFixed(1)} vs ${worst.peer.toFixed(1)}; ` +
      `Storewise's SSE at statsmodels' parameters differs from statsmodels' by at most ${worstAtPeer.toExponential(1)} (relative)`,
  );
}

// --- table -----------------------------------------------------------------------------------------------------
console.log(
  '\nmethod (held-out 8 weeks)          WAPE   bias    MASE  fell back  seconds | peer: WAPE   bias    MASE  fell back  seconds | time ratio',
);
interface Row {
  wape: number;
  bias: number;
  mase: number | null;
  fellBack: number;
  seconds: number | null;
}
const line = (label: string, s: Row, p?: PeerScore) =>
  console.log(
    `${label.padEnd(32)} ${fmt(s.wape).padStart(6)} ${fmt(s.bias).padStart(6)} ${fmt(s.mase).padStart(7)} ${String(s.fellBack).padStart(10)} ${fmt(s.seconds, 2).padStart(8)} |` +
      (p
        ? `       ${fmt(p.wape).padStart(6)} ${fmt(p.bias).padStart(6)} ${fmt(p.mase).padStart(7)} ${String(p.fellBack).padStart(10)} ${fmt(p.seconds, 2).padStart(8)} | ${s.seconds !== null ? (s.seconds / p.seconds).toFixed(3) : '-'}`
        : ''),
  );
const asScore = (t: Tally): Row => ({
  wape: t.absError / actualUnits,
  bias: t.error / actualUnits,
  mase: t.mase / t.maseItems,
  fellBack: t.fellBack,
  seconds: t.seconds,
});
line('auto (backtestDemand, all)', { ...autoScore, seconds: bt.seconds });
for (const s of b.scores.filter((x) => x.method !== 'auto'))
  line(
    `${s.method} (backtestDemand)`,
    { ...s, seconds: null },
    s.method === 'seasonal-naive' ? undefined : peer.scores[s.method as 'naive' | 'mean'],
  );
line('ses (core fitForecast, fits)', asScore(mine.get('ses')!), peer.scores.ses);
line('holt-damped (fitForecast, fits)', asScore(mine.get('holt-damped')!), peer.scores['holt-damped']);
line('naive (fitForecast)', asScore(mine.get('naive')!), peer.scores.naive);
line('mean (fitForecast)', asScore(mine.get('mean')!), peer.scores.mean);
console.log(
  `\nforecast, whole catalog: forecastDemand ${fd.seconds.toFixed(2)} s (auto choice, ${fd.value.items.length} items); ` +
    `core SES fits ${fullSes.toFixed(2)} s vs statsmodels SES ${peer.forecast.seconds.toFixed(2)} s over ${peer.forecast.series} series ` +
    `(ratio ${(fullSes / peer.forecast.seconds).toFixed(3)}); forecastDemand / statsmodels SES ${(fd.seconds / peer.forecast.seconds).toFixed(3)}`,
);
console.log(
  `backtest: backtestDemand ${bt.seconds.toFixed(2)} s (auto choice + 3 baselines, reads included) / statsmodels SES + damped fits ` +
    `${(peer.scores.ses.seconds + peer.scores['holt-damped'].seconds).toFixed(2)} s = ` +
    `${(bt.seconds / (peer.scores.ses.seconds + peer.scores['holt-damped'].seconds)).toFixed(3)}`,
);
await storage.close();
