/**
 * The words of a yes/no field. An import reads them (the engine's `parseBoolean`), and the privacy audit
 * does not take an attribute for a direct identifier when every value held under it is a boolean or one of
 * them (`emailOptIn: "yes"`, `hasPhone: true`): it says whether, not who.
 */

/** Read as true, compared without case. */
export const TRUE_WORDS: readonly string[] = ['true', 'yes', 'y', '1'];
/** Read as false, compared without case. */
export const FALSE_WORDS: readonly string[] = ['false', 'no', 'n', '0'];
/** Both, for a store that checks them itself (the SQL adapters compare `lower(value)` with them). */
export const YES_NO_WORDS: readonly string[] = [...TRUE_WORDS, ...FALSE_WORDS];

const WORDS = new Set(YES_NO_WORDS);

/**
 * Whether an attribute value (JSON) says yes or no: a boolean, or a string or number whose text, lower-cased
 * and not trimmed, is one of YES_NO_WORDS (as the SQL adapters test `lower(value #>> '{}')`).
 */
export function isYesNoValue(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  return WORDS.has(String(value).toLowerCase());
}
