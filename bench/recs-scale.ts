// `pnpm bench recs-scale [--users 50000] [--items 20000] [--interactions 1000000] [--requests 20000]`
//
// Issue 3's scale check on synthetic data: 1M interactions of 50k users over 20k items (item popularity
// Zipf-like, s = 1, so a few items are very popular, as in shops). For each model: fit seconds, the
// growth of peak RSS during the fit, and in-process `recommend(user, 10, seen items)` latency p50/p99 over
// random users (each call masks the user's training items). The goal in the issue: p99 <= 2 ms at k = 10.
import { cpus, loadavg } from 'node:os';
import {
  buildInteractions,
  createRng,
  fitContext,
  implicitAls,
  itemKnn,
  popularity,
  type Recommender,
  type RecommenderPlugin,
  userItems,
} from '@storewise/core';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const nUsers = opt('users', 50_000);
const nItems = opt('items', 20_000);
const nInteractions = opt('interactions', 1_000_000);
const requests = opt('requests', 20_000);

// Zipf(s = 1) over items by inverse CDF on the cumulative weights.
const rng = createRng(42);
const cdf = new Float64Array(nItems);
let total = 0;
for (let i = 0; i < nItems; i++) cdf[i] = total += 1 / (i + 1);
const drawItem = (): number => {
  const x = rng.next() * total;
  let lo = 0;
  let hi = nItems - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const users = new Int32Array(nInteractions);
const items = new Int32Array(nInteractions);
for (let e = 0; e < nInteractions; e++) {
  users[e] = rng.int(nUsers);
  items[e] = drawItem();
}
const data = buildInteractions(
  { users, items, weights: new Float64Array(nInteractions).fill(1) },
  { nUsers, nItems },
);
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), load ${loadavg()[0]!.toFixed(1)}, node ${process.version}`,
);
console.log(
  `data: ${nUsers} users, ${nItems} items, ${data.indices.length} distinct interactions (${nInteractions} drawn)`,
);

const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const cases: [string, RecommenderPlugin<object, Recommender>, object][] = [
  ['popularity', popularity, {}],
  ['item-kNN (20 neighbours)', itemKnn, { neighbors: 20 }],
  [
    'implicit ALS (64 factors, 15 iterations)',
    implicitAls,
    { factors: 64, iterations: 15, regularization: 0.01 },
  ],
];
console.log('| model | fit s | peak RSS growth (MB) | recommend p50 ms | p99 ms | max ms |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, plugin, params] of cases) {
  const rssBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  const model = await plugin.fit(data, params, fitContext({ seed: 0 }));
  const fitSeconds = (performance.now() - started) / 1000;
  const rssGrowth = (process.resourceUsage().maxRSS - rssBefore) / 1024;
  const lat = new Float64Array(requests);
  for (let r = 0; r < 1000; r++) model.recommend(rng.int(nUsers), 10, userItems(data, rng.int(nUsers))); // warm-up
  for (let r = 0; r < requests; r++) {
    const u = rng.int(nUsers);
    const t = performance.now();
    model.recommend(u, 10, userItems(data, u));
    lat[r] = performance.now() - t;
  }
  lat.sort();
  console.log(
    `| ${name} | ${fitSeconds.toFixed(2)} | ${rssGrowth.toFixed(0)} | ${quantile(lat, 0.5).toFixed(3)} | ${quantile(lat, 0.99).toFixed(3)} | ${lat[lat.length - 1]!.toFixed(1)} |`,
  );
}
console.log(`peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
