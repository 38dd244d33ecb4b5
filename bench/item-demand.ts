// `pnpm bench item-demand [--skip-pglite] [--skip-postgres] [--check] [--database <name>]`: the read behind
// demand forecasting, `scanItemDemand` for the whole catalog by day, ISO week and month, after importing the
// full UCI Online Retail file into a new PostgreSQL database and a new PGlite directory. Each read runs
// three times (the best and the median seconds). With --check, every (StockCode, ISO week) row of the weekly
// read is compared with pandas' groupby of the same file (/usr/bin/python3, pandas from Debian), under the
// Online Retail importer's rules (see PANDAS below). --database names the PostgreSQL database (dropped and
// created again; default storewise_bench_demand).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importFile } from '@storewise/engine';
import { type DemandPeriod, openStorage, type Storage, scanItemDemand } from '@storewise/storage';
import { freshBenchDatabase } from './lib/bench-database.js';

const args = process.argv.slice(2);
const here = resolve(new URL('..', import.meta.url).pathname);
const file = join(here, '../shared/data/online-retail-I/online_retail.csv.gz');
const databaseAt = args.indexOf('--database');
const database = databaseAt >= 0 ? args[databaseAt + 1]! : 'storewise_bench_demand';
const PERIODS: DemandPeriod[] = ['day', 'week', 'month'];
const RUNS = 3;

/**
 * Weekly demand by pandas, as CSV lines `sku,week start ms,purchased,returned,lines`: a `C` invoice is a
 * return of |Quantity|; other rows with Quantity <= 0, rows with a negative price or no StockCode are left
 * out (the importer rejects them); exact duplicate rows count once (the importer's event id hashes the row).
 */
const PANDAS = `
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False).drop_duplicates()
q = pd.to_numeric(df.Quantity); price = pd.to_numeric(df.UnitPrice)
ret = df.InvoiceNo.str.strip().str.upper().str.startswith('C'); sku = df.StockCode.str.strip()
keep = (q != 0) & ((q > 0) | ret) & (price >= 0) & (sku != '')
df, q, ret, sku = df[keep], q[keep], ret[keep], sku[keep]
week = pd.to_datetime(df.InvoiceDate).dt.to_period('W-SUN').dt.start_time
t = pd.DataFrame({'sku': sku, 'week': week, 'purchased': q.where(~ret, 0),
                  'returned': q.abs().where(ret, 0), 'lines': (~ret).astype(int)})
g = t.groupby(['sku', 'week'], as_index=False).sum()
g['week'] = (g.week - pd.Timestamp('1970-01-01')) // pd.Timedelta(milliseconds=1)
g.to_csv(sys.stdout, header=False, index=False)
print('pandas ' + pd.__version__, file=sys.stderr)
`;

interface Row {
  target: string;
  period: DemandPeriod;
  best: number;
  median: number;
  rows: number;
  items: number;
}
const rows: Row[] = [];
const checks: string[] = [];

/** One full read: rows, distinct items, and the weekly rows keyed `sku,week` when asked. */
async function readAll(storage: Storage, period: DemandPeriod, skus?: Map<number, string>) {
  const items = new Set<number>();
  const keyed = new Map<string, string>();
  let n = 0;
  for await (const b of scanItemDemand(storage, { period })) {
    n += b.length;
    for (let k = 0; k < b.length; k++) {
      items.add(b.itemIndex[k]!);
      if (skus)
        keyed.set(
          `${skus.get(b.itemIndex[k]!)},${b.periodStart[k]}`,
          `${b.purchased[k]},${b.returned[k]},${b.purchaseLines[k]}`,
        );
    }
  }
  return { rows: n, items: items.size, keyed };
}

function pandasWeeks(): Map<string, string> {
  const r = spawnSync('/usr/bin/python3', ['-c', PANDAS, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`pandas failed:\n${r.stderr}`);
  console.error(r.stderr.trim());
  const keyed = new Map<string, string>();
  for (const line of r.stdout.trim().split('\n')) {
    // The SKU is the only text field; Online Retail's hold no comma, so the last four fields are numbers.
    const f = line.split(',');
    const [purchased, returned, lines] = f.slice(-3).map(Number);
    keyed.set(`${f.slice(0, -4).join(',')},${f.at(-4)}`, `${purchased},${returned},${lines}`);
  }
  return keyed;
}

async function measure(kind: 'postgres' | 'pglite', expected: Map<string, string> | null): Promise<void> {
  let spec: string;
  let cleanup: () => void;
  if (kind === 'postgres') {
    const db = freshBenchDatabase(database);
    if (!db) {
      console.error('PostgreSQL at 127.0.0.1:5432 not reachable: its runs skipped');
      return;
    }
    spec = db.url;
    cleanup = db.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-demand-'));
    spec = join(dir, 'db');
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    let storage = await openStorage(spec);
    const started = performance.now();
    const imported = await importFile(storage, file, { format: 'online-retail' });
    console.error(
      `${kind}: imported ${imported.accepted} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // Read from a fresh open, as a forecasting job would.
    await storage.close();
    storage = await openStorage(spec);
    try {
      for (const period of PERIODS) {
        const seconds: number[] = [];
        let last = { rows: 0, items: 0 };
        for (let run = 0; run < RUNS; run++) {
          const t = performance.now();
          last = await readAll(storage, period);
          seconds.push((performance.now() - t) / 1000);
        }
        seconds.sort((a, b) => a - b);
        rows.push({ target: kind, period, best: seconds[0]!, median: seconds[RUNS >> 1]!, ...last });
      }
      if (expected) {
        const skus = new Map<number, string>();
        for await (const b of storage.scanItems()) for (const i of b) skus.set(i.index, i.sku);
        const got = (await readAll(storage, 'week', skus)).keyed;
        const differ = [...new Set([...got.keys(), ...expected.keys()])].filter(
          (k) => got.get(k) !== expected.get(k),
        );
        checks.push(
          `${kind}: ${got.size} weekly rows, pandas ${expected.size}; ${differ.length} differ` +
            differ
              .slice(0, 5)
              .map((k) => `\n  ${k}: storage ${got.get(k) ?? '-'} pandas ${expected.get(k) ?? '-'}`)
              .join(''),
        );
      }
    } finally {
      await storage.close();
    }
  } finally {
    cleanup();
  }
}

if (!existsSync(file)) {
  console.error(`${file} not found: see ../shared/data/README.md`);
  process.exit(1);
}
const expected = args.includes('--check') ? pandasWeeks() : null;
for (const kind of (['postgres', 'pglite'] as const).filter((k) => !args.includes(`--skip-${k}`)))
  await measure(kind, expected);

console.log(`file: ${file}; ${cpus().length} cores (${cpus()[0]?.model}); node ${process.version}`);
console.log(`scanItemDemand over the whole catalog, ${RUNS} runs each`);
console.log('| target | period | best s | median s | rows | items |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.target} | ${r.period} | ${r.best.toFixed(3)} | ${r.median.toFixed(3)} | ${r.rows} | ${r.items} |`,
  );
for (const c of checks) console.log(c);
