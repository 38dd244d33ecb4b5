/** What the binary COPY rows of events (bulk-append.ts) and of their stage (event-stage.ts) share. */
import { EVENT_TEXT_FIELDS, type EventColumns, numberOrNull } from '../event-columns.js';
import { EVENT_TYPES } from '../types.js';
import type { BinaryCopyWriter } from './copy-binary.js';

/** Each event type's label as UTF-8, by its code (`EventColumns.type`). */
export const EVENT_TYPE_LABELS = EVENT_TYPES.map((t) => new TextEncoder().encode(t));

/**
 * Writes the last six fields of event `i` of `batch`: quantity, unit price and rating (float8), then
 * query, session id and order id (text), whose bytes start at `at` in `batch.text`. Returns where the
 * event's text ends there.
 */
export function writeEventTail(out: BinaryCopyWriter, batch: EventColumns, i: number, at: number): number {
  const l = i * EVENT_TEXT_FIELDS.length;
  const queryLength = batch.textLengths[l + 1]!;
  const sessionLength = batch.textLengths[l + 2]!;
  const orderLength = batch.textLengths[l + 3]!;
  out.float8(numberOrNull(batch.quantity[i]!));
  out.float8(numberOrNull(batch.unitPrice[i]!));
  out.float8(numberOrNull(batch.rating[i]!));
  out.utf8(batch.text, at, queryLength);
  at += Math.max(queryLength, 0);
  out.utf8(batch.text, at, sessionLength);
  at += Math.max(sessionLength, 0);
  out.utf8(batch.text, at, orderLength);
  return at + Math.max(orderLength, 0);
}

/** Where each event's text starts in `batch.text`. */
export function textStarts(batch: EventColumns): Int32Array {
  const { textLengths } = batch;
  const perEvent = EVENT_TEXT_FIELDS.length;
  const starts = new Int32Array(batch.length);
  for (let i = 0, at = 0; i < batch.length; i++) {
    starts[i] = at;
    for (let f = 0; f < perEvent; f++) at += Math.max(textLengths[i * perEvent + f]!, 0);
  }
  return starts;
}
