import { GraphQLError } from 'graphql/index.js';

/**
 * How deeply lists and objects may nest in a variable: well over what any argument of the schema takes
 * (a segment rule, the deepest, takes 32 levels; see MAX_RULE_DEPTH), far under what would exhaust the
 * stack of code that walks a value recursively (graphql-js, the engine, the SQL a rule becomes).
 */
export const MAX_VARIABLE_DEPTH = 64;

/** Whether lists and objects nest more than `limit` levels deep in `value`; walks it without recursion. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses an operation whose variables nest deeper than MAX_VARIABLE_DEPTH: the client's error (400),
 * naming the variable, before anything walks them. Literals in the document need no check here: the
 * token limit bounds their depth.
 */
export function refuseDeepVariables(variables: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (!nestedDeeperThan(value, MAX_VARIABLE_DEPTH)) continue;
    throw new GraphQLError(
      `variable $${name} is nested too deeply: at most ${MAX_VARIABLE_DEPTH} levels of lists and objects are accepted`,
      { extensions: { code: 'BAD_USER_INPUT', field: `$${name}`, http: { status: 400 } } },
    );
  }
}
