import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars.js';
import { PropensityFairness } from './propensity-fairness.js';

@ObjectType({ description: 'How well the model did on the customers held out of its fit.' })
export class PropensityHoldout {
  @Field(() => Int)
  customers!: number;

  @Field(() => Int, { description: 'Buyers among them.' })
  positives!: number;

  @Field(() => Float)
  baseRate!: number;

  @Field(() => Float, { description: 'How often a buyer is ranked above a non-buyer (0.5: chance).' })
  rocAuc!: number;

  @Field(() => Float, {
    description:
      "The ROC AUC's standard error for this holdout (Hanley and McNeil 1982): ±1.96 of it is a 95% interval.",
  })
  rocAucStandardError!: number;

  @Field(() => Float, { description: 'Average precision.' })
  prAuc!: number;

  @Field(() => Float)
  logLoss!: number;

  @Field(() => Float)
  brier!: number;

  @Field(() => Float, { description: "The top tenth's buyer rate over the base rate." })
  liftTopDecile!: number;
}

@ObjectType({
  description: "A feature's importance: the holdout's ROC AUC drop when its values are shuffled.",
})
export class FeatureImportance {
  @Field(() => String)
  feature!: string;

  @Field(() => Float)
  aucDrop!: number;

  @Field(() => Float, { description: 'The spread of the drop over 5 shuffles.' })
  std!: number;
}

@ObjectType({ description: 'Holdout customers whose predicted probability falls in [lower, upper].' })
export class CalibrationBin {
  @Field(() => Float)
  lower!: number;

  @Field(() => Float)
  upper!: number;

  @Field(() => Int)
  count!: number;

  @Field(() => Float)
  meanPredicted!: number;

  @Field(() => Float, { description: 'The share of them who bought.' })
  fractionPositive!: number;
}

@ObjectType({ description: 'A purchase-propensity training: what it measured and what it stored.' })
export class PropensityTraining {
  @Field(() => Int, {
    nullable: true,
    description: 'The stored version of purchase-propensity; null for a dry run.',
  })
  version!: number | null;

  @Field(() => String, { description: 'The classifier: logreg, tree, forest, gbdt, mlp, ...' })
  model!: string;

  @Field(() => Int)
  horizonDays!: number;

  @Field(() => String, { description: 'The score stored per customer, p_purchase_<N>d.' })
  scoreName!: string;

  @Field(() => DateTimeScalar, {
    description: 'The present of the training: labels are purchases in [cutoff, asOf).',
  })
  asOf!: Date;

  @Field(() => DateTimeScalar)
  cutoff!: Date;

  @Field(() => Int, { description: 'Customers with an event before the cutoff (the population).' })
  customers!: number;

  @Field(() => Int, { description: 'Of them, buyers within the horizon.' })
  positives!: number;

  @Field(() => Int, { description: 'Customers left out: they declined analytics.' })
  excludedByConsent!: number;

  @Field(() => PropensityHoldout)
  holdout!: PropensityHoldout;

  @Field(() => [FeatureImportance], { description: 'What drives the prediction, most important first.' })
  importances!: FeatureImportance[];

  @Field(() => [CalibrationBin], {
    description: 'Predicted against bought, per tenth of [0, 1] that holds customers.',
  })
  calibration!: CalibrationBin[];

  @Field(() => PropensityFairness, {
    description: 'Whether the model serves every customer group alike, on the holdout (fairnessBy).',
  })
  fairness!: PropensityFairness;

  @Field(() => [String], {
    description: 'What weakens the measurement (a holdout too small to judge by, say).',
  })
  warnings!: string[];

  @Field(() => Int, { description: 'Customers scored as of asOf (0 for a dry run).' })
  scored!: number;

  @Field(() => Boolean, {
    description:
      'Whether this version became the active one (not when the active one is of a later asOf: this one is kept as history).',
  })
  activated!: boolean;
}
