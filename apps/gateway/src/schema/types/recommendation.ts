import { Field, Float, ObjectType } from 'type-graphql';
import { Access } from '../access.js';

@ObjectType({ description: 'Why an item was recommended: an item of the history (or cart) that led to it.' })
export class Because {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, {
    description: "The customer's strongest event on it (purchase, view, ...), or cart / item.",
  })
  event!: string;

  @Field(() => Float, { description: 'Its contribution to the score.' })
  contribution!: number;
}

@ObjectType({ description: 'A recommended item with its score and explanation.' })
export class RecommendedItem {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Float)
  score!: number;

  @Field(() => String, {
    description:
      'model (scored by the model), new-in-category or new-by-attributes (newer than the model, reached through its category or attributes), or popular.',
  })
  reason!: string;

  @Field(() => [Because])
  // The explanation names what the customer bought or viewed: customer data, for read keys only. A
  // storefront key sits in a web page and customer ids are guessable, so it gets the items, not why.
  @Access('read')
  because!: Because[];
}

@ObjectType()
export class Recommendations {
  @Field(() => String, {
    description:
      'How they were made: model (the trained row), fold-in (fresh history folded in), popular (cold start) or cart.',
  })
  strategy!: string;

  @Field(() => [RecommendedItem])
  items!: RecommendedItem[];
}
