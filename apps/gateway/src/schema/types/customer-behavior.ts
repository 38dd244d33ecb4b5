import type { ProfileColumn } from '@storewise/storage';
import { Field, Float, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars.js';

/** What each profile column means (docs/propensity.md#profiles): every column of the engine's profile. */
const COLUMNS: Record<ProfileColumn, string> = {
  recencyDays: 'Days since the last purchase; null without one.',
  frequency: 'Distinct orders (a purchase without an order id is an order of its own).',
  monetary: 'Revenue: the sum of quantity x unit price over purchases.',
  averageOrderValue: 'monetary / frequency (0 without orders).',
  tenureDays: 'Days since the first event of any type.',
  daysSinceLastEvent: 'Days since the last event of any type.',
  sessions: 'Distinct session ids.',
  views: 'View events.',
  addToCarts: 'Add-to-cart events.',
  purchases: 'Purchase events (order lines).',
  viewToCartRate: 'Add-to-carts / views (0 without views).',
  cartToPurchaseRate: 'Purchases / add-to-carts (0 without add-to-carts; not capped at 1).',
  returns: 'Return lines.',
  returnValue: 'The quantity x unit price of the returns.',
  meanPrice:
    "The price band: mean unit price over their view and purchase events (the event's, else the item's list price); null without any.",
};

@ObjectType({ description: "A category's share of a customer's view and purchase events." })
export class CategoryShare {
  @Field(() => String, { description: 'A top-level category.' })
  category!: string;

  @Field(() => Float)
  share!: number;
}

/**
 * A customer's behaviour as of a time, as purchase propensity sees it (the engine's `customerProfile`): one
 * field per profile column, and their category shares.
 */
@ObjectType({
  description:
    "A customer's behaviour as of a time: the profile purchase propensity is trained on (docs/propensity.md#profiles). Days are fractional, counted back from asOf; only events before asOf count.",
})
export class CustomerBehavior {
  @Field(() => DateTimeScalar)
  asOf!: Date;

  @Field(() => Float, { nullable: true, description: COLUMNS.recencyDays })
  recencyDays!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.frequency })
  frequency!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.monetary })
  monetary!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.averageOrderValue })
  averageOrderValue!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.tenureDays })
  tenureDays!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.daysSinceLastEvent })
  daysSinceLastEvent!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.sessions })
  sessions!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.views })
  views!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.addToCarts })
  addToCarts!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.purchases })
  purchases!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.viewToCartRate })
  viewToCartRate!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.cartToPurchaseRate })
  cartToPurchaseRate!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.returns })
  returns!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.returnValue })
  returnValue!: number | null;

  @Field(() => Float, { nullable: true, description: COLUMNS.meanPrice })
  meanPrice!: number | null;

  @Field(() => [CategoryShare], {
    description:
      "Per top-level category, the share of their view and purchase events: the active propensity model's categories, else the shop's five most frequent.",
  })
  categoryShares!: CategoryShare[];
}

/** Fails to compile when the engine's profile gains a column this type lacks. */
const everyColumn: Record<Exclude<ProfileColumn, keyof CustomerBehavior>, never> = {};
void everyColumn;
