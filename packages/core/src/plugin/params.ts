/**
 * A plugin's parameters over its defaults. A name the defaults do not know is refused: a typo (`factor`
 * for `factors`, `maxDepht`) would otherwise fit with the default unnoticed. Every built-in plugin merges
 * its parameters here. With `rules`, the values are checked too: a negative regularization or an unknown
 * solver would otherwise fit a model that looks trained and is not (ALS with regularization -1 scored
 * items in the hundreds).
 */

/**
 * The values a parameter takes: `count` an integer >= 1, `positive` a number > 0, `nonNegative` a number
 * >= 0, `boolean`, or one of a list.
 */
export type ParamRule =
  | 'count'
  | 'positive'
  | 'nonNegative'
  | 'boolean'
  | readonly (string | number)[]
  /** A whole number of at least `integerAtLeast`, or Infinity where `orInfinity` (no limit: a depth, a leaf count). */
  | { readonly integerAtLeast: number; readonly orInfinity?: boolean };

export type ParamRules<P extends object> = { readonly [K in keyof P]?: ParamRule };

/** A parameter refused: its name and the value given (the message says both, and why). */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  constructor(
    readonly param: string,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}

export function withDefaults<P extends object>(
  defaults: Readonly<P>,
  params: Partial<P>,
  rules: NoInfer<ParamRules<P>> = {},
): P {
  for (const key of Object.keys(params))
    if (!Object.hasOwn(defaults, key))
      throw new ParamError(
        key,
        (params as Record<string, unknown>)[key],
        `unknown parameter "${key}"; the parameters are ${Object.keys(defaults).join(', ')}`,
      );
  const out = { ...defaults, ...params } as P;
  for (const [key, rule] of Object.entries(rules) as [string, ParamRule][]) {
    const value = (out as Record<string, unknown>)[key];
    const reason = ruleProblem(rule, value);
    if (reason !== null)
      throw new ParamError(
        key,
        value,
        `parameter ${key} ${reason}, got ${JSON.stringify(value) ?? String(value)}`,
      );
  }
  return out;
}

/** Why `value` breaks `rule`, or null. */
function ruleProblem(rule: ParamRule, value: unknown): string | null {
  if (!Array.isArray(rule) && typeof rule === 'object') {
    const { integerAtLeast: min, orInfinity } = rule as { integerAtLeast: number; orInfinity?: boolean };
    if (orInfinity && value === Number.POSITIVE_INFINITY) return null;
    return typeof value === 'number' && Number.isInteger(value) && value >= min
      ? null
      : `must be an integer >= ${min}${orInfinity ? ' (or Infinity: no limit)' : ''}`;
  }
  if (typeof rule !== 'string')
    return (rule as readonly (string | number)[]).includes(value as string | number)
      ? null
      : `must be one of ${(rule as readonly (string | number)[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (rule === 'boolean') return typeof value === 'boolean' ? null : 'must be true or false';
  const finite = typeof value === 'number' && Number.isFinite(value);
  switch (rule) {
    case 'count':
      return finite && Number.isInteger(value) && value >= 1 ? null : 'must be an integer >= 1';
    case 'positive':
      return finite && value > 0 ? null : 'must be a number > 0';
    case 'nonNegative':
      return finite && value >= 0 ? null : 'must be a number >= 0';
  }
}
