import { Field, Float, InputType } from 'type-graphql';

@InputType({ description: "The shop's rules for a list of recommendations." })
export class RecommendationRulesInput {
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Leave out items the customer bought or rated (a rating says they have it); items only viewed or carted stay. A customer's recommendations leave them out unless this is false (a shop whose customers buy the same items again); a cart's only when it is true.",
  })
  excludeBought?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Leave out items the customer had any event with.' })
  excludeSeen?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only items in stock (or whose stock is not tracked).',
  })
  inStockOnly?: boolean;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only items under these category paths, e.g. "Home > Kitchen" (as imports write them) or "Home/Kitchen"; whole levels from the root ("Home" covers "Home > Kitchen", not "Homeware"). A path no item is under is refused (BAD_USER_INPUT naming it): it would leave nothing to recommend.',
  })
  includeCategories?: string[];

  @Field(() => [String], {
    nullable: true,
    description:
      'Never items under these category paths. A path no item is under is refused (BAD_USER_INPUT naming it): a typo would exclude nothing.',
  })
  excludeCategories?: string[];

  @Field(() => [String], { nullable: true, description: 'Only these SKUs.' })
  allow?: string[];

  @Field(() => [String], { nullable: true, description: 'Never these SKUs.' })
  deny?: string[];

  @Field(() => Float, {
    nullable: true,
    description:
      "Only items whose list price is at least this (the catalog's prices as stored, in their own currency); an item without a price is left out.",
  })
  minPrice?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Only items whose list price is at most this; an item without a price is left out.',
  })
  maxPrice?: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Diversity re-ranking (maximal marginal relevance) with this lambda in [0, 1]; 1 = by score.',
  })
  diversity?: number;
}

@InputType({ description: 'What the visitor is doing now.' })
export class RecommendationContextInput {
  @Field(() => [String], {
    nullable: true,
    description:
      "SKUs in the cart: recommend what goes with them. An empty list is no cart: the customer's recommendations.",
  })
  cartItemIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description:
      'Category paths the visitor is browsing, e.g. "Home > Kitchen": when the list is made of popular items (a visitor the model does not know, or a cart of items it has not seen), the popular items of these categories come first. A list the model scores is not changed (includeCategories restricts any list). A path no item is under is accepted and orders nothing (a new category page with no items yet still gets the popular items).',
  })
  categories?: string[];
}
