import {
  type CustomerAnalytics,
  checkFilterReferences,
  customerAnalytics,
  detectFormat,
  type HeavyReturner,
  heavyReturners,
  historyOnlyNotice,
  type ImportFormat,
  lifetimeWarnings,
  parseIsoDateTime,
  RECORD_FORMATS,
  type RfmSegmentRule,
  refreshRuleSegment,
  reservedSegmentPrefix,
  selectCustomers,
  unpricedPurchasesWarning,
  validateRfmSegmentMap,
} from '@storewise/engine';
import { openStorage, SegmentFilterError, type Storage, validateSegmentFilter } from '@storewise/storage';
import type { Command } from 'commander';
import { openDatabase } from '../database.js';
import { UserError } from '../errors.js';
import { checkFile, readUserFile } from '../files.js';
import { dataFileWarnings, nothingAccepted } from '../import-notes.js';
import type { CliIo } from '../io.js';
import { parseJsonText } from '../json-text.js';
import { count, dateText, displayText, leftOutByConsent } from '../render.js';
import { parseFormat, runImport } from './import.js';
import {
  renderStored,
  rfmSegmentsEmptied,
  type StoredAnalytics,
  storeAnalytics,
} from './stored-analytics.js';

export const DB_HELP =
  'database: a directory (embedded PGlite), a postgres:// URL or memory: (default: $DATABASE_URL, else ./.storewise/data)';
export const DATA_HELP =
  'read this orders file into memory instead of using a database (its format told by its first line, as import does; or give --format)';
export const DATA_FORMAT_HELP =
  'format of --data: online-retail | shopify-orders | events | orders | movielens (default: told by its first line)';

/**
 * `--as-of 2011-12-01`: an ISO 8601 date or date-time, read as the import reads event times (without a
 * zone it is UTC; a bare date is midnight UTC). A day its month does not have (2011-02-30) is refused,
 * where `new Date` would roll it over to 2011-03-02.
 */
export function parseAsOf(text: string | undefined, flag = '--as-of'): Date | undefined {
  if (text === undefined) return undefined;
  const date = parseIsoDateTime(text);
  if (date === undefined) throw new UserError(`${flag} must be a date such as 2011-12-01, got "${text}"`);
  return date;
}

/** Refuses a blank `<customerId>` argument (`""`), which names no customer, before any database is opened. */
export function checkCustomerId(customerId: string): void {
  if (customerId.trim() === '') throw new UserError("<customerId> is empty: give the customer's id");
}

/**
 * The value of a flag that counts something (customers, days, rows), or undefined when the flag is not given:
 * a whole number written in decimal digits, from 1 to `max` (default 2^53 - 1, the largest whole number a
 * number holds exactly), as GraphQL's Int arguments take it. `1.5`, `1e3`, `0x10` and numbers past `max`
 * are refused with a message stating the whole valid range.
 */
export function parseWhole(
  name: string,
  text: string | undefined,
  max: number = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  const digits = text.trim();
  // BigInt compares exactly: Number("9007199254740993") would round to ...992 and pass.
  if (!/^\d+$/.test(digits) || BigInt(digits) < 1n || BigInt(digits) > BigInt(max))
    throw new UserError(`${name} must be a whole number from 1 to ${max}, got "${text}"`);
  return Number(digits);
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
    if (opts.db !== undefined) throw new UserError('use either --data or --db, not both');
    const file = checkFile(opts.data, io.cwd, '--data');
    // Without --format, the file's first line tells it, as `storewise import` does.
    const format: ImportFormat =
      opts.format === undefined ? await detectFormat(file) : parseFormat(opts.format);
    if (RECORD_FORMATS.has(format))
      throw new UserError(
        `--data needs orders or events (online-retail | shopify-orders | events | orders | movielens), not ${format}`,
      );
    storage = await openStorage('memory:');
    try {
      const summary = await runImport(storage, file, format, undefined, io);
      io.stderr.write(dataFileWarnings(summary, opts.data));
      if (nothingAccepted(summary))
        throw new UserError(
          `no row of ${opts.data} could be read: all ${summary.rejected.total} were rejected; storewise import ${opts.data} shows why`,
        );
    } catch (error) {
      await storage.close();
      throw error;
    }
  } else {
    if (opts.format !== undefined) throw new UserError('--format only applies with --data');
    storage = await openDatabase(opts.db, io);
  }
  try {
    await fn(storage, opts.data !== undefined);
  } finally {
    await storage.close();
  }
}

/**
 * The RFM part of the analytics as JSON: segments (size, revenue share), customers with their scores, the
 * customers whose returns are worth over half their purchases (`returnsOverHalf`), and the warnings on the lifetime-value fits whose p_alive, expected purchases and CLV are stored with them (as `clv`'s).
 */
export function rfmJson(
  a: CustomerAnalytics,
  stored: StoredAnalytics | null,
  returners: readonly HeavyReturner[],
): Record<string, unknown> {
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
    excludedByConsent: a.excludedByConsent,
    segments: a.rfm.report,
    clusters: a.clusters
      ? { k: a.clusters.k, silhouette: a.clusters.silhouette, clusters: a.clusters.clusters }
      : null,
    scores: customers,
    stored,
    returnsOverHalf: returners,
    warnings: lifetimeNotes(a.lifetime),
  };
}

/**
 * What `segment rfm` says of the lifetime models it stores scores from: why no lifetime value was computed
 * (BG/NBD or Gamma-Gamma not fitted: `clv` prints the same reason), and the warnings on the fits made.
 */
function lifetimeNotes(lifetime: CustomerAnalytics['lifetime']): string[] {
  const missing = !lifetime.fitted
    ? [`no lifetime value (p_alive, expected purchases, CLV): ${lifetime.reason}`]
    : lifetime.clv === null && lifetime.gammaGammaReason
      ? [`no CLV: ${lifetime.gammaGammaReason}`]
      : [];
  return [...missing, ...lifetimeWarnings(lifetime)];
}

/**
 * The customers ranked on spend that mostly came back (returns over half their purchases): RFM's monetary
 * score counts purchases only. The first SHOWN_MEMBERS with their segment; --json lists all.
 */
function renderReturners(a: CustomerAnalytics, returners: readonly HeavyReturner[]): string[] {
  if (returners.length === 0) return [];
  const index = new Map(a.customerIds.map((id, i) => [id, i]));
  const shown = returners.slice(0, SHOWN_MEMBERS).map((r) => {
    const segment = a.rfm.segments[a.rfm.segment[index.get(r.customerId)!]!]!;
    return `${displayText(r.customerId)} (${segment}: returned ${r.returns.toFixed(2)} of ${r.purchases.toFixed(2)})`;
  });
  const more = returners.length - shown.length;
  return [
    `${count(returners.length, 'customer')} returned over half of what they bought; spend (RFM monetary) counts purchases only, returns are not subtracted: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
  ];
}

/** The report; `stored` says what was written (null: nothing, a dry run), undefined for --data (no database). */
function renderRfm(
  a: CustomerAnalytics,
  stored: StoredAnalytics | null | undefined,
  returners: readonly HeavyReturner[],
): string {
  const lines = [`RFM segments of ${count(a.customerIds.length, 'customer')} as of ${dateText(a.asOf)}:`];
  const width = Math.max(...a.rfm.report.map((r) => r.name.length), 7);
  lines.push(`  ${'segment'.padEnd(width)}  customers  revenue share`);
  for (const r of a.rfm.report)
    lines.push(
      `  ${r.name.padEnd(width)}  ${String(r.customers).padStart(9)}  ${(100 * r.revenueShare).toFixed(1).padStart(12)}%`,
    );
  if (a.clusters) {
    lines.push(`Clusters (k = ${a.clusters.k}, silhouette ${a.clusters.silhouette.toFixed(3)}):`);
    for (const c of a.clusters.clusters)
      lines.push(`  ${c.cluster}: ${count(c.customers, 'customer')}, ${c.description}`);
  }
  lines.push(...renderReturners(a, returners));
  lines.push(...leftOutByConsent(a.excludedByConsent));
  if (stored !== undefined) lines.push(...renderStored(stored));
  return `${lines.join('\n')}\n`;
}

/** `--filter '{"field": ...}'` or `--filter @rule.json`, parsed (a syntax error names its line and column). */
async function readFilter(text: string, io: CliIo): Promise<unknown> {
  const file = text.startsWith('@') ? text.slice(1) : null;
  const raw = file !== null ? await readUserFile(file, io.cwd, '--filter') : text;
  return parseJsonText(raw, file !== null ? `--filter ${text}` : '--filter');
}

/** Member ids a dry run prints in its text output: a look at who matches, not an export (--json has all). */
const SHOWN_MEMBERS = 20;

/** `: c1, c2, ... and 5 more`, or nothing without members. */
function memberList(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const more = ids.length - SHOWN_MEMBERS;
  return `: ${ids.slice(0, SHOWN_MEMBERS).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** A segment map file, checked by the RFM rules' validation (errors name the rule and field). */
async function readSegmentMap(path: string, io: CliIo): Promise<RfmSegmentRule[]> {
  const text = await readUserFile(path, io.cwd, '--map');
  let rules: unknown;
  try {
    rules = JSON.parse(text);
  } catch (error) {
    throw new UserError(`--map ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(rules)) throw new UserError(`--map ${path}: expected a JSON array of segment rules`);
  try {
    validateRfmSegmentMap(rules as RfmSegmentRule[]);
  } catch (error) {
    throw new UserError(`--map ${path}: ${(error as Error).message}`);
  }
  return rules as RfmSegmentRule[];
}

/** `storewise segment rfm | rule` (`segment migration`: segment-migration.ts). */
export function registerSegmentCommands(program: Command, io: CliIo): void {
  const segment = program
    .command('segment')
    .description('customer segments: RFM and clusters, rule segments, migration between RFM segments');
  segment
    .command('rfm')
    .description('RFM scores and named segments (with clusters); from --data <file>, else from the database')
    .option('--data <file>', DATA_HELP)
    .option('-f, --format <format>', DATA_FORMAT_HELP)
    .option('--db <database>', DB_HELP)
    .option(
      '--as-of <date>',
      'only orders before this date count; recency is measured to it (default: the last order)',
    )
    .option(
      '--map <file.json>',
      'segment map: [{ "name", "recency": [min, max], "frequency": [min, max] }, ...]',
    )
    .option(
      '--dry-run',
      'compute and print the segments and scores without storing anything (with --map: try a segment map)',
    )
    .option(
      '--replace',
      "with --map: store the map's segments although that empties the stored RFM segments it does not name (rfm:champions, ...)",
    )
    .option(
      '--json',
      'print only JSON on stdout: segments with sizes and revenue shares, customers with their scores, what was stored',
    )
    .action(
      async (opts: {
        data?: string;
        format?: string;
        db?: string;
        asOf?: string;
        map?: string;
        dryRun?: boolean;
        replace?: boolean;
        json?: boolean;
      }) => {
        const asOf = parseAsOf(opts.asOf);
        if (opts.replace && opts.map === undefined)
          throw new UserError(
            '--replace only applies with --map (a run without --map stores the standard segments)',
          );
        if (opts.replace && opts.dryRun) throw new UserError('use either --dry-run or --replace, not both');
        const segments = opts.map === undefined ? undefined : await readSegmentMap(opts.map, io);
        await withCustomerData(opts, io, async (storage, fromFile) => {
          const analytics = await customerAnalytics(storage, {
            ...(asOf ? { asOf } : {}),
            ...(segments ? { segments } : {}),
          });
          if (analytics.customerIds.length === 0)
            throw new UserError('no customer has a purchase to analyze');
          const unpriced = fromFile ? null : await unpricedPurchasesWarning(storage);
          if (unpriced !== null) io.stderr.write(`storewise: warning: ${unpriced}\n`);
          let stored: StoredAnalytics | null | undefined;
          if (fromFile) stored = undefined;
          else if (opts.dryRun) stored = null;
          else {
            // A map tried out must not quietly empty the standard segments rules and campaigns are built on.
            const emptied = segments && !opts.replace ? await rfmSegmentsEmptied(storage, analytics) : [];
            if (emptied.length > 0)
              throw new UserError(
                `--map ${opts.map} names none of the stored RFM segments ${emptied.map((s) => `${s.segmentId} (${count(s.members, 'member')})`).join(', ')}: storing its segments would empty them. Add --dry-run to look at the map's segments without storing anything, or --replace to store them and empty those`,
              );
            stored = await storeAnalytics(storage, analytics, true);
            if (!stored.current) io.stderr.write(`${historyOnlyNotice(analytics.asOf)}\n`);
          }
          // The lifetime fit's p_alive, expected purchases and CLV are stored too: a degenerate fit is said, as by `clv`.
          if (!opts.json)
            for (const w of lifetimeNotes(analytics.lifetime)) io.stderr.write(`storewise: warning: ${w}\n`);
          const returners = await heavyReturners(storage, analytics.customerIds, asOf);
          io.stdout.write(
            opts.json
              ? `${JSON.stringify(rfmJson(analytics, stored ?? null, returners))}\n`
              : renderRfm(analytics, stored, returners),
          );
        });
      },
    );

  segment
    .command('rule')
    .description(
      'store a rule segment defined by a JSON filter and refresh its members (see docs/segments.md)',
    )
    .requiredOption('--id <id>', 'segment id, e.g. vip-germany')
    .requiredOption('--filter <json>', 'the filter as JSON, or @file.json')
    .option('--name <name>', 'display name (default: the id)')
    .option(
      '--dry-run',
      `print the members' ids (the first ${SHOWN_MEMBERS} in the text output; --json lists all) without storing the segment`,
    )
    .option('--db <database>', DB_HELP)
    .option('--json', 'print only JSON on stdout')
    .action(
      async (opts: {
        id: string;
        filter: string;
        name?: string;
        dryRun?: boolean;
        db?: string;
        json?: boolean;
      }) => {
        // The engine's check, shared with the gateway: `segment rfm` would overwrite a rule segment there.
        const reserved = reservedSegmentPrefix(opts.id);
        if (reserved !== null)
          throw new UserError(
            `--id "${opts.id}" starts with ${reserved}, which is reserved for the segments \`segment rfm\` stores; choose another id`,
          );
        const filter = await readFilter(opts.filter, io);
        await withCustomerData({ ...(opts.db !== undefined ? { db: opts.db } : {}) }, io, async (storage) => {
          try {
            // Names the store does not hold (a typo) refuse the rule; names analytics will write, warn.
            const check = await checkFilterReferences(storage, validateSegmentFilter(filter));
            if (check.problems.length > 0)
              throw new UserError(check.problems.map((p) => p.message).join('\n'));
            for (const warning of check.warnings) io.stderr.write(`storewise: warning: ${warning}\n`);
            const members = await selectCustomers(storage, filter);
            const refresh = opts.dryRun
              ? null
              : await refreshRuleSegment(storage, { id: opts.id, name: opts.name ?? opts.id, filter });
            const out = { id: opts.id, members: members.length, refresh, customerIds: members };
            io.stdout.write(
              opts.json
                ? `${JSON.stringify(out)}\n`
                : `segment ${opts.id}: ${count(members.length, 'member')}${refresh ? ` (${refresh.added} added, ${refresh.removed} removed)` : ` (dry run)${memberList(members)}`}\n`,
            );
          } catch (error) {
            if (error instanceof SegmentFilterError)
              throw new UserError(error.problems.map((p) => `${p.path}: ${p.reason}`).join('\n'));
            throw error;
          }
        });
      },
    );
}
