import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars.js';

@ObjectType({ description: 'RFM scores (1..5, 5 best) from the last customer analytics run.' })
export class RfmScores {
  @Field(() => Int, { description: 'Recency: 5 = bought most recently.' })
  recency!: number;

  @Field(() => Int, { description: 'Frequency: 5 = most orders.' })
  frequency!: number;

  @Field(() => Int, { description: 'Monetary: 5 = spent most.' })
  monetary!: number;

  @Field(() => DateTimeScalar, { description: 'As-of date of the analysis.' })
  computedAt!: Date;
}

@ObjectType({ description: "A customer's purchase history in figures." })
export class CustomerProfile {
  @Field(() => Int, { description: 'Distinct orders (a purchase without an order id is an order).' })
  orders!: number;

  @Field(() => Float, {
    description: 'Sum of quantity x unit price over purchases (returns not subtracted).',
  })
  revenue!: number;

  @Field(() => Float, { nullable: true, description: 'revenue / orders; null without orders.' })
  averageOrderValue!: number | null;

  @Field(() => Float, { description: 'Units bought.' })
  units!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  firstPurchaseAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastPurchaseAt!: Date | null;

  @Field(() => Int, { description: 'Return lines.' })
  returns!: number;

  @Field(() => Float, { description: 'Sum of quantity x unit price over returns.' })
  returnValue!: number;

  @Field(() => RfmScores, { nullable: true, description: 'Null until customer analytics has scored them.' })
  rfm!: RfmScores | null;
}

@ObjectType({ description: 'A stored purchase-propensity score (model p_purchase_<N>d).' })
export class PropensityScore {
  @Field(() => Int, { description: 'N: the probability is of a purchase within this many days.' })
  horizonDays!: number;

  @Field(() => Float)
  probability!: number;

  @Field(() => DateTimeScalar)
  computedAt!: Date;
}

@ObjectType({ description: 'Lifetime value from BG/NBD and Gamma-Gamma (the last customer analytics run).' })
export class LifetimeValue {
  @Field(() => Float, { description: 'Discounted value of the expected future purchases.' })
  clv!: number;

  @Field(() => Float, { nullable: true, description: 'P(the customer is still active).' })
  probabilityAlive!: number | null;

  @Field(() => Float, { nullable: true, description: 'Expected purchase days within horizonDays.' })
  expectedPurchases!: number | null;

  @Field(() => Int, { nullable: true, description: 'The horizon of expectedPurchases.' })
  horizonDays!: number | null;

  @Field(() => DateTimeScalar, { description: 'As-of date of the analysis.' })
  computedAt!: Date;
}
