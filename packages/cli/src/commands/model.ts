/** `storewise model list | activate`: the stored model versions, and a rollback to one of them. */
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
            `${m.active ? '*' : ' '} ${m.name} v${m.version}  ${m.kind}  ${String(m.params.model ?? '')}  ${m.createdAt.toISOString()}\n`,
          );
        io.stdout.write('(* the version served)\n');
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
}
