// `pnpm bench import-worker [--runs N] [--root <checkout>]`: the import worker's work alone, on this
// thread: the Online Retail reader (parse, validate, hash) and the batch collector (columns, facts) over
// the full file, N times (default 6) in one process, with no storage. Prints each run's seconds and the
// best. With --root, another built checkout's reader and collector (absolute path), for before/after
// pairs. For a profile: node --cpu-prof --import tsx bench/import-worker.ts
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
const { FORMAT_READERS } = await load('formats/index.js');
const { openInput } = await load('input-stream.js');
// A checkout from before session 7 encoded each batch's events for the main thread (event-codec.ts).
const codec = await load('event-codec.js').catch(() => null);

const seconds: number[] = [];
let events = 0;
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const input = await openInput(file);
  const collector = new BatchCollector('online_retail.csv.gz', true);
  events = 0;
  const take = (final: boolean) => {
    const batch = collector.take(final);
    events += batch.events.length;
    if (codec) codec.encodeEvents(batch.events);
  };
  for await (const rows of FORMAT_READERS['online-retail'](input.stream, file))
    for (const row of rows) {
      collector.add(row);
      if (collector.size >= 5000) take(false);
    }
  take(true);
  seconds.push((performance.now() - started) / 1000);
}
console.log(
  `${root}: ${events} events; seconds ${seconds.map((s) => s.toFixed(2)).join(' ')}; best ${Math.min(...seconds).toFixed(2)}`,
);
