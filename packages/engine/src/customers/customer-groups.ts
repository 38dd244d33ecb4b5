/**
 * The customer groups of the fairness reports (a campaign's offers, the purchase-propensity model's
 * holdout, the per-group accuracy of `eval recs`): `by` is 'country' (the customer's country) or
 * 'attribute.<name>' (the value of one of the customer's attributes, as text). A customer without the
 * value is in the group '(none)'.
 */
import type { Customer, Storage } from '@storewise/storage';

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

/** The customers of `ids` (null for an unknown one), in order, read 1,000 at a time. */
export async function customersOf(storage: Storage, ids: readonly string[]): Promise<(Customer | null)[]> {
  const out: (Customer | null)[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    out.push(...(await storage.getCustomers(ids.slice(i, i + 1000))));
  return out;
}

export interface CustomerGroups {
  /** Index into `names` per customer, in the order given. */
  group: Int32Array;
  /** The groups' names (the field's values as text, or NO_GROUP), in order of first appearance. */
  names: string[];
}

/** The group of each customer by `by` (checked with fairnessByProblem first); `customers` as customersOf gives them. */
export function groupCustomers(customers: readonly (Customer | null)[], by: string): CustomerGroups {
  const numbering = new GroupNumbering();
  const group = Int32Array.from(customers, (c) => numbering.of(customerGroupName(c, by)));
  return { group, names: numbering.names };
}
