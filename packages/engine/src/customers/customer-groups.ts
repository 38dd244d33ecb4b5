/**
 * Customer groups by a stored field: 'country' or 'attribute.<name>' (a customer attribute). The
 * campaigns' fairness report and the per-group accuracy of `eval recs` group customers so; a customer
 * without the value is in the group "(none)".
 */
import type { Customer, Storage } from '@storewise/storage';

/** What a customer group may be, for messages. */
export const CUSTOMER_GROUP_BY = '"country" or "attribute.<name>"';

/** The name of the group of customers without the field's value. */
export const NO_GROUP_VALUE = '(none)';

/** Whether `by` names a customer group ('country' or 'attribute.' followed by a name). */
export function isCustomerGroupBy(by: string): boolean {
  return by === 'country' || (by.startsWith('attribute.') && by.length > 'attribute.'.length);
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
  /** The groups' names (the field's values as text, or "(none)"), in order of first appearance. */
  names: string[];
}

/** The group of each customer by `by` (see the module comment); `customers` as customersOf gives them. */
export function groupCustomers(customers: readonly (Customer | null)[], by: string): CustomerGroups {
  if (!isCustomerGroupBy(by)) throw new Error(`a customer group must be ${CUSTOMER_GROUP_BY}, got "${by}"`);
  const names: string[] = [];
  const index = new Map<string, number>();
  const group = new Int32Array(customers.length);
  const attribute = by.slice('attribute.'.length);
  customers.forEach((c, j) => {
    const raw = by === 'country' ? c?.country : c?.attributes[attribute];
    const name = raw === null || raw === undefined ? NO_GROUP_VALUE : String(raw);
    let g = index.get(name);
    if (g === undefined) {
      g = names.length;
      index.set(name, g);
      names.push(name);
    }
    group[j] = g;
  });
  return { group, names };
}
