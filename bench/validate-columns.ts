// `pnpm bench validate-columns [--root <checkout>] [--rounds N]`: the column checks storage runs on every
// batch an import appends (validateEventColumns), timed on 27 batches of 20,000 Online Retail-like events
// (what a first import of the file checks on the main thread), N rounds (default 5) in one process. Prints
// each round's milliseconds, the best and the median. --root: another built checkout's storage, for before/after pairs.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const root = option('--root') ?? join(import.meta.dirname, '..');
const rounds = Number(option('--rounds') ?? 5);
const dist = (path: string) => import(pathToFileURL(join(root, 'packages/storage/dist', path)).href);
const { eventColumns } = await dist('index.js');
const { validateEventColumns } = await dist('validate-events.js');

const events = Array.from({ length: 20_000 }, (_, k) => ({
  eventId: `or-${536_365 + (k >> 3)}-${85_000 + (k % 900)}A-${(k * 2_654_435_761).toString(36).slice(-11)}`,
  type: k % 50 === 0 ? 'return' : 'purchase',
  customerId: k % 7 === 0 ? null : `${12_346 + (k % 4_000)}`,
  sku: `${85_000 + (k % 900)}A`,
  timestamp: new Date(Date.UTC(2010, 11, 1) + k * 60_000),
  quantity: 1 + (k % 24),
  unitPrice: 0.5 + (k % 40) / 4,
  rating: null,
  query: null,
  sessionId: null,
  orderId: `${536_365 + (k >> 3)}`,
}));
const columns = eventColumns(events);
const times: number[] = [];
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  for (let batch = 0; batch < 27; batch++) validateEventColumns(columns);
  times.push(performance.now() - started);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `${root}: 27 batches of 20,000; ms ${times.map((t) => t.toFixed(1)).join(' ')}; best ${sorted[0]!.toFixed(1)}, median ${sorted[sorted.length >> 1]!.toFixed(1)}`,
);
