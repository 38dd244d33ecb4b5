/** `storewise model list | activate | prune`: the stored model versions, a rollback to one of them, and removing old ones. */
import {
  activatePropensityVersion,
  activateRecommenderVersion,
  DEFAULT_MODELS_KEPT,
  ModelVersionError,
  modelVersions,
  type PruneModelsOutcome,
  PURCHASE_PROPENSITY_MODEL,
  pruneModelVersions,
} from '@storewise/engine';
import type { ModelArtifactInfo } from '@storewise/storage';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { dateText } from '../render.js';
import { DB_HELP } from './segment.js';

export function registerModelCommands(program: Command, io: CliIo): void {
  const model = program.command('model').description('the trained model versions stored, and rollbacks');
  model
    .command('list')
    .description('every stored model version, newest first: name, version, kind, algorithm, when, active')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withDatabase(opts.db, io, async (storage) => {
        const models = await modelVersions(storage);
        if (opts.json) {
          io.stdout.write(`${JSON.stringify(models)}\n`);
          return;
        }
        if (models.length === 0) {
          io.stdout.write('no stored models (storewise train recs, storewise train propensity)\n');
          return;
        }
        for (const m of models)
          io.stdout.write(
            `${m.active ? '*' : ' '} ${m.name} v${m.version}  ${m.kind}  ${String(m.params.model ?? '')}  ${m.createdAt.toISOString()}  ${megabytes(m.sizeBytes)}\n`,
          );
        const total = models.reduce((sum, m) => sum + m.sizeBytes, 0);
        io.stdout.write(
          `(* the version served; ${models.length} versions take ${megabytes(total)}: storewise model prune removes old ones)\n`,
        );
      });
    });
  model
    .command('activate')
    .description(
      'serve a stored version again (a rollback, no training): a recommender is served by a gateway on the database within seconds; a purchase-propensity version first rescores every customer as of its as-of and replaces the stored scores of its horizon',
    )
    .argument('<name>', 'the model name, e.g. recs or purchase-propensity')
    .argument('<version>', 'the version to serve')
    .option('--db <database>', DB_HELP)
    .action(async (name: string, versionText: string, opts: { db?: string }) => {
      const version = Number(versionText);
      if (!Number.isInteger(version) || version < 1)
        throw new UserError(`<version> must be a positive whole number, got "${versionText}"`);
      const refused = (error: unknown) => {
        throw error instanceof ModelVersionError ? new UserError(error.message) : error;
      };
      await withDatabase(opts.db, io, async (storage) => {
        if (name === PURCHASE_PROPENSITY_MODEL) {
          const a = await activatePropensityVersion(storage, version).catch(refused);
          io.stdout.write(
            `serving ${name} v${version} (trained ${a.createdAt.toISOString()}): rescored ${a.scored} customers as of ${a.asOf.toISOString()} as ${a.scoreName} (replacing ${a.replaced} stored scores)\n`,
          );
          return;
        }
        const target = await activateRecommenderVersion(storage, name, version).catch(refused);
        io.stdout.write(`serving ${name} v${version} (trained ${target.createdAt.toISOString()})\n`);
      });
    });
  model
    .command('prune')
    .description(
      'remove the stored versions of a model (or of every model) older than its newest --keep, except the one served: a model is stored anew by every training, and the database grows with them',
    )
    .argument('[name]', 'the model name, e.g. recs (default: every model)')
    .option(
      '--keep <n>',
      'how many of the newest versions of each model stay (the one served stays too)',
      String(DEFAULT_MODELS_KEPT),
    )
    .option(
      '--trained-before-erasure',
      "also remove the versions trained before the latest erasure of a customer the store held (those the privacy report lists): they may hold the erased customers' rows. The one served and each model's newest stay, and are named: train them again, then prune again",
    )
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the removed versions as JSON')
    .action(async (name: string | undefined, opts: PruneOpts) => {
      const keep = Number(opts.keep);
      if (!Number.isInteger(keep) || keep < 1)
        throw new UserError(`--keep must be a whole number of at least 1, got "${opts.keep}"`);
      await withDatabase(opts.db, io, async (storage) => {
        const outcome = await pruneModelVersions(storage, {
          ...(name !== undefined ? { name } : {}),
          keep,
          trainedBeforeErasure: opts.trainedBeforeErasure === true,
        }).catch((error) => {
          if (!(error instanceof ModelVersionError)) throw error;
          throw new UserError(
            error.field === 'trainedBeforeErasure'
              ? `--trained-before-erasure: ${error.message}`
              : error.message,
          );
        });
        io.stdout.write(
          opts.json
            ? `${JSON.stringify(pruneJson(outcome))}\n`
            : renderPrune(outcome, opts.trainedBeforeErasure === true),
        );
      });
    });
}

interface PruneOpts {
  keep: string;
  trainedBeforeErasure?: boolean;
  db?: string;
  json?: boolean;
}

const versionJson = ({ name, version, sizeBytes }: ModelArtifactInfo) => ({ name, version, sizeBytes });

function pruneJson(o: PruneModelsOutcome) {
  return {
    keep: o.keep,
    removed: o.removed.map(versionJson),
    erasureAt: o.erasureAt,
    keptBeforeErasure: o.keptBeforeErasure.map(({ name, version, active }) => ({ name, version, active })),
  };
}

/** What a prune removed, per model, and with --trained-before-erasure what it kept of the versions asked for. */
function renderPrune(o: PruneModelsOutcome, trainedBeforeErasure: boolean): string {
  const lines: string[] = [];
  if (o.removed.length === 0)
    lines.push(
      `nothing to remove: each model keeps its newest ${o.keep} and the one served${trainedBeforeErasure ? ', and no other version was trained before the latest erasure' : ''}`,
    );
  for (const n of new Set(o.removed.map((m) => m.name))) {
    const gone = o.removed.filter((m) => m.name === n);
    const freed = gone.reduce((sum, m) => sum + m.sizeBytes, 0);
    lines.push(
      `${n}: removed ${gone.length === 1 ? 'version' : `${gone.length} versions`} ${gone.map((m) => `v${m.version}`).join(', ')} (${megabytes(freed)})`,
    );
  }
  if (trainedBeforeErasure) {
    if (o.erasureAt === null)
      lines.push(
        'no customer the store held is on the erasure list: no version was trained before an erasure',
      );
    else if (o.keptBeforeErasure.length === 0)
      lines.push(`no stored version was trained before the latest erasure (${dateText(o.erasureAt)})`);
    else {
      lines.push(
        `kept, though trained before the latest erasure (${dateText(o.erasureAt)}), so they may still hold erased customers' rows: train again, then run this again`,
      );
      for (const m of o.keptBeforeErasure)
        lines.push(
          `  ${m.name} v${m.version} (${m.active ? 'served now' : 'the newest'}): ${trainAgain(m.name)}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The command that trains model `name` again. */
function trainAgain(name: string): string {
  if (name === PURCHASE_PROPENSITY_MODEL) return 'storewise train propensity';
  return name === 'recs' ? 'storewise train recs' : `storewise train recs --name ${name}`;
}

/** A size in MB with one decimal (KB below 0.1 MB). */
function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} KB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}
