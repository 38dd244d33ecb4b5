import type { Attributes } from '@storewise/storage';
import { Field, Float, ObjectType } from 'type-graphql';
import { Access } from '../access.js';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';

@ObjectType({ description: 'What a customer has agreed to; null where the shop has not recorded a choice.' })
export class Consent {
  @Field(() => Boolean, { nullable: true, description: 'Marketing messages and offers.' })
  marketing?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Personalized recommendations.' })
  personalization?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Use of their data for analytics and training.' })
  analytics?: boolean;
}

@ObjectType({ description: 'A per-customer score written by a model.' })
export class Score {
  @Field(() => String)
  model!: string;

  @Field(() => Float)
  score!: number;

  @Field(() => DateTimeScalar)
  computedAt!: Date;
}

@ObjectType({ description: "A customer of the shop, addressed by the shop's own id." })
// Each of its fields needs read, however it is reached (a segment's members, an event's customer).
@Access('read')
export class Customer {
  @Field(() => String)
  externalId!: string;

  @Field(() => String, { nullable: true })
  country!: string | null;

  @Field(() => JSONObjectScalar)
  attributes!: Attributes;

  @Field(() => Consent)
  consent!: Consent;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
