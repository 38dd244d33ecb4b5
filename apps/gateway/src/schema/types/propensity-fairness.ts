import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "The holdout's customers of one group, as the model scores and selects them." })
export class PropensityFairnessGroup {
  @Field(() => String, { description: 'The country or attribute value; "(none)" for customers without one.' })
  name!: string;

  @Field(() => Int)
  customers!: number;

  @Field(() => Int, { description: 'Buyers among them.' })
  positives!: number;

  @Field(() => Float)
  baseRate!: number;

  @Field(() => Float)
  meanScore!: number;

  @Field(() => Int, { description: 'Customers the decision rule selects (see decision).' })
  selected!: number;

  @Field(() => Float)
  selectionRate!: number;

  @Field(() => Float, { nullable: true, description: 'Selected buyers / buyers; null without buyers.' })
  truePositiveRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Selected non-buyers / non-buyers; null without non-buyers.',
  })
  falsePositiveRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Selected buyers / selected; null when none is selected.',
  })
  precision!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'ROC AUC within the group; null when it holds one class.',
  })
  rocAuc!: number | null;

  @Field(() => Float, { description: 'meanScore - baseRate: above 0, the model over-promises buyers.' })
  calibrationInTheLarge!: number;

  @Field(() => Float)
  brier!: number;

  @Field(() => Float, {
    nullable: true,
    description: "selectionRate / the best judged group's; null when no judged group is selected.",
  })
  selectionRateRatio!: number | null;

  @Field(() => [String], { description: 'selection-rate: the ratio is below the four-fifths threshold.' })
  flags!: string[];

  @Field(() => Boolean, { description: 'Fewer customers than minGroupSize: not judged.' })
  small!: boolean;
}

@ObjectType({
  description: 'How the report selects customers: the best-scored share equal to the base rate.',
})
export class PropensityFairnessDecision {
  @Field(() => Float, { description: 'The score of the last customer selected.' })
  threshold!: number;

  @Field(() => Float, { nullable: true, description: 'The share asked for (the base rate).' })
  share!: number | null;

  @Field(() => Float, {
    description: 'The share selected (more than asked when scores tie at the threshold).',
  })
  selectedShare!: number;
}

@ObjectType({
  description:
    "Differences over the judged groups (fairlearn's definitions); null with fewer than two judged groups.",
})
export class PropensityDisparities {
  @Field(() => Float, { nullable: true, description: 'Largest - smallest selection rate.' })
  demographicParityDifference!: number | null;

  @Field(() => Float, { nullable: true, description: 'Smallest / largest selection rate.' })
  demographicParityRatio!: number | null;

  @Field(() => Float, { nullable: true, description: 'Largest - smallest true-positive rate.' })
  equalOpportunityDifference!: number | null;

  @Field(() => Float, { nullable: true, description: 'Largest - smallest false-positive rate.' })
  falsePositiveRateDifference!: number | null;

  @Field(() => Float, { nullable: true, description: 'The larger of the two differences above.' })
  equalizedOddsDifference!: number | null;

  @Field(() => Float, { nullable: true })
  rocAucMin!: number | null;

  @Field(() => Float, { nullable: true })
  rocAucMax!: number | null;
}

@ObjectType({
  description: "The holdout's fairness report by customer group (docs/propensity.md, Fairness).",
})
export class PropensityFairness {
  @Field(() => String, { description: 'country or attribute.<name>.' })
  by!: string;

  @Field(() => PropensityFairnessDecision)
  decision!: PropensityFairnessDecision;

  @Field(() => Int, { description: 'Groups with fewer customers are listed, not judged.' })
  minGroupSize!: number;

  @Field(() => Float, {
    description: "A judged group selected below this share of the best group's rate is flagged.",
  })
  disparityThreshold!: number;

  @Field(() => [PropensityFairnessGroup])
  groups!: PropensityFairnessGroup[];

  @Field(() => [String], { description: 'Names of the judged groups.' })
  judged!: string[];

  @Field(() => [String], { description: 'Names of the flagged groups.' })
  flagged!: string[];

  @Field(() => PropensityDisparities)
  disparities!: PropensityDisparities;
}
