import { AUTO_MODEL, activateRecommenderVersion, ModelVersionError } from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import type { TrainingJobState } from '../../jobs/training-jobs.js';
import { RECOMMENDER_NAME } from '../../recs/recommender-source.js';
import { Access } from '../access.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { JSONObjectScalar, PageSizeScalar } from '../scalars.js';
import { Model, toModel } from '../types/model.js';
import { type JobStatusValue, TrainingJob } from '../types/training-job.js';

const toJob = (j: TrainingJobState): TrainingJob => ({ ...j, status: j.status as JobStatusValue });

@Resolver()
export class TrainingResolver {
  @Mutation(() => Model, {
    complexity: 10,
    description:
      'Serves an earlier (or later) stored version of a recommender: a rollback, without training. Every gateway on the store serves it within seconds. Only recommenders: a propensity version goes with the scores it stored, which its retraining writes.',
  })
  @Access('admin')
  async activateModel(
    @Arg('name', () => String) name: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<Model> {
    checkIdLength('name', name);
    const target = await activateRecommenderVersion(ctx.storage, name, version).catch((error: unknown) => {
      if (!(error instanceof ModelVersionError)) throw error;
      throw new GraphQLError(`${error.field}: ${error.message}`, {
        extensions: { code: 'BAD_USER_INPUT', field: error.field },
      });
    });
    // Answered once this gateway serves it; requests meanwhile are answered from the version in use.
    if (name === RECOMMENDER_NAME) await ctx.recommenders.reload();
    return toModel(target);
  }

  @Mutation(() => TrainingJob, {
    // Nullable, so that a refused second train in the same request does not null out the first one's job.
    nullable: true,
    complexity: 50,
    description:
      'Trains the recommender in the background (one job at a time) and returns its job; when it succeeds the new version of "recs" is served.',
  })
  @Access('admin')
  train(
    @Arg('model', () => String, {
      defaultValue: AUTO_MODEL,
      description:
        "auto (default: the best of several models on a holdout of the shop's events, as the first start trains), or a model: item-knn, als, ease, cooccurrence, popularity, ...",
    })
    model: string,
    @Arg('params', () => JSONObjectScalar, {
      nullable: true,
      description:
        'The named model\'s parameters, e.g. {"k": 50} for item-knn or a contributed plugin\'s own; each a value of the kind of its default (docs/recommendations.md). Not for auto.',
    })
    params: Record<string, unknown> | null,
    @Ctx() ctx: GatewayContext,
  ): TrainingJob {
    return toJob(ctx.trainingJobs.start(model, params));
  }

  @Query(() => TrainingJob, { nullable: true, description: 'A training job by id, with its progress.' })
  @Access('read')
  trainingJob(@Arg('id', () => String) id: string, @Ctx() ctx: GatewayContext): TrainingJob | null {
    checkIdLength('id', id);
    const job = ctx.trainingJobs.get(id);
    return job === null ? null : toJob(job);
  }

  @Query(() => [TrainingJob], { complexity: 10, description: 'Recent training jobs, newest first.' })
  @Access('read')
  trainingJobs(@Arg('first', () => PageSizeScalar) first: number, @Ctx() ctx: GatewayContext): TrainingJob[] {
    return ctx.trainingJobs.list(first).map(toJob);
  }
}
