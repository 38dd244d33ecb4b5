/**
 * The groups of `eval recs --db`'s users from storage: by country or a customer attribute, as the
 * campaigns' fairness report groups customers (customers/customer-groups.ts), with the same checks.
 */
import type { InteractionMatrix } from '@storewise/core';
import type { Storage } from '@storewise/storage';
import {
  checkGrouping,
  customersOf,
  fairnessByProblem,
  groupCustomers,
  groupingAttribute,
  heldAttributeNames,
  unheldAttributeWarning,
} from '../../customers/customer-groups.js';
import type { UserGroups } from './evaluate-recs.js';

/**
 * The group by `by` ('country' or 'attribute.<name>') of each user of `ratings`, a matrix read from
 * `storage` (its user ids are the customers' external ids); a customer without the value is in "(none)".
 * A grouping by a direct identifier, or by ids or free text, throws a GroupingError (option groupBy:
 * customer-groups.ts's checkGrouping); `warnings` says when no customer holds the attribute asked for.
 */
export async function storedUserGroups(
  storage: Storage,
  ratings: InteractionMatrix,
  by: string,
): Promise<UserGroups & { warnings: string[] }> {
  if (fairnessByProblem(by) !== null)
    throw new Error(`groupBy must be "activity", "country" or "attribute.<name>", got "${by}"`);
  const ids = ratings.userIds;
  if (ids === null)
    throw new Error(`groupBy "${by}" needs the users' customer ids, and these ratings have none`);
  const customerIds = Array.from({ length: ratings.nUsers }, (_, u) => ids.idAt(u));
  const customers = await customersOf(storage, customerIds);
  const { group, names } = groupCustomers(customers, by);
  checkGrouping(
    Array.from(group, (g) => names[g]!),
    groupingAttribute(by),
    'groupBy',
  );
  const unheld = unheldAttributeWarning(by, heldAttributeNames(customers));
  return { by, group, names, warnings: unheld === null ? [] : [unheld] };
}
