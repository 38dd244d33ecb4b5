/**
 * Fairness report of a scoring classifier (a purchase-propensity model, say) by customer group: does the
 * model work equally well for each group, and would targeting by its score treat the groups alike?
 *
 * Per group: how many rows and buyers, the base rate, the mean score, and at the decision rule (a score
 * threshold, or the top share of all rows by score) the selection rate, true- and false-positive rates and
 * precision; then the threshold-free ROC AUC, the calibration in the large (mean score - base rate: > 0
 * when the model promises the group more buyers than it has) and the Brier score. Over the judged groups
 * (those of at least `minGroupSize` rows) the disparities as fairlearn defines them (Bird et al. 2020,
 * "Fairlearn: A toolkit for assessing and improving fairness in AI", MSR-TR-2020-32; the functions
 * `fairlearn.metrics.demographic_parity_difference`, `demographic_parity_ratio`,
 * `equal_opportunity_difference` and `equalized_odds_difference`, aggregated as their default
 * "between_groups"/"worst_case"): the largest minus the smallest group rate, or the smallest over the
 * largest. And per group the four-fifths flag of the campaigns' fairness report (campaigns/fairness.ts):
 * a selection rate below `disparityThreshold` (0.8) of the best judged group's.
 */
import { checkedUnjudged } from '../campaigns/fairness.js';
import { checkBinary, checkLengths, checkProbabilities } from './metrics/inputs.js';
import { brierScore } from './metrics/probability.js';
import { rocAuc } from './metrics/ranking.js';
import { confusionMatrix, predictLabels } from './metrics/threshold.js';

/** Who is selected: scores at or above `threshold`, or the `share` (0, 1] of all rows with the best scores. */
export type FairnessDecision = { threshold: number } | { share: number };

export interface ClassifierFairnessInput {
  /** Group index per row, in [0, groupNames.length). */
  group: Int32Array;
  groupNames: readonly string[];
  /** 0/1 outcome per row (1: bought). */
  labels: ArrayLike<number>;
  /** Predicted probability per row, in [0, 1]. */
  scores: ArrayLike<number>;
  decision: FairnessDecision;
  /**
   * Groups with fewer rows are listed but neither flagged, nor the reference of the selection-rate ratio,
   * nor counted in the disparities (default 30, as the campaigns' fairness report: a rate of a handful of
   * customers says little).
   */
  minGroupSize?: number;
  /**
   * Indices of groups listed but never judged whatever their size (not flagged, not the reference, not in
   * the disparities): a bucket of rows of several groups merged because each was too small to be named.
   */
  unjudged?: readonly number[];
  /** The four-fifths rule's ratio: a judged group selected at less than this share of the best group's rate is flagged (default 0.8). */
  disparityThreshold?: number;
}

export interface ClassifierFairnessGroup {
  name: string;
  rows: number;
  positives: number;
  /** positives / rows. */
  baseRate: number;
  meanScore: number;
  /** Rows selected by the decision rule. */
  selected: number;
  selectionRate: number;
  /** Selected buyers / buyers (NaN without buyers: no rate, rather than a 0 that would count as a disparity). */
  truePositiveRate: number;
  /** Selected non-buyers / non-buyers (NaN without non-buyers). */
  falsePositiveRate: number;
  /** Selected buyers / selected (NaN when none is selected). */
  precision: number;
  /** ROC AUC within the group (NaN when it holds one class only). */
  rocAuc: number;
  /** meanScore - baseRate: the calibration in the large; > 0 over-promises buyers. */
  calibrationInTheLarge: number;
  brier: number;
  /** selectionRate / the best judged group's selectionRate (NaN when no judged group is selected at all). */
  selectionRateRatio: number;
  /** 'selection-rate' when the ratio falls below disparityThreshold (judged groups only). */
  flags: 'selection-rate'[];
  /** Fewer rows than minGroupSize, or in `unjudged`: not judged. */
  small: boolean;
}

export interface ClassifierFairnessReport {
  /** The decision rule as applied: its score threshold (for a share, the score of the last row it takes), the share asked (or null) and the share selected (more than asked when scores tie at the threshold). */
  decision: { threshold: number; share: number | null; selectedShare: number };
  minGroupSize: number;
  disparityThreshold: number;
  groups: ClassifierFairnessGroup[];
  /** Names of the judged groups (at least minGroupSize rows, not in `unjudged`). */
  judged: string[];
  /** Names of the groups with a flag. */
  flagged: string[];
  /**
   * Over the judged groups (NaN with fewer than two; the rates NaN in a group are left out):
   * largest - smallest selection rate, smallest / largest selection rate, largest - smallest TPR,
   * the larger of the TPR and FPR differences, and the smallest and largest ROC AUC.
   */
  disparities: {
    demographicParityDifference: number;
    demographicParityRatio: number;
    equalOpportunityDifference: number;
    falsePositiveRateDifference: number;
    equalizedOddsDifference: number;
    rocAucMin: number;
    rocAucMax: number;
  };
}

/** The fairness report of a classifier's scores by group (see the file comment). */
export function classifierFairness(input: ClassifierFairnessInput): ClassifierFairnessReport {
  const { group, groupNames, labels, scores } = input;
  const n = labels.length;
  checkLengths(labels, scores);
  checkBinary(labels);
  checkProbabilities(scores);
  if (group.length !== n)
    throw new Error(`group must have ${n} entries (one per label), got ${group.length}`);
  const k = groupNames.length;
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (!(g >= 0 && g < k)) throw new Error(`group[${i}] must be in [0, ${k}), got ${g}`);
  }
  const minGroupSize = input.minGroupSize ?? 30;
  if (!(Number.isInteger(minGroupSize) && minGroupSize >= 1))
    throw new Error(`minGroupSize must be a whole number >= 1, got ${minGroupSize}`);
  const disparityThreshold = input.disparityThreshold ?? 0.8;
  if (!(disparityThreshold > 0 && disparityThreshold <= 1))
    throw new Error(`disparityThreshold must be in (0, 1], got ${disparityThreshold}`);
  const unjudged = checkedUnjudged(input.unjudged, k);
  const { threshold, share } = decisionThreshold(input.decision, scores);
  const selectedAll = predictLabels(scores, threshold);

  const rowsOf: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) rowsOf[group[i]!]!.push(i);
  let selectedTotal = 0;
  for (const s of selectedAll) selectedTotal += s;
  const groups = rowsOf.map((rows, g) => groupMetrics(groupNames[g]!, rows, labels, scores, selectedAll));
  groups.forEach((g, i) => {
    g.small = g.rows < minGroupSize || unjudged.has(i);
  });
  const judged = groups.filter((g) => !g.small);
  const best = Math.max(0, ...judged.map((g) => g.selectionRate));
  for (const g of groups) {
    g.selectionRateRatio = best > 0 ? g.selectionRate / best : Number.NaN;
    if (!g.small && g.selectionRateRatio < disparityThreshold) g.flags.push('selection-rate');
  }
  const range = (values: number[]) => {
    const defined = values.filter((v) => !Number.isNaN(v));
    if (judged.length < 2 || defined.length < 2) return { min: Number.NaN, max: Number.NaN };
    return { min: Math.min(...defined), max: Math.max(...defined) };
  };
  const selection = range(judged.map((g) => g.selectionRate));
  const tpr = range(judged.map((g) => g.truePositiveRate));
  const fpr = range(judged.map((g) => g.falsePositiveRate));
  const auc = range(judged.map((g) => g.rocAuc));
  const equalOpportunityDifference = tpr.max - tpr.min;
  const falsePositiveRateDifference = fpr.max - fpr.min;
  return {
    decision: { threshold, share, selectedShare: selectedTotal / n },
    minGroupSize,
    disparityThreshold,
    groups,
    judged: judged.map((g) => g.name),
    flagged: groups.filter((g) => g.flags.length > 0).map((g) => g.name),
    disparities: {
      demographicParityDifference: selection.max - selection.min,
      demographicParityRatio: selection.max > 0 ? selection.min / selection.max : Number.NaN,
      equalOpportunityDifference,
      falsePositiveRateDifference,
      // NaN when either is (fairlearn's max would propagate it too).
      equalizedOddsDifference:
        Number.isNaN(equalOpportunityDifference) || Number.isNaN(falsePositiveRateDifference)
          ? Number.NaN
          : Math.max(equalOpportunityDifference, falsePositiveRateDifference),
      rocAucMin: auc.min,
      rocAucMax: auc.max,
    },
  };
}

/**
 * The score threshold of a decision. A share s takes the ceil(s n) best-scored rows: its threshold is the
 * score of the last of them, and every row scoring at least that is selected, so that tied rows are
 * treated alike (which row of a tie to take would otherwise decide between groups).
 */
function decisionThreshold(
  decision: FairnessDecision,
  scores: ArrayLike<number>,
): { threshold: number; share: number | null } {
  if ('threshold' in decision) {
    const t = decision.threshold;
    if (!(t >= 0 && t <= 1)) throw new Error(`decision.threshold must be in [0, 1], got ${t}`);
    return { threshold: t, share: null };
  }
  const s = decision.share;
  if (!(s > 0 && s <= 1)) throw new Error(`decision.share must be in (0, 1], got ${s}`);
  const sorted = Float64Array.from(scores).sort().reverse();
  const take = Math.max(1, Math.ceil(s * sorted.length - 1e-9));
  return { threshold: sorted[take - 1]!, share: s };
}

function groupMetrics(
  name: string,
  rows: readonly number[],
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  selectedAll: Uint8Array,
): ClassifierFairnessGroup {
  const y = Uint8Array.from(rows, (i) => labels[i]!);
  const p = Float64Array.from(rows, (i) => scores[i]!);
  const rate = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  // Set by the caller once every group is known.
  const judgement = { selectionRateRatio: Number.NaN, flags: [] as 'selection-rate'[], small: true };
  if (rows.length === 0) {
    const nan = Number.NaN;
    return {
      name,
      rows: 0,
      positives: 0,
      baseRate: nan,
      meanScore: nan,
      selected: 0,
      selectionRate: nan,
      truePositiveRate: nan,
      falsePositiveRate: nan,
      precision: nan,
      rocAuc: nan,
      calibrationInTheLarge: nan,
      brier: nan,
      ...judgement,
    };
  }
  const m = confusionMatrix(
    y,
    Uint8Array.from(rows, (i) => selectedAll[i]!),
  );
  const positives = m.tp + m.fn;
  let sum = 0;
  for (const v of p) sum += v;
  const meanScore = sum / rows.length;
  const baseRate = positives / rows.length;
  return {
    name,
    rows: rows.length,
    positives,
    baseRate,
    meanScore,
    selected: m.tp + m.fp,
    selectionRate: (m.tp + m.fp) / rows.length,
    truePositiveRate: rate(m.tp, positives),
    falsePositiveRate: rate(m.fp, m.fp + m.tn),
    precision: rate(m.tp, m.tp + m.fp),
    rocAuc: rocAuc(y, p),
    calibrationInTheLarge: meanScore - baseRate,
    brier: brierScore(y, p),
    ...judgement,
  };
}
