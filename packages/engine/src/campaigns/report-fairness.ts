/**
 * The fairness section of a campaign's report: the offers by customer group (core's fairnessReport), over
 * the customers the policy decided for.
 */
import { type FairnessReport, fairnessReport } from '@storewise/core';
import type { Storage } from '@storewise/storage';
import {
  customerGroupName,
  customersOf,
  GroupingError,
  groupingAttribute,
  heldAttributeNames,
  type MergedGroups,
  reportedGroups,
  unheldAttributeWarning,
} from '../customers/customer-groups.js';
import type { CampaignDefinition } from './definition.js';
import { CampaignError } from './lifecycle.js';

/** The fairness of the offers by customer group (core's fairnessReport). */
export interface CampaignFairness extends FairnessReport {
  /** The grouping: 'country' or 'attribute.<name>'. */
  by: string;
  /** What makes the grouping doubtful (no customer holds the attribute asked for); empty when nothing does. */
  warnings: string[];
}

/**
 * The fairness of the policy's decisions (holdout customers, left out at random, are not counted), the
 * groups of fewer than MIN_NAMED_GROUP_SIZE customers merged and never judged (reportedGroups).
 */
export async function fairnessSection(
  storage: Storage,
  rows: { customerIds: readonly string[]; group: readonly number[] },
  def: CampaignDefinition,
  by: string,
  minGroupSize: number | undefined,
): Promise<CampaignFairness> {
  const k = def.arms.length;
  // Both holdouts (the campaign's and the global one) are left out at random, not by the policy.
  const decided = rows.group.map((g, i) => (g === k || g === k + 2 ? -1 : i)).filter((i) => i >= 0);
  const customers = await customersOf(
    storage,
    decided.map((i) => rows.customerIds[i]!),
  );
  let merged: MergedGroups;
  try {
    merged = reportedGroups(
      customers.map((c) => customerGroupName(c, by)),
      groupingAttribute(by),
      'fairnessBy',
    );
  } catch (error) {
    if (error instanceof GroupingError) throw new CampaignError(error.message, 'fairnessBy');
    throw error;
  }
  const unheld = unheldAttributeWarning(by, heldAttributeNames(customers));
  const offered = new Uint8Array(decided.length);
  const discount = new Float64Array(decided.length);
  decided.forEach((row, j) => {
    const g = rows.group[row]!;
    if (g < k) {
      offered[j] = 1;
      discount[j] = def.arms[g]!.costPerConversion;
    }
  });
  return {
    by,
    ...fairnessReport({
      group: merged.group,
      groupNames: merged.names,
      unjudged: merged.small < 0 ? [] : [merged.small],
      offered,
      discountValue: discount,
      ...(minGroupSize === undefined ? {} : { minGroupSize }),
    }),
    warnings: unheld === null ? [] : [unheld],
  };
}
