import { ModelVersionError, pruneModelVersions } from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { Model, toModel } from '../types/model.js';

/** Removing old model versions: every training stores a new one, and the database grows with them. */
@Resolver()
export class ModelPruneResolver {
  @Mutation(() => [Model], {
    complexity: 20,
    description:
      "Removes the stored versions of a model (or of every model) older than its newest `keep`, and with `trainedBeforeErasure` those trained before the latest erasure, except the one served and each model's newest; returns the removed versions, by model name then version. Every training stores a version (an EASE model of a few thousand items takes tens of MB). The versions trained before the erasure that stay are listed by privacyReport's erasure.modelsTrainedBefore: train them again, then prune again.",
  })
  @Access('admin')
  async pruneModels(
    @Arg('name', () => String, {
      nullable: true,
      description: 'A model name, e.g. recs; every model when left out.',
    })
    name: string | null | undefined,
    @Arg('keep', () => Int, {
      defaultValue: 5,
      description: 'How many of the newest versions stay (at least 1).',
    })
    keep: number,
    @Arg('trainedBeforeErasure', () => Boolean, {
      defaultValue: false,
      description:
        "Also remove the versions trained before the latest erasure of a customer the store held (privacyReport's erasure.modelsTrainedBefore): they may hold the erased customers' rows.",
    })
    trainedBeforeErasure: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<Model[]> {
    if (name != null) checkIdLength('name', name);
    if (keep < 1)
      throw new GraphQLError(`keep: must be at least 1 (got ${keep})`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'keep' },
      });
    // An unknown name removes nothing (an empty list), as before pruneModelVersions refused it.
    if (name != null && !(await ctx.storage.listModels()).some((m) => m.name === name)) return [];
    const outcome = await pruneModelVersions(ctx.storage, {
      ...(name != null ? { name } : {}),
      keep,
      trainedBeforeErasure,
    }).catch((error) => {
      if (!(error instanceof ModelVersionError)) throw error;
      throw new GraphQLError(`${error.field}: ${error.message}`, {
        extensions: { code: 'BAD_USER_INPUT', field: error.field },
      });
    });
    return outcome.removed.map(toModel);
  }
}
