import { GraphQLError } from 'graphql/index.js';

/**
 * A page of a short list read whole (campaigns, segments, API keys): the `first` items after the one whose
 * key is `after` (null: from the start). An `after` the list does not hold (mistyped, or the item deleted
 * between pages) is BAD_USER_INPUT on `after`, naming what the list holds.
 */
export function pageAfter<T>(
  list: readonly T[],
  keyOf: (item: T) => string,
  first: number,
  after: string | null | undefined,
  what: string,
): T[] {
  if (after === null || after === undefined) return list.slice(0, first);
  const at = list.findIndex((item) => keyOf(item) === after);
  if (at < 0)
    throw new GraphQLError(`after names no ${what} of this list: give the last ${what} of the page before`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  return list.slice(at + 1, at + 1 + first);
}
