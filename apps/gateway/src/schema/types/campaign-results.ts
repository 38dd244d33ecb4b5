import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars.js';

// The engine's campaignReport as typed objects. Numbers the statistics cannot compute (a rate with no
// exposures, a relative lift against a zero holdout rate) are null, as in the report's JSON.

export enum LiftTestValue {
  Z_POOLED = 'z-pooled',
  FISHER_EXACT = 'fisher-exact',
}

registerEnumType(LiftTestValue, {
  name: 'LiftTest',
  description: 'The test behind a p-value.',
  valuesConfig: {
    Z_POOLED: { description: 'Pooled two-proportion z-test.' },
    FISHER_EXACT: { description: "Fisher's exact test (an expected cell count below 5)." },
  },
});

@ObjectType({ description: 'A 95% confidence interval; null bounds where it cannot be computed.' })
export class ConfidenceInterval {
  @Field(() => Float, { nullable: true })
  lower!: number | null;

  @Field(() => Float, { nullable: true })
  upper!: number | null;
}

@ObjectType({
  description: 'Exposures and conversions of an arm, the holdout, or the customers given no offer.',
})
export class CampaignGroupMetrics {
  @Field(() => Int, { description: 'Assignments (each is an exposure).' })
  exposures!: number;

  @Field(() => Int, { description: 'Exposures followed by a purchase within the attribution window.' })
  conversions!: number;

  @Field(() => Float, { nullable: true, description: 'conversions / exposures; null without exposures.' })
  conversionRate!: number | null;

  @Field(() => ConfidenceInterval, { description: 'Wilson score interval of the rate.' })
  conversionRateInterval!: ConfidenceInterval;

  @Field(() => Float, { description: 'Value of the attributed purchases (quantity x unit price).' })
  revenue!: number;

  @Field(() => Float, { nullable: true })
  revenuePerExposure!: number | null;
}

@ObjectType({ description: "Welch's interval and test for the difference of revenue per exposure." })
export class RevenueDifference {
  @Field(() => Float, { nullable: true, description: 'Arm minus holdout.' })
  difference!: number | null;

  @Field(() => Float, { nullable: true })
  lower!: number | null;

  @Field(() => Float, { nullable: true })
  upper!: number | null;

  @Field(() => Float, { nullable: true })
  pValue!: number | null;

  @Field(() => Float, { nullable: true, description: 'Welch-Satterthwaite degrees of freedom.' })
  degreesOfFreedom!: number | null;
}

@ObjectType({ description: "An arm's lift against the holdout." })
export class CampaignLift {
  @Field(() => Float, {
    nullable: true,
    description: 'Conversion rate of the arm minus that of the holdout.',
  })
  absolute!: number | null;

  @Field(() => ConfidenceInterval, { description: "Newcombe's hybrid score interval." })
  absoluteInterval!: ConfidenceInterval;

  @Field(() => Float, { nullable: true, description: 'Rate of the arm / rate of the holdout - 1.' })
  relative!: number | null;

  @Field(() => ConfidenceInterval, { description: "Katz's log interval." })
  relativeInterval!: ConfidenceInterval;

  @Field(() => Float, { nullable: true, description: 'Two-sided p-value of no difference.' })
  pValue!: number | null;

  @Field(() => LiftTestValue)
  test!: LiftTestValue;

  @Field(() => RevenueDifference)
  revenuePerExposure!: RevenueDifference;
}

@ObjectType({ description: 'One arm of a campaign and how it did.' })
export class CampaignArmResult {
  @Field(() => String)
  arm!: string;

  @Field(() => String)
  name!: string;

  @Field(() => CampaignGroupMetrics)
  metrics!: CampaignGroupMetrics;

  @Field(() => CampaignGroupMetrics, {
    description:
      'What the arm is measured against: the holdout customers the policy would have given this arm (controlKind ghost), or the whole holdout for assignments recorded before those decisions were (holdout).',
  })
  control!: CampaignGroupMetrics;

  @Field(() => String, { description: 'ghost or holdout (see control).' })
  controlKind!: string;

  @Field(() => CampaignLift, { description: 'Against control.' })
  lift!: CampaignLift;

  @Field(() => Float, {
    description: "Sum of the arm's assignment costs: the expected spend the budget counts.",
  })
  cost!: number;

  @Field(() => Float, {
    description: 'Spent as measured: each offer sent, plus the discount of each attributed conversion.',
  })
  realizedCost!: number;
}

@ObjectType({
  description: 'Everyone the campaign decided for outside the holdout, against the whole holdout.',
})
export class CampaignOverall {
  @Field(() => CampaignGroupMetrics)
  metrics!: CampaignGroupMetrics;

  @Field(() => CampaignLift)
  lift!: CampaignLift;
}

@ObjectType({ description: 'Customers of one score bin (by decreasing score).' })
export class UpliftBin {
  @Field(() => Float, {
    description:
      'Treated customers in the bin; where tied scores straddle its edge, the expected number under a random order of the ties (may be fractional).',
  })
  treated!: number;

  @Field(() => Float, { description: 'Control customers in the bin, counted as treated is.' })
  control!: number;

  @Field(() => Float, { nullable: true })
  treatedRate!: number | null;

  @Field(() => Float, { nullable: true })
  controlRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'treatedRate - controlRate.' })
  uplift!: number | null;
}

@ObjectType({ description: 'A point of the Qini curve.' })
export class QiniPoint {
  @Field(() => Float, { description: 'Customers targeted, best score first.' })
  customers!: number;

  @Field(() => Float, { description: 'Incremental conversions among them.' })
  incrementalConversions!: number;
}

@ObjectType({
  description: 'Uplift by decile of a stored score, and the Qini curve when there is enough data.',
})
export class CampaignUplift {
  @Field(() => String, { description: 'The stored score (model) that ranks the customers.' })
  score!: string;

  @Field(() => Int, { description: 'Offered and holdout customers with the score.' })
  customers!: number;

  @Field(() => Int, { description: 'Offered and holdout customers without it (left out).' })
  missingScore!: number;

  @Field(() => Boolean, { description: 'Every bin has at least minPerCell treated and control customers.' })
  enough!: boolean;

  @Field(() => Int)
  minPerCell!: number;

  @Field(() => [UpliftBin])
  bins!: UpliftBin[];

  @Field(() => [QiniPoint], { description: 'Empty without enough data.' })
  qini!: QiniPoint[];

  @Field(() => Float, {
    nullable: true,
    description: '1 for a perfect ranking, 0 random; null without enough data or when undefined (see note).',
  })
  qiniCoefficient!: number | null;

  @Field(() => String, { nullable: true, description: 'Why qiniCoefficient is null; null when it is not.' })
  note!: string | null;
}

@ObjectType({
  description:
    'How far the outcomes are known: before any attribution window has closed, or before any purchase is stored after the assignments, the rates are no result.',
})
export class CampaignOutcomes {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Outcomes are known up to asOf, or the latest stored event when earlier; null: no event.',
  })
  knownUntil!: Date | null;

  @Field(() => Int, { description: 'The assignments counted.' })
  assignments!: number;

  @Field(() => Int, { description: 'Of them, those whose attribution window had closed by knownUntil.' })
  windowsClosed!: number;

  @Field(() => Int, { description: 'Purchase lines of the assigned customers within their windows.' })
  purchasesInWindows!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the numbers are not (all) results yet (among the reasons: no customer assigned yet, or before asOf); null once every window has closed with data.',
  })
  note!: string | null;
}

@ObjectType({ description: 'Offers to one group of customers (the holdout left out).' })
export class FairnessGroup {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  customers!: number;

  @Field(() => Int)
  offered!: number;

  @Field(() => Float, { nullable: true })
  offerRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean discount value per customer of the group.' })
  meanDiscount!: number | null;

  @Field(() => Float, { nullable: true, description: "offerRate / the best group's offerRate." })
  offerRateRatio!: number | null;

  @Field(() => Float, { nullable: true, description: "meanDiscount / the best group's meanDiscount." })
  discountRatio!: number | null;

  @Field(() => [String], { description: 'Ratios below the threshold: offer-rate, discount.' })
  flags!: string[];

  @Field(() => Boolean, {
    description: 'Fewer customers than minGroupSize: neither flagged nor the reference.',
  })
  small!: boolean;
}

@ObjectType({ description: 'Offer rate and discount by customer group, with four-fifths flags.' })
export class CampaignFairness {
  @Field(() => String, { description: 'country or attribute.<name>.' })
  by!: string;

  @Field(() => Float, { description: 'Groups below this share of the best-treated group are flagged (0.8).' })
  threshold!: number;

  @Field(() => Int, {
    description: 'Groups with fewer customers are not judged (fairnessMinGroupSize, default 30).',
  })
  minGroupSize!: number;

  @Field(() => [FairnessGroup])
  groups!: FairnessGroup[];

  @Field(() => [String], { description: 'Names of the flagged groups.' })
  flagged!: string[];

  @Field(() => [String], {
    description:
      'What the report cannot judge, said in a sentence: e.g. an attribute.<name> that no customer holds (every customer then falls in one group).',
  })
  warnings!: string[];
}

@ObjectType({ description: "A campaign's measurement: the engine's campaignReport (docs/campaigns.md)." })
export class CampaignResults {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only purchases before it count; null: all.' })
  asOf!: Date | null;

  @Field(() => Float)
  attributionWindowDays!: number;

  @Field(() => CampaignOutcomes)
  outcomes!: CampaignOutcomes;

  @Field(() => Float, { description: 'Confidence level of the intervals (0.95).' })
  confidence!: number;

  @Field(() => [CampaignArmResult])
  arms!: CampaignArmResult[];

  @Field(() => CampaignGroupMetrics, {
    description: "The campaign's own holdout: the control of every comparison.",
  })
  holdout!: CampaignGroupMetrics;

  @Field(() => CampaignGroupMetrics, {
    nullable: true,
    description:
      'Customers kept out by the shop-wide global holdout: reported, compared with nothing (earlier campaigns never reached them); null without one.',
  })
  globalHoldout!: CampaignGroupMetrics | null;

  @Field(() => CampaignOverall)
  overall!: CampaignOverall;

  @Field(() => CampaignGroupMetrics, { description: 'Customers the policy gave nothing (not the holdout).' })
  noOffer!: CampaignGroupMetrics;

  @Field(() => Float, { description: 'Sum of the assignment costs: the expected spend the budget counts.' })
  cost!: number;

  @Field(() => Float, { description: "Spent as measured (the arms' realizedCost)." })
  realizedCost!: number;

  @Field(() => Float, { nullable: true })
  budget!: number | null;

  @Field(() => CampaignUplift, {
    nullable: true,
    description: 'Null when the campaign names no uplift score.',
  })
  uplift!: CampaignUplift | null;

  @Field(() => CampaignFairness)
  fairness!: CampaignFairness;

  @Field(() => [String], {
    description:
      'What the numbers do not say by themselves, a sentence each: a realized cost over the budget (the budget caps the expected cost of offers only), no holdout (no lift is measured).',
  })
  notes!: string[];
}
