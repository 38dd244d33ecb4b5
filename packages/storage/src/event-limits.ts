/**
 * The range of an event's numbers and time that every adapter stores, and that the import and the gateway
 * check each event against (so that an event out of range is that event's reject, not a failed batch).
 * Beyond it lie only mistakes: a quantity or price of 1e308 is finite, but it overflows every revenue sum
 * the reports and analytics take in SQL; a time before 1970 is usually a date read wrongly, PostgreSQL
 * cannot store one before 4713 BC, and an event centuries ahead would be every customer's "last event".
 */

/** The largest magnitude of a quantity, unit price or rating: no shop's, and sums of products stay finite. */
export const EVENT_NUMBER_LIMIT = 1e12;
/** The earliest event time (inclusive): 1970-01-01T00:00:00Z, in milliseconds since the epoch. */
export const EVENT_TIME_MIN = Date.UTC(1970, 0, 1);
/** The end of the event times (exclusive): 2200-01-01T00:00:00Z. */
export const EVENT_TIME_MAX = Date.UTC(2200, 0, 1);

/** Whether `value` (finite or not) lies within ±EVENT_NUMBER_LIMIT. */
export const inEventNumberRange = (value: number): boolean => Math.abs(value) <= EVENT_NUMBER_LIMIT;

/** Whether `ms` (milliseconds since the epoch) lies in [EVENT_TIME_MIN, EVENT_TIME_MAX). */
export const inEventTimeRange = (ms: number): boolean => ms >= EVENT_TIME_MIN && ms < EVENT_TIME_MAX;
