import {
  CampaignDefinitionError,
  CampaignError,
  type CampaignMeasurement,
  definitionOf,
  definitionWarnings,
  describeRefusal,
  type OfferDecision,
} from '@storewise/engine';
import type { Campaign as StoredCampaign } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import { finite } from '../finite.js';
import type {
  Campaign,
  CampaignCount,
  CampaignOffer,
  CampaignStatusValue,
  OfferRefusalRuleValue,
} from '../types/campaign.js';
import type {
  CampaignGroupMetrics,
  CampaignLift,
  CampaignResults,
  ConfidenceInterval,
  LiftTestValue,
} from '../types/campaign-results.js';

/** A stored campaign as the GraphQL Campaign (its definition read through the engine's check). */
export function toCampaign(c: StoredCampaign): Campaign {
  const def = definitionOf(c);
  return {
    ...c,
    status: c.status as CampaignStatusValue,
    policy: def.policy.type,
    warnings: definitionWarnings(def),
  };
}

/** `{ key: count }` as a list sorted by key. */
export const countList = (counts: Record<string, number>): CampaignCount[] =>
  Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => ({ key, count }));

/** An interval whose ends the statistics could not compute (NaN) has null ends (GraphQL's Float has no NaN). */
const interval = (i: { lower: number; upper: number }): ConfidenceInterval => ({
  lower: finite(i.lower),
  upper: finite(i.upper),
});

function groupMetrics(m: CampaignMeasurement['holdout']): CampaignGroupMetrics {
  return {
    exposures: m.exposures,
    conversions: m.conversions,
    conversionRate: finite(m.conversionRate),
    conversionRateInterval: interval(m.conversionRateInterval),
    revenue: m.revenue,
    revenuePerExposure: finite(m.revenuePerExposure),
  };
}

function lift(l: CampaignMeasurement['overall']['lift']): CampaignLift {
  return {
    absolute: finite(l.absolute),
    absoluteInterval: interval(l.absoluteInterval),
    relative: finite(l.relative),
    relativeInterval: interval(l.relativeInterval),
    pValue: finite(l.pValue),
    test: l.test as LiftTestValue,
    revenuePerExposure: {
      difference: finite(l.revenuePerExposure.difference),
      lower: finite(l.revenuePerExposure.lower),
      upper: finite(l.revenuePerExposure.upper),
      pValue: finite(l.revenuePerExposure.pValue),
      degreesOfFreedom: finite(l.revenuePerExposure.df),
    },
  };
}

/** The engine's campaignReport as the typed GraphQL results. */
export function toResults(r: CampaignMeasurement): CampaignResults {
  return {
    asOf: r.asOf,
    attributionWindowDays: r.attributionWindowDays,
    outcomes: r.outcomes,
    confidence: r.confidence,
    arms: r.arms.map((a) => ({
      arm: a.arm,
      name: a.name,
      metrics: groupMetrics(a.metrics),
      control: groupMetrics(a.control),
      controlKind: a.controlKind,
      lift: lift(a.lift),
      cost: a.cost,
      realizedCost: a.realizedCost,
    })),
    holdout: groupMetrics(r.holdout),
    globalHoldout: r.globalHoldout === null ? null : groupMetrics(r.globalHoldout),
    overall: { metrics: groupMetrics(r.overall.metrics), lift: lift(r.overall.lift) },
    noOffer: groupMetrics(r.noOffer),
    cost: r.cost,
    realizedCost: r.realizedCost,
    budget: r.budget,
    uplift:
      r.uplift === null
        ? null
        : {
            ...r.uplift,
            bins: r.uplift.bins.map((b) => ({
              treated: b.treated,
              control: b.control,
              treatedRate: finite(b.treatedRate),
              controlRate: finite(b.controlRate),
              uplift: finite(b.uplift),
            })),
            qini: r.uplift.qini.x.map((x, i) => ({
              customers: x,
              incrementalConversions: r.uplift!.qini.y[i]!,
            })),
            qiniCoefficient: finite(r.uplift.qiniCoefficient),
          },
    fairness: {
      by: r.fairness.by,
      threshold: r.fairness.threshold,
      minGroupSize: r.fairness.minGroupSize,
      flagged: r.fairness.flagged,
      groups: r.fairness.groups.map((g) => ({
        name: g.name,
        customers: g.customers,
        offered: g.offered,
        offerRate: finite(g.offerRate),
        meanDiscount: finite(g.meanDiscount),
        offerRateRatio: finite(g.offerRateRatio),
        discountRatio: finite(g.discountRatio),
        flags: g.flags,
        small: g.small,
      })),
      warnings: r.fairness.warnings,
    },
    notes: r.notes,
  };
}

/** The engine's offer decision as the GraphQL offer; `armNames` maps the campaign's arm ids to names. */
export function toOffer(
  campaignId: string,
  customerId: string,
  decision: OfferDecision,
  armNames: ReadonlyMap<string, string>,
  /** For a storefront: refusals without the campaign's budget figures. */
  storefront = false,
): CampaignOffer {
  if (decision.status === 'refused') {
    return {
      campaignId,
      customerId,
      offered: false,
      arm: null,
      armName: null,
      couponCode: null,
      holdout: false,
      sticky: false,
      assignedAt: null,
      reason: null,
      refusals: decision.reasons.map((r) => ({
        rule: r.rule as OfferRefusalRuleValue,
        message:
          storefront && r.rule === 'budget'
            ? 'the campaign has no budget left for this offer'
            : describeRefusal(r),
      })),
    };
  }
  const a = decision.assignment;
  return {
    campaignId,
    customerId,
    offered: a.arm !== null,
    arm: a.arm,
    armName: a.arm === null ? null : (armNames.get(a.arm) ?? null),
    couponCode: a.couponCode,
    holdout: a.holdout,
    sticky: decision.sticky,
    assignedAt: a.assignedAt,
    reason: a.reason,
    refusals: [],
  };
}

/**
 * Runs an engine campaign call, turning its input errors into BAD_USER_INPUT: a campaign state error
 * (unknown id, not a draft, outside its dates, a bad report option) names `field`; when the call takes a
 * definition, a definition error names its place under `definitionField`
 * (`input.definition.arms[0].costPerOffer`). Elsewhere a definition error means a stored campaign the
 * engine no longer accepts: a server error, not the client's.
 */
export async function campaignCall<T>(
  field: string,
  call: () => Promise<T>,
  definitionField?: string,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CampaignDefinitionError && definitionField !== undefined) {
      // The engine names paths from the definition's root: "definition" itself, "definition.<unknown key>",
      // or a field path such as "arms[0].costPerOffer".
      const problems = error.problems.map((p) => {
        const where =
          p.path === 'definition'
            ? definitionField
            : `${definitionField}${p.path.startsWith('definition.') ? p.path.slice('definition'.length) : `.${p.path}`}`;
        return { field: where, message: `${where}: ${p.reason}` };
      });
      const message =
        problems.length === 1
          ? problems[0]!.message
          : `${problems.length} problems: ${problems.map((p) => p.message).join('; ')}`;
      throw new GraphQLError(message, {
        extensions: { code: 'BAD_USER_INPUT', field: problems[0]!.field, problems },
      });
    }
    if (error instanceof CampaignError) {
      throw new GraphQLError(error.message, {
        extensions: { code: 'BAD_USER_INPUT', field: error.option ?? field },
      });
    }
    throw error;
  }
}
