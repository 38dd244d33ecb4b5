/**
 * Field parsers shared by the formats. Each returns the parsed value, or `undefined` when the text
 * does not parse (the caller records the reject with the field's name).
 */
import { FALSE_WORDS, TRUE_WORDS } from '@storewise/storage';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (no thousands separators, no units); empty text does not parse. */
export function parseDecimal(text: string): number | undefined {
  if (isPlainDecimal(text)) return Number(text);
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  return Number(t);
}

/**
 * Whether `text` is `-?digits(.digits*)?` with nothing around it, the shape of nearly every quantity and
 * price in shop exports: NUMBER accepts it, and Number reads it the same, so the regular expression and
 * the trim can be skipped.
 */
function isPlainDecimal(text: string): boolean {
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === 45 ? 1 : 0;
  const first = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === first) return false;
  if (i === n) return true;
  if (text.charCodeAt(i) !== 46) return false;
  i++;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  return i === n;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const US_SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A zone-less local date-time, read as UTC: `YYYY-MM-DD HH:MM[:SS]` (the UCI Online Retail CSV) or
 * `M/D/YYYY H:MM` (the same data set as exported from its original spreadsheet).
 */
export function parseLocalDateTime(text: string): Date | undefined {
  // Rows come in runs of one time (an order's lines): the last answer is kept.
  if (text === lastLocal.text) return lastLocal.ms === null ? undefined : new Date(lastLocal.ms);
  const date = readLocalDateTime(text);
  lastLocal.text = text;
  lastLocal.ms = date === undefined ? null : date.getTime();
  return date;
}

const lastLocal: { text: string | null; ms: number | null } = { text: null, ms: null };

function readLocalDateTime(text: string): Date | undefined {
  const fast = readIsoLocal(text);
  if (fast !== null) return fast;
  const t = text.trim();
  let m = LOCAL_ISO.exec(t);
  if (m) return utc(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0);
  m = US_SLASH.exec(t);
  if (m) return utc(+m[3]!, +m[1]!, +m[2]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0);
  return undefined;
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)? ?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * ISO 8601 date or date-time; without a zone it is read as UTC. A space may stand before the zone, as
 * Shopify writes times (`2024-03-01 10:00:00 +0100`); `t` and `z` may be lower case, as RFC 3339 allows.
 */
export function parseIsoDateTime(text: string): Date | undefined {
  const m = ISO_8601.exec(text.trim());
  if (!m) return undefined;
  const date = utc(+m[1]!, +m[2]!, +m[3]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  if (!date) return undefined;
  let ms = date.getTime();
  if (m[7]) ms += Math.floor(Number(`0.${m[7]}`) * 1000);
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    ms -= sign * (hours * 60 + minutes) * 60_000;
  }
  return new Date(ms);
}

/** Digit at `i` of `t`, or -1000 (which fails every range check) when it is not a digit. */
function digit(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/**
 * The common case of parseLocalDateTime without regular expressions: exactly `YYYY-MM-DD HH:MM:SS` or
 * `YYYY-MM-DD HH:MM` (T allowed for the space). Null when the text has another shape (the caller then
 * tries the general rules); undefined when it has this shape but is not a date.
 */
function readIsoLocal(t: string): Date | undefined | null {
  const n = t.length;
  if (n !== 19 && n !== 16) return null;
  const sep = t.charCodeAt(10);
  if (
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    (sep !== 32 && sep !== 84) ||
    t.charCodeAt(13) !== 58
  )
    return null;
  if (n === 19 && t.charCodeAt(16) !== 58) return null;
  const y = digit(t, 0) * 1000 + digit(t, 1) * 100 + digit(t, 2) * 10 + digit(t, 3);
  const mo = digit(t, 5) * 10 + digit(t, 6);
  const d = digit(t, 8) * 10 + digit(t, 9);
  const h = digit(t, 11) * 10 + digit(t, 12);
  const mi = digit(t, 14) * 10 + digit(t, 15);
  const s = n === 19 ? digit(t, 17) * 10 + digit(t, 18) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null;
  return utc(y, mo, d, h, mi, s);
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC reads years 0-99 as 1900-1999 (0001 would become 1901, 0075 1975): setUTCFullYear keeps the
  // year as written (and its leap day), and the formats' range check then refuses it.
  if (y < 100) date.setUTCFullYear(y, mo - 1, d);
  // Date.UTC rolls 31 April over to 1 May: a day that does not exist in its month does not parse.
  if (date.getUTCDate() !== d) return undefined;
  return date;
}

/** parseDecimal of an optional field: null for empty text, undefined for text that is not a number. */
export function parseOptionalDecimal(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseDecimal(text);
}

// The words of a yes/no field, shared with the privacy report's check of attribute values (@storewise/storage).
const TRUE = new Set(TRUE_WORDS);
const FALSE = new Set(FALSE_WORDS);

/**
 * A yes/no field: `true`, `yes`, `y` or `1` (any case) is true, `false`, `no`, `n` or `0` false; null when
 * empty, undefined for anything else.
 */
export function parseBoolean(text: string): boolean | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (TRUE.has(t)) return true;
  return FALSE.has(t) ? false : undefined;
}
