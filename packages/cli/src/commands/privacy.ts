/** `storewise privacy report`: the engine's privacyReport, as readable text or JSON. */
import {
  DEFAULT_MIN_GROUP_SIZE,
  DEFAULT_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  type PrivacyReport,
  PrivacyReportError,
  privacyReport,
} from '@storewise/engine';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { count, dateText } from '../render.js';
import { registerErasureCommands } from './privacy-erasures.js';
import { DB_HELP, parseAsOf, parseWhole } from './segment.js';

interface ReportOptions {
  retentionDays?: string;
  minGroupSize?: string;
  asOf?: string;
  listInactive?: boolean;
  db?: string;
  json?: boolean;
}

/** The engine's option names as the command's flags. */
const FLAG_OF: Record<string, string> = {
  retentionDays: '--retention-days',
  minGroupSize: '--min-group-size',
  asOf: '--as-of',
};

export function registerPrivacyCommands(program: Command, io: CliIo): void {
  const privacy = program
    .command('privacy')
    .description('audits of the customer data the database holds, and carrying the erasure list to another');
  registerErasureCommands(privacy, io);
  privacy
    .command('report')
    .description(
      'what the database holds about customers: consent, attributes (flagging direct identifiers), events, customers inactive past a retention period, erasures and the models trained before them, rejects kept, countries with few customers',
    )
    .option(
      '--retention-days <n>',
      `whole days of inactivity after which a customer is due for review, 1 to ${MAX_RETENTION_DAYS} (default ${DEFAULT_RETENTION_DAYS})`,
    )
    .option('--list-inactive', "list the inactive customers' ids (default: only count them)")
    .option('--as-of <date>', 'measure the retention period back from this date (default: now)')
    .option(
      '--min-group-size <n>',
      `flag countries with fewer customers than this (default ${DEFAULT_MIN_GROUP_SIZE})`,
    )
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the report as JSON')
    .action(async (opts: ReportOptions) => {
      const retentionDays = parseWhole('--retention-days', opts.retentionDays, MAX_RETENTION_DAYS);
      const minGroupSize = parseWhole('--min-group-size', opts.minGroupSize);
      const asOf = parseAsOf(opts.asOf);
      await withDatabase(opts.db, io, async (storage) => {
        const report = await privacyReport(storage, {
          ...(asOf ? { asOf } : {}),
          ...(retentionDays !== undefined ? { retentionDays } : {}),
          ...(minGroupSize !== undefined ? { minGroupSize } : {}),
          listInactive: opts.listInactive === true,
        }).catch((error) => {
          if (!(error instanceof PrivacyReportError)) throw error;
          throw new UserError(
            `${FLAG_OF[error.field] ?? error.field}${error.message.slice(error.field.length)}`,
          );
        });
        io.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : renderPrivacyReport(report));
      });
    });
}

/** The report as lines of text, each section saying what to do about it where there is something to do. */
export function renderPrivacyReport(r: PrivacyReport): string {
  const lines = [`privacy report as of ${dateText(r.asOf)}`, `customers held: ${r.customers}`];
  lines.push('consent:            granted  refused  not recorded');
  for (const [flag, t] of Object.entries(r.consent))
    lines.push(
      `  ${flag.padEnd(16)} ${String(t.granted).padStart(8)} ${String(t.refused).padStart(8)} ${String(t.unrecorded).padStart(13)}`,
    );
  if (r.attributes.length === 0) lines.push('attributes held: none');
  else {
    lines.push('attributes held (customers with a value):');
    const width = Math.max(...r.attributes.map((a) => a.name.length));
    for (const a of r.attributes)
      lines.push(
        `  ${a.name.padEnd(width)} ${String(a.customers).padStart(8)}${a.identifier ? `  looks like a direct identifier (${a.identifier})` : ''}`,
      );
  }
  const { events: e, retention, erasure } = r;
  lines.push(
    `events: ${e.namingCustomers} naming a customer, ${e.anonymous} anonymous${e.oldestAt ? `; the oldest ${dateText(e.oldestAt)}` : ''}`,
  );
  lines.push(
    `inactive for ${retention.days} days (no event, or record without events, since ${dateText(retention.cutoff)}): ${count(retention.count, 'customer')}${
      retention.ids === null && retention.count > 0 ? ' (--list-inactive lists them)' : ''
    }`,
  );
  for (const id of retention.ids ?? []) lines.push(`  ${id}`);
  lines.push(erasureLine(r));
  for (const m of erasure.modelsTrainedBefore)
    lines.push(
      `  ${m.name} v${m.version} (${m.kind}, trained ${dateText(m.trainedAt)}${m.active ? ', served now' : ''})`,
    );
  lines.push(
    `rejected import fields kept: ${r.rejectedImportFields}${r.rejectedImportFields > 0 ? " (with their raw rows; those naming a customer go with the customer's export and deletion; storewise rejects --clear deletes them all)" : ''}`,
  );
  const small = r.smallCountries;
  lines.push(
    small.countries.length === 0
      ? `countries with fewer than ${small.minGroupSize} customers: none`
      : `countries with fewer than ${small.minGroupSize} customers (a count by country there nearly names them): ${small.countries.map((c) => `${c.country} ${c.customers}`).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

function erasureLine(r: PrivacyReport): string {
  const { listed, lastAt, known, modelsTrainedBefore: models } = r.erasure;
  const head = `erasure list: ${count(listed, 'customer')}`;
  if (!known) return `${head} (this database cannot tell when they were erased)`;
  if (lastAt === null)
    return listed === 0
      ? head
      : `${head}, none held by the store when erased (no model was trained on their rows)`;
  const tail =
    models.length === 0
      ? 'no stored model was trained before it'
      : `${count(models.length, 'stored model version')} trained before it may still hold their rows (train again, then storewise model prune --trained-before-erasure):`;
  return `${head}, the latest erased ${dateText(lastAt)}; ${tail}`;
}
