import type { Attributes } from '@storewise/storage';
import { Field, Float, InputType, Int } from 'type-graphql';
import { JSONObjectScalar } from '../scalars.js';

@InputType({ description: 'An item to create or update; fields left out keep their stored value.' })
export class ItemInput {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => [String], { nullable: true })
  categoryPath?: string[];

  @Field(() => Float, { nullable: true })
  price?: number | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Units in stock; 0 or below is out of stock (an oversold or backordered item may go below 0).',
  })
  stock?: number | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Values: strings, numbers, booleans, null.' })
  attributes?: Attributes;
}

@InputType()
export class ConsentInput {
  @Field(() => Boolean, { nullable: true })
  marketing?: boolean;

  @Field(() => Boolean, { nullable: true })
  personalization?: boolean;

  @Field(() => Boolean, { nullable: true })
  analytics?: boolean;
}

@InputType({ description: 'A customer to create or update; attributes and consent merge with stored ones.' })
export class CustomerInput {
  @Field(() => String)
  externalId!: string;

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Values: strings, numbers, booleans, null.' })
  attributes?: Attributes;

  @Field(() => ConsentInput, { nullable: true })
  consent?: ConsentInput;
}
