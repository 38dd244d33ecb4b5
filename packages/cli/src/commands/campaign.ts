/** `storewise campaign create | list | start | stop | offer | run-triggers | report`. */
import {
  CampaignDefinitionError,
  CampaignError,
  campaignReport,
  createCampaign,
  definitionOf,
  definitionWarnings,
  fairnessByProblem,
  offerFor,
  runTriggers,
  startCampaign,
  stopCampaign,
} from '@storewise/engine';
import { type Storage, StorageInputError } from '@storewise/storage';
import type { Command } from 'commander';
import { openDatabase } from '../database.js';
import { UserError } from '../errors.js';
import { readUserFile } from '../files.js';
import type { CliIo } from '../io.js';
import { parseJsonText } from '../json-text.js';
import { renderCampaigns, renderOffer, renderReport, renderSummary } from './campaign-render.js';
import { checkCustomerId, DB_HELP, parseAsOf, parseWhole } from './segment.js';

/** The report's options (CampaignError.option) as the flags of `storewise campaign report`. */
const REPORT_FLAG_OF: Record<string, string> = {
  asOf: '--as-of',
  fairnessBy: '--fairness-by',
  upliftScore: '--uplift-score',
};

const AT_HELP = 'the time of the action, a date or date-time (default: now); e.g. to replay past data';

/** Runs `fn` on the database; campaign and input errors become one-line user errors. */
async function withStorage(db: string | undefined, io: CliIo, fn: (storage: Storage) => Promise<void>) {
  const storage = await openDatabase(db, io);
  try {
    await fn(storage);
  } catch (error) {
    // "fairnessBy <problem>" as "--fairness-by <problem>": the user gave the flag, not the engine's option.
    const option = error instanceof CampaignError ? error.option : undefined;
    const flag = option === undefined ? undefined : REPORT_FLAG_OF[option];
    const message = (error as Error).message;
    if (option !== undefined && flag !== undefined && message.startsWith(`${option} `))
      throw new UserError(`${flag}${message.slice(option.length)}`);
    if (
      error instanceof CampaignError ||
      error instanceof CampaignDefinitionError ||
      error instanceof StorageInputError
    )
      throw new UserError(error.message);
    throw error;
  } finally {
    await storage.close();
  }
}

async function readDefinition(path: string, io: CliIo): Promise<unknown> {
  return parseJsonText(await readUserFile(path, io.cwd, '--file'), path);
}

/** A definition's problems, each on a line under the file that holds them. */
function definitionProblems(file: string, error: CampaignDefinitionError): UserError {
  const lines = error.problems.map((p) => `  ${p.path}: ${p.reason}`);
  const head = error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`;
  return new UserError(`${file} has ${head}; nothing was stored:\n${lines.join('\n')}`);
}

const print = (io: CliIo, json: boolean | undefined, value: unknown, text: () => string) =>
  io.stdout.write(json ? `${JSON.stringify(value)}\n` : text());

export function registerCampaignCommands(program: Command, io: CliIo): void {
  const campaign = program
    .command('campaign')
    .description('campaigns: offers per customer with a holdout, guardrails and measured lift');

  campaign
    .command('create')
    .description('validate a campaign definition (JSON file) and store it as a draft')
    .requiredOption('--file <definition.json>', 'the campaign definition (see docs/campaigns.md)')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the stored campaign as JSON')
    .action(async (opts: { file: string; db?: string; json?: boolean }) => {
      const definition = await readDefinition(opts.file, io);
      await withStorage(opts.db, io, async (storage) => {
        const c = await createCampaign(storage, definition).catch((error: unknown) => {
          throw error instanceof CampaignDefinitionError ? definitionProblems(opts.file, error) : error;
        });
        for (const w of definitionWarnings(definitionOf(c))) io.stderr.write(`storewise: warning: ${w}\n`);
        print(io, opts.json, c, () => `Campaign ${c.id} (${c.name}) stored as a ${c.status}.\n`);
      });
    });

  campaign
    .command('list')
    .description('list the campaigns with their status')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withStorage(opts.db, io, async (storage) => {
        const all = await storage.listCampaigns();
        print(io, opts.json, all, () => renderCampaigns(all));
      });
    });

  campaign
    .command('start')
    .description('start a draft: assign its audience now (unless it waits for a trigger)')
    .argument('<id>', 'campaign id')
    .option('--at <date>', AT_HELP)
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the assignment summary as JSON')
    .action(async (id: string, opts: { at?: string; db?: string; json?: boolean }) => {
      const at = parseAsOf(opts.at, '--at') ?? new Date();
      await withStorage(opts.db, io, async (storage) => {
        const summary = await startCampaign(storage, id, at);
        for (const w of summary.warnings) io.stderr.write(`storewise: warning: ${w}\n`);
        print(io, opts.json, summary, () => renderSummary('started', summary));
      });
    });

  campaign
    .command('stop')
    .description('stop a running campaign (no new offers; assignments and the report stay)')
    .argument('<id>', 'campaign id')
    .option('--at <date>', AT_HELP)
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the campaign as JSON')
    .action(async (id: string, opts: { at?: string; db?: string; json?: boolean }) => {
      const at = parseAsOf(opts.at, '--at') ?? new Date();
      await withStorage(opts.db, io, async (storage) => {
        const c = await stopCampaign(storage, id, at);
        print(io, opts.json, c, () => `Campaign ${c.id} stopped at ${c.stoppedAt!.toISOString()}.\n`);
      });
    });

  campaign
    .command('offer')
    .description("a customer's offer: their assignment (sticky), or a decision made now, or why none")
    .argument('<id>', 'campaign id')
    .argument('<customerId>', "the customer's id")
    .option('--at <date>', AT_HELP)
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the decision as JSON')
    .action(async (id: string, customerId: string, opts: { at?: string; db?: string; json?: boolean }) => {
      checkCustomerId(customerId);
      const at = parseAsOf(opts.at, '--at') ?? new Date();
      await withStorage(opts.db, io, async (storage) => {
        const decision = await offerFor(storage, id, customerId, at);
        print(io, opts.json, decision, () => renderOffer(id, customerId, decision));
      });
    });

  campaign
    .command('run-triggers')
    .description("run the campaign's trigger (added to cart, no purchase within the delay) now")
    .argument('<id>', 'campaign id')
    .option('--at <date>', AT_HELP)
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the summary as JSON')
    .action(async (id: string, opts: { at?: string; db?: string; json?: boolean }) => {
      const at = parseAsOf(opts.at, '--at') ?? new Date();
      await withStorage(opts.db, io, async (storage) => {
        const summary = await runTriggers(storage, id, at);
        print(io, opts.json, summary, () => renderSummary('triggers ran', summary));
      });
    });

  campaign
    .command('report')
    .description(
      'measurement: per arm and holdout exposures, conversions, revenue, lift with 95% CI and p-value',
    )
    .argument('<id>', 'campaign id')
    .option('--as-of <date>', 'only purchases before this date count (default: all)')
    .option('--fairness-by <group>', 'country or attribute.<name> (default: the definition, else country)')
    .option(
      '--fairness-min-group <customers>',
      'the smallest group the fairness report judges: smaller ones are listed, not flagged (default 30)',
    )
    .option('--uplift-score <model>', 'stored score that ranks customers for the uplift deciles')
    .option(
      '--min-per-cell <n>',
      'offered and held-out customers each decile needs for a Qini curve (default 30)',
    )
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the measurement as JSON')
    .action(
      async (
        id: string,
        opts: {
          asOf?: string;
          fairnessBy?: string;
          fairnessMinGroup?: string;
          upliftScore?: string;
          minPerCell?: string;
          db?: string;
          json?: boolean;
        },
      ) => {
        const asOf = parseAsOf(opts.asOf);
        const minPerCell = parseWhole('--min-per-cell', opts.minPerCell);
        const byProblem = opts.fairnessBy === undefined ? null : fairnessByProblem(opts.fairnessBy);
        if (byProblem) throw new UserError(`--fairness-by ${byProblem}`);
        const fairnessMinGroupSize = parseWhole('--fairness-min-group', opts.fairnessMinGroup);
        await withStorage(opts.db, io, async (storage) => {
          const report = await campaignReport(storage, id, {
            ...(asOf ? { asOf } : {}),
            ...(opts.fairnessBy ? { fairnessBy: opts.fairnessBy } : {}),
            ...(fairnessMinGroupSize ? { fairnessMinGroupSize } : {}),
            ...(opts.upliftScore ? { upliftScore: opts.upliftScore } : {}),
            ...(minPerCell ? { minPerCell } : {}),
          });
          print(io, opts.json, report, () => renderReport(report));
        });
      },
    );
}
