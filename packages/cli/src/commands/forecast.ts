/** `storewise forecast` and `storewise eval forecast`: demand per item, reorder advice, and a backtest. */
import {
  backtestDemand,
  type DemandBacktest,
  type DemandForecast,
  DemandForecastError,
  type DemandForecastOptions,
  forecastDemand,
  forecastTotal,
  type ItemDemandForecast,
  itemsAtRisk,
  itemsByDemand,
} from '@storewise/engine';
import { addDemandPeriods } from '@storewise/storage';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { count, dateText, displayText } from '../render.js';
import { collect } from './model-params.js';
import { DATA_FORMAT_HELP, DATA_HELP, DB_HELP, parseAsOf, withCustomerData } from './segment.js';

interface ForecastFlags {
  sku?: string[];
  period?: string;
  horizon?: string;
  history?: string;
  asOf?: string;
  leadTime?: string;
  serviceLevel?: string;
  level?: string;
  method?: string[];
  all?: boolean;
  db?: string;
  data?: string;
  format?: string;
  json?: boolean;
}

/** The engine's option names as the command's flags. */
const FLAG_OF: Record<string, string> = {
  period: '--period',
  horizon: '--horizon',
  historyPeriods: '--history',
  asOf: '--as-of',
  skus: '--sku',
  level: '--level',
  leadTimeDays: '--lead-time',
  serviceLevel: '--service-level',
  methods: '--method',
};

function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UserError(`${flag} must be a number, got "${text}"`);
  return value;
}

function forecastOptions(opts: ForecastFlags): DemandForecastOptions {
  const asOf = parseAsOf(opts.asOf);
  const numbers = {
    horizon: numberFlag('--horizon', opts.horizon),
    historyPeriods: numberFlag('--history', opts.history),
    leadTimeDays: numberFlag('--lead-time', opts.leadTime),
    serviceLevel: numberFlag('--service-level', opts.serviceLevel),
    level: numberFlag('--level', opts.level),
  };
  const options: DemandForecastOptions = {};
  for (const [key, value] of Object.entries(numbers))
    if (value !== undefined) (options as Record<string, unknown>)[key] = value;
  if (opts.period !== undefined) options.period = opts.period as DemandForecastOptions['period'];
  if (asOf !== undefined) options.asOf = asOf;
  if (opts.sku !== undefined) options.skus = opts.sku;
  if (opts.method !== undefined) options.methods = opts.method as DemandForecastOptions['methods'];
  return options;
}

/** The engine's refusal of an option, said with the command's flag. */
async function asFlags<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DemandForecastError) {
      const flag = FLAG_OF[error.field.replace(/\[\d+\]$/, '')] ?? error.field;
      throw new UserError(`${flag}${error.message.slice(error.field.length)}`);
    }
    throw error;
  }
}

/** Units rounded as printed: one decimal (none from 100 on). */
const rounded = (v: number): number => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10) + 0; // + 0: no -0
/** Units as printed: `rounded`, no decimal where it is 0 (stock 3, not 3.0), thousands grouped (12,400). */
const units = (v: number): string => rounded(v).toLocaleString('en-US', { maximumFractionDigits: 1 });
/** The day of an instant (a run-out date to the millisecond says more than the forecast knows). */
const day = (d: Date): string => d.toISOString().slice(0, 10);
const label = (i: ItemDemandForecast): string =>
  i.title ? `${displayText(i.sku)} ${displayText(i.title)}` : displayText(i.sku);

function itemLine(i: ItemDemandForecast): string {
  const total = forecastTotal(i);
  return `${label(i)}: ${i.method} (${i.demandClass}), ${units(total)} units over the horizon`;
}

function renderForecast(f: DemandForecast, opts: ForecastFlags): string {
  const lines = [
    `Demand by ${f.period} as of ${dateText(f.asOf)}: ${count(f.items.length, 'item')} forecast ${count(f.horizon, f.period)} ahead from ${span(f.historyStart, f.historyEnd, f.period)}${f.itemsWithoutDemand > 0 ? ` (${count(f.itemsWithoutDemand, 'catalog item')} without demand left out)` : ''}`,
  ];
  if (opts.sku !== undefined) {
    for (const i of f.items) {
      lines.push('', itemLine(i));
      if (i.stock !== null && i.reorder) {
        const r = i.reorder;
        lines.push(
          `  stock ${units(r.stock)}, reorder point ${units(r.reorderPoint)} (lead time ${f.leadTimeDays} days: ${units(r.leadTimeDemand)} + safety ${units(r.safetyStock)})${r.reorderNow ? `, order ${units(r.suggestedOrder)} now` : ''}; ${r.stockoutAt ? `runs out ${day(r.stockoutAt)} (${count(rounded(r.daysOfCover!), 'day', units)})` : r.leadTimeDemand > 0 || i.periods.some((p) => p.mean > 0) ? 'lasts past the horizon' : 'no demand forecast'}`,
        );
      } else lines.push('  stock not tracked');
      for (const p of i.periods)
        lines.push(`  ${dateText(p.start)}  ${units(p.mean)}  [${units(p.lower)}, ${units(p.upper)}]`);
    }
    return `${lines.join('\n')}\n`;
  }
  const risky = itemsAtRisk(f);
  const tracked = f.items.filter((i) => i.stock !== null).length;
  if (tracked > 0) {
    lines.push(
      `${count(risky.length, 'item')} of the ${tracked} listed with stock recorded to reorder now or running out within the horizon (service level ${f.serviceLevel}, lead time ${f.leadTimeDays} days):`,
    );
    for (const i of risky) {
      const r = i.reorder!;
      lines.push(
        `  ${label(i)}: stock ${units(r.stock)}, reorder point ${units(r.reorderPoint)}${r.suggestedOrder > 0 ? `, order ${units(r.suggestedOrder)}` : ''}${r.stockoutAt ? `, out ${day(r.stockoutAt)}` : ''}`,
      );
    }
  }
  const byDemand = itemsByDemand(f);
  const shown = opts.all ? byDemand : byDemand.slice(0, 10);
  lines.push(
    opts.all ? 'Every item, most demand forecast first:' : 'The 10 items with the most demand forecast:',
  );
  for (const i of shown) lines.push(`  ${itemLine(i)}`);
  return `${lines.join('\n')}\n`;
}

/** `the weeks of 2023-10-16 to 2024-02-26`: whole periods from `start` up to (not including) `end`, named by their starts. */
function span(start: Date, end: Date, period: DemandForecast['period']): string {
  const last = new Date(addDemandPeriods(end.getTime(), period, -1));
  if (last.getTime() < start.getTime()) return `no ${period}s`;
  return `the ${period}s of ${day(start)} to ${day(last)}`;
}

/**
 * `methods`: the candidates `--method` named (the row of the forecasts is then labelled with them, not
 * `auto`: with one, every item took it, short histories apart; see the Chosen line).
 */
function renderBacktest(b: DemandBacktest, methods?: readonly string[]): string {
  const pct = (v: number | null): string =>
    v === null || Number.isNaN(v) ? '-' : `${(100 * v).toFixed(1)}%`;
  const lines = [
    `Backtest by ${b.period}: held out ${span(b.testStart, b.testEnd, b.period)}, forecast from ${span(b.historyStart, b.testStart, b.period)}`,
    `${count(b.items, 'item')} scored (${units(b.actualUnits)} units sold in the held-out periods); ${count(b.newItems, 'item')} with sales in them but none in the history left out`,
    '',
    'method           WAPE     bias    MASE  coverage',
  ];
  const fallback: Record<string, string> = { 'seasonal-naive': 'naive or mean', naive: 'mean' };
  const label = (method: string): string =>
    method === 'auto' && methods !== undefined && methods.length > 0 ? methods.join('/') : method;
  for (const s of b.scores)
    lines.push(
      `${label(s.method).padEnd(15)} ${pct(s.wape).padStart(6)} ${pct(s.bias).padStart(8)} ${(s.mase === null ? '-' : s.mase.toFixed(3)).padStart(7)}  ${s.coverage === null ? '' : `${pct(s.coverage)} (level ${b.level}; ${pct(s.coverageWithSales)} of the periods with sales)`}${s.fellBack > 0 ? `(${fallback[s.method]} for ${count(s.fellBack, 'item')} with too short a history)` : ''}`.trimEnd(),
    );
  lines.push(
    '',
    `Chosen: ${Object.entries(b.chosen)
      .sort((x, y) => y[1] - x[1])
      .map(([m, n]) => `${m} ${n}`)
      .join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

const PERIOD_HELP = 'day | week | month (default week; weeks start on Monday, UTC)';
const METHOD_HELP =
  'a candidate method (repeatable): naive, seasonal-naive, mean, ses, holt, holt-damped, holt-winters-additive, holt-winters-multiplicative, croston, sba, tsb (default: chosen per item)';

function commonOptions(command: Command): Command {
  return command
    .option('--period <period>', PERIOD_HELP)
    .option('--horizon <periods>', 'periods to forecast (default 8 weeks, 28 days or 6 months)')
    .option(
      '--history <periods>',
      'periods of history to learn from (default 104 weeks, 730 days or 36 months)',
    )
    .option('--as-of <date>', 'forecast from this instant (default: just after the last purchase or return)')
    .option('--level <p>', 'coverage of the forecast intervals (default 0.9)')
    .option('--method <method>', METHOD_HELP, collect)
    .option('--db <database>', DB_HELP)
    .option('--data <file>', DATA_HELP)
    .option('-f, --format <format>', DATA_FORMAT_HELP)
    .option('--json', 'print only JSON on stdout');
}

/** `storewise forecast`. */
export function registerForecastCommand(program: Command, io: CliIo): void {
  commonOptions(
    program
      .command('forecast')
      .description(
        'demand per item for the next periods, and for items with stock recorded the reorder point and when they run out (docs/forecasting.md)',
      )
      .option('--sku <sku>', 'forecast this item, printed period by period (repeatable)', collect),
  )
    .option('--lead-time <days>', 'days from ordering stock to having it (default 14)')
    .option('--service-level <p>', 'chance of not running out before a reorder arrives (default 0.95)')
    .option('--all', 'list every item, not the 10 with the most demand')
    .action(async (opts: ForecastFlags) => {
      const options = forecastOptions(opts);
      await withCustomerData(opts, io, async (storage) => {
        const f = await asFlags(() => forecastDemand(storage, options));
        for (const w of f.warnings) io.stderr.write(`storewise: warning: ${w}\n`);
        io.stdout.write(opts.json ? `${JSON.stringify(f)}\n` : renderForecast(f, opts));
      });
    });
}

/** `storewise eval forecast`. */
export function registerEvalForecastCommand(evalGroup: Command, io: CliIo): void {
  commonOptions(
    evalGroup
      .command('forecast')
      .description(
        'hold out the last --horizon periods, forecast them from the history before, and score against baselines (docs/forecasting.md)',
      ),
  ).action(async (opts: ForecastFlags) => {
    const options = forecastOptions(opts);
    await withCustomerData(opts, io, async (storage) => {
      const b = await asFlags(() => backtestDemand(storage, options));
      for (const w of b.warnings) io.stderr.write(`storewise: warning: ${w}\n`);
      io.stdout.write(opts.json ? `${JSON.stringify(b)}\n` : renderBacktest(b, opts.method));
    });
  });
}
