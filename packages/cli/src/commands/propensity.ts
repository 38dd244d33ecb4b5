/**
 * `storewise train propensity`: "buys within N days" trained on the database's events, scores stored per
 * customer; `storewise profile <customerId>`: a customer's behaviour profile and stored scores.
 */
import {
  type CustomerProfile,
  classifierNames,
  classifierPlugin,
  customerProfile,
  DEFAULT_SEED,
  fairnessByProblem,
  GroupingError,
  HOLDOUT_MIN_CLASS,
  LabelWindowError,
  MAX_HORIZON_DAYS,
  type PurchasePropensityResult,
  trainPurchasePropensity,
} from '@storewise/engine';
import { declines } from '@storewise/storage';
import type { Command } from 'commander';
import { openDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { createStepReporter } from '../progress.js';
import { count, dateText } from '../render.js';
import { collect, paramRefusal, parseParamValue } from './model-params.js';
import { renderPropensityFairness } from './propensity-fairness-render.js';
import { DB_HELP, parseAsOf, parseWhole } from './segment.js';
import { PROPENSITY_MODELS_HELP, warnIfSlowModel, warnIfThreadsCapped } from './slow-models.js';

interface TrainPropensityOptions {
  horizon: string;
  model: string;
  asOf?: string;
  allowPartialWindow?: boolean;
  seed: string;
  param?: string[];
  dryRun?: boolean;
  force?: boolean;
  fairnessBy: string;
  fairnessMinGroup: string;
  db?: string;
  json?: boolean;
}

interface ProfileOptions {
  asOf?: string;
  db?: string;
  json?: boolean;
}

export function registerPropensityCommands(program: Command, io: CliIo): void {
  const train =
    program.commands.find((c) => c.name() === 'train') ??
    program.command('train').description('train a model on the database');
  train
    .command('propensity')
    .description(
      'train "buys within N days" on the stored events, store each customer\'s score (p_purchase_<N>d) and the model: a new version, the active one unless the active version is as of a later date (then kept as history; storewise model activate purchase-propensity <v> serves it with its scores)',
    )
    .option('--horizon <days>', `N: the purchase window in whole days, 1 to ${MAX_HORIZON_DAYS}`, '30')
    .option('--model <name>', PROPENSITY_MODELS_HELP, 'logreg')
    .option(
      '--as-of <date>',
      'the present (default: just after the latest purchase); the labels are the N days before, which must have data: at most one day after the latest event',
    )
    .option(
      '--allow-partial-window',
      'train even when --as-of is more than a day after the latest event (those days count as "did not buy")',
    )
    .option('--seed <seed>', 'seed of the holdout split and the fit', String(DEFAULT_SEED))
    .option(
      '--param <key=value>',
      'a parameter of the model (repeatable), e.g. --param maxDepth=6 (tree: no depth limit by default), --param hiddenLayers=64,32, --param \'classWeight={"0":1,"1":5}\' or classWeight=balanced; every parameter and default: docs/propensity.md#model-parameters',
      collect,
    )
    .option('--dry-run', 'fit and measure on the holdout only: store neither the model nor scores')
    .option(
      '--force',
      'activate the new version and store its scores even when it does worse than the base-rate baseline on its holdout (without it, such a version is kept as history only)',
    )
    .option(
      '--fairness-by <group>',
      "the customer groups of the holdout's fairness report: country or attribute.<name>",
      'country',
    )
    .option('--fairness-min-group <customers>', 'the smallest group the fairness report judges', '30')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the training summary as JSON')
    .action(async (opts: TrainPropensityOptions) => {
      const horizonDays = parseWhole('--horizon', opts.horizon, MAX_HORIZON_DAYS)!;
      if (!classifierNames().includes(opts.model))
        throw new UserError(`--model: unknown model "${opts.model}": use ${classifierNames().join(', ')}`);
      const params: Record<string, unknown> = {};
      for (const pair of opts.param ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UserError(`--param must look like key=value, got "${pair}"`);
        const key = pair.slice(0, eq);
        params[key] = parseParamValue(
          pair,
          opts.model,
          key,
          pair.slice(eq + 1),
          classifierPlugin(opts.model).defaults,
        );
        if (key === 'threads') warnIfThreadsCapped(opts.model, pair, params[key], io);
      }
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got "${opts.seed}"`);
      const byProblem = fairnessByProblem(opts.fairnessBy);
      if (byProblem) throw new UserError(`--fairness-by ${byProblem}`);
      const fairnessMinGroupSize = parseWhole('--fairness-min-group', opts.fairnessMinGroup)!;
      const asOf = parseAsOf(opts.asOf);
      const storage = await openDatabase(opts.db, io);
      const steps = createStepReporter(io);
      try {
        const { customers } = await storage.counts();
        warnIfSlowModel(
          [opts.model],
          `up to ${count(customers, 'customer', (v) => v.toLocaleString('en-US'))}`,
          io,
        );
        const result = await trainPurchasePropensity(storage, {
          horizonDays,
          model: opts.model,
          params,
          seed,
          fairnessBy: opts.fairnessBy,
          fairnessMinGroupSize,
          ...(asOf ? { asOf } : {}),
          ...(opts.allowPartialWindow ? { allowPartialWindow: true } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
          ...(opts.force ? { force: true } : {}),
          onProgress: (message) => steps.step(message),
        })
          .catch((error: Error) => {
            if (error instanceof LabelWindowError)
              throw new UserError(error.messageFor('--as-of', '--allow-partial-window'));
            if (error instanceof GroupingError) throw new UserError(error.messageFor('--fairness-by'));
            // A parameter the model refused, named by its flag; too little data, no buyers in the window:
            // the user's to fix, in one line.
            throw paramRefusal(error, opts.param ?? [], opts.model) ?? new UserError(error.message);
          })
          .finally(() => steps.stop());
        // On stderr, as every command's warnings: stdout holds the report (or the JSON, which has them too).
        for (const w of result.warnings) io.stderr.write(`storewise: warning: ${w}\n`);
        io.stdout.write(
          opts.json ? `${JSON.stringify(result)}\n` : renderTrain(result, opts.dryRun === true),
        );
      } finally {
        await storage.close();
      }
    });

  program
    .command('profile')
    .description("show a customer's behaviour profile and stored scores")
    .argument('<customerId>', "the shop's customer id")
    .option('--as-of <date>', 'profile as of this date (default: just after the latest event)')
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the profile as JSON')
    .action(async (customerId: string, opts: ProfileOptions) => {
      const asOf = parseAsOf(opts.asOf);
      const storage = await openDatabase(opts.db, io);
      try {
        const profile = await customerProfile(storage, customerId, asOf ? { asOf } : {}).catch(
          (error: Error) => {
            throw new UserError(error.message); // e.g. a store without events
          },
        );
        if (!profile) throw new UserError(`no customer "${customerId}" in the database`);
        // As the gateway: scores of a customer who declined analytics stay stored until deletion, not shown.
        const customer = await storage.getCustomer(customerId);
        const hidden =
          customer !== null && declines(customer.consent, 'analytics')
            ? profile.scores.length + profile.laterScores.length
            : 0;
        const shown =
          hidden > 0
            ? { ...profile, scores: [], laterScores: [], scoresHidden: scoresHiddenNote(hidden) }
            : profile;
        io.stdout.write(opts.json ? `${JSON.stringify(shown)}\n` : renderProfile(shown));
      } finally {
        await storage.close();
      }
    });
}

function renderTrain(r: PurchasePropensityResult, dryRun: boolean): string {
  const h = r.holdout;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  return `${[
    dryRun
      ? `measured ${r.model} (dry run: nothing stored): will a customer buy within ${r.horizonDays} days?`
      : `trained ${r.model} as "${r.name}" v${r.version}: will a customer buy within ${r.horizonDays} days?`,
    `population at ${r.cutoff.toISOString()}: ${count(r.population.customers, 'customer')}, ${r.population.positives} bought by ${r.asOf.toISOString()} (${pct(r.population.baseRate)})` +
      (r.excludedByConsent > 0
        ? `; ${count(r.excludedByConsent, 'customer')} left out (no analytics consent)`
        : ''),
    `holdout (${count(h.customers, 'customer')}): ROC AUC ${h.rocAuc.toFixed(4)}${auc95(h)}, PR AUC ${h.prAuc.toFixed(4)}, log loss ${h.logLoss.toFixed(4)}, Brier ${h.brier.toFixed(4)}, top-decile lift ${h.liftTopDecile.toFixed(2)} (base rate ${pct(h.baseRate)})`,
    `baseline (the training base rate ${pct(r.baseline.baseRate)} for everyone, same holdout): ROC AUC ${r.baseline.rocAuc.toFixed(4)}, PR AUC ${r.baseline.prAuc.toFixed(4)}, log loss ${r.baseline.logLoss.toFixed(4)}, Brier ${r.baseline.brier.toFixed(4)}${r.worseThanBaseline === null ? '' : ': the model does worse'}`,
    ...activeLines(r),
    `what drives it (the holdout's ROC AUC drop when a feature is shuffled): ${r.importances
      .slice(0, 5)
      .map((f) => `${f.feature} ${f.aucDrop.toFixed(3)} ±${f.std.toFixed(3)}`)
      .join(', ')}`,
    'calibration on the holdout (predicted -> bought, customers):',
    ...r.calibration.map(
      (b) =>
        `  ${b.lower.toFixed(1)}-${b.upper.toFixed(1)}  ${b.meanPredicted.toFixed(3)} -> ${b.fractionPositive.toFixed(3)}  (${b.count})`,
    ),
    ...renderPropensityFairness(r.fairness),
    ...(dryRun || r.scored === 0 ? [] : [`stored ${count(r.scored, 'score')} as ${r.scoreName}`]),
    ...(r.activated || dryRun || r.activeAsOf === null
      ? []
      : [
          `kept v${r.version} as history only: the active version is as of ${r.activeAsOf!.toISOString()}, later than ${r.asOf.toISOString()}; it and its scores stay current (to serve v${r.version} instead, with its scores: storewise model activate ${r.name} ${r.version})`,
        ]),
    ...(dryRun || r.activated || r.worseThanBaseline === null
      ? []
      : [
          `kept v${r.version} as history only, no scores stored: it does worse than the baseline (to serve it anyway, with its scores: storewise model activate ${r.name} ${r.version})`,
        ]),
  ].join('\n')}\n`;
}

/** The active version's stored holdout metrics next to the new ones, saying whether the holdouts are the same. */
function activeLines(r: PurchasePropensityResult): string[] {
  const a = r.active;
  if (a === null) return [];
  const h = a.holdout;
  const f = (v: number | null) => (v === null ? '-' : v.toFixed(4));
  const on = a.sameHoldout
    ? 'on the same holdout'
    : `on a different holdout (${a.differences.join(', ')}): not comparable number for number`;
  return [
    `active v${a.version} (${a.model}) ${on}: ROC AUC ${f(h.rocAuc)}, PR AUC ${f(h.prAuc)}, log loss ${f(h.logLoss)}, Brier ${f(h.brier)}`,
  ];
}

function scoresHiddenNote(hidden: number): string {
  return `${count(hidden, 'stored score')} (clv, p_alive, RFM, propensity...) not shown: the customer declined analytics (consent analytics false); they stay stored until the customer is deleted`;
}

function renderProfile(p: CustomerProfile & { scoresHidden?: string }): string {
  const lines = [`customer ${p.customerId} as of ${p.asOf.toISOString()}`];
  const labels = [
    ...(p.profile === null ? [] : Object.keys(p.profile)),
    ...Object.keys(p.categoryShares).map((c) => `share ${c}`),
    ...p.scores.map((s) => s.model),
    ...p.laterScores.map((s) => s.model),
  ];
  // One column for every label, however long a category or score name is.
  const width = Math.max(20, ...labels.map((l) => l.length));
  if (p.profile === null) lines.push('  no events before this date');
  else {
    for (const [key, value] of Object.entries(p.profile))
      lines.push(`  ${key.padEnd(width)} ${value === null ? '-' : Number(value.toFixed(4))}`);
    for (const [category, share] of Object.entries(p.categoryShares))
      lines.push(`  ${`share ${category}`.padEnd(width)} ${Number(share.toFixed(4))}`);
  }
  if (p.scoresHidden !== undefined) lines.push(p.scoresHidden);
  else if (p.scores.length > 0) lines.push('scores');
  else if (p.laterScores.length === 0) lines.push('no stored scores');
  for (const s of p.scores)
    lines.push(`  ${s.model.padEnd(width)} ${Number(s.score.toFixed(6))}  (${s.computedAt.toISOString()})`);
  if (p.laterScores.length > 0) {
    lines.push(`not available as of ${dateText(p.asOf)} (computed later):`);
    for (const s of p.laterScores)
      lines.push(`  ${s.model.padEnd(width)} -  (${s.computedAt.toISOString()})`);
  }
  return `${lines.join('\n')}\n`;
}

/** ` ±x (95%)` after a holdout's ROC AUC, where both classes are large enough for the interval to mean much. */
function auc95(h: PurchasePropensityResult['holdout']): string {
  const enough = h.positives >= HOLDOUT_MIN_CLASS && h.customers - h.positives >= HOLDOUT_MIN_CLASS;
  return enough ? ` ±${(1.96 * h.rocAucStandardError).toFixed(4)} (95%)` : '';
}
