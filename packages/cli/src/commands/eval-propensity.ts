/** `storewise eval propensity`: cross-validated purchase-propensity classifiers on a CSV table (no database). */
import {
  classifierNames,
  classifierPlugin,
  DEFAULT_SEED,
  ExcludeError,
  evaluatePropensity,
  GroupByError,
  GroupingError,
  MissingLabelError,
  type PropensityEvalResult,
  readTabularFile,
  TableValueError,
} from '@storewise/engine';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { checkFile } from '../files.js';
import type { CliIo } from '../io.js';
import { createStepReporter } from '../progress.js';
import { count } from '../render.js';
import { collect, paramRefusal, parseModelParams } from './model-params.js';
import { renderPropensityFairness } from './propensity-fairness-render.js';
import { parseWhole } from './segment.js';
import { PROPENSITY_MODELS_HELP, warnIfSlowModel, warnIfThreadsCapped } from './slow-models.js';

interface EvalPropensityOptions {
  data: string;
  label: string;
  positive?: string;
  folds: string;
  models: string;
  seed: string;
  exclude?: string;
  groupBy?: string;
  fairnessMinGroup?: string;
  param?: string[];
  json?: boolean;
}

export function registerEvalPropensityCommand(evalGroup: Command, io: CliIo): void {
  evalGroup
    .command('propensity')
    .description(
      'cross-validate classifiers that predict a 0/1 label column of a CSV table: ROC AUC, PR AUC, log loss, Brier on the probabilities; accuracy, precision, recall, F1 of the labels predicted at a 0.5 threshold (docs/propensity.md#evaluating-models-on-a-table-storewise-eval-propensity)',
    )
    .requiredOption('--data <file>', 'a CSV file with a header row (gzipped or not)')
    .requiredOption('--label <column>', 'the column to predict')
    .option(
      '--positive <value>',
      'the label value that counts as positive; every other value counts as negative (default: a label of exactly two values, the true/yes/1 one, else the second in sorted order)',
    )
    .option('--folds <k>', 'stratified folds', '5')
    .option('--models <names>', `comma-separated: ${PROPENSITY_MODELS_HELP}`, 'tree,forest,gbdt,logreg')
    .option('--seed <seed>', 'seed of the folds and the fits', String(DEFAULT_SEED))
    .option('--exclude <columns>', 'comma-separated columns to leave out of the features (ids, free text)')
    .option(
      '--group-by <column>',
      "a fairness report of each model's out-of-fold predictions by this column's values (it stays a feature unless --exclude names it)",
    )
    .option(
      '--fairness-min-group <rows>',
      'the smallest group the fairness report judges (with --group-by; default 30)',
    )
    .option(
      '--param <model.key=value>',
      'a model parameter (repeatable), e.g. --param forest.nTrees=200, --param mlp.hiddenLayers=64,32, --param \'logreg.classWeight={"0":1,"1":5}\'; every parameter and default: docs/propensity.md#model-parameters',
      collect,
    )
    .option(
      '--json',
      "print one JSON array, an object per model, each with the base-rate baseline on the same folds ('baseline')",
    )
    .action(async (opts: EvalPropensityOptions) => {
      const result = await runEvalPropensity(opts, io);
      for (const warning of result.warnings) io.stderr.write(`storewise: warning: ${warning}\n`);
      io.stdout.write(
        opts.json
          ? `${JSON.stringify(result.results.map((r) => ({ ...r, baseline: result.baseline })))}\n`
          : renderPropensity(result),
      );
    });
}

export async function runEvalPropensity(
  opts: EvalPropensityOptions,
  io: CliIo,
): Promise<PropensityEvalResult> {
  const folds = Number(opts.folds);
  if (!Number.isInteger(folds) || folds < 2)
    throw new UserError(`--folds must be an integer >= 2, got "${opts.folds}"`);
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got "${opts.seed}"`);
  const models = opts.models
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (models.length === 0) throw new UserError('--models names no model');
  for (const m of models) {
    if (!classifierNames().includes(m))
      throw new UserError(`--models: unknown model "${m}": use ${classifierNames().join(', ')}`);
  }
  const params = parseModelParams(opts.param ?? [], models, (m) => classifierPlugin(m).defaults);
  for (const [model, p] of Object.entries(params))
    if (p.threads !== undefined) warnIfThreadsCapped(model, `${model}.threads=${p.threads}`, p.threads, io);
  const exclude = (opts.exclude ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (opts.fairnessMinGroup !== undefined && opts.groupBy === undefined)
    throw new UserError(
      '--fairness-min-group goes with --group-by: without groups there is no fairness report',
    );
  const fairnessMinGroupSize = parseWhole('--fairness-min-group', opts.fairnessMinGroup ?? '30')!;
  const started = performance.now();
  const steps = createStepReporter(io);
  const log = (message: string) =>
    steps.step(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`);
  log(`reading ${opts.data}`);
  try {
    const { records, lines } = await readTabularFile(checkFile(opts.data, io.cwd, '--data'));
    steps.stop(); // the warning on a line of its own, not on the status line
    warnIfSlowModel(
      models,
      count(records.length, 'row', (v) => v.toLocaleString('en-US')),
      io,
    );
    try {
      return await evaluatePropensity(records, {
        label: opts.label,
        ...(opts.positive !== undefined ? { positive: opts.positive } : {}),
        folds,
        models,
        seed,
        params,
        exclude,
        ...(opts.groupBy !== undefined ? { groupBy: opts.groupBy, fairnessMinGroupSize } : {}),
        onProgress: log,
      });
    } catch (error) {
      // Bad columns or labels are the user's to fix: one line, no stack.
      if (error instanceof ExcludeError) throw new UserError(error.messageFor('--exclude'));
      if (error instanceof GroupByError || error instanceof GroupingError)
        throw new UserError(error.messageFor('--group-by'));
      if (error instanceof MissingLabelError)
        throw new UserError(
          error.messageFor(
            (rows) =>
              `${opts.data}: line${rows.length > 1 ? 's' : ''} ${rows.map((r) => lines[r]).join(', ')}`,
            `the label ${opts.label}`,
          ),
        );
      if (error instanceof TableValueError)
        throw new UserError(error.messageFor(`${opts.data}: line ${lines[error.record]}`, '--exclude'));
      throw paramRefusal(error, opts.param ?? []) ?? new UserError((error as Error).message);
    }
  } finally {
    steps.stop();
  }
}

function renderPropensity(result: PropensityEvalResult): string {
  const base = result.baseline.mean;
  const row = (name: string, m: PropensityEvalResult['baseline']['mean'], fit: string) =>
    `${name.padEnd(18)} ${[m.rocAuc, m.prAuc, m.logLoss, m.brier, m.accuracy, m.f1].map((v) => v.toFixed(4).padEnd(8)).join(' ')} ${fit}`;
  const lines = [
    `${result.rows} rows, ${result.positives} positive ("${result.positive}", ${((100 * result.positives) / result.rows).toFixed(1)}%), ${result.features} features`,
    'model              ROC AUC  PR AUC   log loss Brier    accuracy F1       fit s',
    ...result.results.map((r) => row(r.model, r.mean, r.fitSeconds.toFixed(2))),
    row('base rate', base, '-'),
    "(base rate: each fold's training base rate predicted for every row of the fold, on the same folds)",
  ];
  for (const r of result.results) {
    const worse = [
      ...(r.mean.rocAuc > 0.5 ? [] : [`ROC AUC ${r.mean.rocAuc.toFixed(4)} (chance: 0.5)`]),
      ...(r.mean.logLoss <= base.logLoss
        ? []
        : [`log loss ${r.mean.logLoss.toFixed(4)} above the base rate's ${base.logLoss.toFixed(4)}`]),
    ];
    if (worse.length > 0) lines.push(`${r.model} does worse than the base rate: ${worse.join(', ')}`);
  }
  for (const r of result.results)
    if (r.fairness)
      lines.push(...renderPropensityFairness(r.fairness, `of ${r.model}'s out-of-fold predictions`, 'rows'));
  return `${lines.join('\n')}\n`;
}
