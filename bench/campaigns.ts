// `pnpm bench campaigns [--runs N] [--campaigns N] [--python <python3>] [--no-peer]`
//
// (a) Thompson sampling's cumulative (pseudo-)regret against the best fixed arm, next to an A/B/n split, on
//     conversion and on margin.
// (b) Coverage of the 95% lift intervals over simulated campaigns with known true lift (Newcombe for the
//     rate difference, with the Wald interval for contrast; Katz for the relative lift; Welch for revenue).
// (c) The incremental-margin policy against random offer assignment under the same budget, realized
//     incremental margin on simulated customers, with intervals over replicates.
// (d) The lift statistics of (b)'s campaigns recomputed by SciPy (bench/peers/campaigns.py) on the same
//     counts: largest difference and time ratio.
// Results are written up in docs/benchmarks/campaigns.md.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  accumulateGroups,
  assignFixedSplit,
  assignIncrementalMargin,
  createRng,
  type GroupTotals,
  holdoutFlags,
  liftVersusHoldout,
  momentsFromSums,
  normalQuantile,
  type Rng,
  ShopSimulator,
  studentTQuantile,
  ThompsonBandit,
} from '@storewise/core';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const runs = Number(opt('runs', '20'));
const nCampaigns = Number(opt('campaigns', '200'));
const python = opt('python', process.env.PYTHON ?? '/usr/bin/python3');
const f = (v: number, d = 4): string => v.toFixed(d);
const meanCi = (v: number[]): [number, number, number] => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
  const h = studentTQuantile(0.975, v.length - 1) * (sd / Math.sqrt(v.length));
  return [m, m - h, m + h];
};
const show = ([m, lo, hi]: [number, number, number], d = 1): string =>
  `${f(m, d)} [${f(lo, d)}, ${f(hi, d)}]`;

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);

// ------------------------------------------------------------------------------------ (a) bandit regret
{
  const horizon = 20_000;
  const checkpoints = [500, 1000, 2000, 5000, 10_000, 20_000];
  const scenarios = [
    { name: 'conversion: rates 0.04 / 0.05 / 0.06', rates: [0.04, 0.05, 0.06], margins: [1, 1, 1] },
    {
      name: 'margin: rates 0.06 / 0.045 / 0.03, margins 8 / 12 / 20',
      rates: [0.06, 0.045, 0.03],
      margins: [8, 12, 20],
    },
  ];
  for (const sc of scenarios) {
    const value = sc.rates.map((r, a) => r * sc.margins[a]!);
    const best = Math.max(...value);
    const policies = ['thompson-conversion', 'thompson-margin', 'a/b/n'] as const;
    const regret = new Map<string, number[][]>(policies.map((p) => [p, checkpoints.map(() => [])]));
    for (let run = 0; run < runs; run++) {
      for (const policy of policies) {
        const rng = createRng(1000 + run);
        const bandit =
          policy === 'thompson-margin'
            ? new ThompsonBandit({ arms: 3, objective: 'margin', margins: sc.margins })
            : new ThompsonBandit({ arms: 3 });
        let r = 0;
        let c = 0;
        for (let t = 1; t <= horizon; t++) {
          const arm =
            policy === 'a/b/n'
              ? assignFixedSplit(`r${run}-c${t}`, { campaignId: 'bench', arms: 3 }).arm
              : bandit.choose(rng).arm;
          bandit.update(arm, rng.next() < sc.rates[arm]!);
          r += best - value[arm]!;
          if (t === checkpoints[c]) regret.get(policy)![c++]!.push(r);
        }
      }
    }
    console.log(
      `\n(a) cumulative regret (in ${sc.margins[0] === 1 ? 'conversions' : 'margin units'}) against the best fixed arm, ${sc.name}; mean [95% CI] over ${runs} runs`,
    );
    console.log(`| exposures | ${policies.join(' | ')} |`);
    console.log(`|---|${policies.map(() => '---').join('|')}|`);
    checkpoints.forEach((t, c) => {
      console.log(`| ${t} | ${policies.map((p) => show(meanCi(regret.get(p)![c]!))).join(' | ')} |`);
    });
  }
}

// ------------------------------------------------------------------------------- (b) interval coverage
function randomModel(rng: Rng, baseScale: number) {
  const segments = 4;
  const controlRates: number[] = [];
  const offerRates: number[] = [];
  for (let s = 0; s < segments; s++) {
    const q = baseScale * (0.5 + rng.next());
    controlRates.push(q);
    offerRates.push(Math.min(1, q * (1 + 0.6 * rng.next())));
  }
  return new ShopSimulator({
    segmentWeights: [1, 2, 3, 4].map(() => 0.5 + rng.next()),
    controlRates,
    offerRates,
    arms: 1,
    basketValue: [30, 50, 80, 120].map((v) => v * (0.8 + 0.4 * rng.next())),
    marginRate: 0.3,
    costPerOffer: [0],
    costPerConversion: [0],
    basketSigma: 0.6,
  });
}

const peerRows: number[][] = [];
const peerOurs: number[][] = [];
{
  const z = normalQuantile(0.975);
  for (const [customers, baseScale] of [
    [20_000, 0.05],
    [2_000, 0.02],
    [300, 0.03],
  ] as const) {
    const rng = createRng(77 + customers);
    let newcombe = 0;
    let wald = 0;
    let relative = 0;
    let relativeDefined = 0;
    let welch = 0;
    let sumLift = 0;
    let sumWidth = 0;
    const ids = Array.from({ length: customers }, (_, i) => `c${i}`);
    for (let k = 0; k < nCampaigns; k++) {
      const sim = randomModel(rng, baseScale);
      const people = sim.customers(customers, rng);
      const held = holdoutFlags(ids, { campaignId: `sim-${customers}-${k}`, holdoutFraction: 0.2 });
      const group = new Int32Array(customers);
      const converted = new Uint8Array(customers);
      const revenue = new Float64Array(customers);
      for (let i = 0; i < customers; i++) {
        group[i] = held[i]!;
        const arm = held[i] ? -1 : 0;
        converted[i] = sim.converts(people, i, arm) ? 1 : 0;
        revenue[i] = converted[i] ? people.basket[i]! : 0;
      }
      const [arm, hold] = accumulateGroups(group, converted, revenue, 2) as [GroupTotals, GroupTotals];
      const lift = liftVersusHoldout(arm, hold);
      const p1 = sim.populationRate(0);
      const p0 = sim.populationRate(-1);
      const truth = p1 - p0;
      let revTruth = 0;
      let wsum = 0;
      sim.model.segmentWeights.forEach((w, s) => {
        revTruth += w * sim.model.basketValue[s]! * (sim.rate(s, 0) - sim.rate(s, -1));
        wsum += w;
      });
      revTruth /= wsum;
      if (lift.absoluteInterval.lower <= truth && truth <= lift.absoluteInterval.upper) newcombe++;
      const a = arm.conversions / arm.exposures;
      const b = hold.conversions / hold.exposures;
      const se = Math.sqrt((a * (1 - a)) / arm.exposures + (b * (1 - b)) / hold.exposures);
      if (a - b - z * se <= truth && truth <= a - b + z * se) wald++;
      if (!Number.isNaN(lift.relativeInterval.lower)) {
        relativeDefined++;
        if (lift.relativeInterval.lower <= p1 / p0 - 1 && p1 / p0 - 1 <= lift.relativeInterval.upper)
          relative++;
      }
      const w = lift.revenuePerExposure;
      if (w.lower <= revTruth && revTruth <= w.upper) welch++;
      sumLift += truth;
      sumWidth += lift.absoluteInterval.upper - lift.absoluteInterval.lower;
      const m1 = momentsFromSums(arm.exposures, arm.revenue, arm.revenueSumSquares);
      const m2 = momentsFromSums(hold.exposures, hold.revenue, hold.revenueSumSquares);
      const row = [
        arm.conversions,
        arm.exposures,
        hold.conversions,
        hold.exposures,
        m1.mean,
        m1.variance,
        m2.mean,
        m2.variance,
      ];
      peerRows.push(row);
      peerOurs.push([
        lift.absoluteInterval.lower,
        lift.absoluteInterval.upper,
        lift.relativeInterval.lower,
        lift.relativeInterval.upper,
        lift.pValue,
        w.lower,
        w.upper,
        w.pValue,
      ]);
    }
    const pct = (c: number, n = nCampaigns) => `${((100 * c) / n).toFixed(1)}% (${c}/${n})`;
    console.log(
      `\n(b) ${nCampaigns} campaigns of ${customers} customers (20% holdout by hash), base rates ~${baseScale}, mean true lift ${f(sumLift / nCampaigns, 4)}, mean Newcombe width ${f(sumWidth / nCampaigns, 4)}`,
    );
    console.log('| interval | coverage of the true value |\n|---|---|');
    console.log(`| rate difference, Newcombe hybrid score | ${pct(newcombe)} |`);
    console.log(`| rate difference, Wald (for contrast) | ${pct(wald)} |`);
    console.log(`| relative lift, Katz log | ${pct(relative, relativeDefined)} |`);
    console.log(`| revenue per exposure, Welch | ${pct(welch)} |`);
  }
}

// ------------------------------------------------------------------------- (c) uplift policy vs random
{
  const model = {
    segmentWeights: [0.3, 0.3, 0.25, 0.15],
    controlRates: [0.02, 0.04, 0.1, 0.3],
    // Arm 0: 10% off (discount paid on conversion); arm 1: free shipping (cheaper, smaller effect).
    offerRates: [0.06, 0.045, 0.07, 0.055, 0.13, 0.115, 0.31, 0.305],
    arms: 2,
    basketValue: [40, 60, 80, 120],
    marginRate: 0.35,
    costPerOffer: [0.05, 0.05],
    costPerConversion: [6, 3],
  };
  const sim = new ShopSimulator(model);
  const replicates = 40;
  const n = 20_000;
  const budget = 0.15 * n;
  // What the policy is given as P(buy | offer a) and P(buy | no offer): the truth; the truth times a
  // customer-level log-normal error shared by all of the customer's probabilities (sigma 0.3) and a small
  // per-probability error (sigma 0.05), as a propensity model that misjudges a customer's overall
  // appetite; or independent log-normal errors (sigma 0.3) on each probability.
  const variants = [
    { name: 'true probabilities', shared: 0, own: 0 },
    { name: 'shared error 0.3 + own error 0.05', shared: 0.3, own: 0.05 },
    { name: 'independent errors 0.3', shared: 0, own: 0.3 },
  ];
  const gains = variants.map(() => [] as number[]);
  const diffs = variants.map(() => [] as number[]);
  const used = variants.map(() => 0);
  const randomGain: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const rng = createRng(500 + r);
    const people = sim.customers(n, rng);
    const margin = new Float64Array(n);
    for (let i = 0; i < n; i++) margin[i] = model.marginRate * model.basketValue[people.segment[i]!]!;
    const incrementOf = (i: number, a: number) =>
      sim.realizedMargin(people, i, a) - sim.realizedMargin(people, i, -1);
    // Random: customers in random order get a random arm until the budget (true expected spend) is used.
    let spent = 0;
    let randomG = 0;
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const a = rng.int(2);
      const s = model.costPerOffer[a]! + sim.rate(people.segment[i]!, a) * model.costPerConversion[a]!;
      if (spent + s > budget) break;
      spent += s;
      randomG += incrementOf(i, a);
    }
    randomGain.push(randomG);
    variants.forEach((v, vi) => {
      const pControl = new Float64Array(n);
      const pOffer = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const s = people.segment[i]!;
        const common = v.shared * rng.normal();
        pControl[i] = Math.min(1, sim.rate(s, -1) * Math.exp(common + v.own * rng.normal()));
        for (let a = 0; a < 2; a++) {
          pOffer[i * 2 + a] = Math.min(1, sim.rate(s, a) * Math.exp(common + v.own * rng.normal()));
        }
      }
      const chosen = assignIncrementalMargin({
        arms: 2,
        pOffer,
        pControl,
        margin,
        costPerOffer: model.costPerOffer,
        costPerConversion: model.costPerConversion,
        budget,
      });
      let gain = 0;
      let trueSpend = 0;
      for (let i = 0; i < n; i++) {
        const a = chosen.arm[i]!;
        if (a < 0) continue;
        gain += incrementOf(i, a);
        trueSpend += model.costPerOffer[a]! + sim.rate(people.segment[i]!, a) * model.costPerConversion[a]!;
      }
      used[vi] = used[vi]! + trueSpend / budget / replicates;
      gains[vi]!.push(gain);
      diffs[vi]!.push(gain - randomG);
    });
  }
  console.log(
    `\n(c) realized incremental margin per campaign of ${n} customers, budget ${budget} (0.15 per customer) of expected offer cost, ${replicates} replicates, mean [95% t interval]`,
  );
  console.log(
    '| assignment | budget used (true expected cost) | incremental margin | minus random (paired) |\n|---|---|---|---|',
  );
  variants.forEach((v, vi) => {
    console.log(
      `| incremental-margin policy, ${v.name} | ${(100 * used[vi]!).toFixed(0)}% | ${show(meanCi(gains[vi]!))} | ${show(meanCi(diffs[vi]!))} |`,
    );
  });
  console.log(`| random offers | 100% | ${show(meanCi(randomGain))} | |`);
}

// ----------------------------------------------------------------------------------- (d) SciPy peer
if (!args.includes('--no-peer')) {
  const repeats = 5;
  const times: number[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    const t0 = performance.now();
    for (const row of peerRows) {
      const [x1, n1, x2, n2, m1, v1, m2, v2] = row as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      liftVersusHoldout(
        { exposures: n1, conversions: x1, revenue: n1 * m1, revenueSumSquares: (n1 - 1) * v1 + n1 * m1 * m1 },
        { exposures: n2, conversions: x2, revenue: n2 * m2, revenueSumSquares: (n2 - 1) * v2 + n2 * m2 * m2 },
      );
    }
    times.push(performance.now() - t0);
  }
  const ours = times.sort((a, b) => a - b)[repeats >> 1]! / 1000;
  const res = spawnSync(python, [join(root, 'bench', 'peers', 'campaigns.py')], {
    input: JSON.stringify({ counts: peerRows, repeats }),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (res.status !== 0) {
    console.log(`(python peer unavailable: ${res.error?.message ?? res.stderr.trim().split('\n').pop()})`);
  } else {
    const peer = JSON.parse(res.stdout) as { values: (number | null)[][]; seconds: number };
    const names = ['Newcombe', 'Newcombe', 'Katz', 'Katz', 'p-value', 'Welch', 'Welch', 'Welch p'];
    const maxDiff = names.map(() => 0);
    peerOurs.forEach((row, i) => {
      row.forEach((v, j) => {
        const p = peer.values[i]![j] ?? Number.NaN;
        if (!(Number.isNaN(v) && Number.isNaN(p))) maxDiff[j] = Math.max(maxDiff[j]!, Math.abs(v - p));
      });
    });
    console.log(
      `\n(d) the ${peerRows.length} campaigns' lift statistics against SciPy (bench/peers/campaigns.py)`,
    );
    console.log(
      `largest absolute difference: ${names.map((nm, j) => `${nm} ${maxDiff[j]!.toExponential(1)}`).join(', ')}`,
    );
    console.log(
      `| | storewise | SciPy | ratio |\n|---|---|---|---|\n| ${peerRows.length} lift reports (median of ${repeats}) | ${(ours * 1000).toFixed(2)} ms | ${(peer.seconds * 1000).toFixed(2)} ms | ${(peer.seconds / ours).toFixed(1)}x |`,
    );
  }
}
