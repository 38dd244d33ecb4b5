import { readFileSync } from 'node:fs';
import {
  buildShopReport,
  demoShopFormat,
  demoShopPath,
  ImportInputError,
  loadPlugins,
} from '@storewise/engine';
import { redactDatabase } from '@storewise/storage';
import { Command, CommanderError } from 'commander';
import { registerCampaignCommands } from './commands/campaign.js';
import { registerClvCommand } from './commands/clv.js';
import { registerCustomerCommands } from './commands/customer.js';
import { registerEvalCommands } from './commands/eval-recs.js';
import { registerForecastCommand } from './commands/forecast.js';
import { checkFilesExist, parseBatchSize, parseFormat, runImport } from './commands/import.js';
import { registerModelCommands } from './commands/model.js';
import { registerPrivacyCommands } from './commands/privacy.js';
import { registerPropensityCommands } from './commands/propensity.js';
import { registerRecsCommands } from './commands/recs.js';
import { registerRejectsCommand } from './commands/rejects.js';
import { DB_HELP, registerSegmentCommands } from './commands/segment.js';
import { registerSegmentMigrationCommand } from './commands/segment-migration.js';
import { withDatabase } from './database.js';
import { NoResult, UserError } from './errors.js';
import { nothingAccepted, renderImportNotes } from './import-notes.js';
import { type CliIo, processIo } from './io.js';
import { count, renderReport, renderSummary } from './render.js';

/** The version of this package (its package.json, one directory above dist/ and src/). */
const CLI_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Runs the `storewise` command line with `argv` (arguments after the program name) and returns the
 * exit code. Errors the user can fix print one line on stderr and return 1.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  /** 0, or 2 when an import's file gave no row (emptyFilesExit). */
  let exitCode = 0;
  const program = new Command('storewise')
    .description('Storewise: recommendations, segments and campaigns for small online shops')
    .version(CLI_VERSION, '-V, --version', "print the storewise command's version")
    .option(
      '--plugin <module>',
      "a module whose default export is a model plugin (or a list of them): recommenders and classifiers, trained, loaded and served by their names like the built-ins (repeatable; give it to every command that uses the plugin's models; a .js module, or .ts run with `node --import tsx`)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .hook('preAction', async (command) => {
      const modules = (command.opts() as { plugin?: string[] }).plugin ?? [];
      if (modules.length > 0)
        await loadPlugins(modules, io.cwd).catch((error: Error) => {
          throw new UserError(`--plugin ${error.message.replace(/^plugin /, '')}`);
        });
    })
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('import')
    .description('import files of shop data (gzipped or not), one after another')
    .argument('<files...>', 'the files to import, in order (e.g. monthly exports)')
    .option(
      '-f, --format <format>',
      "online-retail (UCI Online Retail or Online Retail II) | shopify-orders, shopify-products, shopify-customers (Shopify's exports) | events (CSV or NDJSON, docs/import-formats.md) | orders (a shop's order lines: order_id, sku, a time such as created_at; customer_id, quantity, unit_price optional; CSV or NDJSON) | movielens (u.data, ratings.dat or ratings.csv) | items (a catalog: sku, title, category, price, stock) | customers (customer_id, country, consent); the other columns of items and customers are attributes; default: told by each file's first line",
    )
    .option('--db <database>', DB_HELP)
    .option(
      '--batch-size <rows>',
      'rows per write transaction (default 20000 into a PostgreSQL server, else 5000)',
    )
    .option('--json', 'print only the machine-readable summaries on stdout (one line per file)')
    .action(
      async (files: string[], opts: { format?: string; db?: string; batchSize?: string; json?: boolean }) => {
        const format = opts.format === undefined ? undefined : parseFormat(opts.format);
        const batchSize = parseBatchSize(opts.batchSize);
        checkFilesExist(files, io.cwd);
        await withDatabase(
          opts.db,
          io,
          async (storage) => {
            // Each file is an import of its own: a file that fails stops the command, and the files before
            // it stay imported (importing them again skips their rows as duplicates).
            const empty: string[] = [];
            for (const [i, file] of files.entries()) {
              const summary = await runImport(storage, file, format, batchSize, io).catch(
                (error: unknown) => {
                  throw notImported(error, files.slice(i + 1));
                },
              );
              io.stdout.write(
                opts.json
                  ? `${JSON.stringify(summary)}\n`
                  : renderSummary(summary) + renderImportNotes(summary),
              );
              if (nothingAccepted(summary)) empty.push(file);
            }
            exitCode = emptyFilesExit(empty, io);
          },
          { create: true },
        );
      },
    );

  program
    .command('demo')
    .description(
      'import the bundled demo shop (a slice of UCI Online Retail), then show what the database holds',
    )
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the import summary and the report as JSON')
    .option('--force', 'import it even into a database that already holds events')
    .action(async (opts: { db?: string; json?: boolean; force?: boolean }) => {
      await withDatabase(
        opts.db,
        io,
        async (storage, spec) => {
          // The demo mixed into a shop's own data would skew every report and model trained on it.
          const { events } = await storage.counts();
          if (events > 0 && !opts.force)
            throw new UserError(
              `the database already holds ${count(events, 'event', (v) => v.toLocaleString('en-US'))}; the demo shop goes into an empty one (give another --db), or pass --force to add it anyway`,
            );
          const summary = await runImport(storage, demoShopPath, demoShopFormat, undefined, io);
          const report = await buildShopReport(storage);
          if (opts.json) io.stdout.write(`${JSON.stringify({ import: summary, report })}\n`);
          else io.stdout.write(`${renderSummary(summary)}\n${renderReport(report, redactDatabase(spec))}`);
        },
        { create: true },
      );
    });

  program
    .command('info')
    .description('show what the database holds')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the report as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withDatabase(opts.db, io, async (storage, spec) => {
        const report = await buildShopReport(storage);
        io.stdout.write(
          opts.json ? `${JSON.stringify(report)}\n` : renderReport(report, redactDatabase(spec)),
        );
      });
    });

  registerRejectsCommand(program, io);
  registerSegmentCommands(program, io);
  registerSegmentMigrationCommand(program, io);
  registerClvCommand(program, io);
  registerForecastCommand(program, io);
  registerRecsCommands(program, io);
  registerPropensityCommands(program, io);
  registerEvalCommands(program, io);
  registerCampaignCommands(program, io);
  registerCustomerCommands(program, io);
  registerPrivacyCommands(program, io);
  registerModelCommands(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/**
 * Exit code 2 when a file's every row was rejected (none accepted, a duplicate or erased): the file is
 * likely in a form the format does not read (day-first dates). Said on stderr; else 0.
 */
function emptyFilesExit(files: readonly string[], io: CliIo): number {
  if (files.length === 0) return 0;
  io.stderr.write(
    `storewise: no row of ${files.join(', ')} was imported: every row was rejected (the lines above say why; storewise rejects lists them)\n`,
  );
  return 2;
}

/** A failed file's error, saying which of the files after it were not imported (none: the error as is). */
function notImported(error: unknown, rest: readonly string[]): unknown {
  if (rest.length === 0 || !(error instanceof UserError || error instanceof ImportInputError)) return error;
  return new UserError(
    `${error.message}\nnot imported, after it: ${rest.join(', ')} (the files before it are)`,
  );
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1; // commander printed the message
  if (error instanceof NoResult) return 2; // the command printed why
  if (error instanceof UserError || error instanceof ImportInputError) {
    io.stderr.write(`storewise: ${error.message}\n`);
    return 1;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  if (io.env.STOREWISE_DEBUG) io.stderr.write(`${err.stack ?? err.message}\n`);
  else io.stderr.write(`storewise: ${firstLine(err)} (set STOREWISE_DEBUG=1 for details)\n`);
  return 1;
}

/**
 * What went wrong, in a line: a query the database refused says the database's reason (a statement
 * timeout, a lost connection), not drizzle's "Failed query: <the SQL>", which a cron log needs less.
 */
function firstLine(err: Error): string {
  const first = err.message.split('\n')[0]!;
  if (first.startsWith('Failed query') && err.cause instanceof Error)
    return `the database refused a query: ${err.cause.message.split('\n')[0]}`;
  return first;
}
