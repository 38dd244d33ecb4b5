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
      'Removes the stored versions of a model (or of every model) older than its newest `keep`, except the one served; returns the removed versions, oldest first. Every training stores a version (an EASE model of a few thousand items takes tens of MB).',
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
    @Ctx() ctx: GatewayContext,
  ): Promise<Model[]> {
    if (name != null) checkIdLength('name', name);
    if (keep < 1)
      throw new GraphQLError(`keep: must be at least 1 (got ${keep})`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'keep' },
      });
    const names = name != null ? [name] : [...new Set((await ctx.storage.listModels()).map((m) => m.name))];
    const removed = [];
    for (const n of names) removed.push(...(await ctx.storage.pruneModels(n, keep)));
    return removed.map(toModel);
  }
}
