/**
 * Binary labels from strings: 1 for the positive class, 0 for everything else. A missing label (one of
 * DEFAULT_MISSING_TOKENS: empty, na, null, ...) is not a class: it is refused, never counted as a negative.
 */
import { DEFAULT_MISSING_TOKENS } from './tabular-encoder.js';

export interface BinaryLabels {
  y: Uint8Array;
  positive: string;
  /** The distinct other values, sorted. */
  negatives: string[];
}

const TRUTHY = ['true', 'yes', '1', 'y', 't'];
const MISSING = new Set(DEFAULT_MISSING_TOKENS);
/** How many of the rows a MissingLabelError lists by number. */
const ROWS_LISTED = 5;

/**
 * Labels that are missing (empty, na, null, ...): `rows` are their indexes (from 0), all of them. The
 * message names the first few by index; `messageFor` words it for a caller that knows where the rows
 * come from (`data.csv: lines 3, 7`) and the label's column name.
 */
export class MissingLabelError extends Error {
  override readonly name = 'MissingLabelError';
  constructor(readonly rows: readonly number[]) {
    super('');
    this.message = this.messageFor((shown) => `row${shown.length > 1 ? 's' : ''} ${shown.join(', ')}`);
  }

  /** The message, `where` naming the first rows listed (indexes from 0), and the label's name. */
  messageFor(where: (rows: readonly number[]) => string, label = 'label'): string {
    const shown = this.rows.slice(0, ROWS_LISTED);
    const more = this.rows.length - shown.length;
    return (
      `${where(shown)}${more > 0 ? ` and ${more} more` : ''}: ${label} is missing ` +
      `(${this.rows.length} row${this.rows.length === 1 ? '' : 's'}; empty, ${DEFAULT_MISSING_TOKENS.slice(1).join(', ')} count as missing): ` +
      'a missing label is not a class; fill it in or remove those rows'
    );
  }
}

/**
 * Encodes `values` as 0/1; a missing value throws a MissingLabelError naming every such row. Without `positive`, the column must hold exactly two distinct values and the
 * positive one is the truthy one (true, yes, 1, y, t; any case) or else the second in sorted order.
 */
export function encodeBinaryLabels(values: readonly string[], positive?: string): BinaryLabels {
  const missing: number[] = [];
  values.forEach((v, i) => {
    if (MISSING.has(v.trim().toLowerCase())) missing.push(i);
  });
  if (missing.length > 0) throw new MissingLabelError(missing);
  const distinct = [...new Set(values.map((v) => v.trim()))].sort();
  let pos = positive;
  if (distinct.length === 1)
    throw new Error(
      `label has one value only (${distinct[0]}): a model needs rows of both classes to learn which is which`,
    );
  if (pos === undefined) {
    if (distinct.length !== 2) {
      throw new Error(
        `label has ${distinct.length} distinct values (${distinct.slice(0, 5).join(', ')}); name the positive one`,
      );
    }
    pos = distinct.find((v) => TRUTHY.includes(v.toLowerCase())) ?? distinct[1]!;
  } else if (!distinct.includes(pos)) {
    throw new Error(`positive label "${pos}" does not occur (values: ${distinct.slice(0, 5).join(', ')})`);
  }
  const y = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) y[i] = values[i]!.trim() === pos ? 1 : 0;
  return { y, positive: pos, negatives: distinct.filter((v) => v !== pos) };
}

/** Checks that labels are 0/1 and returns them as a Uint8Array. */
export function toBinaryLabels(y: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new Error(`row ${i}: label is ${v}; expected 0 or 1`);
    out[i] = v;
  }
  return out;
}
