// `pnpm bench import-memory <database> <file> <format> [--gc-every N]`: one import of <file> into
// <database> (a new PGlite directory or an empty postgres:// URL) in this process, printing the process's
// memory every 100 batches and its peak. With --gc-every N (run under `node --expose-gc --import tsx
// bench/import-memory.ts ...`), a full garbage collection after every N batches: the peak of what the
// import keeps alive, without the garbage a lazy collector leaves (docs/benchmarks/import.md, session 12).
import { type ImportFormat, importFile } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const [database, file, format] = process.argv.slice(2);
const gcAt = process.argv.indexOf('--gc-every');
const gcEvery = gcAt > 0 ? Number(process.argv[gcAt + 1]) : 0;
if (!database || !file || !format || (gcAt > 0 && !(gcEvery > 0))) {
  console.error('usage: pnpm bench import-memory <database> <file> <format> [--gc-every N]');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gcEvery > 0 && gc === undefined) {
  console.error(
    '--gc-every needs node --expose-gc (node --expose-gc --import tsx bench/import-memory.ts ...)',
  );
  process.exit(2);
}

const started = performance.now();
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
function sample(what: string): void {
  const m = process.memoryUsage();
  console.log(
    `${what}: ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${mb(m.rss)} MB, ` +
      `array buffers ${mb(m.arrayBuffers)} MB, other external ${mb(m.external - m.arrayBuffers)} MB, JS heap ${mb(m.heapUsed)} MB`,
  );
}

const storage = await openStorage(database);
sample('opened');
let batches = 0;
try {
  const summary = await importFile(storage, file, {
    format: format as ImportFormat,
    onProgress: (p) => {
      batches++;
      if (gcEvery > 0 && batches % gcEvery === 0) gc!();
      if (batches % 100 === 0) sample(`${p.rows.toLocaleString('en-US')} rows`);
    },
  });
  sample('imported');
  console.log(
    `${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected.total} rejected; ` +
      `import ${summary.seconds.toFixed(1)} s; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
} finally {
  await storage.close();
}
