/**
 * Binary labels from strings: 1 for the positive class, 0 for everything else.
 */
export interface BinaryLabels {
  y: Uint8Array;
  positive: string;
  /** The distinct other values, sorted. */
  negatives: string[];
}

const TRUTHY = ['true', 'yes', '1', 'y', 't'];

/**
 * Encodes `values` as 0/1. Without `positive`, the column must hold exactly two distinct values and the
 * positive one is the truthy one (true, yes, 1, y, t; any case) or else the second in sorted order.
 */
export function encodeBinaryLabels(values: readonly string[], positive?: string): BinaryLabels {
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
    if (v !== 0 && v !== 1) throw new Error(`label ${i} is ${v}; expected 0 or 1`);
    out[i] = v;
  }
  return out;
}
