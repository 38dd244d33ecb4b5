/**
 * The customer groups of the fairness reports (a campaign's offers, the purchase-propensity model's
 * holdout): `by` is 'country' (the customer's country) or 'attribute.<name>' (the value of one of the
 * customer's attributes, as text). A customer without the value is in the group '(none)'.
 */
import type { Customer } from '@storewise/storage';

/** The group of a customer with no country, or without the attribute. */
export const NO_GROUP = '(none)';

const ATTRIBUTE_PREFIX = 'attribute.';

/** Why `by` is not a grouping of customers ('must be "country" or "attribute.<name>", got ...'), or null when it is. */
export function fairnessByProblem(by: string): string | null {
  if (by === 'country' || (by.startsWith(ATTRIBUTE_PREFIX) && by.length > ATTRIBUTE_PREFIX.length))
    return null;
  return `must be "country" or "attribute.<name>", got "${by}"`;
}

/** The name of the customer's group by `by` (checked with fairnessByProblem first); NO_GROUP when unknown. */
export function customerGroupName(
  customer: Pick<Customer, 'country' | 'attributes'> | null | undefined,
  by: string,
): string {
  const raw = by === 'country' ? customer?.country : customer?.attributes[by.slice(ATTRIBUTE_PREFIX.length)];
  return raw === null || raw === undefined ? NO_GROUP : String(raw);
}

/** Group names numbered in order of first appearance, for core's fairness reports (an index per row). */
export class GroupNumbering {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  /** The number of the group `name`, a new one the first time it is seen. */
  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
    }
    return i;
  }
}
