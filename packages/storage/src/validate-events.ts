/**
 * The checks of events every adapter runs, as objects (validateEvents) and as columns (validateEventColumns),
 * with the same messages: the record by its position and the field.
 */
import { isUtf8 } from 'node:buffer';
import { EVENT_TEXT_FIELDS, type EventColumns } from './event-columns.js';
import { EVENT_TIME_MAX, EVENT_TIME_MIN, inEventNumberRange, inEventTimeRange } from './event-limits.js';
import { MAX_KEY_LENGTH } from './key-limits.js';
import { EVENT_TYPES, type EventInput, type EventType } from './types.js';
import {
  checkKey,
  checkNul,
  checkNumber,
  isBlank,
  isLongKey,
  keyTooLong,
  NUL_REASON,
  StorageInputError,
  unstorableText,
} from './validate.js';

const eventTypes = new Set<string>(EVENT_TYPES);

/** Refuses an event time outside [EVENT_TIME_MIN, EVENT_TIME_MAX) (event-limits.ts). */
function checkEventTime(where: string, ms: number): void {
  if (!inEventTimeRange(ms))
    throw new StorageInputError(
      where,
      'timestamp',
      `must be from ${new Date(EVENT_TIME_MIN).toISOString()} up to ${new Date(EVENT_TIME_MAX).toISOString()}, got ${Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms since the epoch`}`,
    );
}

export function isEventType(value: string): value is EventType {
  return eventTypes.has(value);
}

export function validateEvents(events: readonly EventInput[]): void {
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (
      isBlank(e.eventId) ||
      !isEventType(e.type) ||
      (e.customerId !== null && isBlank(e.customerId)) ||
      (e.sku !== null && isBlank(e.sku)) ||
      !(e.timestamp instanceof Date) ||
      !inEventTimeRange(e.timestamp.getTime()) ||
      !inRangeOrAbsent(e.quantity) ||
      !inRangeOrAbsent(e.unitPrice) ||
      !inRangeOrAbsent(e.rating) ||
      isLongKey(e.eventId) ||
      isLongKey(e.customerId) ||
      isLongKey(e.sku) ||
      unstorableText(e.eventId) ||
      unstorableText(e.customerId) ||
      unstorableText(e.sku) ||
      unstorableText(e.query) ||
      unstorableText(e.sessionId) ||
      unstorableText(e.orderId)
    )
      describeBadEvent(e, `events[${i}]`);
  }
}

const inRangeOrAbsent = (value: number | null | undefined): boolean =>
  value === null || value === undefined || inEventNumberRange(value);

/** Throws the error that names the first bad field of `e` (the checks of validateEvents, one by one). */
function describeBadEvent(e: EventInput, where: string): void {
  if (isBlank(e.eventId)) throw new StorageInputError(where, 'eventId', 'is required');
  if (!isEventType(e.type)) {
    throw new StorageInputError(where, 'type', `must be one of ${EVENT_TYPES.join(', ')}, got "${e.type}"`);
  }
  if (e.customerId !== null && isBlank(e.customerId)) {
    throw new StorageInputError(where, 'customerId', 'must be null or a non-empty string');
  }
  if (e.sku !== null && isBlank(e.sku))
    throw new StorageInputError(where, 'sku', 'must be null or a non-empty string');
  if (!(e.timestamp instanceof Date) || Number.isNaN(e.timestamp.getTime())) {
    throw new StorageInputError(where, 'timestamp', 'must be a valid Date');
  }
  checkEventTime(where, e.timestamp.getTime());
  for (const field of NUMBER_FIELDS) checkNumber(where, field, e[field]);
  for (const field of KEY_FIELDS) checkKey(where, field, e[field]);
  for (const field of TEXT_FIELDS) checkNul(where, field, e[field]);
}

const NUMBER_FIELDS = ['quantity', 'unitPrice', 'rating'] as const;
const KEY_FIELDS = ['eventId', 'customerId', 'sku'] as const;
const TEXT_FIELDS = [...KEY_FIELDS, 'query', 'sessionId', 'orderId'] as const;

/** The checks of validateEvents on a batch in columns, with the same messages. */
export function validateEventColumns(c: EventColumns): void {
  const n = c.length;
  const perEvent = EVENT_TEXT_FIELDS.length;
  if (
    !Number.isInteger(n) ||
    n < 0 ||
    c.textLengths.length !== n * perEvent ||
    [c.type, c.customer, c.item, c.time, c.quantity, c.unitPrice, c.rating].some((a) => a.length !== n)
  )
    throw new StorageInputError('events', 'columns', `must each hold ${n} events`);
  c.customerIds.forEach((id, k) => {
    if (isBlank(id))
      throw new StorageInputError(`events.customerIds[${k}]`, 'customerId', 'must be a non-empty string');
    checkKey(`events.customerIds[${k}]`, 'customerId', id);
    checkNul(`events.customerIds[${k}]`, 'customerId', id);
  });
  c.skus.forEach((sku, k) => {
    if (isBlank(sku)) throw new StorageInputError(`events.skus[${k}]`, 'sku', 'must be a non-empty string');
    checkKey(`events.skus[${k}]`, 'sku', sku);
    checkNul(`events.skus[${k}]`, 'sku', sku);
  });
  // A NUL byte is never part of another UTF-8 character: one search of all the text, then the event.
  const nul = c.text.indexOf(0);
  if (nul >= 0) nulInColumns(c, nul);
  // Text written from a string is well-formed (encoding turns a lone surrogate into U+FFFD), but bytes
  // copied from a file (EventColumnsBuilder.textBytes) may not be UTF-8, which PostgreSQL refuses.
  if (!isUtf8(c.text)) notUtf8InColumns(c);
  const bad = firstBadEvent(
    n,
    c.text,
    c.textLengths,
    c.type,
    c.customer,
    c.item,
    c.time,
    c.quantity,
    c.unitPrice,
    c.rating,
    c.customerIds.length,
    c.skus.length,
  );
  if (bad >= 0) describeBadColumnEvent(c, bad);
}

/**
 * The per-event checks of validateEventColumns, on the columns' arrays alone: the index of the first event
 * that fails one, -1 for none. A function of typed arrays and numbers: inside validateEventColumns, whose
 * argument is an object per batch, TurboFan compiled the loop 4-5 times in an import (node --trace-opt).
 */
function firstBadEvent(
  n: number,
  text: Uint8Array,
  textLengths: Int32Array,
  type: Uint8Array,
  customer: Int32Array,
  item: Int32Array,
  time: Float64Array,
  quantity: Float64Array,
  unitPrice: Float64Array,
  rating: Float64Array,
  customers: number,
  skus: number,
): number {
  const perEvent = EVENT_TEXT_FIELDS.length;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const idLength = textLengths[i * perEvent]!;
    if (idLength <= 0 || isBlankBytes(text, at, at + idLength)) return i;
    // At most 3 bytes per UTF-16 code unit, and at least 1: counted only when it may be too long.
    if (idLength > MAX_KEY_LENGTH && utf8.decode(text.subarray(at, at + idLength)).length > MAX_KEY_LENGTH)
      return i;
    for (let f = 0; f < perEvent; f++) at += Math.max(textLengths[i * perEvent + f]!, 0);
    if (
      at > text.length ||
      type[i]! >= EVENT_TYPES.length ||
      customer[i]! < -1 ||
      customer[i]! >= customers ||
      item[i]! < -1 ||
      item[i]! >= skus ||
      !Number.isInteger(time[i]!) ||
      !inEventTimeRange(time[i]!) ||
      !numberOrNaN(quantity[i]!) ||
      !numberOrNaN(unitPrice[i]!) ||
      !numberOrNaN(rating[i]!)
    )
      return i;
  }
  return -1;
}

/** Throws the error that names the first check event `i` of the columns fails (those of firstBadEvent, in order). */
function describeBadColumnEvent(c: EventColumns, i: number): never {
  const perEvent = EVENT_TEXT_FIELDS.length;
  let at = 0;
  for (let k = 0; k < i * perEvent; k++) at += Math.max(c.textLengths[k]!, 0);
  const where = `events[${i}]`;
  const idLength = c.textLengths[i * perEvent]!;
  if (idLength <= 0 || isBlankBytes(c.text, at, at + idLength))
    throw new StorageInputError(where, 'eventId', 'is required');
  if (idLength > MAX_KEY_LENGTH) {
    const length = utf8.decode(c.text.subarray(at, at + idLength)).length;
    if (length > MAX_KEY_LENGTH) throw keyTooLong(where, 'eventId', length);
  }
  for (let f = 0; f < perEvent; f++) at += Math.max(c.textLengths[i * perEvent + f]!, 0);
  if (at > c.text.length) throw new StorageInputError(where, 'text', 'runs past the end of the text bytes');
  if (c.type[i]! >= EVENT_TYPES.length)
    throw new StorageInputError(where, 'type', `must be one of ${EVENT_TYPES.join(', ')}`);
  if (c.customer[i]! < -1 || c.customer[i]! >= c.customerIds.length)
    throw new StorageInputError(where, 'customerId', 'must index events.customerIds (or be -1)');
  if (c.item[i]! < -1 || c.item[i]! >= c.skus.length)
    throw new StorageInputError(where, 'sku', 'must index events.skus (or be -1)');
  const time = c.time[i]!;
  if (!Number.isInteger(time))
    throw new StorageInputError(
      where,
      'timestamp',
      'must be a valid Date (whole milliseconds since the epoch)',
    );
  checkEventTime(where, time);
  if (!numberOrNaN(c.quantity[i]!)) checkNumber(where, 'quantity', c.quantity[i]!);
  if (!numberOrNaN(c.unitPrice[i]!)) checkNumber(where, 'unitPrice', c.unitPrice[i]!);
  if (!numberOrNaN(c.rating[i]!)) checkNumber(where, 'rating', c.rating[i]!);
  throw new Error(
    `validateEventColumns: event ${i} failed a check that describeBadColumnEvent does not name`,
  );
}

/** Whether a column's number is one storage keeps: NaN (null) or within EVENT_NUMBER_LIMIT. */
function numberOrNaN(value: number): boolean {
  return Number.isNaN(value) || inEventNumberRange(value);
}

function nulInColumns(c: EventColumns, nul: number): never {
  const perEvent = EVENT_TEXT_FIELDS.length;
  let at = 0;
  for (let i = 0; i < c.length; i++)
    for (let f = 0; f < perEvent; f++) {
      at += Math.max(c.textLengths[i * perEvent + f]!, 0);
      if (nul < at) throw new StorageInputError(`events[${i}]`, EVENT_TEXT_FIELDS[f]!, NUL_REASON);
    }
  throw new StorageInputError('events', 'text', NUL_REASON);
}

const utf8 = new TextDecoder();

/** Throws the error naming the event and text field whose bytes are not UTF-8. */
function notUtf8InColumns(c: EventColumns): never {
  const perEvent = EVENT_TEXT_FIELDS.length;
  let at = 0;
  for (let i = 0; i < c.length; i++)
    for (let f = 0; f < perEvent; f++) {
      const length = Math.max(c.textLengths[i * perEvent + f]!, 0);
      if (!isUtf8(c.text.subarray(at, at + length)))
        throw new StorageInputError(`events[${i}]`, EVENT_TEXT_FIELDS[f]!, 'is not valid UTF-8 text');
      at += length;
    }
  throw new StorageInputError('events', 'text', 'is not valid UTF-8 text');
}

/** Whether UTF-8 `bytes[start, end)` is blank as `String.prototype.trim` sees it. */
function isBlankBytes(bytes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const b = bytes[k]!;
    if (b >= 0x80) return isBlank(new TextDecoder().decode(bytes.subarray(start, end)));
    if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false;
  }
  return true;
}

/** Drops events whose id repeats an earlier one in the same batch; returns the kept ones. */
export function dedupeEvents(events: readonly EventInput[]): EventInput[] {
  const seen = new Set<string>();
  const kept: EventInput[] = [];
  for (const e of events) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    kept.push(e);
  }
  return kept;
}
