/**
 * The rule-segment filter language: a JSON tree over a customer's profile fields, scores and segment
 * memberships, validated with errors that name the bad path (e.g. `filter.and[1].gte: expected a number`), and
 * evaluated in memory here (the oracle, and the fallback of stores without SQL) or in SQL by the SQL adapters.
 *
 *   { "and": [F, ...] }  { "or": [F, ...] }  { "not": F }
 *   { "field": <field>, <op>: <value> }   exactly one op:
 *     eq, ne (string | number | boolean), gt, gte, lt, lte (number), in, notIn (array of string | number),
 *     exists (boolean)
 *   fields: "customerId", "country" (strings), "score.<model>" (numbers), "attribute.<name>" (any),
 *           "segment" (the ids of the segments the customer is a member of: eq / ne / in / notIn / exists)
 *
 * A comparison with a missing value (no score, no attribute, null country) is false; `not` of it is true.
 * `ne` and `notIn` on a missing value are false too (nothing to compare), except on "segment", where they mean
 * "not a member of".
 */

export type FilterValue = string | number | boolean;
export const FILTER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'exists'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type SegmentFilter =
  | { and: SegmentFilter[] }
  | { or: SegmentFilter[] }
  | { not: SegmentFilter }
  | FieldCondition;

export interface FieldCondition {
  field: string;
  eq?: FilterValue;
  ne?: FilterValue;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  in?: (string | number)[];
  notIn?: (string | number)[];
  exists?: boolean;
}

/** What the evaluator needs to know of one customer. */
export interface CustomerFacts {
  customerId: string;
  country: string | null;
  attributes: Record<string, string | number | boolean | null>;
  scores: ReadonlyMap<string, number>;
  segments: ReadonlySet<string>;
}

/**
 * A filter's problems, every one with its path (the first in `path` and `reason`): the branches of an
 * `and`/`or` are all checked, so that one look lists what is wrong (it stopped at the first).
 */
export class SegmentFilterError extends Error {
  readonly problems: readonly { path: string; reason: string }[];
  constructor(
    readonly path: string,
    readonly reason: string,
    more: readonly { path: string; reason: string }[] = [],
  ) {
    const problems = [{ path, reason }, ...more];
    super(
      problems.length === 1
        ? `${path}: ${reason}`
        : `${problems.length} problems: ${problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`,
    );
    this.name = 'SegmentFilterError';
    this.problems = problems;
  }
}

const STRING_FIELDS = new Set(['customerId', 'country']);
/** No stored text holds U+0000 (see validate.ts), and PostgreSQL refuses it as a parameter. */
const NUL_MESSAGE = 'holds a NUL character (U+0000), which no stored text can hold';
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kind of a field: 'string', 'score', 'attribute' or 'segment'; throws naming the path when unknown. */
export function fieldKind(
  field: string,
  path = 'filter.field',
): 'string' | 'score' | 'attribute' | 'segment' {
  if (STRING_FIELDS.has(field)) return 'string';
  if (field === 'segment') return 'segment';
  if (field.startsWith('score.') && field.length > 6) return 'score';
  if (field.startsWith('attribute.') && field.length > 10) return 'attribute';
  throw new SegmentFilterError(
    path,
    `unknown field "${field}": use customerId, country, segment, score.<model> or attribute.<name>`,
  );
}

/** Checks a filter (parsed JSON) and returns it typed; throws a SegmentFilterError naming the bad path. */
export function validateSegmentFilter(value: unknown, path = 'filter'): SegmentFilter {
  if (!isObject(value)) throw new SegmentFilterError(path, 'expected an object');
  const keys = Object.keys(value);
  if ('and' in value || 'or' in value) {
    const op = 'and' in value ? 'and' : 'or';
    if (keys.length !== 1)
      throw new SegmentFilterError(path, `"${op}" must be the only key (found ${keys.join(', ')})`);
    const list = value[op];
    if (!Array.isArray(list) || list.length === 0)
      throw new SegmentFilterError(`${path}.${op}`, 'expected a non-empty array of filters');
    const found: { path: string; reason: string }[] = [];
    for (let i = 0; i < list.length; i++) {
      try {
        validateSegmentFilter(list[i], `${path}.${op}[${i}]`);
      } catch (error) {
        if (!(error instanceof SegmentFilterError)) throw error;
        found.push(...error.problems);
      }
    }
    if (found.length > 0) throw new SegmentFilterError(found[0]!.path, found[0]!.reason, found.slice(1));
    return value as SegmentFilter;
  }
  if ('not' in value) {
    if (keys.length !== 1)
      throw new SegmentFilterError(path, `"not" must be the only key (found ${keys.join(', ')})`);
    validateSegmentFilter(value.not, `${path}.not`);
    return value as SegmentFilter;
  }
  if (!('field' in value)) throw new SegmentFilterError(path, 'expected one of the keys and, or, not, field');
  if (typeof value.field !== 'string') throw new SegmentFilterError(`${path}.field`, 'expected a string');
  if (value.field.includes('\u0000')) throw new SegmentFilterError(`${path}.field`, NUL_MESSAGE);
  const kind = fieldKind(value.field, `${path}.field`);
  const ops = keys.filter((k) => k !== 'field');
  for (const k of ops)
    if (!(FILTER_OPS as readonly string[]).includes(k))
      throw new SegmentFilterError(`${path}.${k}`, `unknown operator: use one of ${FILTER_OPS.join(', ')}`);
  if (ops.length !== 1)
    throw new SegmentFilterError(path, `expected exactly one operator with "field" (found ${ops.length})`);
  const op = ops[0] as FilterOp;
  const v = value[op];
  const at = `${path}.${op}`;
  const scalar = (x: unknown, p: string): void => {
    if (kind === 'score' && (typeof x !== 'number' || !Number.isFinite(x)))
      throw new SegmentFilterError(p, 'expected a number (scores are numbers)');
    if ((kind === 'string' || kind === 'segment') && typeof x !== 'string')
      throw new SegmentFilterError(p, `expected a string (${value.field} is text)`);
    if (typeof x !== 'string' && typeof x !== 'boolean' && (typeof x !== 'number' || !Number.isFinite(x)))
      throw new SegmentFilterError(p, 'expected a string, a number or a boolean');
    if (typeof x === 'string' && x.includes('\u0000')) throw new SegmentFilterError(p, NUL_MESSAGE);
  };
  if (op === 'exists') {
    if (typeof v !== 'boolean') throw new SegmentFilterError(at, 'expected true or false');
  } else if (op === 'in' || op === 'notIn') {
    if (!Array.isArray(v) || v.length === 0) throw new SegmentFilterError(at, 'expected a non-empty array');
    v.forEach((x, i) => {
      if (typeof x === 'boolean')
        throw new SegmentFilterError(`${at}[${i}]`, 'expected a string or a number');
      scalar(x, `${at}[${i}]`);
    });
  } else if (op === 'eq' || op === 'ne') {
    scalar(v, at);
  } else {
    // The field's kind first: `{ field: "segment", gt: "a" }` is an operator the field cannot take, whatever the value.
    if (kind === 'string' || kind === 'segment')
      throw new SegmentFilterError(at, `${value.field} is text: use eq, ne, in, notIn or exists`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SegmentFilterError(at, 'expected a number');
  }
  return value as SegmentFilter;
}

function lookup(c: FieldCondition, f: CustomerFacts): FilterValue | undefined {
  const { field } = c;
  if (field === 'customerId') return f.customerId;
  if (field === 'country') return f.country ?? undefined;
  if (field.startsWith('score.')) return f.scores.get(field.slice(6));
  const v = f.attributes[field.slice(10)];
  return v === null ? undefined : v;
}

/** Whether the customer matches the filter (which must have passed `validateSegmentFilter`). */
export function matchesSegmentFilter(filter: SegmentFilter, facts: CustomerFacts): boolean {
  if ('and' in filter) return filter.and.every((f) => matchesSegmentFilter(f, facts));
  if ('or' in filter) return filter.or.some((f) => matchesSegmentFilter(f, facts));
  if ('not' in filter) return !matchesSegmentFilter(filter.not, facts);
  const c = filter;
  if (c.field === 'segment') {
    if (c.exists !== undefined) return c.exists === facts.segments.size > 0;
    if (c.eq !== undefined) return facts.segments.has(c.eq as string);
    if (c.ne !== undefined) return !facts.segments.has(c.ne as string);
    if (c.in !== undefined) return c.in.some((s) => facts.segments.has(s as string));
    return !c.notIn!.some((s) => facts.segments.has(s as string));
  }
  const v = lookup(c, facts);
  if (c.exists !== undefined) return c.exists === (v !== undefined);
  if (v === undefined) return false;
  if (c.eq !== undefined) return v === c.eq;
  if (c.ne !== undefined) return v !== c.ne;
  if (c.in !== undefined) return c.in.includes(v as string | number);
  if (c.notIn !== undefined) return !c.notIn.includes(v as string | number);
  if (typeof v !== 'number') return false;
  if (c.gt !== undefined) return v > c.gt;
  if (c.gte !== undefined) return v >= c.gte;
  if (c.lt !== undefined) return v < c.lt;
  return v <= c.lte!;
}

/** The score models and segment ids a filter reads (to gather only those facts). */
export function filterReferences(filter: SegmentFilter): {
  models: Set<string>;
  segments: Set<string>;
  anySegment: boolean;
} {
  const out = { models: new Set<string>(), segments: new Set<string>(), anySegment: false };
  const walk = (f: SegmentFilter): void => {
    if ('and' in f) f.and.forEach(walk);
    else if ('or' in f) f.or.forEach(walk);
    else if ('not' in f) walk(f.not);
    else if (f.field.startsWith('score.')) out.models.add(f.field.slice(6));
    else if (f.field === 'segment') {
      if (f.exists !== undefined) out.anySegment = true;
      for (const s of [f.eq, f.ne, ...(f.in ?? []), ...(f.notIn ?? [])])
        if (typeof s === 'string') out.segments.add(s);
    }
  };
  walk(filter);
  return out;
}
