// The code the import benchmark (bench/import.ts) runs in its child processes, with `node --input-type=module -e`.

/**
 * One import of the file into a storage, timed from open to close: argv spec, file, batch size (0: the
 * default), checkout root. Prints the summary, the seconds, the phases and the peak RSS as JSON.
 */
export const IMPORT_CHILD = `
const [spec, file, batchSize, root] = process.argv.slice(1);
const { openStorage } = await import(root + '/packages/storage/dist/index.js');
const { importFile } = await import(root + '/packages/engine/dist/index.js');
const started = performance.now();
const storage = await openStorage(spec);
const opened = performance.now();
// The last batch's write: what comes after it is the load's index builds and the commit.
let lastBatch = opened;
const summary = await importFile(storage, file, {
  format: 'online-retail',
  ...(Number(batchSize) > 0 ? { batchSize: Number(batchSize) } : {}),
  onProgress: () => { lastBatch = performance.now(); },
});
await storage.close();
const ended = performance.now();
const phases = { open: (opened - started) / 1000, batches: (lastBatch - opened) / 1000, end: (ended - lastBatch) / 1000 };
console.log(JSON.stringify({ summary, seconds: (ended - started) / 1000, phases, maxRSSKB: process.resourceUsage().maxRSS }));
`;

/** The engine's reader alone (parse, validate, collect batches; no storage): argv file. Prints JSON. */
export const READER_CHILD = `
const [file] = process.argv.slice(1);
const dist = ${JSON.stringify(new URL('../../packages/engine/dist/import/', import.meta.url).href)};
const { openInput } = await import(dist + 'input-stream.js');
const { BatchCollector } = await import(dist + 'batch-collector.js');
const { FORMAT_FEEDS } = await import(dist + 'formats/index.js');
const started = performance.now();
let rows = 0;
let rejected = 0;
// What the import's worker does: the file read, validated and collected into batches of 5,000 rows.
const input = await openInput(file);
const collector = new BatchCollector('online_retail.csv.gz', true);
const take = (final) => {
  const batch = collector.take(final);
  rows += batch.rows;
  rejected += batch.rejectedRows;
};
for await (const _ of FORMAT_FEEDS['online-retail'](input.stream, file, collector, 5000)) take(false);
take(true);
console.log(JSON.stringify({ rows, rejected, seconds: (performance.now() - started) / 1000, maxRSSKB: process.resourceUsage().maxRSS }));
`;
