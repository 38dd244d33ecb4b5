/**
 * The fairness report of the purchase-propensity model on its holdout, by customer group ('country' or
 * 'attribute.<name>', as the campaigns' report): per group the model's quality (ROC AUC, calibration,
 * Brier) and what targeting by its score would do (selection, true- and false-positive rates), with
 * fairlearn's disparities over the groups of at least `minGroupSize` customers (core's classifierFairness).
 *
 * The decision rule is the one a shop targeting by propensity uses: the best-scored share of customers
 * equal to the holdout's base rate (as many offers as there will be buyers). A fixed threshold such as 0.5
 * says little here: with a base rate of a few percent a calibrated model scores almost nobody that high,
 * and every group's selection rate is then 0, equal and meaningless. At the base-rate share, a group's
 * true-positive rate is the share of its buyers the campaign would reach.
 */
import { type ClassifierFairnessReport, classifierFairness } from '@storewise/core';
import type { Storage } from '@storewise/storage';
import {
  customerGroupName,
  customersOf,
  groupingAttribute,
  heldAttributeNames,
  type MergedGroups,
  reportedGroups,
  unheldAttributeWarning,
} from '../customers/customer-groups.js';

export interface PropensityFairness extends ClassifierFairnessReport {
  /** The grouping: 'country' or 'attribute.<name>'. */
  by: string;
}

export interface HoldoutGroupNames {
  /** The group name by `by` of each customer asked for, in order (NO_GROUP for an unknown one). */
  names: string[];
  /** Set when `by` is an attribute none of these customers holds (customer-groups.ts: unheldAttributeWarning). */
  warning: string | null;
}

/**
 * The group name by `by` of each of `customerIds` (the holdout's customers), read as the campaigns' and
 * eval recs' reports read theirs (customersOf), and whether any of them holds the attribute `by` names.
 */
export async function holdoutGroupNames(
  storage: Storage,
  by: string,
  customerIds: readonly string[],
): Promise<HoldoutGroupNames> {
  const customers = await customersOf(storage, customerIds);
  return {
    names: customers.map((c) => customerGroupName(c, by)),
    warning: unheldAttributeWarning(by, heldAttributeNames(customers)),
  };
}

/**
 * The fairness report of holdout scores: `names` (holdoutGroupNames), `labels` and `scores` one entry per
 * holdout customer. A grouping that customer-groups.ts's reportedGroups refuses throws
 * its GroupingError (option fairnessBy); the groups of fewer than MIN_NAMED_GROUP_SIZE customers are
 * reported as one, never judged.
 */
export function holdoutFairness(
  names: readonly string[],
  by: string,
  labels: Uint8Array,
  scores: Float64Array,
  minGroupSize?: number,
): PropensityFairness {
  return fairnessAtBaseRate(
    reportedGroups(names, groupingAttribute(by), 'fairnessBy'),
    by,
    labels,
    scores,
    minGroupSize,
  );
}

/**
 * The fairness report of scores with the groups of customer-groups.ts's reportedGroups (`by` names the grouping in the report;
 * the bucket of small groups is never judged), targeting the best-scored share equal to the base rate
 * (see the file comment).
 */
export function fairnessAtBaseRate(
  groups: MergedGroups,
  by: string,
  labels: Uint8Array,
  scores: Float64Array,
  minGroupSize?: number,
): PropensityFairness {
  let positives = 0;
  for (const y of labels) positives += y;
  return {
    by,
    ...classifierFairness({
      group: groups.group,
      groupNames: groups.names,
      unjudged: groups.small < 0 ? [] : [groups.small],
      labels,
      scores,
      // At least one row: scores without a positive (a tiny holdout) still get their report.
      decision: { share: Math.max(positives, 1) / labels.length },
      ...(minGroupSize === undefined ? {} : { minGroupSize }),
    }),
  };
}
