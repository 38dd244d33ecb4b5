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
  description:
    'What a model must beat: the base rate of the customers it was fitted on, predicted for everyone on the same holdout. A model with a higher log loss, or a ROC AUC of 0.5 or below, does worse than knowing nothing about the customers.',
})
export class PropensityBaseline {
  @Field(() => Float, { description: "The training rows' base rate: the probability given to everyone." })
  baseRate!: number;

  @Field(() => Float, { description: '0.5: every customer tied.' })
  rocAuc!: number;

  @Field(() => Float, { description: "The holdout's share of buyers: no skill." })
  prAuc!: number;

  @Field(() => Float)
  logLoss!: number;

  @Field(() => Float)
  brier!: number;
}

@ObjectType({
  description:
    'The version that was active when this one was trained: its stored holdout metrics (null where it did not store one), and whether its holdout was the same customers.',
})
export class ActivePropensityVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => String)
  model!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  asOf!: Date | null;

  @Field(() => Int, { nullable: true })
  customers!: number | null;

  @Field(() => Int, { nullable: true })
  positives!: number | null;

  @Field(() => Float, { nullable: true })
  rocAuc!: number | null;

  @Field(() => Float, { nullable: true })
  prAuc!: number | null;

  @Field(() => Float, { nullable: true })
  logLoss!: number | null;

  @Field(() => Float, { nullable: true })
  brier!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Its baseline's log loss (null for a version trained before baselines were stored).",
  })
  baselineLogLoss!: number | null;

  @Field(() => Boolean, {
    description:
      'True when both holdouts are the same customers (same asOf, horizon, seed, test fraction and size): the metrics compare number for number.',
  })
  sameHoldout!: boolean;

  @Field(() => [String], {
    description: 'How the holdouts differ, e.g. "seed 42 vs 7"; empty when they are the same.',
  })
  differences!: string[];
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

  @Field(() => PropensityBaseline, { description: 'The base rate given to everyone, on the same holdout.' })
  baseline!: PropensityBaseline;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the model does worse than the baseline on its holdout, or null. Such a version is stored but not activated and writes no scores, unless trained with force.',
  })
  worseThanBaseline!: string | null;

  @Field(() => ActivePropensityVersion, {
    nullable: true,
    description: 'The version active before this training, to compare with; null when none was.',
  })
  active!: ActivePropensityVersion | null;

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
      'Whether this version became the active one (not when the active one is of a later asOf, nor when it does worse than the baseline without force: this one is kept as history).',
  })
  activated!: boolean;
}
