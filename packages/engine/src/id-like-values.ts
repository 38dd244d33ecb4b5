/**
 * When a field's values are ids or free text rather than categories: more distinct values than ID_SHARE of
 * the rows and more than ID_MIN_DISTINCT. `eval propensity` refuses such a text column as a feature (one-hot
 * encoding turns it into a column per row: a session id made 9,892 features of 12,330 rows; logreg and gbdt
 * then ran for minutes at 930 MB and more), and the fairness reports refuse such a grouping
 * (customers/customer-groups.ts: groups of one or two rows are no groups, and their names are the values).
 */

/** Share of the rows that distinct values must exceed to look like ids. */
export const ID_SHARE = 0.5;
/** Fewest distinct values that can look like ids (a small table's categories can all be distinct). */
export const ID_MIN_DISTINCT = 50;

/** Whether `distinct` values among `rows` rows look like ids or free text (see the file comment). */
export function looksLikeIds(distinct: number, rows: number): boolean {
  return distinct > Math.max(ID_MIN_DISTINCT, ID_SHARE * rows);
}
