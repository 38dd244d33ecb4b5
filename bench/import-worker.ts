// `pnpm bench import-worker [--runs N] [--root <checkout>] [--reference] [--check]`: the import worker's
// work alone, on this thread: reading the full Online Retail file (parse, validate, hash) into the batch
// collector (columns, facts), N times (default 6) in one process, with no storage. Prints each run's
// seconds and the best.
// --root: another built checkout's reader and collector (absolute path), for before/after pairs.
// --reference: the format's reference reader (readOnlineRetail) instead of the byte reader the import uses.
// --check: reads the file both ways once and checks that they give the same batches.
// For a profile: node --cpu-prof --import tsx bench/import-worker.ts
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const runs = Number(option('--runs') ?? 6);
const root = option('--root') ?? join(import.meta.dirname, '..');
const file = join(import.meta.dirname, '../../shared/data/online-retail-I/online_retail.csv.gz');
const load = (path: string) => import(pathToFileURL(join(root, 'packages/engine/dist/import', path)).href);
const { BatchCollector } = await load('batch-collector.js');
const { FORMAT_READERS, FORMAT_FEEDS } = await load('formats/index.js');
const { openInput } = await load('input-stream.js');
// A checkout from before session 7 encoded each batch's events for the main thread (event-codec.ts).
const codec = await load('event-codec.js').catch(() => null);
// A checkout from before session 8 has no byte reader.
const reference = args.includes('--reference') || FORMAT_FEEDS === undefined;

/** The batches of one read of the file, handed to `take` as the worker would post them. */
async function read(byReference: boolean, take: (batch: { events: { length: number } }) => void) {
  const input = await openInput(file);
  const collector = new BatchCollector('online_retail.csv.gz', true);
  if (byReference) {
    for await (const rows of FORMAT_READERS['online-retail'](input.stream, file))
      for (const row of rows) {
        collector.add(row);
        if (collector.size >= 5000) take(collector.take(false));
      }
  } else {
    for await (const _ of FORMAT_FEEDS['online-retail'](input.stream, file, collector, 5000))
      take(collector.take(false));
  }
  take(collector.take(true));
  return {
    customers: collector.customerKeys.size,
    items: collector.itemKeys.size,
    byReason: collector.byReason,
  };
}

if (args.includes('--check')) {
  const want: unknown[] = [];
  const got: unknown[] = [];
  const wantTotals = await read(true, (b) => want.push(b));
  const gotTotals = await read(false, (b) => got.push(b));
  const differs = want.findIndex(
    (b, i) => !isDeepStrictEqual(b, got[i]) || JSON.stringify(b) !== JSON.stringify(got[i]),
  );
  if (want.length !== got.length || differs >= 0 || !isDeepStrictEqual(wantTotals, gotTotals)) {
    console.error(
      `the byte reader and its reference differ: ${want.length} against ${got.length} batches, first difference in batch ${differs}`,
    );
    process.exit(1);
  }
  console.log(`same ${got.length} batches and totals both ways (${JSON.stringify(gotTotals)})`);
  process.exit(0);
}

const seconds: number[] = [];
let events = 0;
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  events = 0;
  await read(reference, (batch) => {
    events += batch.events.length;
    if (codec) codec.encodeEvents(batch.events);
  });
  seconds.push((performance.now() - started) / 1000);
}
console.log(
  `${root}${reference ? ' (reference reader)' : ''}: ${events} events; seconds ${seconds.map((s) => s.toFixed(2)).join(' ')}; best ${Math.min(...seconds).toFixed(2)}`,
);
