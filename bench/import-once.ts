// `pnpm bench import-once <database>`: one import of the full Online Retail file into <database> (a
// PGlite directory or a postgres:// URL; it should hold no events), in this process, printing the summary.
// For a profile of both threads: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/import-once.ts <database>
import { join } from 'node:path';
import { importFile } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const database = process.argv[2];
if (!database) {
  console.error('usage: pnpm bench import-once <data directory or postgres:// URL>');
  process.exit(2);
}
const file = join(import.meta.dirname, '../../shared/data/online-retail-I/online_retail.csv.gz');
const started = performance.now();
const storage = await openStorage(database);
const opened = performance.now();
try {
  const summary = await importFile(storage, file, { format: 'online-retail' });
  console.log(
    `open ${((opened - started) / 1000).toFixed(2)} s; import ${summary.seconds.toFixed(2)} s; ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected.total} rejected`,
  );
} finally {
  await storage.close();
}
