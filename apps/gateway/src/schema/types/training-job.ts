import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';

export enum JobStatusValue {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}

registerEnumType(JobStatusValue, { name: 'JobStatus' });

@ObjectType({ description: 'A training job of this gateway process (the last 20 are kept in memory).' })
export class TrainingJob {
  @Field(() => String)
  id!: string;

  @Field(() => String, {
    description:
      'The recommender asked for (auto, item-knn, ...); once an auto job has succeeded, the model it chose (e.g. ease).',
  })
  model!: string;

  @Field(() => JobStatusValue)
  status!: JobStatusValue;

  @Field(() => Float, { description: 'From 0 to 1.' })
  progress!: number;

  @Field(() => String, { description: 'What it is doing now.' })
  message!: string;

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The version of the model "recs" it stored and activated.',
  })
  version!: number | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description:
      "The trained version's metrics, as `models` shows them: fitSeconds, customers, items, events (the weighted events read, repeats of a customer-item pair each counted), pairs (distinct customer-item pairs, what the model fits), and the evaluation when computed.",
  })
  metrics!: Record<string, number> | null;

  @Field(() => [String], {
    description:
      'Parameters that fit poorly on this shop, e.g. ALS factors large next to the number of items or customers (the model is trained all the same); empty when none, and until the job succeeds.',
  })
  warnings!: string[];

  @Field(() => String, { nullable: true })
  error!: string | null;
}
