import { randomBytes } from 'node:crypto';
import {
  AUTO_MODEL,
  ContributedModelError,
  knownRecommenders,
  ParamError,
  recommenderPlugin,
  trainRecommender,
} from '@storewise/engine';
import type { Storage } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import type { InternalErrorLogger } from '../errors/format-error.js';
import { RECOMMENDER_NAME } from '../recs/recommender-source.js';
import { checkTrainParams } from './model-params.js';

export type JobStatus = 'running' | 'succeeded' | 'failed';

export interface TrainingJobState {
  id: string;
  model: string;
  status: JobStatus;
  /** From 0 to 1. */
  progress: number;
  message: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** The stored version it produced (model `recs`). */
  version: number | null;
  metrics: Record<string, number> | null;
  /** Parameters that fit poorly on the shop's data (the engine's fitWarnings); empty until it succeeds. */
  warnings: string[];
  error: string | null;
}

const KEEP_JOBS = 20;
const STOPPED = 'stopped: the gateway shut down before the training ended';

/**
 * Training jobs of one gateway process: one at a time, in the background, with progress readable while
 * it runs. The fit runs in a worker thread (the engine's `offThread`): an EASE fit of the demo shop held
 * the event loop, and so every request, for seconds. The trained model is stored (and activated) by the
 * engine; the job records live in memory (the last 20) and are gone after a restart.
 */
export class TrainingJobs {
  private readonly jobs: TrainingJobState[] = [];
  /** Stops the running job's fit (stop). */
  private running: AbortController | null = null;

  constructor(
    private readonly storage: Storage,
    /** Serves the version just trained; the job succeeds once it is served (requests are not held). */
    private readonly onTrained: () => Promise<void>,
    private readonly logInternal: InternalErrorLogger,
    /** Logs a training the user's input refused (a parameter's value): a warning, not an internal error. */
    private readonly logRefused: (message: string, context: Record<string, unknown>) => void = () => {},
  ) {}

  start(model: string, params?: Record<string, unknown> | null): TrainingJobState {
    try {
      if (model !== AUTO_MODEL) recommenderPlugin(model);
    } catch {
      // The registry's names: the built-ins and the plugins this gateway loaded (STOREWISE_PLUGINS).
      throw new GraphQLError(
        `model "${model}" is not a known recommender (auto, or one of: ${knownRecommenders().join(', ')})`,
        {
          extensions: { code: 'BAD_USER_INPUT', field: 'model' },
        },
      );
    }
    const checked = checkTrainParams(model, params);
    if (this.jobs.some((j) => j.status === 'running')) {
      throw new GraphQLError('a training job is running; wait for it to finish', {
        extensions: { code: 'JOB_RUNNING' },
      });
    }
    const job: TrainingJobState = {
      id: randomBytes(6).toString('hex'),
      model,
      status: 'running',
      progress: 0,
      message: 'starting',
      startedAt: new Date(),
      finishedAt: null,
      version: null,
      metrics: null,
      warnings: [],
      error: null,
    };
    this.jobs.unshift(job);
    this.jobs.splice(KEEP_JOBS);
    void this.run(job, checked);
    return job;
  }

  get(id: string): TrainingJobState | null {
    return this.jobs.find((j) => j.id === id) ?? null;
  }

  list(first: number): TrainingJobState[] {
    return this.jobs.slice(0, first);
  }

  /** Resolves when no job is running (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.jobs.some((j) => j.status === 'running')) await new Promise((r) => setTimeout(r, 20));
  }

  /** Stops the running job, if any (it fails, saying so), and resolves once it has ended: for shutdown. */
  async stop(): Promise<void> {
    this.running?.abort(new Error(STOPPED));
    await this.idle();
  }

  private async run(job: TrainingJobState, params: Record<string, unknown>): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    try {
      const result = await trainRecommender(this.storage, {
        model: job.model,
        params,
        name: RECOMMENDER_NAME,
        // No seed: the engine's default (DEFAULT_SEED), the CLI's too, so both record the same metrics.
        offThread: true,
        signal: controller.signal,
        onProgress: (fraction, message) => {
          job.progress = fraction;
          job.message = message ?? job.message;
        },
      });
      const stored = (await this.storage.listModels()).find((m) => m.name === RECOMMENDER_NAME && m.active);
      job.version = stored?.version ?? null;
      job.warnings = result.warnings;
      // What the stored version records (fit seconds, customers, items, events, customer-item pairs, and evaluation
      // metrics when computed), as `models` shows it.
      job.metrics = (stored?.metrics as Record<string, number> | undefined) ?? result.metrics;
      // An auto job names the model it chose.
      job.model = result.recommender.plugin.name;
      await this.onTrained();
      job.status = 'succeeded';
      job.progress = 1;
      job.message =
        result.excludedByConsent > 0
          ? `done; ${result.excludedByConsent} ${result.excludedByConsent === 1 ? 'customer' : 'customers'} left out (no analytics consent)`
          : 'done';
    } catch (error) {
      job.status = 'failed';
      // Not the step it was at ('reading interactions', say), as if it were still under way.
      job.message = controller.signal.aborted ? 'stopped' : 'failed';
      if (controller.signal.aborted) job.error = STOPPED;
      else {
        // A parameter the model refused is the user's to change, not the server's to fix: no stack.
        if (error instanceof ParamError)
          this.logRefused(`training refused: ${error.message}`, { job: job.id, model: job.model });
        else this.logInternal(error, { job: job.id, model: job.model });
        // What the engine refuses for the data or a contributed model says nothing internal: shown as it is.
        job.error =
          error instanceof ContributedModelError ||
          error instanceof ParamError ||
          (error instanceof Error && /^no interactions to train on/.test(error.message))
            ? error.message
            : `training failed (details are in the server log, under job ${job.id})`;
      }
    } finally {
      job.finishedAt = new Date();
      if (this.running === controller) this.running = null;
    }
  }
}
