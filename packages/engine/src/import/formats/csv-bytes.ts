/**
 * Byte-level pieces of CSV reading for online-retail-bytes.ts: where a record ends by the reference
 * parser's rules (csv-rows.ts), decimals read from their digits, float-written ids, and the last short text
 * seen as bytes. Each gives the same answer as its string counterpart on ASCII.
 */
import { parseDecimal } from '../field-parsers.js';

export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
export const COMMA = 44;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Where `bytes[s, e)` ends without a trailing `/\.0+$/` (an id written as a float: "17850.0"). */
export function withoutFloatSuffix(bytes: Uint8Array, s: number, e: number): number {
  let k = e;
  while (k > s && bytes[k - 1] === ZERO) k--;
  return k < e && k > s && bytes[k - 1] === DOT ? k - 1 : e;
}

/** The last short text seen, as bytes. */
export class LastText {
  private readonly bytes = new Uint8Array(64);
  private length = -1;

  is(source: Uint8Array, s: number, e: number): boolean {
    if (e - s !== this.length) return false;
    for (let k = 0; k < this.length; k++) if (this.bytes[k] !== source[s + k]) return false;
    return true;
  }

  set(source: Uint8Array, s: number, e: number): void {
    if (e - s > this.bytes.length) {
      this.length = -1;
      return;
    }
    this.bytes.set(source.subarray(s, e));
    this.length = e - s;
  }
}

/**
 * parseDecimal of `bytes[s, e)`, NaN when it does not parse. A plain `-?digits(.digits*)?` of at most
 * 15 digits is read here: its digits as an integer (exact below 2 ** 53) divided by a power of ten
 * (exact up to 10 ** 22) is one correctly rounded division, the same double as Number(text). Anything
 * else goes to parseDecimal.
 */
export function parseDecimalBytes(bytes: Buffer, s: number, e: number): number {
  let i = s;
  const negative = i < e && bytes[i] === MINUS;
  if (negative) i++;
  let digits = 0;
  let decimals = 0;
  let dot = false;
  let value = 0;
  // One pass over the digits; a single dot is taken once a digit has come before it.
  for (; i < e; i++) {
    const c = bytes[i]!;
    if (c === DOT && !dot && digits > 0) {
      dot = true;
      continue;
    }
    const d = c - ZERO;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    if (dot) decimals++;
    else digits++;
  }
  if (i === e && digits > 0 && digits + decimals <= 15) {
    const v = decimals === 0 ? value : value / POWERS_OF_TEN[decimals]!;
    return negative ? -v : v;
  }
  return parseDecimal(bytes.toString('latin1', s, e)) ?? Number.NaN;
}

/**
 * Where the record at `start` ends as the reference's CSV parser reads it (csv-rows.ts: a quote opens a
 * field only at its start; after a closing quote, anything but a comma or a line ending makes the record
 * malformed up to the next line feed): the position after its line ending, or -1 when it does not end
 * within `bytes[, n)`. The characters that matter are ASCII, which UTF-8 never uses inside another
 * character, so bytes give the same answer as decoded text.
 */
export function recordEnd(bytes: Uint8Array, start: number, n: number): number {
  let i = start;
  for (;;) {
    if (i >= n) return -1;
    if (bytes[i] === QUOTE) {
      let q = bytes.indexOf(QUOTE, i + 1);
      for (;;) {
        if (q < 0 || q + 1 >= n) return -1;
        if (bytes[q + 1] !== QUOTE) break;
        q = bytes.indexOf(QUOTE, q + 2);
      }
      i = q + 1;
      const c = bytes[i];
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === LF) return i + 1;
      if (c === CR) {
        if (i + 1 >= n) return -1;
        if (bytes[i + 1] === LF) return i + 2;
      }
      const lf = bytes.indexOf(LF, i);
      return lf < 0 ? -1 : lf + 1;
    }
    let j = i;
    while (j < n && bytes[j] !== COMMA && bytes[j] !== LF) j++;
    if (j >= n) return -1;
    if (bytes[j] === LF) return j + 1;
    i = j + 1;
  }
}
