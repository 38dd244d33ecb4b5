/** `storewise segment migration`: how many customers moved between RFM segments from one date to another. */
import {
  customerAnalytics,
  rfmMigration,
  type SegmentMigration,
  SegmentSnapshotError,
  storedSegmentMigration,
} from '@storewise/engine';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { DATA_FORMAT_HELP, DB_HELP, parseAsOf, withCustomerData } from './segment.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

const DATE_HELP =
  'a date or date-time: the RFM segments stored as of it or before (a date without a time covers that whole UTC day, so the date `segment rfm` printed works); with --recompute, as `segment rfm --as-of` reads it';

/**
 * The instant whose stored snapshot (the latest as of it) answers a date option: a date without a time
 * is the last millisecond of that UTC day, so a snapshot stored as of 2011-12-09T09:15:00Z (the date
 * `segment rfm` printed as 2011-12-09 before) is the one of 2011-12-09.
 */
function snapshotInstant(text: string, date: Date): Date {
  return DATE_ONLY.test(text) ? new Date(date.getTime() + DAY_MS - 1) : date;
}

function renderMigration(m: SegmentMigration): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const lines = [`Segment migration ${day(m.from)} -> ${day(m.to)}: ${m.moved} moved, ${m.stayed} stayed`];
  for (const x of m.moves) if (x.from !== x.to) lines.push(`  ${x.from} -> ${x.to}: ${x.customers}`);
  return `${lines.join('\n')}\n`;
}

export function registerSegmentMigrationCommand(program: Command, io: CliIo): void {
  const segment = program.commands.find((c) => c.name() === 'segment')!;
  segment
    .command('migration')
    .description('how many customers moved between RFM segments from one date to another')
    .requiredOption('--from <date>', `the earlier date: ${DATE_HELP}`)
    .requiredOption('--to <date>', 'the later date, read as --from')
    .option(
      '--recompute',
      'recompute RFM as of both dates from the orders instead of reading stored snapshots',
    )
    .option(
      '--data <file>',
      'read this file into memory (implies --recompute; its format told by its first line, or --format)',
    )
    .option('-f, --format <format>', DATA_FORMAT_HELP)
    .option('--db <database>', DB_HELP)
    .option('--json', 'print only JSON on stdout')
    .action(
      async (opts: {
        from: string;
        to: string;
        recompute?: boolean;
        data?: string;
        format?: string;
        db?: string;
        json?: boolean;
      }) => {
        const from = parseAsOf(opts.from, '--from')!;
        const to = parseAsOf(opts.to, '--to')!;
        if (!(from < to)) throw new UserError('--from must be before --to');
        await withCustomerData(opts, io, async (storage, fromFile) => {
          const migration =
            opts.recompute || fromFile
              ? rfmMigration(
                  await customerAnalytics(storage, { asOf: from }),
                  await customerAnalytics(storage, { asOf: to }),
                )
              : await storedSegmentMigration(
                  storage,
                  snapshotInstant(opts.from, from),
                  snapshotInstant(opts.to, to),
                ).catch((error: unknown) => {
                  if (!(error instanceof SegmentSnapshotError)) throw error;
                  throw new UserError(
                    `${error.message}; store them first (segment rfm --as-of <date>), or pass --recompute`,
                  );
                });
          io.stdout.write(opts.json ? `${JSON.stringify(migration)}\n` : renderMigration(migration));
        });
      },
    );
}
