import { Field, Float, ObjectType } from 'type-graphql';

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
