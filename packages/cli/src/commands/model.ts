/** `storewise model list | activate | prune`: the stored model versions, a rollback to one of them, and removing old ones. */
import {
  activatePropensityVersion,
  activateRecommenderVersion,
  ModelVersionError,
  modelVersions,
  PURCHASE_PROPENSITY_MODEL,
} from '@storewise/engine';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
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
      '5',
    )
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the removed versions as JSON')
    .action(async (name: string | undefined, opts: { keep: string; db?: string; json?: boolean }) => {
      const keep = Number(opts.keep);
      if (!Number.isInteger(keep) || keep < 1)
        throw new UserError(`--keep must be a whole number of at least 1, got "${opts.keep}"`);
      await withDatabase(opts.db, io, async (storage) => {
        const stored = await storage.listModels();
        const names = name === undefined ? [...new Set(stored.map((m) => m.name))] : [name];
        if (name !== undefined && !stored.some((m) => m.name === name)) {
          const known = [...new Set(stored.map((m) => m.name))];
          throw new UserError(
            `no stored model "${name}" (${known.length > 0 ? `stored: ${known.join(', ')}` : 'none is stored'})`,
          );
        }
        const removed = [];
        for (const n of names) removed.push(...(await storage.pruneModels(n, keep)));
        if (opts.json) {
          io.stdout.write(
            `${JSON.stringify({ keep, removed: removed.map(({ name: n, version, sizeBytes }) => ({ name: n, version, sizeBytes })) })}\n`,
          );
          return;
        }
        if (removed.length === 0) {
          io.stdout.write(`nothing to remove: each model keeps its newest ${keep} and the one served\n`);
          return;
        }
        for (const n of names) {
          const gone = removed.filter((m) => m.name === n);
          if (gone.length === 0) continue;
          const freed = gone.reduce((sum, m) => sum + m.sizeBytes, 0);
          io.stdout.write(
            `${n}: removed ${gone.length === 1 ? 'version' : `${gone.length} versions`} ${gone.map((m) => `v${m.version}`).join(', ')} (${megabytes(freed)})\n`,
          );
        }
      });
    });
}

/** A size in MB with one decimal (KB below 0.1 MB). */
function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} KB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}
