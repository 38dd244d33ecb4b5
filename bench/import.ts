// `pnpm bench import [--batch-size N] [--skip-pglite] [--skip-postgres] [--baseline <checkout> [--baseline-second]]`: imports
// the full UCI Online Retail file (541,909 rows) with `importFile` into PostgreSQL (a fresh database storewise_bench on
// 127.0.0.1:5432) and into PGlite (a temp directory), each in a child process, next to the floor of the
// same run: psql's \copy of the raw CSV into a staging table of text columns. Also, in the same run: the
// engine's reader alone (parse + validate, no storage) next to the pandas peer (bench/peers/import.py,
// the same rules), whose counts every import must match. With --baseline, another built checkout's import
// runs right before each of this one's, for a before/after ratio on a machine whose load varies. After the
// import into PostgreSQL, the server-only floors: the schema floor, the bulk floor and the load floor.
// Numbers go to docs/benchmarks/import.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IMPORT_CHILD, READER_CHILD } from './lib/import-children.js';
import { loadFloor } from './lib/load-floor.js';

const file = new URL('../../shared/data/online-retail-I/online_retail.csv.gz', import.meta.url).pathname;
const server = 'postgres://postgres@127.0.0.1:5432';
const database = 'storewise_bench';
const args = process.argv.slice(2);
const batchAt = args.indexOf('--batch-size');
/** 0: each checkout's own default (since session 12, 20,000 into PostgreSQL and 5,000 into PGlite). */
const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : 0;
if (!existsSync(file)) {
  console.error(`missing ${file}`);
  process.exit(1);
}

interface Run {
  target: string;
  seconds: number;
  rows: number;
  peakMB: number | null;
  note: string;
  /** An import's open phase (seconds), as its child reported it. */
  open?: number;
}
const runs: Run[] = [];

function psql(db: string, command: string): { ok: boolean; seconds: number; out: string } {
  const started = performance.now();
  const r = spawnSync(
    'psql',
    ['-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qc', command],
    {
      encoding: 'utf8',
    },
  );
  return {
    ok: r.status === 0,
    seconds: (performance.now() - started) / 1000,
    out: `${r.stdout}${r.stderr}`.trim(),
  };
}

function recreateDatabase(): boolean {
  return (
    psql('postgres', `DROP DATABASE IF EXISTS ${database}`).ok &&
    psql('postgres', `CREATE DATABASE ${database}`).ok
  );
}

/**
 * Another checkout (already built) whose import runs right before this one's, for a before/after ratio;
 * with --baseline-second, right after it instead. The second import of a pair shares the machine with the
 * write-back of the first one's data (PGlite's second import was slower in most pairs, whichever code
 * ran it), so before/after pairs should be run both ways. (The schema floor runs on the database the
 * second import left: with --baseline-second, the baseline's schema.)
 */
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt >= 0 ? resolve(args[baselineAt + 1]!) : null;
const baselineSecond = args.includes('--baseline-second');

/** This checkout's import and the baseline's, in the order asked for. */
function importPair(target: string, fresh: () => void, location: (which: 'base' | 'this') => string): void {
  const order: ('base' | 'this')[] = baselineSecond ? ['this', 'base'] : ['base', 'this'];
  for (const which of order) {
    if (which === 'base' && baseline === null) continue;
    fresh();
    if (which === 'base') importInChild(`baseline ${baseline}: ${target}`, location('base'), baseline!);
    else importInChild(target, location('this'));
  }
}
const here = resolve(new URL('..', import.meta.url).pathname);

interface PeerCounts {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  customers: number;
  items: number;
  seconds: number;
}
let peer: PeerCounts | null = null;
/** The pandas peer's counts for this file (bench/peers/import.py), checked against when pandas is missing. */
const PANDAS_COUNTS: Omit<PeerCounts, 'seconds'> = {
  rows: 541909,
  accepted: 535303,
  duplicates: 5268,
  rejected: 1338,
  customers: 4372,
  items: 3957,
};
let reference: Omit<PeerCounts, 'seconds'> = PANDAS_COUNTS;
const mismatches: string[] = [];

function checkCounts(
  target: string,
  summary: Omit<PeerCounts, 'seconds' | 'rejected'> & { rejected: { total: number } },
): void {
  for (const key of ['rows', 'accepted', 'duplicates', 'customers', 'items'] as const)
    if (summary[key] !== reference[key])
      mismatches.push(`${target}: ${key} ${summary[key]} vs pandas ${reference[key]}`);
  if (summary.rejected.total !== reference.rejected)
    mismatches.push(`${target}: rejected ${summary.rejected.total} vs pandas ${reference.rejected}`);
}

/**
 * Runs node with `args`, under GNU time where it is installed: its maximum resident set covers the
 * child and the processes it waited for (PGlite's initdb runs in a child process of its own).
 */
function spawnNode(args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
  treeMB: number | null;
} {
  const timed = existsSync('/usr/bin/time');
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'TREE_MAXRSS_KB=%M', process.execPath, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const tree = /TREE_MAXRSS_KB=(\d+)/.exec(r.stderr);
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    treeMB: tree ? Number(tree[1]) / 1024 : null,
  };
}

/** The note on a run whose process tree peaked higher than the process itself (initdb's child). */
function treeNote(selfMB: number, treeMB: number | null): string {
  return treeMB !== null && treeMB > selfMB + 1 ? `; with its child processes ${treeMB.toFixed(0)} MB` : '';
}

/** The child's phases: opening the storage, writing the batches, and what follows the last batch (index builds, commit, close). */
function phaseNote(phases: { open: number; batches: number; end: number } | undefined): string {
  if (phases === undefined) return 'phases not reported';
  return `open ${phases.open.toFixed(2)} s, batches ${phases.batches.toFixed(2)} s, builds + commit ${phases.end.toFixed(2)} s`;
}

function importInChild(target: string, spec: string, root = here): void {
  const r = spawnNode(['--input-type=module', '-e', IMPORT_CHILD, spec, file, String(batchSize), root]);
  if (r.status !== 0) {
    console.error(`${target}: import failed\n${r.stderr}`);
    return;
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const s = out.summary;
  checkCounts(target, s);
  runs.push({
    target,
    seconds: out.seconds,
    rows: s.rows,
    peakMB: out.maxRSSKB / 1024,
    note: `${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected.total} rejected (open + import + close: ${phaseNote(out.phases)})${treeNote(out.maxRSSKB / 1024, r.treeMB)}`,
    ...(out.phases === undefined ? {} : { open: out.phases.open }),
  });
}

/**
 * PGlite's first open of a new directory alone (extracted from the storage build's image, or initdb
 * without one, + migrations), to tell its peak from the import's.
 */
function openInChild(dataDir: string): void {
  const code = `
const { openStorage } = await import(${JSON.stringify(`${here}/packages/storage/dist/index.js`)});
const started = performance.now();
const storage = await openStorage(process.argv[1]);
await storage.close();
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRSSKB: process.resourceUsage().maxRSS }));
`;
  const r = spawnNode(['--input-type=module', '-e', code, dataDir]);
  if (r.status !== 0) {
    console.error(`PGlite open failed\n${r.stderr}`);
    return;
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  runs.push({
    target: 'PGlite: open a new directory only (from the build image + migrations, no import)',
    seconds: out.seconds,
    rows: 0,
    peakMB: out.maxRSSKB / 1024,
    note: `part of the import row above${treeNote(out.maxRSSKB / 1024, r.treeMB)}`,
  });
}

const python = spawnSync('/usr/bin/python3', [new URL('./peers/import.py', import.meta.url).pathname, file], {
  encoding: 'utf8',
});
if (python.status === 0) {
  peer = JSON.parse(python.stdout.trim()) as PeerCounts;
  reference = peer;
  runs.push({
    target: 'pandas peer: read + same rules',
    seconds: peer.seconds,
    rows: peer.rows,
    peakMB: null,
    note: 'bench/peers/import.py',
  });
} else
  console.error(
    `pandas peer failed (${python.stderr.trim().split('\n').pop()}): counts are checked against its recorded counts`,
  );
const parsed = spawnSync(process.execPath, ['--input-type=module', '-e', READER_CHILD, file], {
  encoding: 'utf8',
});
if (parsed.status === 0) {
  const out = JSON.parse(parsed.stdout.trim());
  runs.push({
    target: 'import worker alone (read, validate, collect batches)',
    seconds: out.seconds,
    rows: out.rows,
    peakMB: out.maxRSSKB / 1024,
    note: `${out.rejected} rejected rows`,
  });
} else console.error(`reader run failed: ${parsed.stderr}`);

/**
 * Server-side floors: after the import has created the Storewise schema, insert the staged rows (same
 * rules, ids hashed by md5) into a copy of the events table (a logged table, like events) with all its
 * indexes, in one statement: no client can load that table faster while its indexes are maintained. Then
 * the same rows, duplicates removed beforehand (untimed), into a copy with no index or constraint, the
 * primary key (the event id) and the two other indexes built after, as events has them: the floor of the bulk load that
 * a first import now does (packages/storage/src/sql/bulk-load.ts), without a client.
 */
function schemaFloor(): void {
  const script = `
CREATE TEMP TABLE staging (invoiceno text, stockcode text, description text, quantity text, invoicedate text,
  unitprice text, customerid text, country text);
\\copy staging FROM PROGRAM 'gzip -dc ${file}' CSV HEADER
CREATE TEMP TABLE src AS SELECT 'or-' || invoiceno || '-' || stockcode || '-' || md5(s::text) AS event_id,
  (CASE WHEN invoiceno LIKE 'C%' THEN 'return' ELSE 'purchase' END)::event_type AS type, c.id AS customer_id,
  i.id AS item_id, invoicedate::timestamp AT TIME ZONE 'UTC' AS ts, abs(quantity::float8) AS quantity,
  unitprice::float8 AS unit_price, invoiceno AS order_id
  FROM staging s LEFT JOIN customers c ON c.external_id = s.customerid LEFT JOIN items i ON i.sku = s.stockcode
  WHERE unitprice::float8 >= 0 AND quantity::float8 <> 0 AND (quantity::float8 > 0 OR invoiceno LIKE 'C%');
CREATE TEMP TABLE src_unique AS SELECT DISTINCT ON (event_id) * FROM src;
CREATE TABLE events_copy (LIKE events INCLUDING ALL);
\\timing on
INSERT INTO events_copy (event_id, type, customer_id, item_id, ts, quantity, unit_price, order_id)
  SELECT event_id, type, customer_id, item_id, ts, quantity, unit_price, order_id FROM src
  ON CONFLICT (event_id) DO NOTHING;
\\timing off
DROP TABLE events_copy;
CREATE TABLE events_copy (LIKE events INCLUDING DEFAULTS INCLUDING IDENTITY);
\\timing on
INSERT INTO events_copy (event_id, type, customer_id, item_id, ts, quantity, unit_price, order_id)
  SELECT event_id, type, customer_id, item_id, ts, quantity, unit_price, order_id FROM src_unique;
ALTER TABLE events_copy ADD PRIMARY KEY (event_id);
CREATE INDEX ON events_copy (ts, seq);
CREATE INDEX ON events_copy (customer_id, ts, seq) WHERE customer_id IS NOT NULL;
\\timing off
DROP TABLE events_copy;
`;
  const r = spawnSync(
    'psql',
    ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qf', '-'],
    {
      input: script,
      encoding: 'utf8',
    },
  );
  const ms = [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  if (r.status !== 0 || ms.length !== 5) {
    console.error(`schema floor failed: ${r.stderr.trim()}`);
    return;
  }
  runs.push({
    target: 'schema floor: INSERT ... SELECT into a copy of events (server only)',
    seconds: ms[0]! / 1000,
    rows: 541909,
    peakMB: null,
    note: 'staged rows into a copy of events with its indexes, no client',
  });
  const builds = ms[2]! + ms[3]! + ms[4]!;
  runs.push({
    target: 'bulk floor: the same rows into a copy without indexes, then its three built (server only)',
    seconds: (ms[1]! + builds) / 1000,
    rows: 541909,
    peakMB: null,
    note: `insert ${(ms[1]! / 1000).toFixed(2)} s + primary key (the event id) and index builds ${(builds / 1000).toFixed(2)} s`,
  });
}

if (!args.includes('--skip-postgres')) {
  if (!recreateDatabase()) console.error(`PostgreSQL at ${server} not reachable: server runs skipped`);
  else {
    psql(
      database,
      'CREATE TABLE staging (invoiceno text, stockcode text, description text, quantity text, invoicedate text, unitprice text, customerid text, country text)',
    );
    const floor = psql(database, `\\copy staging FROM PROGRAM 'gzip -dc ${file}' CSV HEADER`);
    if (floor.ok)
      runs.push({
        target: 'floor: psql \\copy (PostgreSQL)',
        seconds: floor.seconds,
        rows: 541909,
        peakMB: null,
        note: floor.out,
      });
    importPair(
      'importFile -> PostgreSQL',
      () => recreateDatabase(),
      () => `${server}/${database}`,
    );
    schemaFloor();
    const load = await loadFloor(database);
    const loadSeconds = load === null ? 0 : load.copy + load.builds + load.finish;
    if (load !== null)
      runs.push({
        target:
          "load floor: the import's stored rows by binary COPY into a table without indexes, then its three built (server only)",
        seconds: loadSeconds,
        rows: 535303,
        peakMB: null,
        note: `COPY ${load.copy.toFixed(2)} s + primary key and index builds ${load.builds.toFixed(2)} s + ANALYZE and commit ${load.finish.toFixed(2)} s; the three builds at once on three connections after a committed COPY: ${load.concurrentBuilds.toFixed(2)} s (bench/lib/load-floor.ts)`,
      });
    // What an import would take if its client cost nothing beyond opening the storage: the bound the
    // import's own ratio cannot go below on this machine (docs/benchmarks/import.md, session 29).
    const opened = runs.find((r) => r.target === 'importFile -> PostgreSQL')?.open;
    if (load !== null && opened !== undefined)
      runs.push({
        target:
          "free-client bound: the import's open + the load floor (what a client costing nothing else would take)",
        seconds: opened + loadSeconds,
        rows: 535303,
        peakMB: null,
        note: `open ${opened.toFixed(2)} s (the import row's) + load floor ${loadSeconds.toFixed(2)} s`,
      });
  }
}
if (!args.includes('--skip-pglite')) {
  const dir = mkdtempSync(join(tmpdir(), 'storewise-bench-'));
  try {
    importPair(
      'importFile -> PGlite (directory)',
      () => {},
      (which) => join(dir, which === 'base' ? 'base' : 'data'),
    );
    openInChild(join(dir, 'fresh'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  mismatches.length === 0
    ? `counts of every import match pandas${peer === null ? ' (its recorded counts)' : ''}`
    : `COUNT MISMATCH:\n${mismatches.join('\n')}`,
);
const floor = runs.find((r) => r.target.startsWith('floor'));
console.log(
  `file: ${file}; batch size ${batchSize > 0 ? batchSize : 'the default'}; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}); node ${process.version}`,
);
console.log('| target | seconds | rows/s | peak RSS (MB) | x floor | note |');
console.log('|---|---:|---:|---:|---:|---|');
for (const r of runs) {
  const ratio = floor ? (r.seconds / floor.seconds).toFixed(1) : 'n/a';
  const peak = r.peakMB === null ? '-' : r.peakMB.toFixed(0);
  console.log(
    `| ${r.target} | ${r.seconds.toFixed(2)} | ${r.rows === 0 ? '-' : Math.round(r.rows / r.seconds).toLocaleString('en-US')} | ${peak} | ${ratio} | ${r.note} |`,
  );
}
