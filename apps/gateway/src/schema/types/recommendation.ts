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
      'model (scored by the model), new-in-category or new-by-attributes (newer than the model, reached through its category or attributes), or popular (by popularity: where the model relates fewer items than asked, these follow its items with score 0).',
  })
  reason!: string;

  @Field(() => [Because], {
    description:
      "What led to it: the customer's history (needs the read scope, or a customer token for this customer) or the cart.",
  })
  // The explanation names what the customer bought or viewed: customer data. A storefront key sits in a
  // web page and customer ids are guessable, so it gets the items, not why, unless a customer token
  // names the customer (RecommendedItemResolver checks whose list it is).
  @Access('read', 'customer')
  because!: Because[];

  /** Whose list this item is in (not in the schema): a customer token opens `because` of its own customer only. */
  forCustomer?: string | null;
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
