/**
 * The columns of a file's header that its layout does not read: ignored (listed in the import summary,
 * with the known column each seems to mean), taken as attributes (the items and customers layouts), or
 * refused when they misspell a column the header lacks. See docs/import-formats.md, "Columns".
 */
import { identifierKind } from '../../privacy/identifier-names.js';
import { ImportInputError } from '../errors.js';

/** A column of the header the import does not read. */
export interface IgnoredColumn {
  /** As the header writes it (trimmed); `(column N)` for a column without a name. */
  name: string;
  /** The known column it is close to (case, spaces, `_`, `-` aside, or an edit or two away), else null. */
  suggestion: string | null;
}

/** A column whose values become an attribute of each record (items and customers layouts). */
export interface AttributeColumn {
  name: string;
  /** The kind of direct identifier the name looks like (identifierKind: `e-mail address`), else null. */
  identifier: string | null;
}

/** What the import made of a file's columns (the CSV header; NDJSON: the first record's keys). */
export interface HeaderColumns {
  ignored: IgnoredColumn[];
  attributes: AttributeColumn[];
}

/** Attribute columns a file may have, as the gateway's upsertCustomers and upsertItems allow. */
export const MAX_ATTRIBUTE_COLUMNS = 50;
/** The longest attribute name (the gateway's limit) and value (its MAX_TEXT_LENGTH). */
export const MAX_ATTRIBUTE_NAME = 100;
export const MAX_ATTRIBUTE_TEXT = 1000;

/** A column name without case, spaces, underscores, hyphens or dots: `Unit Price` and `unit_price` meet. */
const squash = (name: string): string => name.toLowerCase().replace(/[\s_\-.]+/g, '');

/**
 * The known column `name` is close to: equal once squashed, or within 1 edit (names of up to 5
 * characters) or 2 (longer ones) of it, an adjacent swap counting as one; null when none is, or `name`
 * is itself a known column (compared as the header is: trimmed, without case).
 */
export function nearColumn(name: string, known: readonly string[]): string | null {
  const lower = name.trim().toLowerCase();
  if (known.some((k) => k.toLowerCase() === lower)) return null;
  const a = squash(name);
  if (a === '') return null;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const b = squash(k);
    const limit = Math.min(a.length, b.length) <= 5 ? 1 : 2;
    const d = editDistance(a, b, limit);
    if (d <= limit && d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein with adjacent swaps), or limit + 1 when it is beyond `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** How a layout treats the columns it does not read. */
export interface UnknownColumnRules {
  /** The format's name, in messages. */
  format: string;
  /** Every name a known column goes by (aliases included). */
  known: readonly string[];
  /** Unknown columns become attributes (items, customers); else they are ignored. */
  attributes: boolean;
  /**
   * A column close to a known one the header lacks fails the file (a shop's own files: `customerId` for
   * `customer_id` would drop every customer); else it is only listed (Shopify's exports, written by Shopify).
   */
  refuseNearMisses: boolean;
  /** Names are known only as written (NDJSON keys): `Country` is then a near miss of `country`. */
  exactCase?: boolean;
  /**
   * Every name of the column a known name is one of (a layout's aliases): a near miss of one is only
   * listed when the header has the column under any of them (`rate` near `date`, the time column being
   * `created_at`).
   */
  namesOf?: (known: string) => readonly string[];
}

/**
 * Sorts a header's unknown columns (`header`: the names as written, in order) into ignored ones and
 * attributes, or fails before anything is read: a near miss of a known column the header lacks
 * (`refuseNearMisses`), and with attributes, an attribute column named twice, a name over
 * MAX_ATTRIBUTE_NAME characters, or more than MAX_ATTRIBUTE_COLUMNS of them.
 */
export function sortColumns(
  header: readonly string[],
  rules: UnknownColumnRules,
  path: string,
): HeaderColumns {
  const fold = (name: string) => (rules.exactCase ? name : name.toLowerCase());
  const present = new Set(header.map((name) => fold(name.trim())));
  const known = new Set(rules.known.map(fold));
  const ignored: IgnoredColumn[] = [];
  const attributes: AttributeColumn[] = [];
  const wrong: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (known.has(fold(name))) return;
    if (name === '') {
      ignored.push({ name: `(column ${i + 1})`, suggestion: null });
      return;
    }
    const suggestion =
      rules.known.find((k) => k.toLowerCase() === name.toLowerCase()) ?? nearColumn(name, rules.known);
    const lacks = (k: string) => !(rules.namesOf?.(k) ?? [k]).some((n) => present.has(fold(n)));
    if (suggestion !== null && rules.refuseNearMisses && lacks(suggestion))
      wrong.push(`${name} (did you mean ${suggestion}?)`);
    if (suggestion !== null || !rules.attributes) ignored.push({ name, suggestion });
    else attributes.push({ name, identifier: identifierKind(name) });
  });
  if (wrong.length > 0)
    throw new ImportInputError(
      `${path} has wrong columns for the ${rules.format} format: ${wrong.join(', ')}; rename ${wrong.length > 1 ? 'them' : 'it'} and import again (nothing was imported)`,
    );
  checkAttributeColumns(attributes, path);
  return { ignored, attributes };
}

function checkAttributeColumns(attributes: readonly AttributeColumn[], path: string): void {
  if (attributes.length > MAX_ATTRIBUTE_COLUMNS)
    throw new ImportInputError(
      `${path} has ${attributes.length} columns taken as attributes (${attributes.map((a) => a.name).join(', ')}); at most ${MAX_ATTRIBUTE_COLUMNS} are kept per record: remove the columns you do not need`,
    );
  const seen = new Set<string>();
  for (const { name } of attributes) {
    if (name.length > MAX_ATTRIBUTE_NAME)
      throw new ImportInputError(
        `${path}: the column name ${JSON.stringify(name.slice(0, 40))}... is ${name.length} characters long; an attribute's name may have at most ${MAX_ATTRIBUTE_NAME}`,
      );
    if (seen.has(name))
      throw new ImportInputError(`${path}: its header has the column ${name} more than once: keep one`);
    seen.add(name);
  }
}
