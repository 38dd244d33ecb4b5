import {
  inEventNumberRange,
  inEventTimeRange,
  MAX_KEY_LENGTH,
  STOCK_MAX,
  STOCK_MIN,
} from '@storewise/storage';
import { parseOptionalDecimal } from '../field-parsers.js';
import type { FieldProblem, ParsedRow } from '../types.js';

/**
 * A refused row. `customer`: the customer id the row names (as a valid row's event would: trimmed,
 * normalised) and the field it is read from; kept with the rejects (ParsedRow.customerId) unless it is
 * empty, that field is one of the problems, or the row as a whole is (its fields were not read apart).
 */
export function rejectRow(
  line: number,
  raw: string,
  problems: FieldProblem[],
  customer?: { id: string; field: string },
): ParsedRow {
  const read =
    customer !== undefined &&
    customer.id !== '' &&
    !problems.some((p) => p.field === customer.field || p.field === ROW_FIELD);
  return {
    line,
    raw,
    event: null,
    item: null,
    customer: null,
    problems,
    customerId: read ? customer.id : null,
  };
}

/** The field of a problem with the row as a whole (a wrong field count, invalid JSON, not UTF-8). */
export const ROW_FIELD = '(row)';

/** Adds a problem to a row's list, creating the list on the first one. */
export function addProblem(problems: FieldProblem[] | null, field: string, reason: string): FieldProblem[] {
  const list = problems ?? [];
  list.push({ field, reason });
  return list;
}

/** The reason of a record whose field count differs from its header's (or, in MovieLens, from 4). */
export const WRONG_FIELD_COUNT = 'wrong field count';

/** The reason of a field refused for a NUL character (U+0000), which PostgreSQL cannot store. */
export const NUL_CHARACTER = 'NUL character';

/**
 * The reason of a field whose text is not well-formed Unicode: a lone surrogate, which only a JSON escape
 * (NDJSON's "\\uD800") can give, since decoding bytes turns what is not UTF-8 into U+FFFD. Storage refuses
 * such text as PostgreSQL cannot store it.
 */
export const ILL_FORMED_UNICODE = 'ill-formed Unicode';

/** A UTF-16 code unit of a surrogate pair standing alone (`\p{Cs}` matches no whole pair). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Adds a NUL_CHARACTER problem for `field` when its text holds U+0000, or ILL_FORMED_UNICODE when it holds
 * a lone surrogate: text storage cannot keep, rejected with its row instead of failing the batch.
 */
export function nulProblem(
  problems: FieldProblem[] | null,
  field: string,
  text: string,
): FieldProblem[] | null {
  if (text.includes('\u0000')) return addProblem(problems, field, NUL_CHARACTER);
  return LONE_SURROGATE.test(text) ? addProblem(problems, field, ILL_FORMED_UNICODE) : problems;
}

/**
 * Adds `<what> out of range` for `field` when its number lies beyond what storage keeps (±1e12,
 * event-limits.ts of @storewise/storage): no shop's, and its revenue would overflow the sums.
 */
export function numberRangeProblem(
  problems: FieldProblem[] | null,
  field: string,
  value: number | null | undefined,
  what: string,
): FieldProblem[] | null {
  return value === null || value === undefined || inEventNumberRange(value)
    ? problems
    : addProblem(problems, field, `${what} out of range`);
}

/** The reason of an event time storage does not keep (before 1970 or from 2200 on, event-limits.ts). */
export const DATE_OUT_OF_RANGE = 'date out of range';

/** Adds DATE_OUT_OF_RANGE for `field` when `date` (a parsed one) lies outside the event times storage keeps. */
export function timeRangeProblem(
  problems: FieldProblem[] | null,
  field: string,
  date: Date | undefined,
): FieldProblem[] | null {
  return date === undefined || inEventTimeRange(date.getTime())
    ? problems
    : addProblem(problems, field, DATE_OUT_OF_RANGE);
}

/** The reason of an id (of an event, customer or item) longer than storage keeps (MAX_KEY_LENGTH). */
export const ID_TOO_LONG = 'id too long';

/**
 * Adds ID_TOO_LONG for `field` when `length` (of an id, or of what a derived id is made of) exceeds
 * MAX_KEY_LENGTH of @storewise/storage, the longest key every adapter indexes: the row is rejected alone
 * instead of storage refusing the whole batch.
 */
export function idLengthProblem(
  problems: FieldProblem[] | null,
  field: string,
  length: number,
): FieldProblem[] | null {
  return length > MAX_KEY_LENGTH ? addProblem(problems, field, ID_TOO_LONG) : problems;
}

/**
 * Adds `non-integer stock` or `stock out of range` for `field` when `stock` (a parsed number) is not a
 * whole number within PostgreSQL's integer, as storage keeps it (STOCK_MIN..STOCK_MAX).
 */
export function stockProblem(
  problems: FieldProblem[] | null,
  field: string,
  stock: number | null | undefined,
): FieldProblem[] | null {
  if (stock === null || stock === undefined) return problems;
  if (!Number.isInteger(stock)) return addProblem(problems, field, 'non-integer stock');
  return stock < STOCK_MIN || stock > STOCK_MAX
    ? addProblem(problems, field, 'stock out of range')
    : problems;
}

/**
 * An optional price field: its value (null when empty) and `problems` with `non-numeric price`,
 * `negative price` or `price out of range` added for `field` when it is one.
 */
export function optionalPrice(
  text: string,
  field: string,
  problems: FieldProblem[] | null,
): { value: number | null; problems: FieldProblem[] | null } {
  const value = parseOptionalDecimal(text);
  if (value === undefined) return { value: null, problems: addProblem(problems, field, 'non-numeric price') };
  if (value !== null && value < 0)
    return { value: null, problems: addProblem(problems, field, 'negative price') };
  return { value, problems: numberRangeProblem(problems, field, value, 'price') };
}
