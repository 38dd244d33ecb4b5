/** `storewise train recs`: train a recommender on the database (`storewise recommend` serves it, recommend.ts). */
import {
  AUTO_EASE_MAX_ITEMS,
  AUTO_MODEL,
  autoCandidates,
  DEFAULT_EVENT_WEIGHTS,
  DEFAULT_SEED,
  isRatingModel,
  RATING_WEIGHTS,
  RECOMMENDER_ALIASES,
  recommenderPlugin,
  recommenderRegistry,
  type TrainResult,
  trainRecommender,
} from '@storewise/engine';
import type { Storage } from '@storewise/storage';
import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { createStepReporter } from '../progress.js';
import { count, leftOutByConsent } from '../render.js';
import { collect, type ParamDefaults, paramRefusal, parseParamValue } from './model-params.js';
import { registerRecommendCommand } from './recommend.js';
import { DB_HELP } from './segment.js';
import { warnIfLargeEase } from './slow-models.js';

/** `auto`, then the recommenders of the engine's registry, each with its short names: `biased-mf (mf, svd)`. */
const MODELS_HELP = [
  `${AUTO_MODEL} (the best of ${autoCandidates(0).join(', ')} on a holdout of the shop's events)`,
  ...recommenderRegistry()
    .list('recommender')
    .map((p) => {
      const aliases = Object.keys(RECOMMENDER_ALIASES).filter((a) => RECOMMENDER_ALIASES[a] === p.name);
      return aliases.length > 0 ? `${p.name} (${aliases.join(', ')})` : p.name;
    }),
].join(' | ');

export function registerRecsCommands(program: Command, io: CliIo): void {
  const train =
    program.commands.find((c) => c.name() === 'train') ??
    program.command('train').description('train a model on the database');
  train
    .command('recs')
    .description('train a recommender on the stored events and save it in the database')
    .option('--model <name>', MODELS_HELP, AUTO_MODEL)
    .option('--name <name>', 'the stored model name', 'recs')
    .option('--param <key=value>', 'a model parameter (repeatable), e.g. --param factors=32', collect)
    .option('--half-life-days <days>', 'time decay of interaction weights')
    .option('--evaluate', 'also report metrics on a 25% per-customer holdout')
    .option('--seed <seed>', 'seed of the holdout split and the fits', String(DEFAULT_SEED))
    .option('--db <database>', DB_HELP)
    .option('--json', 'print the training summary as JSON')
    .action(async (opts: TrainOptions) => {
      const options = parseTrainOptions(opts);
      await withDatabase(opts.db, io, async (storage) => {
        await checkTrainingEvents(storage, opts.model);
        // auto leaves EASE out of a large catalog itself.
        if (opts.model !== AUTO_MODEL)
          warnIfLargeEase([recommenderPlugin(opts.model).name], (await storage.counts()).items, io);
        const steps = createStepReporter(io);
        const result = await trainRecommender(storage, {
          ...options,
          onProgress: (_f, message) => {
            if (message) steps.step(message);
          },
        })
          .catch((error: unknown) => {
            throw paramRefusal(error, opts.param ?? [], opts.model) ?? noInteractions(error) ?? error;
          })
          .finally(() => steps.stop());
        const summary = trainSummary(result, opts.model === AUTO_MODEL);
        for (const warning of result.warnings) io.stderr.write(`storewise: warning: ${warning}\n`);
        io.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : renderTrain(summary));
      });
    });
  registerRecommendCommand(program, io);
}

interface TrainOptions {
  model: string;
  name: string;
  param?: string[];
  halfLifeDays?: string;
  evaluate?: boolean;
  seed: string;
  db?: string;
  json?: boolean;
}

function parseTrainOptions(opts: TrainOptions) {
  let defaults: ParamDefaults = {};
  if (opts.model === AUTO_MODEL && (opts.param ?? []).length > 0)
    throw new UserError(
      `--param: --model ${AUTO_MODEL} fits each candidate with its defaults; name a model to set its parameters (--model item-knn --param shrink=10)`,
    );
  try {
    if (opts.model !== AUTO_MODEL) defaults = recommenderPlugin(opts.model).defaults;
  } catch (error) {
    throw new UserError(`--model: ${(error as Error).message}`);
  }
  const params: Record<string, unknown> = {};
  for (const pair of opts.param ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`--param must look like key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    params[key] = parseParamValue(pair, opts.model, key, pair.slice(eq + 1), defaults);
  }
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got "${opts.seed}"`);
  let halfLifeDays: number | undefined;
  if (opts.halfLifeDays !== undefined) {
    halfLifeDays = Number(opts.halfLifeDays);
    if (!(halfLifeDays > 0)) throw new UserError(`--half-life-days must be > 0, got "${opts.halfLifeDays}"`);
  }
  return {
    model: opts.model,
    name: opts.name,
    params,
    seed,
    ...(halfLifeDays !== undefined ? { halfLifeDays } : {}),
    ...(opts.evaluate ? { evaluate: {} } : {}),
  };
}

/**
 * Refuses, before any fit, a store without an event of the kinds `model` trains on (the ratings of a
 * rating model, else views, add-to-carts and purchases), saying which those are and what the store holds.
 */
async function checkTrainingEvents(storage: Storage, model: string): Promise<void> {
  const rating = isRatingModel(model);
  const weights: Readonly<Record<string, number | undefined>> = rating
    ? RATING_WEIGHTS
    : DEFAULT_EVENT_WEIGHTS;
  const types = Object.keys(weights).filter((t) => (weights[t] ?? 0) > 0);
  const { eventsByType } = await storage.counts();
  const held = Object.entries(eventsByType as Record<string, number>).filter(([, n]) => n > 0);
  if (held.some(([t]) => types.includes(t))) return;
  const holds =
    held
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(', ') || 'no events';
  throw new UserError(
    rating
      ? `no interactions to train on: ${model} trains on rating events and the store has none (it holds ${holds}); for purchases and views, train another model (--model als, bpr, ...)`
      : `no interactions to train on: ${model === AUTO_MODEL ? 'a recommender' : model} trains on ${types.join(', ')} events and the store has none (it holds ${holds})`,
  );
}

/**
 * The engine's "no interactions" when the store has events of the kinds the model reads but none counts
 * (no customer on them, or their customers declined analytics): the engine throws a plain Error, so the
 * message is the only signal.
 */
function noInteractions(error: unknown): UserError | undefined {
  return error instanceof Error && error.message.startsWith('no interactions to train on')
    ? new UserError(`${error.message}: the events name no customer who allows analytics`)
    : undefined;
}

function trainSummary(r: TrainResult, chosen: boolean) {
  return {
    name: r.recommender.name,
    version: r.recommender.version,
    model: r.recommender.plugin.name,
    chosenBy: chosen ? AUTO_MODEL : null,
    customers: r.customers,
    items: r.items,
    events: r.events,
    pairs: r.pairs,
    warnings: r.warnings,
    excludedByConsent: r.excludedByConsent,
    fitSeconds: r.fitSeconds,
    metrics: r.metrics,
  };
}

function renderTrain(s: ReturnType<typeof trainSummary>): string {
  const lines = [
    `trained ${s.model} as "${s.name}" v${s.version}: ${count(s.customers, 'customer')}, ${count(s.items, 'item')}, ${count(s.events, 'event')} on ${count(s.pairs, 'customer-item pair')}, fit ${s.fitSeconds.toFixed(2)} s`,
  ];
  lines.push(...leftOutByConsent(s.excludedByConsent));
  const m = s.metrics as Record<string, number>;
  if (s.chosenBy !== null) {
    const tried = Object.keys(m)
      .filter((key) => key.startsWith('auto.') && key.endsWith('.ndcg'))
      .map((key) => `${key.slice(5, -5)} ${m[key]!.toFixed(4)}`);
    const easeLeftOut = tried.length > 0 && m['auto.ease.ndcg'] === undefined;
    lines.push(
      tried.length > 0
        ? `chosen by NDCG@10 on a 25% per-customer holdout: ${tried.join(', ')}${easeLeftOut ? ` (ease left out: more than ${AUTO_EASE_MAX_ITEMS.toLocaleString('en-US')} items)` : ''}`
        : 'chosen without a comparison: no customer has interactions on both sides of a holdout, so the most popular items are served',
    );
  }
  if (m.ndcg !== undefined) {
    lines.push(
      `holdout (k ${m.k}): precision ${m.precision!.toFixed(4)}, recall ${m.recall!.toFixed(4)}, NDCG ${m.ndcg.toFixed(4)}, MAP ${m.map!.toFixed(4)}`,
    );
    if (m.popularityNdcg !== undefined) {
      lines.push(`the most popular items on the same holdout: NDCG ${m.popularityNdcg.toFixed(4)}`);
      if (m.ndcg < m.popularityNdcg)
        lines.push(
          `warning: ${s.model} ranks below the most popular items here: try --model ${AUTO_MODEL} (it compares several on this shop), another --model or other --param values (docs/recommendations.md)`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}
