/**
 * The pieces a campaign definition is checked with (definition.ts): its error, which holds every problem
 * found, and the checks of one field each, which throw naming the field's path.
 */
import { parseIsoDateTime } from '../import/field-parsers.js';

/** One thing wrong in a definition: where (a path such as `arms[1].costPerConversion`) and why. */
export interface DefinitionProblem {
  readonly path: string;
  readonly reason: string;
}

/**
 * What is wrong with a definition: `path` and `reason` are the first problem, `problems` all of them
 * (validateCampaignDefinition checks every field before it throws, so one round of edits can fix them all).
 */
export class CampaignDefinitionError extends Error {
  readonly problems: readonly DefinitionProblem[];
  constructor(
    readonly path: string,
    readonly reason: string,
    more: readonly DefinitionProblem[] = [],
  ) {
    const problems = [{ path, reason }, ...more];
    super(
      problems.length === 1
        ? `${path}: ${reason}`
        : `${problems.length} problems: ${problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`,
    );
    this.name = 'CampaignDefinitionError';
    this.problems = problems;
  }
}

/** Runs the checks of one part of a definition, keeping its problem and going on with `fallback`. */
export type Check = <T>(part: () => T, fallback: T) => T;

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The object at `path`, with only `fields`. With `check`, each unknown field is a problem of its own and
 * the known ones are still checked; without, the first unknown field throws.
 */
export function object(v: unknown, path: string, fields: readonly string[], check?: Check): Json {
  if (!isObject(v)) throw new CampaignDefinitionError(path, 'must be an object');
  for (const key of Object.keys(v))
    if (!fields.includes(key)) {
      const unknown = (): undefined => {
        throw new CampaignDefinitionError(`${path}.${key}`, `unknown field (expected ${fields.join(', ')})`);
      };
      if (check) check(unknown, undefined);
      else unknown();
    }
  return v;
}

export function num(
  v: unknown,
  path: string,
  min: number,
  opts: { max?: number; below?: number; int?: boolean; aboveMin?: boolean } = {},
) {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (opts.aboveMin ? v > min : v >= min) &&
    (opts.max === undefined || v <= opts.max) &&
    (opts.below === undefined || v < opts.below) &&
    (!opts.int || Number.isInteger(v));
  if (v === undefined || v === null) throw new CampaignDefinitionError(path, 'is required');
  if (!ok) {
    const range =
      opts.below !== undefined
        ? `in [${min}, ${opts.below})`
        : opts.max !== undefined
          ? `in ${opts.aboveMin ? '(' : '['}${min}, ${opts.max}]`
          : `${opts.aboveMin ? '>' : '>='} ${min}`;
    throw new CampaignDefinitionError(
      path,
      `must be ${opts.int ? 'an integer' : 'a number'} ${range}, got ${JSON.stringify(v)}`,
    );
  }
  return v as number;
}

export function str(v: unknown, path: string, pattern?: RegExp): string {
  if (typeof v !== 'string' || v.trim() === '')
    throw new CampaignDefinitionError(path, 'must be a non-empty string');
  if (pattern && !pattern.test(v))
    throw new CampaignDefinitionError(
      path,
      `"${v}" must be letters, digits and _ . : - (starting with a letter or digit)`,
    );
  return v;
}

export function bool(v: unknown, path: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean')
    throw new CampaignDefinitionError(path, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * An instant: a Date, or ISO 8601 text read as the import reads it (parseIsoDateTime: a day that does
 * not exist, such as 2011-02-30, is refused, where `new Date` moved it to March; without a zone, UTC).
 */
export function date(v: unknown, path: string): Date | undefined {
  if (v === undefined || v === null) return undefined;
  const d = typeof v === 'string' ? (parseIsoDateTime(v) ?? null) : v instanceof Date ? v : null;
  if (!d || Number.isNaN(d.getTime()))
    throw new CampaignDefinitionError(
      path,
      `must be an ISO date such as 2011-09-01T00:00:00Z, got ${JSON.stringify(v)}`,
    );
  return d;
}
