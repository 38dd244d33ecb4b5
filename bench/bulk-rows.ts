// `pnpm bench bulk-rows [--rounds N]`: the main thread's per-batch work of a first import into an empty
// table (a bulk load), without the server: the full Online Retail file read into batches of 20,000 events
// as the import's worker makes them (untimed), then, N rounds (default 5) each way, alternating, every
// batch sorted into fresh and seen events by the fingerprints of the ids stored so far and written as
// binary COPY rows with its customers' and items' ids: in TypeScript (splitBatch, writeRows and setIds
// of packages/storage/src/sql/bulk-append.ts) and in WebAssembly (BulkRows, bulk-rows.ts). Each round
// starts from an empty set of fingerprints, as a load does. Prints each round's milliseconds and the
// median of each way; both must give the same rows (checked on the first round).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = Number(at < 0 ? 5 : args[at + 1]);
const root = join(import.meta.dirname, '..');
const engine = (path: string) => import(pathToFileURL(join(root, 'packages/engine/dist/import', path)).href);
const storage = (path: string) => import(pathToFileURL(join(root, 'packages/storage/dist/sql', path)).href);
const { BatchCollector } = await engine('batch-collector.js');
const { FORMAT_FEEDS } = await engine('formats/index.js');
const { openInput } = await engine('input-stream.js');
const { splitBatch, writeRows, setIds } = await storage('bulk-append.js');
const { BulkRows } = await storage('bulk-rows.js');
const { IdFingerprints } = await storage('id-fingerprints.js');
const { BinaryCopyWriter } = await storage('copy-binary.js');

interface Columns {
  length: number;
  customerIds: readonly string[];
  skus: readonly string[];
}

const file = join(import.meta.dirname, '../../shared/data/online-retail-I/online_retail.csv.gz');
const batches: Columns[] = [];
const input = await openInput(file);
const collector = new BatchCollector('online_retail.csv.gz', true);
for await (const _ of FORMAT_FEEDS['online-retail'](input.stream, file, collector, 20_000))
  batches.push(collector.take(false).events);
batches.push(collector.take(true).events);
// Storage ids of each batch's customers and items (any will do: the rows are not sent).
const ids = batches.map((b) => ({
  customers: Int32Array.from(b.customerIds, (_, i) => i + 1),
  items: Int32Array.from(b.skus, (_, i) => i + 1),
}));

/** One load's work on every batch, in TypeScript; the rows of each batch go to `keep` when given. */
function typescript(keep?: Uint8Array[]): void {
  const stored = new IdFingerprints();
  let seq = 1;
  for (const [b, batch] of batches.entries()) {
    const { fresh, textStart } = splitBatch(batch, stored);
    const out = new BinaryCopyWriter(1 << 20);
    const customerAt = new Int32Array(fresh.length);
    const itemAt = new Int32Array(fresh.length);
    writeRows(out, batch, fresh, textStart, seq, customerAt, itemAt);
    const rows = out.finish();
    setIds(rows, batch, fresh, customerAt, itemAt, ids[b]!.customers, ids[b]!.items);
    seq += fresh.length;
    keep?.push(rows);
  }
}

/** The same in WebAssembly. */
function kernel(keep?: Uint8Array[]): void {
  const rows = BulkRows.create();
  let seq = 1;
  for (const [b, batch] of batches.entries()) {
    const { fresh } = rows.split(batch);
    const bytes = rows.rows(seq, ids[b]!.customers, ids[b]!.items);
    seq += fresh.length;
    keep?.push(bytes.slice());
  }
}

const theirs: Uint8Array[] = [];
const ours: Uint8Array[] = [];
typescript(theirs);
kernel(ours);
if (theirs.length !== ours.length || theirs.some((r, i) => !Buffer.from(r).equals(ours[i]!))) {
  console.error('the kernel and the TypeScript path wrote different rows');
  process.exit(1);
}
const times = { typescript: [] as number[], kernel: [] as number[] };
for (let round = 0; round < rounds; round++)
  for (const way of ['typescript', 'kernel'] as const) {
    const started = performance.now();
    (way === 'typescript' ? typescript : kernel)();
    times[way].push(performance.now() - started);
  }
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const events = batches.reduce((n, b) => n + b.length, 0);
console.log(`${batches.length} batches, ${events} events; the same rows both ways`);
for (const way of ['typescript', 'kernel'] as const)
  console.log(
    `${way.padEnd(10)} ms ${times[way].map((t) => t.toFixed(0)).join(' ')}; median ${median(times[way]).toFixed(0)}`,
  );
