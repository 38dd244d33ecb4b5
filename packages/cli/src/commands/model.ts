/** `storewise model list | activate`: the stored model versions, and a rollback to one of them. */
import { activateRecommenderVersion, ModelVersionError, modelVersions } from '@storewise/engine';
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
      'serve a stored version of a recommender again (a rollback, no training); a gateway on the database serves it within seconds',
    )
    .argument('<name>', 'the model name, e.g. recs')
    .argument('<version>', 'the version to serve')
    .option('--db <database>', DB_HELP)
    .action(async (name: string, versionText: string, opts: { db?: string }) => {
      const version = Number(versionText);
      if (!Number.isInteger(version) || version < 1)
        throw new UserError(`<version> must be a positive whole number, got "${versionText}"`);
      await withDatabase(opts.db, io, async (storage) => {
        const target = await activateRecommenderVersion(storage, name, version).catch((error: unknown) => {
          throw error instanceof ModelVersionError ? new UserError(error.message) : error;
        });
        io.stdout.write(`serving ${name} v${version} (trained ${target.createdAt.toISOString()})\n`);
      });
    });
}
