import { resolve } from 'node:path';
import {
  type CustomerAnalytics,
  customerAnalytics,
  type ImportFormat,
  storeCustomerScores,
} from '@storewise/engine';
import { openStorage, type Storage } from '@storewise/storage';
import type { Command } from 'commander';
import { databaseSpec, openDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { parseFormat, runImport } from './import.js';

export const DB_HELP =
  'database: a directory (embedded PGlite), a postgres:// URL or memory: (default: $DATABASE_URL, else ./.storewise/data)';

/** `--as-of 2011-12-01` (a date or date-time; a bare date is midnight UTC). */
export function parseAsOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime()))
    throw new UserError(`--as-of must be a date such as 2011-12-01, got "${text}"`);
  return date;
}

export function parsePositive(name: string, text: string | undefined, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value)))
    throw new UserError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"`);
  return value;
}

/**
 * Runs `fn` on the data the command names: with `--data`, the file imported into a fresh in-memory store
 * (nothing is written to any database); without it, the database of `--db` (as every command).
 */
export async function withCustomerData(
  opts: { data?: string; format?: string; db?: string },
  io: CliIo,
  fn: (storage: Storage, fromFile: boolean) => Promise<void>,
): Promise<void> {
  let storage: Storage;
  if (opts.data !== undefined) {
    if (opts.format === undefined)
      throw new UserError('--data needs --format (online-retail | events | movielens)');
    if (opts.db !== undefined) throw new UserError('use either --data or --db, not both');
    const format: ImportFormat = parseFormat(opts.format);
    storage = await openStorage('memory:');
    try {
      await runImport(storage, resolve(io.cwd, opts.data), format, undefined, io);
    } catch (error) {
      await storage.close();
      throw error;
    }
  } else {
    if (opts.format !== undefined) throw new UserError('--format only applies with --data');
    storage = await openDatabase(databaseSpec(opts.db, io));
  }
  try {
    await fn(storage, opts.data !== undefined);
  } finally {
    await storage.close();
  }
}

/** The RFM part of the analytics as JSON: segments (size, revenue share) and customers with their scores. */
export function rfmJson(a: CustomerAnalytics): Record<string, unknown> {
  const customers = a.customerIds.map((id, i) => ({
    customerId: id,
    recencyDays: a.summary.recency[i]!,
    orders: a.orders[i]!,
    spend: a.summary.total[i]!,
    r: a.rfm.recency[i]!,
    f: a.rfm.frequency[i]!,
    m: a.rfm.monetary[i]!,
    segment: a.rfm.segments[a.rfm.segment[i]!]!,
    cluster: a.clusters ? a.clusters.labels[i]! : null,
  }));
  return {
    asOf: a.asOf.toISOString(),
    customers: customers.length,
    segments: a.rfm.report,
    clusters: a.clusters
      ? { k: a.clusters.k, silhouette: a.clusters.silhouette, clusters: a.clusters.clusters }
      : null,
    scores: customers,
  };
}

function renderRfm(a: CustomerAnalytics): string {
  const lines = [
    `RFM segments of ${a.customerIds.length} customers as of ${a.asOf.toISOString().slice(0, 10)}:`,
  ];
  const width = Math.max(...a.rfm.report.map((r) => r.name.length), 7);
  lines.push(`  ${'segment'.padEnd(width)}  customers  revenue share`);
  for (const r of a.rfm.report)
    lines.push(
      `  ${r.name.padEnd(width)}  ${String(r.customers).padStart(9)}  ${(100 * r.revenueShare).toFixed(1).padStart(12)}%`,
    );
  if (a.clusters) {
    lines.push(`Clusters (k = ${a.clusters.k}, silhouette ${a.clusters.silhouette.toFixed(3)}):`);
    for (const c of a.clusters.clusters)
      lines.push(`  ${c.cluster}: ${c.customers} customers, ${c.description}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `storewise segment rfm`. */
export function registerSegmentCommands(program: Command, io: CliIo): void {
  const segment = program.command('segment').description('customer segments: RFM, clusters');
  segment
    .command('rfm')
    .description('RFM scores and named segments (with clusters); from --data <file>, else from the database')
    .option('--data <file>', 'read this file into memory instead of using a database (needs --format)')
    .option('-f, --format <format>', 'format of --data: online-retail | events | movielens')
    .option('--db <database>', DB_HELP)
    .option(
      '--as-of <date>',
      'only orders before this date count; recency is measured to it (default: the last order)',
    )
    .option(
      '--json',
      'print only JSON on stdout: segments with sizes and revenue shares, customers with their scores',
    )
    .action(async (opts: { data?: string; format?: string; db?: string; asOf?: string; json?: boolean }) => {
      const asOf = parseAsOf(opts.asOf);
      await withCustomerData(opts, io, async (storage, fromFile) => {
        const analytics = await customerAnalytics(storage, asOf ? { asOf } : {});
        if (analytics.customerIds.length === 0) throw new UserError('no customer has a purchase to analyze');
        if (!fromFile) await storeCustomerScores(storage, analytics);
        io.stdout.write(opts.json ? `${JSON.stringify(rfmJson(analytics))}\n` : renderRfm(analytics));
      });
    });
}
