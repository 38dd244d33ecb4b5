/**
 * A number column with a few values that are not numbers: a typo ("abc" among 12,330 bounce rates) made
 * the column one-hot encoded in the folds whose training rows held it (a column per distinct number) and
 * failed in the one whose test rows did. Such a column is refused up front, naming the record, so that a
 * caller with a file can name its line (`messageFor`). A column whose non-numbers are NUMBER_TYPO_SHARE of
 * its present values or more is categorical, as before.
 */
import { DEFAULT_MISSING_TOKENS } from '@storewise/core';

/** Below this share of a column's present values, the values that are not numbers are taken as errors. */
export const NUMBER_TYPO_SHARE = 0.1;

export class TableValueError extends Error {
  override readonly name = 'TableValueError';
  constructor(
    /** Index of the record in the records given. */
    readonly record: number,
    readonly column: string,
    readonly value: string,
    /** The column's values that are numbers. */
    readonly numbers: number,
  ) {
    super('');
    this.message = this.messageFor(`record ${record + 1}`, 'exclude');
  }

  /** The message with the record named as the caller places it (`file: line 7`) and its exclude option. */
  messageFor(where: string, excludeOption: string): string {
    return (
      `${where}, column ${this.column}: "${this.value}" is not a number, and ` +
      `${this.numbers.toLocaleString('en-US')} other values of the column are: fix it, leave it empty ` +
      `(a missing value), or leave the column out with ${excludeOption}`
    );
  }
}

const missing = new Set(DEFAULT_MISSING_TOKENS);
const isNumber = (v: string) => Number.isFinite(Number(v));

/** Throws a TableValueError for the first column (not in `skip`) of numbers with a few non-numbers. */
export function checkNumberColumns(
  records: readonly Record<string, string>[],
  skip: readonly string[],
): void {
  for (const column of Object.keys(records[0] ?? {})) {
    if (skip.includes(column)) continue;
    let numbers = 0;
    let others = 0;
    let first = -1;
    records.forEach((r, i) => {
      const v = (r[column] ?? '').trim();
      if (missing.has(v.toLowerCase())) return;
      if (isNumber(v)) numbers++;
      else {
        others++;
        if (first < 0) first = i;
      }
    });
    if (others > 0 && others < NUMBER_TYPO_SHARE * (numbers + others))
      throw new TableValueError(first, column, (records[first]![column] ?? '').trim(), numbers);
  }
}
