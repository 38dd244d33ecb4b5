import type { ModelArtifactInfo } from '@storewise/storage';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';

@ObjectType({ description: 'A trained model artifact version.' })
export class Model {
  @Field(() => String, { description: 'name@version: what `models(after:)` takes to read on from this one.' })
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { description: 'What the model is, e.g. recommender or propensity.' })
  kind!: string;

  @Field(() => JSONObjectScalar, {
    description:
      'What it was trained with: `model`, the algorithm (item-knn, als, ease, forest, logreg, ...), its `params` with the defaults filled in, and the rest of its training options.',
  })
  params!: Record<string, unknown>;

  @Field(() => JSONObjectScalar, { description: 'Evaluation metrics recorded when it was trained.' })
  metrics!: Record<string, unknown>;

  @Field(() => DateTimeScalar)
  trainedAt!: Date;

  @Field(() => Boolean, { description: 'Whether this version is the one served for its name.' })
  active!: boolean;

  @Field(() => Int)
  sizeBytes!: number;
}

/** A stored version as GraphQL's Model: its id (name@version) and when it was trained. */
export function toModel(m: ModelArtifactInfo): Model {
  return { ...m, id: `${m.name}@${m.version}`, trainedAt: m.createdAt };
}
