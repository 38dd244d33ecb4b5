// `pnpm bench import-once <database> [--statements] [--cpu]`: one import of the full Online Retail file into
// <database> (a PGlite directory or a postgres:// URL; it should hold no events), in this process,
// printing the summary. With --statements (PostgreSQL), also how many of each statement the import sent.
// With --cpu, the CPU seconds it took from open to close: this process's (user + system), and the whole
// machine's busy time from /proc/stat (the server's share is the difference, on a machine doing nothing else).
// For a profile of both threads: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/import-once.ts <database>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { importFile } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const database = process.argv[2];
if (!database) {
  console.error('usage: pnpm bench import-once <data directory or postgres:// URL>');
  process.exit(2);
}
const file = join(import.meta.dirname, '../../shared/data/online-retail-I/online_retail.csv.gz');
if (process.argv.includes('--statements')) countStatements();
const cpu = process.argv.includes('--cpu')
  ? { node: process.cpuUsage(), machine: machineBusySeconds() }
  : null;
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
if (cpu !== null) {
  const node = process.cpuUsage(cpu.node);
  const wall = (performance.now() - started) / 1000;
  console.log(
    `wall ${wall.toFixed(2)} s; CPU: node ${((node.user + node.system) / 1e6).toFixed(2)} s (user ${(node.user / 1e6).toFixed(2)}, system ${(node.system / 1e6).toFixed(2)}), machine ${(machineBusySeconds() - cpu.machine).toFixed(2)} s`,
  );
}

/** Seconds the machine's CPUs have been busy since boot (/proc/stat: every state but idle and iowait). */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const busy = fields.reduce((a, b) => a + b, 0) - fields[3]! - fields[4]!;
  return busy / 100; // USER_HZ
}

/** Counts the statements sent through node-postgres (the storage package's copy), by their first words. */
function countStatements(): void {
  const pg = createRequire(join(import.meta.dirname, '../packages/storage/package.json'))('pg');
  const query = pg.Client.prototype.query;
  const counts = new Map<string, number>();
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const text =
      typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? 'COPY (stream)');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 50);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return query.apply(this, args);
  };
  process.on('exit', () => {
    for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${n}\t${key}`);
  });
}
