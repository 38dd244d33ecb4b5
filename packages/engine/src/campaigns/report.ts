/**
 * The measurement of a campaign, from its stored assignments and the purchases in their attribution window
 * (joined by the store where it can): per arm and for the holdout, exposures, conversions, rate, revenue and
 * the lift against the holdout customers the policy would have given the arm, with its 95% interval and
 * p-value, and the campaign's overall lift (everyone decided for against the whole holdout); uplift by decile (Qini) by a stored score
 * when there is enough data; and the fairness of the offers by customer group. The statistics are
 * @storewise/core's (attributeConversions, accumulateGroups, campaignReport, upliftByBin, fairnessReport).
 */
import {
  accumulateGroups,
  attributeConversions,
  type CampaignReport,
  campaignReport as coreCampaignReport,
  type GroupMetrics,
  type GroupTotals,
  type Lift,
  type UpliftBin,
  upliftByBin,
} from '@storewise/core';
import { declines, modelScores, roundToCents, type Storage, scanCampaignOutcomes } from '@storewise/storage';
import { asOfRangeProblem } from '../as-of-range.js';
import { customersOf, fairnessByProblem } from '../customers/customer-groups.js';
import { type CampaignDefinition, DAY_MS } from './definition.js';
import { CampaignError, loadCampaign } from './lifecycle.js';
import { type CampaignFairness, fairnessSection } from './report-fairness.js';
import { reportNotes } from './report-notes.js';
import { type OutcomeCoverage, outcomeCoverage } from './report-outcomes.js';

export interface CampaignReportOptions {
  /** Only assignments and purchases strictly before this instant count (default: all stored); from 1970 up to before 2200. */
  asOf?: Date;
  /** Group of the fairness report: 'country' or 'attribute.<name>' (default: the definition's, else country). */
  fairnessBy?: string;
  /** Smallest group the fairness report judges (default 30: core's fairnessReport). */
  fairnessMinGroupSize?: number;
  /** Stored score that ranks customers for the uplift deciles (default: the definition's). */
  upliftScore?: string;
  /** Uplift bins (default 10) and the minimum treated and control customers per bin (default 30). */
  bins?: number;
  minPerCell?: number;
}

export interface ArmReport {
  arm: string;
  name: string;
  metrics: GroupMetrics;
  /**
   * What the arm is measured against: the holdout customers the policy would have given this arm
   * (`ghost`, recorded with each holdout decision: assign.ts), or, for assignments recorded before the
   * holdout's decisions were (`holdout`), the whole holdout; the campaign's own holdout either way (not the
   * global one, see globalHoldout).
   */
  control: GroupMetrics;
  controlKind: 'ghost' | 'holdout';
  /** Against `control`. */
  lift: Lift;
  /** Sum of the assignments' costs: what the policy expected to spend (the budget counts this). */
  cost: number;
  /** What was spent as measured: each offer's cost, plus the discount of each attributed conversion. */
  realizedCost: number;
}

export interface UpliftSection {
  score: string;
  /** Offered and holdout customers with the score (the others are left out: `missingScore`). */
  customers: number;
  missingScore: number;
  enough: boolean;
  minPerCell: number;
  bins: UpliftBin[];
  qini: { x: number[]; y: number[] };
  qiniCoefficient: number;
  /** Why there is no Qini coefficient (NaN in the object, null in JSON); null when there is one. */
  note: string | null;
}

export interface CampaignMeasurement {
  campaign: {
    id: string;
    name: string;
    status: string;
    policy: string;
    startedAt: Date | null;
    stoppedAt: Date | null;
  };
  asOf: Date | null;
  attributionWindowDays: number;
  /** How far the outcomes are known (windows closed, purchases stored since the assignments). */
  outcomes: OutcomeCoverage;
  confidence: number;
  arms: ArmReport[];
  /** The campaign's own holdout: the control of every comparison. */
  holdout: GroupMetrics;
  /**
   * Customers kept out by the shop-wide global holdout (`holdout.global`), reported but compared with
   * nothing: earlier campaigns never offered them anything, so frequency caps never refuse them and past
   * offers never carried over to them, unlike this campaign's customers (a tester measured a lift of
   * -0.064, and +0.049 from carry-over, where the truth was 0). Null without one.
   */
  globalHoldout: GroupMetrics | null;
  /**
   * The campaign as a whole: every customer it decided for outside the holdout (offered or not) against
   * the whole holdout, a comparison of two random samples of the same customers whatever the policy.
   */
  overall: { metrics: GroupMetrics; lift: Lift };
  /** Customers the policy decided to offer nothing (not in the holdout), with their outcomes. */
  noOffer: GroupMetrics;
  /** Expected spend, as the budget counts it (ArmReport.cost), and the spend measured (realizedCost). */
  cost: number;
  realizedCost: number;
  budget: number | null;
  /** Null when no score is named (definition's report.upliftScore or the incremental-margin propensity). */
  uplift: UpliftSection | null;
  fairness: CampaignFairness;
  /**
   * What the numbers do not say by themselves, a sentence each (report-notes.ts): a realized cost over the
   * budget (which caps the expected cost only), no holdout (no lift).
   */
  notes: string[];
}

/** One row per assignment, in scan order. */
interface Rows {
  customerIds: string[];
  /** Milliseconds since the epoch. */
  assignedAt: number[];
  /** Purchase lines within the counted assignments' windows. */
  purchaseLines: number;
  group: number[];
  /** For holdout rows, the arm the policy would have given (-1 none, -2 not recorded); -1 for the others. */
  ghost: number[];
  converted: number[];
  revenue: number[];
  cost: number[];
}

async function readRows(storage: Storage, id: string, def: CampaignDefinition, asOf?: Date): Promise<Rows> {
  const k = def.arms.length;
  const armIndex = new Map(def.arms.map((a, i) => [a.id, i]));
  const window = def.attributionWindowDays * DAY_MS;
  const rows: Rows = {
    customerIds: [],
    assignedAt: [],
    purchaseLines: 0,
    group: [],
    ghost: [],
    converted: [],
    revenue: [],
    cost: [],
  };
  for await (const batch of scanCampaignOutcomes(storage, id, { window, ...(asOf ? { until: asOf } : {}) })) {
    const { converted, revenue } = attributeConversions(
      Float64Array.from(batch.assignments, (a) => a.assignedAt.getTime()),
      batch.purchaseOffsets,
      batch.purchaseTime,
      batch.purchaseValue,
      window,
    );
    batch.assignments.forEach((a, i) => {
      // As of a date, the assignments made since do not exist yet.
      if (asOf !== undefined && a.assignedAt.getTime() >= asOf.getTime()) return;
      const arm = a.arm === null ? undefined : armIndex.get(a.arm);
      if (a.arm !== null && arm === undefined)
        throw new Error(`assignment of "${a.customerId}" names arm "${a.arm}", not in campaign "${id}"`);
      rows.customerIds.push(a.customerId);
      rows.assignedAt.push(a.assignedAt.getTime());
      rows.purchaseLines += batch.purchaseOffsets[i + 1]! - batch.purchaseOffsets[i]!;
      // Groups: arms 0..k-1, the campaign's holdout k, no offer k + 1, the shop-wide global holdout k + 2.
      rows.group.push(a.holdout ? (a.reason.holdout === 'global' ? k + 2 : k) : (arm ?? k + 1));
      const ghost = a.holdout ? a.reason.ghostArm : null;
      rows.ghost.push(
        !a.holdout || ghost === null ? -1 : typeof ghost === 'string' ? (armIndex.get(ghost) ?? -1) : -2,
      );
      rows.converted.push(converted[i]!);
      rows.revenue.push(revenue[i]!);
      rows.cost.push(a.cost);
    });
  }
  return rows;
}

async function upliftSection(
  storage: Storage,
  rows: Rows,
  k: number,
  score: string,
  options: CampaignReportOptions,
): Promise<UpliftSection> {
  const scores: number[] = [];
  const treatment: number[] = [];
  const outcome: number[] = [];
  // Everyone the campaign decided for outside its holdout is treated (offered or not: intention to treat),
  // its holdout the control; the global holdout is neither. Leaving out the customers given nothing put
  // their held-out counterparts in the control alone: a tester saw +0.107 in the decile of the policy's
  // cut where offers changed nothing.
  const ranked = rows.group.flatMap((g, i) => (g === k + 2 ? [] : [i]));
  const ids = ranked.map((i) => rows.customerIds[i]!);
  const [stored, customers] = await Promise.all([
    modelScores(storage, score, ids),
    customersOf(storage, ids),
  ]);
  // A score asked for by name that none of these customers has is a wrong name (or a model not run
  // yet): refused, where a report with every customer missing would look like an answer.
  if (
    options.upliftScore !== undefined &&
    ids.length > 0 &&
    stored.every((s) => s === null || s === undefined)
  )
    throw new CampaignError(
      `no customer of this campaign has a stored score "${score}" (storewise train propensity stores p_purchase_<N>d; clv and segment rfm store p_alive, clv and expected_purchases_<N>d)`,
      'upliftScore',
    );
  let missing = 0;
  ranked.forEach((i, j) => {
    // A customer who declined analytics has no score to rank by (their stored one is not used), as
    // everywhere else scores are read.
    const c = customers[j];
    const s = c && declines(c.consent, 'analytics') ? null : stored[j];
    if (s === null || s === undefined) {
      missing++;
      return;
    }
    scores.push(s);
    treatment.push(rows.group[i]! === k ? 0 : 1);
    outcome.push(rows.converted[i]!);
  });
  const u = upliftByBin(Float64Array.from(scores), Uint8Array.from(treatment), Float64Array.from(outcome), {
    ...(options.bins !== undefined ? { bins: options.bins } : {}),
    ...(options.minPerCell !== undefined ? { minPerCell: options.minPerCell } : {}),
  });
  const converted = outcome.reduce((n, y) => n + y, 0);
  const note = !u.enough
    ? `not enough data: each decile needs ${u.minPerCell} offered and ${u.minPerCell} held-out customers with the score`
    : Number.isNaN(u.qiniCoefficient)
      ? converted === 0
        ? 'undefined: no ranked customer has converted (yet), so no ranking is better than another'
        : 'undefined: on these outcomes the perfect ranking is no better than a random one'
      : null;
  return {
    score,
    customers: scores.length,
    missingScore: missing,
    enough: u.enough,
    minPerCell: u.minPerCell,
    bins: u.bins,
    qini: { x: Array.from(u.qini.x), y: Array.from(u.qini.y) },
    qiniCoefficient: u.qiniCoefficient,
    note,
  };
}

/**
 * A group's metrics with its revenue, a money sum, rounded to cents as segments' are (`roundToCents`); the
 * statistics were computed on the exact sums, and means (revenue per exposure) are not rounded.
 */
const inCents = (m: GroupMetrics): GroupMetrics => ({ ...m, revenue: roundToCents(m.revenue) });

function sumTotals(groups: readonly GroupTotals[]): GroupTotals {
  const sum: GroupTotals = { exposures: 0, conversions: 0, revenue: 0, revenueSumSquares: 0 };
  for (const t of groups) {
    sum.exposures += t.exposures;
    sum.conversions += t.conversions;
    sum.revenue += t.revenue;
    sum.revenueSumSquares += t.revenueSumSquares;
  }
  return sum;
}

/** The campaign's measurement (see the file comment); `storewise campaign report <id> --json` prints it. */
export async function campaignReport(
  storage: Storage,
  campaignId: string,
  options: CampaignReportOptions = {},
): Promise<CampaignMeasurement> {
  const asOfProblem = options.asOf === undefined ? null : asOfRangeProblem(options.asOf);
  if (asOfProblem !== null) throw new CampaignError(`asOf ${asOfProblem}`, 'asOf');
  const { campaign, def } = await loadCampaign(storage, campaignId);
  const rows = await readRows(storage, campaignId, def, options.asOf);
  const k = def.arms.length;
  const totals = accumulateGroups(
    Int32Array.from(rows.group),
    Uint8Array.from(rows.converted),
    Float64Array.from(rows.revenue),
    k + 3,
  );
  const core: CampaignReport = coreCampaignReport(totals.slice(0, k), totals[k]!);
  const noOffer = coreCampaignReport([], totals[k + 1]!).holdout;
  // Each arm against the holdout customers the policy would have given it (see ArmReport.control).
  const inHoldout = rows.group.flatMap((g, i) => (g === k ? [i] : []));
  const byGhost = inHoldout.some((i) => rows.ghost[i] === -2)
    ? null
    : accumulateGroups(
        Int32Array.from(inHoldout, (i) => (rows.ghost[i]! < 0 ? k : rows.ghost[i]!)),
        Uint8Array.from(inHoldout, (i) => rows.converted[i]!),
        Float64Array.from(inHoldout, (i) => rows.revenue[i]!),
        k + 1,
      );
  const armVersus = def.arms.map((_, a) =>
    coreCampaignReport([totals[a]!], byGhost === null ? totals[k]! : byGhost[a]!),
  );
  // Everyone decided outside the holdout (offered or not) against the whole holdout.
  const treated = coreCampaignReport([sumTotals([...totals.slice(0, k), totals[k + 1]!])], totals[k]!);
  const costs = new Float64Array(k + 3);
  const realized = new Float64Array(k);
  rows.group.forEach((g, i) => {
    costs[g] = costs[g]! + rows.cost[i]!;
    if (g < k)
      realized[g] =
        realized[g]! + def.arms[g]!.costPerOffer + (rows.converted[i] ? def.arms[g]!.costPerConversion : 0);
  });
  const score = options.upliftScore ?? def.report.upliftScore;
  const by = options.fairnessBy ?? def.report.fairnessBy;
  const byProblem = fairnessByProblem(by);
  if (byProblem) throw new CampaignError(`fairnessBy ${byProblem}`);
  const cost = roundToCents(costs.reduce((s, c) => s + c, 0));
  const realizedCost = roundToCents(realized.reduce((s, c) => s + c, 0));
  const budget = def.budget ?? null;
  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      policy: def.policy.type,
      startedAt: campaign.startedAt,
      stoppedAt: campaign.stoppedAt,
    },
    asOf: options.asOf ?? null,
    attributionWindowDays: def.attributionWindowDays,
    outcomes: await outcomeCoverage(storage, rows, def.attributionWindowDays * DAY_MS, options.asOf),
    confidence: core.confidence,
    arms: def.arms.map((a, i) => ({
      arm: a.id,
      name: a.name,
      metrics: inCents(core.arms[i]!.metrics),
      control: inCents(armVersus[i]!.holdout),
      controlKind: byGhost === null ? 'holdout' : 'ghost',
      lift: armVersus[i]!.arms[0]!.lift,
      cost: roundToCents(costs[i]!),
      realizedCost: roundToCents(realized[i]!),
    })),
    holdout: inCents(core.holdout),
    globalHoldout:
      totals[k + 2]!.exposures > 0 ? inCents(coreCampaignReport([], totals[k + 2]!).holdout) : null,
    overall: { metrics: inCents(treated.arms[0]!.metrics), lift: treated.arms[0]!.lift },
    noOffer: inCents(noOffer),
    cost,
    realizedCost,
    budget,
    uplift: score === undefined ? null : await upliftSection(storage, rows, k, score, options),
    fairness: await fairnessSection(storage, rows, def, by, options.fairnessMinGroupSize),
    notes: reportNotes({
      policy: def.policy.type,
      cost,
      realizedCost,
      budget,
      holdoutFraction: def.holdout.fraction,
      holdout: core.holdout,
      decided: treated.arms[0]!.metrics.exposures,
      offered: core.arms.reduce((sum, a) => sum + a.metrics.exposures, 0),
    }),
  };
}
