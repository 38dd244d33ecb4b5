/** `storewise eval recs`: offline evaluation of recommenders on a ratings file, or on the database's events. */

import type { FitItem } from '@storewise/core';
import {
  DEFAULT_EVENT_WEIGHTS,
  DEFAULT_SEED,
  evaluateRecommenders,
  eventMatrix,
  fairnessByProblem,
  fitWarnings,
  GroupingError,
  type InteractionEvents,
  isRatingModel,
  type ModelEvaluation,
  RATINGS_FORMATS,
  type RatingsFormat,
  type RecsGroupReport,
  readFitCatalog,
  readInteractionEvents,
  readRatingsFile,
  recommenderPlugin,
  SPLITS,
  type SplitKind,
  storedUserGroups,
  type UserGroups,
} from '@storewise/engine';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import { checkFile } from '../files.js';
import type { CliIo } from '../io.js';
import { createStepReporter } from '../progress.js';
import { count } from '../render.js';
import { registerEvalPropensityCommand } from './eval-propensity.js';
import { renderEvaluations } from './eval-recs-tables.js';
import { registerEvalForecastCommand } from './forecast.js';
import { collect, paramRefusal, parseModelParams } from './model-params.js';
import { parseWhole } from './segment.js';
import { warnIfLargeEase } from './slow-models.js';

interface EvalRecsOptions {
  data?: string;
  format?: string;
  db?: string;
  columns?: string;
  split: string;
  testRatio: string;
  k: string;
  models: string;
  seed: string;
  param?: string[];
  groupBy?: string;
  minGroupSize?: string;
  json?: boolean;
}

export function registerEvalCommands(program: Command, io: CliIo): void {
  const evalGroup = program
    .command('eval')
    .description(
      'offline evaluation: recommenders on a ratings file or the database, classifiers on a CSV table',
    );
  evalGroup
    .command('recs')
    .description(
      "fit recommenders on a split of a ratings file, or of the database's events (--db), and print ranking metrics per model",
    )
    .option('--data <file>', 'the ratings file (with --format)')
    .option('--format <format>', 'movielens | csv')
    .option(
      '--db <database>',
      'instead of --data: the events stored in this database, weighted as train recs weighs them (view 1, add to cart 3, purchase 5, rating 1); --split time and leave-last-out split the events by their times, leaving out what the customer bought or rated before',
    )
    .option('--columns <names>', 'csv: header names of user,item[,rating[,time]]')
    .option('--split <kind>', SPLITS.join(' | '), 'user-stratified')
    .option('--test-ratio <share>', 'share of entries held out (not for leave-last-out)', '0.25')
    .option('--k <k>', 'length of each ranking', '10')
    .option(
      '--models <names>',
      'comma-separated: pop,itemknn,userknn,als,bpr,ease,cooc,mf, or a recommender a --plugin module registers, by its name',
      'pop,itemknn,als',
    )
    .option('--seed <seed>', 'seed of the split and the fits', String(DEFAULT_SEED))
    .option(
      '--param <model.key=value>',
      'a model parameter (repeatable), e.g. --param als.factors=16',
      collect,
    )
    .option(
      '--group-by <by>',
      'accuracy per group of users: activity (terciles of training interactions) | country | attribute.<name> (these two with --db)',
    )
    .option('--min-group-size <n>', 'smallest group compared with the others (with --group-by; default 30)')
    .option('--json', 'print one JSON array, an object per model')
    .action(async (opts: EvalRecsOptions) => {
      const results = await runEvalRecs(opts, io);
      io.stdout.write(opts.json ? `${JSON.stringify(results)}\n` : renderEvaluations(results));
    });
  registerEvalPropensityCommand(evalGroup, io);
  registerEvalForecastCommand(evalGroup, io);
}

/** A model's evaluation; with --group-by, its group report also says what it cannot judge (`warnings`). */
export type EvalRecsResult = Omit<ModelEvaluation, 'groups'> & {
  groups?: RecsGroupReport & { warnings: string[] };
};

/**
 * `storewise eval recs`: each model's evaluation, in the order of --models. The grouping's warnings (an
 * attribute no customer holds) go to stderr as they are found and into each model's `groups.warnings`.
 */
export async function runEvalRecs(opts: EvalRecsOptions, io: CliIo): Promise<EvalRecsResult[]> {
  if ((opts.data === undefined) === (opts.db === undefined))
    throw new UserError('give --data <file> (with --format) or --db <database>, one of them');
  if (opts.db !== undefined && (opts.format !== undefined || opts.columns !== undefined))
    throw new UserError('--format and --columns go with --data, not --db');
  if (opts.data !== undefined && opts.format === undefined)
    throw new UserError(`--data needs --format: ${RATINGS_FORMATS.join(' or ')}`);
  if (opts.format !== undefined && !(RATINGS_FORMATS as readonly string[]).includes(opts.format))
    throw new UserError(`unknown format "${opts.format}": use ${RATINGS_FORMATS.join(' or ')}`);
  if (!(SPLITS as readonly string[]).includes(opts.split))
    throw new UserError(`unknown split "${opts.split}": use one of ${SPLITS.join(', ')}`);
  const testRatio = Number(opts.testRatio);
  if (!(testRatio > 0 && testRatio < 1))
    throw new UserError(`--test-ratio must be between 0 and 1, got "${opts.testRatio}"`);
  const k = parseWhole('--k', opts.k)!;
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got "${opts.seed}"`);
  const models = opts.models
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (models.length === 0) throw new UserError('--models names no model');
  for (const m of models) {
    try {
      recommenderPlugin(m);
    } catch (error) {
      throw new UserError(`--models: ${(error as Error).message}`);
    }
  }
  const params = parseModelParams(opts.param ?? [], models, (m) => recommenderPlugin(m).defaults);
  const groupBy = opts.groupBy;
  if (groupBy !== undefined && groupBy !== 'activity' && fairnessByProblem(groupBy) !== null)
    throw new UserError(`--group-by must be activity, country or attribute.<name>, got "${groupBy}"`);
  if (groupBy !== undefined && groupBy !== 'activity' && opts.db === undefined)
    throw new UserError(
      `--group-by ${groupBy} needs --db: a ratings file has no customers (activity works on both)`,
    );
  if (opts.minGroupSize !== undefined && groupBy === undefined)
    throw new UserError('--min-group-size goes with --group-by: without groups there is nothing to compare');
  const minGroupSize = parseWhole('--min-group-size', opts.minGroupSize ?? '30')!;
  const columns = opts.columns?.split(',').map((c) => c.trim());
  if (columns && opts.format !== 'csv') throw new UserError('--columns only applies with --format csv');
  const started = performance.now();
  const steps = createStepReporter(io);
  const log = (message: string) =>
    steps.step(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`);
  try {
    const { ratings, rows, rated, groups, skipped, events, catalog } =
      opts.db !== undefined
        ? { ...(await readStored(opts.db, io, log, groupBy)), skipped: undefined }
        : {
            ...(await readFile(opts, io, columns, log)),
            groups: undefined,
            events: undefined,
            catalog: undefined,
          };
    if (skipped !== undefined && skipped.rows > 0) {
      steps.stop();
      io.stderr.write(
        `storewise: warning: ${opts.data}: skipped ${count(skipped.rows, 'row')} with an empty ${columns ? `${columns[0]} or ${columns[1]}` : 'user or item'} column (the first on line ${skipped.firstLine}; an events file's search rows name no item); evaluated on the other ${count(rows, 'row')}\n`,
      );
    }
    if (groups !== undefined && groups.warnings.length > 0) {
      steps.stop(); // the warnings on lines of their own, not on the status line
      for (const warning of groups.warnings) io.stderr.write(`storewise: warning: ${warning}\n`);
    }
    const ratingModels = models.filter((name) => isRatingModel(name));
    if (!rated && ratingModels.length > 0)
      throw new UserError(
        opts.db !== undefined
          ? `--models ${ratingModels.join(',')}: fit${ratingModels.length === 1 ? 's' : ''} ratings, and --db evaluates on the weighted events: evaluate rating models on a ratings file (--data)`
          : `--models ${ratingModels.join(',')}: fit${ratingModels.length === 1 ? 's' : ''} ratings, and ${opts.data} has no rating column (name it with --columns user,item,rating): every value would be 1 and the rating errors 0`,
      );
    log(`${rows} rows: ${ratings.nUsers} users, ${ratings.nItems} items; split ${opts.split}`);
    warnIfLargeEase(
      models.map((m) => recommenderPlugin(m).name),
      ratings.nItems,
      io,
    );
    // Settings that fit noise on data this size (ALS factors large next to the catalog), and a k beyond
    // the catalog (a ranking holds at most the catalog, which then bounds precision).
    const dataProblems = [
      ...models.flatMap((m) => fitWarnings(m, params[m] ?? {}, ratings.nUsers, ratings.nItems)),
      ...(k > ratings.nItems ? [kBeyondCatalog(k, ratings.nItems)] : []),
    ];
    if (dataProblems.length > 0) steps.stop();
    for (const warning of dataProblems) io.stderr.write(`storewise: warning: ${warning}\n`);
    const results = await evaluateRecommenders(ratings, {
      rated,
      // The stored events are weighted as train recs weighs them, and fitted so; time and leave-last-out
      // split them event by event.
      weighted: opts.db !== undefined,
      ...(events ? { events } : {}),
      // The stored items, for a contributed model's fit context (a ratings file has no catalog).
      ...(catalog ? { catalog } : {}),
      split: opts.split as SplitKind,
      testRatio,
      k,
      models,
      seed,
      params,
      ...(groupBy === undefined ? {} : { groupBy: groups ?? 'activity', minGroupSize }),
      onProgress: log,
    }).catch((error: unknown) => {
      // Too many groups shows only once the test users are known, after the split.
      if (error instanceof GroupingError) throw new UserError(error.messageFor('--group-by'));
      throw paramRefusal(error, opts.param ?? []) ?? error;
    });
    const warnings = groups?.warnings ?? [];
    return results.map(({ groups: report, ...r }) =>
      report === undefined ? r : { ...r, groups: { ...report, warnings } },
    );
  } finally {
    steps.stop();
  }
}

/** The warning for a --k larger than the catalog (P@k is then at most items / k). */
function kBeyondCatalog(k: number, items: number): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `--k ${n(k)} exceeds the catalog's ${count(items, 'item', n)}: a ranking holds at most those items (less the user's training items), so P@${k} is at most ${n(items)} / ${n(k)} = ${(items / k).toFixed(4)}; use a k a page shows (10 by default)`;
}

async function readFile(
  opts: EvalRecsOptions,
  io: CliIo,
  columns: string[] | undefined,
  log: (message: string) => void,
) {
  log(`reading ${opts.data}`);
  return readRatingsFile(checkFile(opts.data!, io.cwd, '--data'), {
    format: opts.format as RatingsFormat,
    ...(columns ? { columns } : {}),
  });
}

/**
 * The stored events as train recs reads them: customer x item, weighted by event type, with times, both
 * event by event (for the time and leave-last-out splits) and as pairs; and the customers' groups when `groupBy` names a stored field (country, attribute.<name>).
 */
async function readStored(
  db: string,
  io: CliIo,
  log: (message: string) => void,
  groupBy: string | undefined,
) {
  let events: InteractionEvents | undefined;
  let matrix: ReturnType<typeof eventMatrix> | undefined;
  let groups: (UserGroups & { warnings: string[] }) | undefined;
  let catalog: FitItem[] | undefined;
  await withDatabase(db, io, async (storage) => {
    log('reading the stored events');
    events = (await readInteractionEvents(storage, { weights: DEFAULT_EVENT_WEIGHTS })).events;
    matrix = eventMatrix(events);
    if (matrix.itemIds !== null && matrix.nItems > 0) catalog = await readFitCatalog(storage, matrix.itemIds);
    if (groupBy !== undefined && groupBy !== 'activity' && matrix.nUsers > 0) {
      log(`reading the customers' ${groupBy}`);
      try {
        groups = await storedUserGroups(storage, matrix, groupBy);
      } catch (error) {
        if (error instanceof GroupingError) throw new UserError(error.messageFor('--group-by'));
        throw error;
      }
    }
  });
  if (matrix!.nUsers === 0) throw new UserError('the database holds no events of customers to evaluate on');
  return { ratings: matrix!, rows: events!.users.length, rated: false, groups, events: events!, catalog };
}
