import {
  classifierNames,
  classifierPlugin,
  type PropensityFairness as EngineFairness,
  fairnessByProblem,
  GroupingError,
  LabelWindowError,
  MAX_HORIZON_DAYS,
  ParamError,
  PropensityDataError,
  trainPurchasePropensity,
} from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { checkModelParams } from '../../jobs/model-params.js';
import { Access } from '../access.js';
import { finite } from '../finite.js';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';
import type { PropensityFairness } from '../types/propensity-fairness.js';
import { PropensityTraining } from '../types/propensity-training.js';

const refuse = (field: string, message: string): never => {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
};

/** Purchase propensity over GraphQL: "will this customer buy within N days?", trained and scored on the store. */
@Resolver()
export class PropensityResolver {
  @Mutation(() => PropensityTraining, {
    complexity: 100,
    description:
      'Trains purchase propensity on the stored events ("buys within horizonDays"), measures it on a holdout and stores p_purchase_<N>d for every customer (not with dryRun, nor when the model does worse than the base-rate baseline on its holdout, unless force: see worseThanBaseline). Reads every customer\'s profile twice: a second or so per few thousand customers. As `storewise train propensity` (docs/propensity.md).',
  })
  @Access('admin')
  async trainPropensity(
    @Arg('horizonDays', () => Int, {
      defaultValue: 30,
      description: `N of "buys within N days": from 1 to ${MAX_HORIZON_DAYS}.`,
    })
    horizonDays: number,
    @Arg('model', () => String, {
      defaultValue: 'logreg',
      description: 'logreg, tree, forest, gbdt, mlp, ...',
    })
    model: string,
    @Arg('params', () => JSONObjectScalar, { nullable: true, description: "The classifier's parameters." })
    params: Record<string, unknown> | null,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description:
        'The present: labels are the horizonDays before it (default: just after the latest purchase; views tracked since do not move it).',
    })
    asOf: Date | null,
    @Arg('allowPartialWindow', () => Boolean, {
      defaultValue: false,
      description:
        'Train even when asOf is more than a day after the latest event (those days count as "did not buy").',
    })
    allowPartialWindow: boolean,
    @Arg('dryRun', () => Boolean, { defaultValue: false, description: 'Measure only: store nothing.' })
    dryRun: boolean,
    @Arg('force', () => Boolean, {
      defaultValue: false,
      description:
        'Activate the new version and store its scores even when it does worse than the baseline on its holdout (see worseThanBaseline).',
    })
    force: boolean,
    @Arg('fairnessBy', () => String, {
      defaultValue: 'country',
      description: "The customer groups of the holdout's fairness report: country or attribute.<name>.",
    })
    fairnessBy: string,
    @Arg('fairnessMinGroupSize', () => Int, {
      defaultValue: 30,
      description: 'Groups with fewer holdout customers are listed but not judged.',
    })
    fairnessMinGroupSize: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<PropensityTraining> {
    if (horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS)
      refuse('horizonDays', `horizonDays must be from 1 to ${MAX_HORIZON_DAYS}`);
    if (!classifierNames().includes(model))
      refuse('model', `model "${model}" is not a known classifier (one of: ${classifierNames().join(', ')})`);
    const byProblem = fairnessByProblem(fairnessBy);
    if (byProblem) refuse('fairnessBy', `fairnessBy ${byProblem}`);
    if (fairnessMinGroupSize < 1)
      refuse('fairnessMinGroupSize', `fairnessMinGroupSize must be at least 1, got ${fairnessMinGroupSize}`);
    const given = checkModelParams(
      model,
      classifierPlugin(model).defaults as Record<string, unknown>,
      params ?? {},
    );
    try {
      const r = await trainPurchasePropensity(ctx.storage, {
        horizonDays,
        model,
        params: given,
        dryRun,
        force,
        allowPartialWindow,
        fairnessBy,
        fairnessMinGroupSize,
        ...(asOf ? { asOf } : {}),
      });
      ctx.loaders.scores.clearAll();
      return {
        version: dryRun ? null : r.version,
        model: r.model,
        horizonDays: r.horizonDays,
        scoreName: r.scoreName,
        asOf: r.asOf,
        cutoff: r.cutoff,
        customers: r.population.customers,
        positives: r.population.positives,
        excludedByConsent: r.excludedByConsent,
        holdout: r.holdout,
        baseline: r.baseline,
        worseThanBaseline: r.worseThanBaseline,
        active:
          r.active === null
            ? null
            : {
                version: r.active.version,
                model: r.active.model,
                asOf: r.active.asOf,
                ...r.active.holdout,
                sameHoldout: r.active.sameHoldout,
                differences: r.active.differences,
              },
        importances: r.importances,
        calibration: r.calibration,
        fairness: propensityFairnessView(r.fairness),
        warnings: r.warnings,
        scored: r.scored,
        activated: r.activated,
      };
    } catch (error) {
      if (error instanceof LabelWindowError) refuse('asOf', error.message);
      // An identifier or a field of ids as the groups: the fairnessBy argument's (its message names it).
      if (error instanceof GroupingError) refuse('fairnessBy', error.message);
      if (error instanceof ParamError)
        refuse(`params.${error.param}`, `params.${error.param}: ${error.message}`);
      // The store's data, not one argument (no events, too few buyers before the cutoff): no field named.
      if (error instanceof PropensityDataError)
        throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
      throw error;
    }
  }
}

/** The engine's fairness report as the schema types it: rates without a denominator (NaN) are null. */
function propensityFairnessView(f: EngineFairness): PropensityFairness {
  const d = f.disparities;
  return {
    by: f.by,
    decision: f.decision,
    minGroupSize: f.minGroupSize,
    disparityThreshold: f.disparityThreshold,
    groups: f.groups.map((g) => ({
      name: g.name,
      customers: g.rows,
      positives: g.positives,
      baseRate: g.baseRate,
      meanScore: g.meanScore,
      selected: g.selected,
      selectionRate: g.selectionRate,
      truePositiveRate: finite(g.truePositiveRate),
      falsePositiveRate: finite(g.falsePositiveRate),
      precision: finite(g.precision),
      rocAuc: finite(g.rocAuc),
      calibrationInTheLarge: g.calibrationInTheLarge,
      brier: g.brier,
      selectionRateRatio: finite(g.selectionRateRatio),
      flags: g.flags,
      small: g.small,
    })),
    judged: f.judged,
    flagged: f.flagged,
    disparities: {
      demographicParityDifference: finite(d.demographicParityDifference),
      demographicParityRatio: finite(d.demographicParityRatio),
      equalOpportunityDifference: finite(d.equalOpportunityDifference),
      falsePositiveRateDifference: finite(d.falsePositiveRateDifference),
      equalizedOddsDifference: finite(d.equalizedOddsDifference),
      rocAucMin: finite(d.rocAucMin),
      rocAucMax: finite(d.rocAucMax),
    },
  };
}
