import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { RECOMMENDER_NAME } from '../../recs/recommender-source.js';
import { Model } from '../types/model.js';

/** What this gateway does with a stored version of the recommender: whether it serves it, and if not, why. */
@Resolver(() => Model)
export class ModelFieldsResolver {
  @FieldResolver(() => Boolean, {
    description:
      'Whether this gateway serves this version of "recs" now. The active version is served within seconds of its activation (another process\'s, or a training); false for other models.',
  })
  servedHere(@Root() model: Model, @Ctx() ctx: GatewayContext): boolean {
    return model.name === RECOMMENDER_NAME && ctx.recommenders.servedVersion() === model.version;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why this gateway does not serve this active version of "recs", when it tried and could not (a plugin it has not loaded, say): it serves the version it had meanwhile. Null otherwise.',
  })
  serveError(@Root() model: Model, @Ctx() ctx: GatewayContext): string | null {
    if (model.name !== RECOMMENDER_NAME || !model.active) return null;
    return ctx.recommenders.loadFailure(model.version);
  }
}
