/**
 * The customer groups of the fairness reports (a campaign's offers, the purchase-propensity model's
 * holdout, the per-group accuracy of `eval recs`): `by` is 'country' (the customer's country) or
 * 'attribute.<name>' (the value of one of the customer's attributes, as text). A customer without the
 * value is in the group '(none)'.
 *
 * Before a report prints groups, checkGrouping refuses those it must not: a field whose values name people
 * (an attribute named like a direct identifier whose values are mostly one customer's each: the report
 * would print a customer's e-mail address as a group), or one with so many values that they are ids or
 * free text (id-like-values.ts). Then mergeSmallGroups reports every group of fewer than
 * MIN_NAMED_GROUP_SIZE customers under one bucket (SMALL_GROUPS), never judged, sorts the groups and
 * refuses more than MAX_GROUPS of them. unheldAttributeWarning says when no customer holds the attribute
 * asked for.
 */
import type { Customer, Storage } from '@storewise/storage';
import { looksLikeIds } from '../id-like-values.js';
import { identifierKind } from '../privacy/identifier-names.js';

/** The group of a customer with no country, or without the attribute. */
export const NO_GROUP = '(none)';

const ATTRIBUTE_PREFIX = 'attribute.';

/**
 * Fewest customers (or rows) a group a report names may hold: a count or a rate of fewer nearly names
 * them (a group `Italy 1` prints that customer's offer). The privacy report flags countries under it too.
 */
export const MIN_NAMED_GROUP_SIZE = 5;

/** The bucket of the customers of every group under MIN_NAMED_GROUP_SIZE (mergeSmallGroups). */
export const SMALL_GROUPS = `(groups of fewer than ${MIN_NAMED_GROUP_SIZE})`;

/** Most groups a report compares (after mergeSmallGroups): more is a measure or a code, not groups. */
export const MAX_GROUPS = 100;

/** Why `by` is not a grouping of customers ('must be "country" or "attribute.<name>", got ...'), or null when it is. */
export function fairnessByProblem(by: string): string | null {
  if (by === 'country' || (by.startsWith(ATTRIBUTE_PREFIX) && by.length > ATTRIBUTE_PREFIX.length))
    return null;
  return `must be "country" or "attribute.<name>", got "${by}"`;
}

/** The attribute that `by` groups by ('attribute.<name>': name); null for 'country'. */
export function groupingAttribute(by: string): string | null {
  return by.startsWith(ATTRIBUTE_PREFIX) ? by.slice(ATTRIBUTE_PREFIX.length) : null;
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

/**
 * A grouping that the reports refuse (checkGrouping): `option` is the engine's name of the option
 * (fairnessBy, groupBy); messageFor words the same problem for the caller's (the CLI's --fairness-by).
 */
export class GroupingError extends Error {
  override readonly name = 'GroupingError';
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`${option} ${problem}`);
  }

  messageFor(option: string): string {
    return `${option} ${this.problem}`;
  }
}

/**
 * Refuses, with a GroupingError naming `option`, groups whose names must not be reported, given the group
 * name of every row the report covers (`rows`, NO_GROUP for a row without a value) and `field`, the
 * attribute or column the names are values of (null for country, whose values are country codes):
 * - `field` is named like a direct identifier (privacy/identifier-names.ts) and its values are mostly
 *   distinct: more than 2 of them (a yes/no field such as `emailOptIn` has at most 2) and more than half
 *   of the rows holding a value hold one no other row holds. A group named by such a value names a person.
 * - more distinct values than half the rows and more than 50 (looksLikeIds): an id or free text, not groups.
 * A field of many small groups (a count of pages seen) is refused by mergeSmallGroups, after merging.
 */
export function checkGrouping(rows: Iterable<string>, field: string | null, option: string): void {
  const counts = new Map<string, number>();
  let total = 0;
  let held = 0;
  for (const name of rows) {
    total++;
    if (name === NO_GROUP) continue;
    held++;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (field === null) return;
  const kind = identifierKind(field);
  if (kind !== null && counts.size > 2) {
    let single = 0;
    for (const n of counts.values()) if (n === 1) single++;
    if (single > 0.5 * held)
      throw new GroupingError(
        option,
        `"${field}" looks like a direct identifier (${kind}): ${single} of the ${held} rows holding it have a value no other row has, and each such group would be named by one customer's ${kind}; group by a field customers share (country, a tier)`,
      );
  }
  if (looksLikeIds(counts.size, total))
    throw new GroupingError(
      option,
      `"${field}" has ${counts.size} distinct values among ${total} rows (more than half of them, and more than 50): an id or free text, not groups; group by a field with fewer values`,
    );
}

export interface MergedGroups extends CustomerGroups {
  /** Index of SMALL_GROUPS in `names` (the last), or -1 when no group was small. */
  small: number;
}

/**
 * The groups a fairness report shows of rows named `names` (NO_GROUP for a row without a value): the
 * grouping checked (checkGrouping, `field` as there: null for country), then numbered and merged
 * (mergeSmallGroups). Throws a GroupingError naming `option`.
 */
export function reportedGroups(names: readonly string[], field: string | null, option: string): MergedGroups {
  checkGrouping(names, field, option);
  const numbering = new GroupNumbering();
  const group = Int32Array.from(names, (name) => numbering.of(name));
  return mergeSmallGroups(group, numbering.names, field ?? 'country', option);
}

/**
 * The groups a report shows, from `group` (index into `names` per row; -1: a row in no group, left as it
 * is and not counted): every group of fewer than MIN_NAMED_GROUP_SIZE rows (NO_GROUP too) merged into one
 * named SMALL_GROUPS, so that no report prints a value held by a handful of customers (an e-mail address,
 * `John Smith`) or their figures; groups without a row dropped; the others sorted largest first, then by
 * name, the bucket last. The bucket mixes customers of different groups: pass `[small]` as core's
 * `unjudged` so that it is never judged nor the reference, whatever its size. More than MAX_GROUPS groups
 * left throws a GroupingError naming `option` and `field` (what the groups are by: 'country', an
 * attribute's or a column's name).
 */
export function mergeSmallGroups(
  group: Int32Array,
  names: readonly string[],
  field: string,
  option: string,
): MergedGroups {
  const counts = new Float64Array(names.length);
  for (const g of group) if (g >= 0) counts[g] = counts[g]! + 1;
  const kept = names
    .map((_, g) => g)
    .filter((g) => counts[g]! >= MIN_NAMED_GROUP_SIZE)
    .sort((a, b) => counts[b]! - counts[a]! || (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const anySmall = names.some((_, g) => counts[g]! > 0 && counts[g]! < MIN_NAMED_GROUP_SIZE);
  const out = kept.map((g) => names[g]!);
  const small = anySmall ? out.push(SMALL_GROUPS) - 1 : -1;
  if (out.length > MAX_GROUPS)
    throw new GroupingError(
      option,
      `"${field}" gives ${out.length} groups: too many to compare (at most ${MAX_GROUPS}, the groups of fewer than ${MIN_NAMED_GROUP_SIZE} counted as one); group by a field with fewer values, e.g. ranges of a number or a category`,
    );
  const index = new Int32Array(names.length).fill(small);
  kept.forEach((g, i) => {
    index[g] = i;
  });
  return { group: group.map((g) => (g < 0 ? g : index[g]!)), names: out, small };
}

/** The attribute names that `customers` hold a value of (not null), added to `into`. */
export function heldAttributeNames(
  customers: Iterable<Pick<Customer, 'attributes'> | null>,
  into = new Set<string>(),
): Set<string> {
  for (const c of customers)
    if (c) for (const [name, value] of Object.entries(c.attributes)) if (value != null) into.add(name);
  return into;
}

/**
 * When `by` is 'attribute.<name>' and no customer holds `name` (`held`, from heldAttributeNames): a
 * warning that everyone is in NO_GROUP, naming the attributes they do hold (a typo, or the wrong case as
 * `Tier` for `tier`); null otherwise.
 */
export function unheldAttributeWarning(by: string, held: ReadonlySet<string>): string | null {
  const name = groupingAttribute(by);
  if (name === null || held.has(name)) return null;
  const names = [...held].sort();
  const shown = names.slice(0, 20).join(', ');
  return `no customer holds the attribute "${name}": everyone is in the group "${NO_GROUP}"; ${names.length === 0 ? 'the customers hold no attributes' : `the attributes they hold: ${shown}${names.length > 20 ? `, and ${names.length - 20} more` : ''}`}`;
}
