// `pnpm bench clv [--repeats N] [--retail <online_retail.csv.gz>] [--python <python3>] [--no-peer]`
//
// (a) BG/NBD + Gamma-Gamma maximum likelihood on CDNOW (the shipped fixture), timed next to the Python peer
//     bench/peers/clv.py (numpy/scipy re-implementation of lifetimes' likelihoods, scipy.optimize.minimize with
//     Nelder-Mead as lifetimes does and with L-BFGS-B), plus a check of every customer's predictions (conditional
//     expected purchases, P(alive), expected spend, CLV) against the peer's scipy.special.hyp2f1 formulas.
// (b) Out-of-sample check on UCI Online Retail (../shared/data/online-retail-I): calibrate on 2010-12-01 ..
//     2011-08-31, predict each customer's orders in 2011-09-01 .. 2011-12-09, report the aggregate error and the
//     per-customer Pearson correlation.
// Results are written up in docs/benchmarks/customers.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  type BgNbdParams,
  bgnbdExpectedPurchases,
  bgnbdPredict,
  bgnbdProbabilityAliveAll,
  chooseKBySilhouette,
  customerLifetimeValues,
  describeClusters,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaExpectedSpendAll,
  logStandardize,
  rfmAnalysis,
  summarizeTransactions,
} from '@storewise/core';
import { readRetailInvoices } from './lib/online-retail-invoices.js';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const repeats = Number(opt('repeats', '7'));
const python = opt('python', process.env.PYTHON ?? 'python3');
const retailPath = opt(
  'retail',
  join(root, '..', 'shared', 'data', 'online-retail-I', 'online_retail.csv.gz'),
);
const cdnowPath = join(root, 'packages', 'core', 'test', 'fixtures', 'cdnow', 'cdnow_customers_summary.csv');

const fmt = (v: number, d = 4): string => v.toFixed(d);
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);

// ---------------------------------------------------------------------------------------------- (a) CDNOW
{
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(cdnowPath, 'utf8').trim().split('\n').slice(1);
  const n = lines.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const zbar = new Float64Array(n);
  lines.forEach((line, i) => {
    const f = line.split(',');
    x[i] = Number(f[1]);
    tx[i] = Number(f[2]);
    T[i] = Number(f[3]);
    zbar[i] = Number(f[4]);
  });
  const data = { x, tx, T };
  const spend = { x, m: zbar };

  // Warm up, then time `repeats` fits of each model.
  fitBgNbd(data);
  fitGammaGamma(spend);
  const bgTimes: number[] = [];
  const ggTimes: number[] = [];
  let bg = fitBgNbd(data);
  let gg = fitGammaGamma(spend);
  for (let r = 0; r < repeats; r++) {
    let t0 = performance.now();
    bg = fitBgNbd(data);
    bgTimes.push(performance.now() - t0);
    t0 = performance.now();
    gg = fitGammaGamma(spend);
    ggTimes.push(performance.now() - t0);
  }
  const bgMs = median(bgTimes);
  const ggMs = median(ggTimes);

  console.log('\n(a) CDNOW, 2,357 customers (946 with repeat purchases), time in weeks');
  console.log('model        param   published  storewise    scipy NM     scipy L-BFGS-B');
  let peer: PeerOutput | undefined;
  if (!args.includes('--no-peer')) peer = runPeer(bg.params, gg.params);
  const nm = peer?.fits['Nelder-Mead'];
  const lb = peer?.fits['L-BFGS-B'];
  const published: Record<string, number> = {
    r: 0.2426,
    alpha: 4.4135,
    a: 0.7929,
    b: 2.4258,
    p: 6.25,
    q: 3.74,
    gamma: 15.44,
  };
  for (const k of ['r', 'alpha', 'a', 'b'] as const) {
    console.log(
      `BG/NBD       ${k.padEnd(7)} ${fmt(published[k]!).padStart(9)}  ${fmt(bg.params[k], 6).padStart(10)}  ${nm ? fmt(nm.bgnbd[k], 6).padStart(10) : '-'}  ${lb ? fmt(lb.bgnbd[k], 6).padStart(10) : '-'}`,
    );
  }
  console.log(
    `BG/NBD       LL      ${'-9582.4'.padStart(9)}  ${fmt(bg.logLikelihood, 4).padStart(10)}  ${nm ? fmt(nm.bgnbdLogLikelihood, 4) : '-'}  ${lb ? fmt(lb.bgnbdLogLikelihood, 4) : '-'}`,
  );
  for (const k of ['p', 'q', 'gamma'] as const) {
    console.log(
      `Gamma-Gamma  ${k.padEnd(7)} ${fmt(published[k]!, 2).padStart(9)}  ${fmt(gg.params[k], 6).padStart(10)}  ${nm ? fmt(nm.gammaGamma[k], 6).padStart(10) : '-'}  ${lb ? fmt(lb.gammaGamma[k], 6).padStart(10) : '-'}`,
    );
  }
  console.log(
    `Gamma-Gamma  LL      ${'-'.padStart(9)}  ${fmt(gg.logLikelihood, 4).padStart(10)}  ${nm ? fmt(nm.gammaGammaLogLikelihood, 4) : '-'}  ${lb ? fmt(lb.gammaGammaLogLikelihood, 4) : '-'}`,
  );
  console.log(
    `\nfit time (median of ${repeats}): storewise L-BFGS BG/NBD ${fmt(bgMs, 1)} ms (${bg.optimizer.iterations} iterations, ${bg.optimizer.evaluations} evaluations), Gamma-Gamma ${fmt(ggMs, 1)} ms (${gg.optimizer.iterations} it.)`,
  );
  if (peer && nm && lb) {
    const row = (name: string, f: PeerFit): string =>
      `${name}: BG/NBD ${fmt(f.bgnbdSeconds * 1000, 1)} ms (${f.bgnbdIterations} it., ${f.bgnbdEvaluations} ev.; ratio ${fmt((f.bgnbdSeconds * 1000) / bgMs, 1)}x), Gamma-Gamma ${fmt(f.gammaGammaSeconds * 1000, 1)} ms (ratio ${fmt((f.gammaGammaSeconds * 1000) / ggMs, 1)}x)`;
    console.log(row('scipy Nelder-Mead (lifetimes)', nm));
    console.log(row('scipy L-BFGS-B (numeric gradient)', lb));
    console.log('(ratio = python time / storewise time; >1 means storewise is faster)');

    // Predictions at storewise's fitted parameters, every customer, against the peer's scipy formulas.
    const check = peer.check!;
    const maxRel = (a: ArrayLike<number>, b: number[]): number => {
      let m = 0;
      for (let i = 0; i < b.length; i++)
        m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1e-12, Math.abs(b[i]!)));
      return m;
    };
    const m = zbar;
    console.log('\nprediction check against the peer (max relative difference over 2,357 customers):');
    console.log(
      `  E[Y(39 weeks) | x, t_x, T]   ${maxRel(bgnbdPredict(bg.params, 39, data), check.conditionalExpected).toExponential(2)}`,
    );
    console.log(
      `  P(alive)                     ${maxRel(bgnbdProbabilityAliveAll(bg.params, data), check.probabilityAlive).toExponential(2)}`,
    );
    console.log(
      `  E[X(39)] new customer        ${maxRel([bgnbdExpectedPurchases(bg.params, 39)], [check.expectedNew]).toExponential(2)}`,
    );
    console.log(
      `  E[spend | x, zbar]           ${maxRel(gammaGammaExpectedSpendAll(gg.params, spend), check.expectedSpend).toExponential(2)}`,
    );
    console.log(
      `  CLV 12 months, 1%/month      ${maxRel(customerLifetimeValues(bg.params, gg.params, { ...data, m }, { timeUnit: 'week' }), check.clv).toExponential(2)}`,
    );
  }
}

interface PeerFit {
  bgnbd: BgNbdParams;
  bgnbdLogLikelihood: number;
  bgnbdIterations: number;
  bgnbdEvaluations: number;
  bgnbdSeconds: number;
  gammaGamma: GammaGammaParams;
  gammaGammaLogLikelihood: number;
  gammaGammaSeconds: number;
}
interface PeerOutput {
  fits: Record<string, PeerFit>;
  check?: {
    conditionalExpected: number[];
    probabilityAlive: number[];
    expectedNew: number;
    expectedSpend: number[];
    clv: number[];
  };
}

function runPeer(bg: BgNbdParams, gg: GammaGammaParams): PeerOutput | undefined {
  const check = JSON.stringify({ bg, gg, t: 39, months: 12, discount: 0.01, unitsPerMonth: 4.345 });
  const res = spawnSync(
    python,
    [join(root, 'bench', 'peers', 'clv.py'), cdnowPath, '--repeats', String(repeats), '--check', check],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (res.status !== 0) {
    console.log(`(python peer unavailable: ${res.error?.message ?? res.stderr.trim().split('\n').pop()})`);
    return undefined;
  }
  return JSON.parse(res.stdout) as PeerOutput;
}

// --------------------------------------------------------------------------------------- (b) Online Retail
if (!existsSync(retailPath)) {
  console.log(`\n(b) skipped: ${retailPath} not found`);
} else {
  const DAY = 86_400_000;
  const origin = Date.UTC(2010, 11, 1);
  const calEnd = (Date.UTC(2011, 8, 1) - origin) / DAY; // 2011-09-01 00:00 = end of the 9 calibration months
  const t0 = performance.now();
  const { lines, kept, invCustomer, invTime, invValue, customers } = await readRetailInvoices(
    retailPath,
    origin,
  );
  const readMs = performance.now() - t0;
  const nInv = invCustomer.length;
  const lastTime = Math.max(...invTime);
  const horizon = lastTime - calEnd;
  console.log(
    `\n(b) Online Retail: ${lines} lines, ${kept} kept (customer id, quantity > 0, not cancelled), ${nInv} orders, ${customers} customers; read in ${fmt(readMs / 1000, 1)} s`,
  );
  console.log(
    `calibration 2010-12-01 .. 2011-08-31 (${calEnd} days), holdout 2011-09-01 .. ${new Date(origin + lastTime * DAY).toISOString().slice(0, 16)} (${fmt(horizon, 2)} days); time unit: days`,
  );

  let calOrders = 0;
  for (const t of invTime) if (t < calEnd) calOrders++;
  console.log(
    `orders per day, all customers: calibration ${fmt(calOrders / calEnd, 1)}, holdout ${fmt((nInv - calOrders) / horizon, 1)} (the autumn/Christmas peak of a gift wholesaler)`,
  );
  const tx = {
    customer: Int32Array.from(invCustomer),
    time: Float64Array.from(invTime),
    value: Float64Array.from(invValue),
  };
  for (const variant of [
    { name: 'order = invoice (timestamped)', period: 0 },
    { name: 'order = customer-day (lifetimes freq="D")', period: 1 },
  ]) {
    const cal = summarizeTransactions(tx, {
      observationEnd: calEnd - 1e-9,
      nCustomers: customers,
      period: variant.period,
    });
    // Holdout orders per customer: transactions after calEnd (distinct days when aggregating by day).
    const actual = new Float64Array(customers);
    const actualValue = new Float64Array(customers);
    const seen = new Set<string>();
    for (let i = 0; i < nInv; i++) {
      const t = invTime[i]!;
      if (t < calEnd) continue;
      const c = invCustomer[i]!;
      actualValue[c] = actualValue[c]! + invValue[i]!;
      if (variant.period > 0) {
        const key = `${c}:${Math.floor(t)}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      actual[c] = actual[c]! + 1;
    }
    // Customers seen in calibration.
    const ids: number[] = [];
    for (let c = 0; c < customers; c++) if (cal.orders[c]! > 0) ids.push(c);
    const pick = (v: Float64Array): Float64Array => Float64Array.from(ids, (c) => v[c]!);
    const data = { x: pick(cal.x), tx: pick(cal.tx), T: pick(cal.T) };
    // T is measured to the calibration end; with period = 1 it is floored to whole days.
    const fitStart = performance.now();
    const fit = fitBgNbd(data);
    const fitMs = performance.now() - fitStart;
    // Holdout length in the summary's time: to the last timestamp, or through the last day when by day.
    const t = variant.period > 0 ? Math.floor(lastTime) - Math.floor(calEnd - 1e-9) : horizon;
    const predicted = bgnbdPredict(fit.params, t, data);
    const act = pick(actual);
    let sp = 0;
    let sa = 0;
    let abs = 0;
    for (let i = 0; i < ids.length; i++) {
      sp += predicted[i]!;
      sa += act[i]!;
      abs += Math.abs(predicted[i]! - act[i]!);
    }
    // Naive benchmark: the calibration purchase rate x / T carried forward.
    const naive = Float64Array.from(ids, (_, i) => (data.T[i]! > 0 ? (data.x[i]! / data.T[i]!) * t : 0));
    // Spend: Gamma-Gamma on calibration repeat customers with a positive mean repeat value.
    const m = pick(cal.m);
    const ggRows = Float64Array.from(data.x, (x, i) => (x > 0 && m[i]! > 0 ? x : 0));
    const gg = fitGammaGamma({ x: ggRows, m });
    const spend = gammaGammaExpectedSpendAll(gg.params, { x: ggRows, m });
    const predValue = Float64Array.from(predicted, (p, i) => p * spend[i]!);
    const actValue = pick(actualValue);
    let spv = 0;
    let sav = 0;
    for (let i = 0; i < ids.length; i++) {
      spv += predValue[i]!;
      sav += actValue[i]!;
    }
    console.log(
      `\n  ${variant.name}: ${ids.length} calibration customers, ${data.x.reduce((a, b) => a + b, 0)} repeat orders`,
    );
    const p = fit.params;
    console.log(
      `  BG/NBD r ${fmt(p.r)} alpha ${fmt(p.alpha, 2)} a ${fmt(p.a)} b ${fmt(p.b)}, LL ${fmt(fit.logLikelihood, 1)}, fit ${fmt(fitMs, 1)} ms (${fit.optimizer.reason})`,
    );
    console.log(
      `  holdout orders: predicted ${fmt(sp, 1)}, actual ${sa}, aggregate error ${fmt((100 * (sp - sa)) / sa, 1)}%; per-customer Pearson r ${fmt(pearson(predicted, act), 3)} (naive x/T rate: ${fmt(pearson(naive, act), 3)}), MAE ${fmt(abs / ids.length, 3)}`,
    );
    console.log(
      `  Gamma-Gamma p ${fmt(gg.params.p)} q ${fmt(gg.params.q)} gamma ${fmt(gg.params.gamma, 1)} (${gg.n} customers); holdout revenue predicted ${fmt(spv, 0)} vs actual ${fmt(sav, 0)} GBP (${fmt((100 * (spv - sav)) / sav, 1)}%), per-customer r ${fmt(pearson(predValue, actValue), 3)}`,
    );
  }
  // (c) The whole customer-understanding pass on all 4,339 customers over the full period, timed (in-memory
  // columns; the engine's figure adds reading from its store).
  {
    const tStart = performance.now();
    const all = summarizeTransactions(tx, { observationEnd: lastTime, nCustomers: customers });
    const tSummary = performance.now();
    const rfm = rfmAnalysis({ recencyDays: all.recency, frequency: all.orders, monetary: all.total });
    const tRfm = performance.now();
    const n = customers;
    const feats = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      feats[3 * i] = all.recency[i]!;
      feats[3 * i + 1] = all.orders[i]!;
      // Negative totals (returns on other invoices are excluded, but prices can be 0) clamp at 0 for log1p.
      feats[3 * i + 2] = Math.max(0, all.total[i]!);
    }
    const { data: z } = logStandardize(feats, n, 3);
    const choice = chooseKBySilhouette(z, n, 3, { kMin: 2, kMax: 8, restarts: 10, seed: 1 });
    const words = describeClusters(
      choice.best.centroids,
      choice.best.k,
      ['recency', 'frequency', 'monetary'],
      [
        { low: 'recent', high: 'lapsed' },
        { low: 'few orders', high: 'many orders' },
        { low: 'low spend', high: 'high spend' },
      ],
    );
    const tClusters = performance.now();
    const bg = fitBgNbd({ x: all.x, tx: all.tx, T: all.T });
    const ggRows = Float64Array.from(all.x, (x, i) => (x > 0 && all.m[i]! > 0 ? x : 0));
    const gg = fitGammaGamma({ x: ggRows, m: all.m });
    const clv = customerLifetimeValues(
      bg.params,
      gg.params,
      { x: all.x, tx: all.tx, T: all.T, m: all.m },
      { timeUnit: 'day' },
    );
    const tClv = performance.now();
    let clvSum = 0;
    for (const v of clv) clvSum += v;
    console.log(`\n(c) full period, ${n} customers: RFM + clusters + CLV`);
    console.log(
      `  summary ${fmt(tSummary - tStart, 1)} ms, RFM ${fmt(tRfm - tSummary, 1)} ms, k-means sweep k=2..8 (3 restarts each) + silhouette (sample 2000) + refit (10 restarts) ${fmt(tClusters - tRfm, 1)} ms, BG/NBD + Gamma-Gamma + 12-month CLV ${fmt(tClv - tClusters, 1)} ms; total ${fmt(tClv - tStart, 1)} ms`,
    );
    console.log(
      `  RFM segments: ${rfm.report.map((r) => `${r.name} ${r.customers} (${fmt(100 * r.revenueShare, 1)}% revenue)`).join(', ')}`,
    );
    console.log(
      `  silhouette by k: ${choice.scores.map((s) => `${s.k}: ${fmt(s.silhouette, 3)}`).join(', ')}; chosen k = ${choice.best.k}`,
    );
    for (let c = 0; c < choice.best.k; c++)
      console.log(`  cluster ${c} (${choice.best.sizes[c]} customers): ${words[c]!.text}`);
    console.log(`  mean 12-month CLV ${fmt(clvSum / n, 0)} GBP`);
  }
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
