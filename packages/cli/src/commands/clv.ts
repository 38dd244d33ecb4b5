import {
  customerAnalytics,
  fitLifetimeModels,
  type HeavyReturner,
  heavyReturners,
  type LifetimeFits,
  type LifetimeResult,
  lifetimeValue,
  lifetimeWarnings,
  loadCustomerOrders,
  MAX_CLV_MONTHS,
  MAX_HORIZON_DAYS,
  readSummaryCsv,
  summarizeCustomerOrders,
  unpricedPurchasesWarning,
} from '@storewise/engine';
import { roundToCents, type Storage } from '@storewise/storage';
import type { Command } from 'commander';
import { NoResult, UserError } from '../errors.js';
import { checkFile } from '../files.js';
import type { CliIo } from '../io.js';
import { count, dateText, displayText, leftOutByConsent } from '../render.js';
import { DATA_FORMAT_HELP, DATA_HELP, DB_HELP, parseAsOf, parseWhole, withCustomerData } from './segment.js';
import { renderStored, type StoredAnalytics, storeAnalytics } from './stored-analytics.js';

interface ClvOptions {
  summary?: string;
  data?: string;
  format?: string;
  db?: string;
  asOf?: string;
  horizon?: string;
  months?: string;
  discountRate?: string;
  dryRun?: boolean;
  segment?: string;
  json?: boolean;
}

function fitsJson(fits: LifetimeFits): Record<string, unknown> {
  return {
    fitted: fits.fitted,
    reason: fits.reason,
    repeatCustomers: fits.repeatCustomers,
    bgnbd: fits.bgnbd,
    gammaGamma: fits.gammaGamma,
    gammaGammaReason: fits.gammaGammaReason,
    warnings: lifetimeWarnings(fits),
  };
}

/** Parameters as the text output prints them: 4 decimals, or 3 significant digits where 4 decimals would hide them. */
const param = (v: number): string =>
  v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toPrecision(3) : v.toFixed(4);

function renderFits(fits: LifetimeFits, customers: number): string {
  if (!fits.fitted) return `${fits.reason}\n`;
  const bg = fits.bgnbd!;
  const lines = [
    `BG/NBD on ${count(customers, 'customer')} (${count(fits.repeatCustomers, 'repeat buyer')}): r = ${param(bg.params.r)}, alpha = ${param(bg.params.alpha)}, a = ${param(bg.params.a)}, b = ${param(bg.params.b)}, log-likelihood ${bg.logLikelihood.toFixed(1)}${bg.converged ? '' : ' (not converged)'}`,
  ];
  const gg = fits.gammaGamma;
  lines.push(
    gg
      ? `Gamma-Gamma on ${count(gg.customers, 'customer')}: p = ${param(gg.params.p)}, q = ${param(gg.params.q)}, gamma = ${param(gg.params.gamma)}, log-likelihood ${gg.logLikelihood.toFixed(1)}${gg.converged ? '' : ' (not converged)'}`
      : (fits.gammaGammaReason ?? ''),
  );
  for (const w of lifetimeWarnings(fits)) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

function predictionsJson(ids: readonly string[], life: LifetimeResult): Record<string, unknown>[] {
  return ids.map((id, i) => ({
    customerId: id,
    expectedPurchases: life.expectedPurchases ? life.expectedPurchases[i]! : null,
    probabilityAlive: life.probabilityAlive ? life.probabilityAlive[i]! : null,
    clv: life.clv ? life.clv[i]! : null,
  }));
}

/** Customers the text output lists by CLV: a look at the most valuable, not an export (--json has all). */
const TOP_CUSTOMERS = 10;

const money = (v: number) =>
  v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Indices of the customers with the highest CLV, at most TOP_CUSTOMERS (none when CLV was not fitted). */
function topCustomers(
  ids: readonly string[],
  life: LifetimeResult,
  among: ReadonlySet<string> | null,
): number[] {
  const clv = life.clv;
  if (clv === null) return [];
  return ids
    .map((_, i) => i)
    .filter((i) => among === null || among.has(ids[i]!))
    .sort((a, b) => clv[b]! - clv[a]! || (ids[a]! < ids[b]! ? -1 : 1))
    .slice(0, TOP_CUSTOMERS);
}

interface SegmentValue {
  id: string;
  name: string;
  members: number;
  /** Members with a CLV (an order before the as-of date, analytics allowed). */
  customers: number;
  total: number;
  mean: number;
}

/** The current members of stored segment `id` (a UserError when there is no such segment). */
async function segmentMembers(
  storage: Storage,
  id: string,
): Promise<{ name: string; members: Set<string>; refreshedAt: Date | null }> {
  const segment = await storage.getSegment(id);
  if (segment === null) throw new UserError(`--segment: no segment "${displayText(id)}" is stored`);
  const members = new Set<string>();
  for await (const batch of storage.scanSegmentMembers(id)) for (const m of batch) members.add(m.customerId);
  return { name: segment.name, members, refreshedAt: segment.refreshedAt };
}

/** A warning when the segment's members are of another date than the CLV run (a day apart or more), else null. */
function segmentDateWarning(id: string, refreshedAt: Date | null, asOf: Date): string | null {
  if (refreshedAt === null || Math.abs(refreshedAt.getTime() - asOf.getTime()) < 86_400_000) return null;
  return `segment ${displayText(id)}'s members are as of ${dateText(refreshedAt)}, this CLV as of ${dateText(asOf)}: their values are of another date than their membership (give --as-of ${dateText(refreshedAt)}, or refresh the segment as of ${dateText(asOf)})`;
}

/** The segment's members' CLVs of this run summed (rounded to cents), as GraphQL's Segment.lifetimeValue sums the stored ones. */
function segmentValue(
  id: string,
  segment: { name: string; members: Set<string> },
  ids: readonly string[],
  life: LifetimeResult,
): SegmentValue {
  let customers = 0;
  let total = 0;
  if (life.clv !== null)
    ids.forEach((customerId, i) => {
      if (!segment.members.has(customerId)) return;
      customers++;
      total += life.clv![i]!;
    });
  return {
    id,
    name: segment.name,
    members: segment.members.size,
    customers,
    total: roundToCents(total),
    mean: customers === 0 ? 0 : roundToCents(total / customers),
  };
}

function renderSegmentValue(v: SegmentValue, months: number): string {
  return `Segment ${displayText(v.id)} (${displayText(v.name)}): ${count(v.members, 'member')}, ${v.customers} with a CLV; CLV over ${count(months, 'month')}: total ${money(v.total)}, mean ${money(v.mean)}`;
}

/**
 * The customers with the highest CLV (`top`), as a short table; those whose returns are worth over half their
 * purchases (`returners`) are marked with `*` and named below it, since CLV does not subtract returns.
 */
function renderTopCustomers(
  ids: readonly string[],
  life: LifetimeResult,
  top: readonly number[],
  returners: readonly HeavyReturner[],
): string[] {
  const clv = life.clv;
  if (clv === null || top.length === 0) return [];
  const marked = new Set(returners.map((r) => r.customerId));
  const names = top.map((i) => `${displayText(ids[i]!)}${marked.has(ids[i]!) ? '*' : ''}`);
  const width = Math.max(8, ...names.map((n) => n.length));
  const lines = [
    `Top ${count(top.length, 'customer')} by CLV over ${count(life.clvMonths, 'month')}:`,
    `  ${'customer'.padEnd(width)}  ${'clv'.padStart(10)}  p_alive  expected purchases (${life.horizonDays} days)`,
  ];
  top.forEach((i, k) => {
    const alive = life.probabilityAlive ? life.probabilityAlive[i]!.toFixed(3) : '-';
    const expected = life.expectedPurchases ? life.expectedPurchases[i]!.toFixed(2) : '-';
    lines.push(
      `  ${names[k]!.padEnd(width)}  ${money(clv[i]!).padStart(10)}  ${alive.padStart(7)}  ${expected}`,
    );
  });
  if (returners.length > 0)
    lines.push(
      `  * returned over half of what they bought (CLV counts purchases only: returns are not subtracted): ${returners.map((r) => `${displayText(r.customerId)} (returned ${money(r.returns)} of ${money(r.purchases)})`).join(', ')}`,
    );
  return lines;
}

async function clvFromSummary(opts: ClvOptions, io: CliIo): Promise<void> {
  for (const flag of [
    'data',
    'format',
    'db',
    'asOf',
    'horizon',
    'months',
    'discountRate',
    'dryRun',
    'segment',
  ] as const)
    if (opts[flag] !== undefined)
      throw new UserError(
        `--summary fits the models only; drop --${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      );
  let summary: Awaited<ReturnType<typeof readSummaryCsv>>;
  try {
    summary = await readSummaryCsv(checkFile(opts.summary!, io.cwd, '--summary'));
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  const fits = fitLifetimeModels(summary);
  const out = { customers: summary.ids.length, columns: summary.columns, ...fitsJson(fits) };
  io.stdout.write(opts.json ? `${JSON.stringify(out)}\n` : renderFits(fits, summary.ids.length));
  if (!fits.fitted) throw new NoResult();
}

async function clvFromOrders(opts: ClvOptions, io: CliIo): Promise<void> {
  const asOf = parseAsOf(opts.asOf);
  // whole days: it names the score (expected_purchases_90d)
  const horizonDays = parseWhole('--horizon', opts.horizon, MAX_HORIZON_DAYS) ?? 90;
  const clvMonths = parseWhole('--months', opts.months, MAX_CLV_MONTHS) ?? 12;
  const discountRate = opts.discountRate === undefined ? 0.01 : Number(opts.discountRate);
  if (!(discountRate >= 0))
    throw new UserError(`--discount-rate must be a number >= 0, got "${opts.discountRate}"`);
  await withCustomerData(opts, io, async (storage, fromFile) => {
    if (opts.segment !== undefined && fromFile)
      throw new UserError('--segment names a stored segment: use it with the database (--db), not --data');
    const segment = opts.segment === undefined ? null : await segmentMembers(storage, opts.segment);
    const options = { horizonDays, clvMonths, discountRate, ...(asOf ? { asOf } : {}) };
    let ids: string[];
    let life: LifetimeResult;
    let excludedByConsent: number;
    let stored: StoredAnalytics | null | undefined; // undefined: --data (no database); null: --dry-run
    let runAsOf: Date | null = null;
    if (fromFile) {
      const orders = await loadCustomerOrders(storage, asOf ? { asOf } : {});
      const s = summarizeCustomerOrders(orders);
      ids = orders.customerIds;
      life = lifetimeValue({ x: s.x, tx: s.tx, T: s.T, m: s.m }, options);
      excludedByConsent = orders.excludedByConsent ?? 0;
    } else {
      const analytics = await customerAnalytics(storage, options);
      // Nothing to store for no customer: the refusal below says why.
      stored =
        opts.dryRun || analytics.customerIds.length === 0
          ? null
          : await storeAnalytics(storage, analytics, false);
      ids = analytics.customerIds;
      life = analytics.lifetime;
      excludedByConsent = analytics.excludedByConsent;
      runAsOf = analytics.asOf;
    }
    // As segment rfm: nothing to fit is the user's to know, not a result.
    if (ids.length === 0)
      throw new UserError(
        `no customer has an order to fit lifetime value on${excludedByConsent > 0 ? ` (${count(excludedByConsent, 'customer')} left out: no analytics consent)` : ''}`,
      );
    const value = segment === null ? null : segmentValue(opts.segment!, segment, ids, life);
    const out = {
      customers: ids.length,
      excludedByConsent,
      horizonDays,
      clvMonths,
      discountRate,
      ...fitsJson(life),
      predictions: predictionsJson(ids, life),
      stored: stored ?? null,
      ...(value === null ? {} : { segment: value }),
    };
    const unpriced = fromFile ? null : await unpricedPurchasesWarning(storage);
    if (unpriced !== null) io.stderr.write(`storewise: warning: ${unpriced}\n`);
    const mixed =
      segment === null || runAsOf === null
        ? null
        : segmentDateWarning(opts.segment!, segment.refreshedAt, runAsOf);
    if (mixed !== null) io.stderr.write(`storewise: warning: ${mixed}\n`);
    const top = opts.json ? [] : topCustomers(ids, life, segment?.members ?? null);
    const returners = await heavyReturners(
      storage,
      top.map((i) => ids[i]!),
      asOf,
    );
    const text = [
      renderFits(life, ids.length),
      ...[
        ...(value === null || !life.fitted ? [] : [renderSegmentValue(value, clvMonths)]),
        ...renderTopCustomers(ids, life, top, returners),
        ...leftOutByConsent(excludedByConsent),
        ...(stored === undefined ? [] : renderStored(stored)),
      ].map((l) => `${l}\n`),
    ];
    io.stdout.write(opts.json ? `${JSON.stringify(out)}\n` : text.join(''));
    if (!life.fitted) throw new NoResult();
  });
}

/** `storewise clv`. */
export function registerClvCommand(program: Command, io: CliIo): void {
  program
    .command('clv')
    .description(
      'BG/NBD + Gamma-Gamma lifetime value: from a per-customer --summary, --data <orders file>, or the database',
    )
    .option(
      '--summary <csv>',
      'per-customer summary with columns x,t_x,T,zbar or frequency,recency,T,monetary_value',
    )
    .option('--data <file>', DATA_HELP)
    .option('-f, --format <format>', DATA_FORMAT_HELP)
    .option('--db <database>', DB_HELP)
    .option('--as-of <date>', 'end of the observation: only orders before it count (default: the last order)')
    .option(
      '--horizon <days>',
      `days over which expected purchases are predicted, 1 to ${MAX_HORIZON_DAYS} (default 90)`,
    )
    .option('--months <months>', `CLV horizon in months of 30 days, 1 to ${MAX_CLV_MONTHS} (default 12)`)
    .option('--discount-rate <rate>', 'monthly discount rate of the CLV (default 0.01)')
    .option('--dry-run', "fit and print without storing the customers' scores")
    .option(
      '--segment <id>',
      "a stored segment (rfm:champions, a rule's id): its members' CLV summed, and the top customers among them (the run still stores every customer's scores unless --dry-run)",
    )
    .option('--json', 'print only JSON on stdout')
    .action(async (opts: ClvOptions) => {
      if (opts.summary !== undefined) await clvFromSummary(opts, io);
      else await clvFromOrders(opts, io);
    });
}
