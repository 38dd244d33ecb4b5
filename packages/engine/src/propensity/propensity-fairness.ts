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
  checkGrouping,
  customerGroupName,
  GroupNumbering,
  groupingAttribute,
  heldAttributeNames,
  type MergedGroups,
  mergeSmallGroups,
  NO_GROUP,
  unheldAttributeWarning,
} from '../customers/customer-groups.js';

export interface PropensityFairness extends ClassifierFairnessReport {
  /** The grouping: 'country' or 'attribute.<name>'. */
  by: string;
}

export interface CustomerGroupsByIndex {
  /** The group name of every stored customer, keyed by the customer's integer index. */
  groups: Map<number, string>;
  /** Set when `by` is an attribute no stored customer holds (customer-groups.ts: unheldAttributeWarning). */
  warning: string | null;
}

/** The group name by `by` of every stored customer, and whether any customer holds the attribute `by` names. */
export async function customerGroupsByIndex(storage: Storage, by: string): Promise<CustomerGroupsByIndex> {
  const groups = new Map<number, string>();
  const held = new Set<string>();
  for await (const batch of storage.scanCustomers()) {
    heldAttributeNames(batch, held);
    for (const c of batch) groups.set(c.index, customerGroupName(c, by));
  }
  return { groups, warning: unheldAttributeWarning(by, held) };
}

/**
 * The fairness report of holdout scores: `customerIndex`, `labels` and `scores` one entry per holdout
 * customer; `groups` from customerGroupsByIndex (a customer missing there is in NO_GROUP). A grouping that
 * customer-groups.ts's checkGrouping or mergeSmallGroups refuses throws its GroupingError (option
 * fairnessBy); the groups of fewer than MIN_NAMED_GROUP_SIZE customers are reported as one, never judged.
 */
export function holdoutFairness(
  groups: ReadonlyMap<number, string>,
  by: string,
  customerIndex: Int32Array,
  labels: Uint8Array,
  scores: Float64Array,
  minGroupSize?: number,
): PropensityFairness {
  const names = Array.from(customerIndex, (c) => groups.get(c) ?? NO_GROUP);
  checkGrouping(names, groupingAttribute(by), 'fairnessBy');
  return fairnessAtBaseRate(
    reportedGroups(names, groupingAttribute(by) ?? by, 'fairnessBy'),
    by,
    labels,
    scores,
    minGroupSize,
  );
}

/**
 * The groups of rows named `names` as the reports show them (customer-groups.ts: mergeSmallGroups, whose
 * GroupingError names `option` and `field`).
 */
export function reportedGroups(names: readonly string[], field: string, option: string): MergedGroups {
  const numbering = new GroupNumbering();
  const group = Int32Array.from(names, (name) => numbering.of(name));
  return mergeSmallGroups(group, numbering.names, field, option);
}

/**
 * The fairness report of scores with the groups of reportedGroups (`by` names the grouping in the report;
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
