import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Access } from '../access.js';
import { EventTypeValue } from '../enums.js';

/**
 * The engine's RecommendedItem['reason'], as GraphQL enum values. The fields below are typed by the enums'
 * values (`${Enum}`), so a word the engine adds that an enum lacks fails to compile rather than to serialize.
 */
export enum RecommendationReasonValue {
  MODEL = 'model',
  INTERACTIONS = 'interactions',
  NEW_IN_CATEGORY = 'new-in-category',
  NEW_BY_ATTRIBUTES = 'new-by-attributes',
  POPULAR = 'popular',
}

registerEnumType(RecommendationReasonValue, {
  name: 'RecommendationReason',
  description: 'Why an item is in a list of recommendations.',
  valuesConfig: {
    MODEL: { description: 'Scored by the model.' },
    INTERACTIONS: {
      description:
        "Related items and items for a cart scored by item-kNN's cosine over the training interactions (the customers they share), as the model's item factors cannot tell items apart (ALS or BPR with 1 factor).",
    },
    NEW_IN_CATEGORY: { description: 'Newer than the model, reached through its category.' },
    NEW_BY_ATTRIBUTES: { description: 'Newer than the model, reached through its attributes.' },
    POPULAR: {
      description:
        'By popularity, the score being the number of distinct customers with a weighted event on the item in the training data; where the model relates fewer items than asked, these follow its items with score 0.',
    },
  },
});

/** The engine's Recommendations['strategy'], and the gateway's CART, as GraphQL enum values. */
export enum RecommendationStrategyValue {
  MODEL = 'model',
  FOLD_IN = 'fold-in',
  POPULAR = 'popular',
  CART = 'cart',
}

registerEnumType(RecommendationStrategyValue, {
  name: 'RecommendationStrategy',
  description: 'How a list of recommendations was made.',
  valuesConfig: {
    MODEL: { description: "The customer's row of the trained model." },
    FOLD_IN: { description: "The customer's fresh history folded into the model, without retraining." },
    POPULAR: { description: 'Popular items: a customer the model cannot score (cold start).' },
    CART: { description: 'Scored from the cart (context.cartItemIds).' },
  },
});

/** The engine's Because['event']: an event type in storage's words, or cart / item. */
export const BecauseEventValue = { ...EventTypeValue, CART: 'cart', ITEM: 'item' } as const;
export type BecauseEventValue = (typeof BecauseEventValue)[keyof typeof BecauseEventValue];

registerEnumType(BecauseEventValue, {
  name: 'BecauseEvent',
  description:
    "What tied the item to a recommendation: the customer's strongest event on it (an EventType's name), CART (an item of the cart) or ITEM (the item whose related items these are).",
});

@ObjectType({ description: 'Why an item was recommended: an item of the history (or cart) that led to it.' })
export class Because {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => BecauseEventValue, {
    description: "The customer's strongest event on it (PURCHASE, VIEW, ...), or CART / ITEM.",
  })
  event!: `${BecauseEventValue}`;

  @Field(() => Float, { description: 'Its contribution to the score.' })
  contribution!: number;
}

@ObjectType({ description: 'A recommended item with its score and explanation.' })
export class RecommendedItem {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Float, {
    description:
      "The model's score (its scale is the model's) for MODEL; the item's popularity for POPULAR (see RecommendationReason; 0 after a model's items); the mean score of the trained items of its category or attributes for NEW_IN_CATEGORY and NEW_BY_ATTRIBUTES.",
  })
  score!: number;

  @Field(() => RecommendationReasonValue)
  reason!: `${RecommendationReasonValue}`;

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

/**
 * What `ignoredCartItems` means, in the words of the CLI's `recommend --cart` (its warning and its JSON's
 * `ignoredCartItems`): a cart line unknown to the store is routine (a product created since the last
 * catalog sync, a gift card), so it is left out and named, not refused.
 */
export const IGNORED_CART_ITEMS =
  "The cart's SKUs (context.cartItemIds) the store does not know, once each in cart order: left out of the scoring (a cart of none it knows gets the list an empty cart gets); empty when none. A SKU stored since the catalog snapshot is not in it: it is known, and left out of the scoring until the next snapshot.";

@ObjectType()
export class Recommendations {
  @Field(() => RecommendationStrategyValue)
  strategy!: `${RecommendationStrategyValue}`;

  @Field(() => [RecommendedItem])
  items!: RecommendedItem[];

  @Field(() => [String], {
    description: IGNORED_CART_ITEMS,
  })
  ignoredCartItems!: string[];
}
